import KontorCore

/// Reads OFX and QFX statement files: OFX 1.x (SGML, with or without the `OFXHEADER:100`
/// header block) and OFX 2.x (XML), bank (`STMTRS`), credit-card (`CCSTMTRS`) and
/// investment (`INVSTMTRS`) statements, several in one file.
///
/// ```swift
/// try OFXReader().read(&source, fileName: "bank.ofx") { event in … }
/// ```
///
/// One tolerant byte-level tag scanner reads both versions (``OFXScanner``): OFX 2 files
/// in the wild also leave leaf elements unclosed, which an XML parser would refuse. What
/// it refuses: any `<!DOCTYPE`/`<!ENTITY` (no entity is ever expanded), a closing tag that
/// matches no open element, a file that ends before `</OFX>`, NUL bytes, invalid UTF-8 in
/// a file that declares UTF-8, and a sign-on or statement answer whose `STATUS` `CODE`
/// is not 0 (the message names the bank's code, severity and message).
///
/// What each statement yields:
/// - `.begin`: `ACCTID` as the account, `BANKID` (or `BROKERID`) as the bank, `CURDEF`,
///   `ACCTTYPE` (or `CREDITCARD`, `INVESTMENT`) as the account kind.
/// - `.transaction` per `STMTTRN`: `DTPOSTED` is the booking date, `DTAVAIL` the value
///   date, `TRNAMT` the signed amount (`.` or `,` as decimal separator, never both),
///   `FITID` the bank id, `PAYEE/NAME` or else `NAME` the payee, `MEMO`, `REFNUM` as the
///   end-to-end id, `CHECKNUM` as the creditor reference, `TRNTYPE` (which must be one of
///   the OFX types) as the kind. `DTUSER` is checked but not kept (no field for it).
///   Investment transactions (`BUYMF`, `REINVEST`, …) yield their `TOTAL` (0 when none),
///   `DTTRADE` as date, `DTSETTLE` as value date, and the aggregate's name as the kind.
/// - `.end`: `LEDGERBAL` as the closing balance, `AVAILBAL` as the available balance,
///   the earliest `DTSTART` and latest `DTEND` as the period. An empty `BALAMT` is no
///   balance.
///
/// Dates are the local calendar dates the bank wrote (``DateBasis/asWritten``): a
/// statement line posted `20240322000000[-3:BRT]` is booked on 22 March, as the bank's
/// own statement shows it. ``DateBasis/utc`` converts to UTC first, as ofxparse does.
public struct OFXReader: StatementReader {
    /// Which calendar date an OFX date-time yields.
    public enum DateBasis: Sendable, Hashable {
        /// The date as written, ignoring the time zone: the bank's own booking day.
        case asWritten
        /// The date in UTC (no time zone written means UTC, as the OFX specification says).
        case utc
    }

    public var dateBasis: DateBasis

    public init(dateBasis: DateBasis = .asWritten) {
        self.dateBasis = dateBasis
    }

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        do {
            var scanner = OFXScanner()
            var builder = OFXStatementBuilder(dateBasis: dateBasis)
            _ = try scanner.prologue(from: &source)
            while true {
                let token = try scanner.next(from: &source)
                switch token {
                case .open(let name):
                    try builder.open(name, at: scanner.location, sink)
                case .close(let name):
                    try builder.close(name, at: scanner.location, sink)
                case .text(let text):
                    try builder.text(text, at: scanner.location)
                case .instruction(let target, let body):
                    if target.lowercased() == "xml", !builder.rootSeen {
                        scanner.encoding = OFXTextEncoding(xmlEncoding: OFXReader.attribute("encoding", in: body))
                    }
                case .end:
                    try builder.finish(at: scanner.location)
                    return
                }
            }
        } catch {
            throw error.inFile(fileName)
        }
    }

    /// The value of `name="…"` (or `'…'`) in a processing instruction's body.
    static func attribute(_ name: String, in body: String) -> String? {
        let bytes = Array(body.utf8)
        let key = Array(name.utf8)
        var index = 0
        while index + key.count < bytes.count {
            let atWordStart = index == 0 || OFXScanner.isBlank(bytes[index - 1])
            guard atWordStart, bytes[index..<(index + key.count)].elementsEqual(key) else {
                index += 1
                continue
            }
            var position = index + key.count
            while position < bytes.count, OFXScanner.isBlank(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == 0x3D else {
                index += 1
                continue
            }
            position += 1
            while position < bytes.count, OFXScanner.isBlank(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == 0x22 || bytes[position] == 0x27 else { return nil }
            let quote = bytes[position]
            let value = bytes[(position + 1)...].prefix { $0 != quote }
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}
