import KontorCore

/// Reads ISO 20022 camt.053 bank-to-customer statements (versions .001.02 to .001.13,
/// matched by local element names, whatever the namespace).
///
/// Streams the file through libxml2's reader (``XMLPullParser``: no DOCTYPE, no
/// entities, no network, capped size and depth) and emits, per `Stmt`, a header (account
/// from `Acct/Id/IBAN` or `Othr/Id`, currency, opening balance OPBD/PRCD), one
/// transaction per booked `Ntry`, and a footer with the closing balance CLBD. Whether
/// opening + entries = closing is the pipeline's statement check, not the reader's.
///
/// ```swift
/// var source = MemoryByteSource(bytes)
/// try Camt053Reader().read(&source, fileName: "stmt.xml") { event in events.append(event) }
/// ```
public struct Camt053Reader: StatementReader {
    /// The largest file accepted, in bytes.
    public var maximumInputBytes: Int
    /// The deepest element nesting accepted; camt.053 needs about 12 levels.
    public var maximumDepth: Int
    /// How amounts with more decimals than their currency are rounded; nil refuses them
    /// (trailing zeros, as in `8.850` EUR, are always accepted).
    public var rounding: RoundingMode?

    public init(maximumInputBytes: Int = 256 << 20, maximumDepth: Int = 64, rounding: RoundingMode? = nil) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumDepth = maximumDepth
        self.rounding = rounding
    }

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let xml = XMLPullParser(maximumBytes: maximumInputBytes, maximumDepth: maximumDepth,
                                indexed: Camt053Parser.indexedElements)
        var parser = Camt053Parser(fileName: fileName, rounding: rounding)
        try xml.parse(&source, fileName: fileName) { (event, path) throws(KontorError) in
            try parser.handle(event, path, sink)
        }
    }
}
