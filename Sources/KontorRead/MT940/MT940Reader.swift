import KontorCore

/// Reads SWIFT MT940 customer statements, as banks export them: with or without the
/// `{1:…}{2:…}{4:` block envelope, with bank preambles (`940`, `:940:`, SOH/ETX bytes),
/// several statements per file, and the common `:86:` layouts (``MT940Information``).
///
/// The file is read line by line in flat memory. Each line is decoded as UTF-8 when it
/// is valid UTF-8 and as Windows-1252 otherwise, so Latin-1 exports read correctly.
/// The booking date of a transaction is the `:61:` entry date when given, else its value
/// date (which is kept as `valueDate`).
public struct MT940Reader: StatementReader {
    /// The currency of statements that state none (a bare run of `:61:` lines without
    /// balances); nil makes such a statement an error.
    public var defaultCurrency: CurrencyCode?
    /// The longest line, and the longest field, accepted.
    public var maximumLineBytes = 1 << 16
    public var maximumFieldBytes = 1 << 16

    public init(defaultCurrency: CurrencyCode? = nil) {
        self.defaultCurrency = defaultCurrency
    }

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        do {
            try readLines(&source, fileName: fileName, sink)
        } catch {
            throw error.position?.file == nil ? error.inFile(fileName) : error
        }
    }

    private func readLines(_ source: inout some ByteSource, fileName: String,
                           _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        var lines = TextLineReader(maximumLineBytes: maximumLineBytes)
        var field: MT940Field?
        var statement: MT940Statement?
        var statements = 0
        var lastLine = 0
        var pendingColon: Int?  // a line that is just ":" (some banks wrap ":86:" after its colon)

        func deliver(_ field: MT940Field) throws(KontorError) {
            if field.tag == "20", var open = statement {
                try open.finish(at: field.line, sink)
                statement = nil
            }
            if statement == nil {
                statement = MT940Statement(startLine: field.line, fileName: fileName, defaultCurrency: defaultCurrency)
                statements += 1
            }
            try statement?.handle(field, sink)
        }
        func endMessage(at line: Int) throws(KontorError) {
            if let done = field { try deliver(done) }
            field = nil
            if var open = statement { try open.finish(at: line, sink) }
            statement = nil
        }

        while let next = try lines.nextLine(from: &source) {
            let (number, bytes) = next
            lastLine = number
            if bytes.contains(0) {
                throw KontorError(.badInput, "line \(number) contains NUL bytes: this is not an MT940 text file",
                                  hint: "check that the file is the statement the bank exported (MT940/STA), not a binary file",
                                  at: SourcePosition(line: number))
            }
            var text = Windows1252.decodeLine(bytes).strippingEnds(of: "\u{1}\u{2}\u{3}\u{4} \t")
            if let colonLine = pendingColon {
                pendingColon = nil
                if MT940Field.start(of: ":" + text, line: colonLine) != nil { text = ":" + text }
            }
            if text == ":" { pendingColon = number; continue }
            if text.hasPrefix("{") {
                guard let body = text.firstRange(of: "{4:") else { continue }  // {1:…}{2:…} headers, {5:…} trailers
                text = String(text[body.upperBound...])
                if text.isEmpty { continue }
            }
            if text.hasPrefix("-"), Self.isEndOfMessage(text, after: field?.tag) {
                try endMessage(at: number)
                continue
            }
            if let start = MT940Field.start(of: text, line: number) {
                if let done = field { try deliver(done) }
                field = start
            } else if !text.isEmpty, field != nil {
                field?.lines.append(text)
                if let size = field?.byteCount, size > maximumFieldBytes {
                    throw KontorError(.badInput, "the field that starts on line \(field?.line ?? number) is longer than \(maximumFieldBytes) bytes",
                                      hint: "check that the file is an MT940 statement; a field this long is not one", at: SourcePosition(line: number))
                }
            }
            // Other lines outside a field are preamble ("940", ":940:", "ABNANL2A") and skipped.
        }
        try endMessage(at: max(lastLine, 1))
        if statements == 0 {
            throw KontorError(.badInput, "no MT940 statement found: no :20:, :25:, :60F: or :61: field",
                              hint: "check that the file is an MT940 (STA) statement; fields start at the beginning of a line, such as :20:REFERENCE",
                              at: SourcePosition(line: 1))
        }
    }

    /// `-`, `-}`, `-}{5:…}` end a message; so does `-XXX` (ING), but only after a closing
    /// balance or the balances after it (`tag` is the field the line would continue): in
    /// the free text of `:86:` a wrapped `-GMBH` or `-EUR` is text. Other lines starting
    /// with `-` continue a field's text.
    static func isEndOfMessage(_ text: String, after tag: String?) -> Bool {
        if text == "-" || text.hasPrefix("-}") { return true }
        guard let tag, ["62F", "62M", "64", "65"].contains(tag) else { return false }
        let rest = text.dropFirst()
        return rest.count <= 4 && rest.allSatisfy { $0.isASCII && ($0.isUppercase || $0 == "}") }
    }
}
