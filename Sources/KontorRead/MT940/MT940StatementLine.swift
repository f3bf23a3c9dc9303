import KontorCore

/// A statement line, field `:61:`:
///
/// ```
/// :61:2511271127DR17,90NDDTKREF+//BANKREF
/// supplementary details
/// ```
///
/// value date `YYMMDD`, optional entry date `MMDD`, mark (`C`, `D`, `RC` reversal of a
/// credit, `RD` reversal of a debit), optional funds code letter (German banks write the
/// last letter of the currency, hence `CR`/`DR`), amount with a decimal comma,
/// transaction type (`N`/`F`/`S` and three characters), the customer's reference,
/// `//` and the bank's reference, and supplementary details on the next line.
///
/// Line breaks before the transaction type are skipped: some banks wrap the field inside
/// the amount.
struct MT940StatementLine: Sendable {
    var valueDate: LocalDate
    var entryDate: LocalDate?
    var mark: String
    /// The amount as written, always without sign; ``signedAmount(in:)`` applies the mark.
    var amountText: String
    var transactionType: String
    var customerReference: String?
    var bankReference: String?
    var supplementary: String?

    /// Credits and reversals of debits add money; debits and reversals of credits take it.
    var isCredit: Bool { mark == "C" || mark == "RD" }

    static func parse(_ field: MT940Field) throws(KontorError) -> MT940StatementLine {
        var cursor = Cursor(Array(field.lines.joined(separator: "\n").utf8))
        let shown = field.lines.joined(separator: " ")
        func fail(_ problem: String) -> KontorError {
            KontorError(.badInput, "statement line :61: '\(shown)' \(problem)",
                        hint: "a :61: line reads value date YYMMDD, optional entry date MMDD, C/D/RC/RD, amount with a decimal comma and a type such as NTRF, e.g. :61:2501310131D12,50NTRFNONREF",
                        at: SourcePosition(line: field.line + cursor.lineOffset, column: cursor.column + (cursor.lineOffset == 0 ? 5 : 1),
                                           field: ":61:"))
        }
        guard let valueText = cursor.digits(6), let valueDate = MT940Date.parse(valueText) else {
            throw fail("does not start with a valid value date YYMMDD")
        }
        var entryDate: LocalDate?
        if cursor.peekIsDigit {
            guard let text = cursor.digits(4), let date = MT940Date.entryDate(text, near: valueDate) else {
                throw fail("has an entry date that is not a valid MMDD")
            }
            entryDate = date
        }
        cursor.skipBreaks()
        let mark: String
        if cursor.take("RC") { mark = "RC" } else if cursor.take("RD") { mark = "RD" }
        else if cursor.take("C") { mark = "C" } else if cursor.take("D") { mark = "D" }
        else { throw fail("has no debit/credit mark (C, D, RC or RD) after the dates") }
        cursor.skipBreaks()
        if let letter = cursor.peek, letter >= 0x41, letter <= 0x5A, cursor.nextAfterLetterIsDigit {
            cursor.advance()  // funds code
        }
        cursor.skipBreaks()
        let amountText = cursor.take { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C }
        guard amountText.contains(where: { $0.isASCII && $0.isNumber }) else { throw fail("has no amount after the mark \(mark)") }
        cursor.skipBreaks()
        guard let type = cursor.transactionType() else {
            throw fail("has no transaction type (such as NTRF or NMSC) after the amount \(amountText)")
        }
        let rest = cursor.restOfLine()
        var customer = rest, bank: String?
        if let range = rest.firstRange(of: "//") {
            customer = String(rest[..<range.lowerBound])
            bank = String(rest[range.upperBound...])
        }
        let supplementary = cursor.remainingLines()
        return MT940StatementLine(valueDate: valueDate, entryDate: entryDate, mark: mark, amountText: amountText,
                                  transactionType: type, customerReference: customer.nonBlank, bankReference: bank?.nonBlank,
                                  supplementary: supplementary.nonBlank)
    }

    /// The amount signed from the account holder's view, in the statement's currency.
    func signedAmount(in currency: CurrencyCode, line: Int) throws(KontorError) -> Money {
        let amount: Money
        do {
            amount = try Money.parse(amountText, currency: currency, decimalSeparator: ",")
        } catch {
            throw KontorError(.badInput, "the amount '\(amountText)' of a :61: statement line cannot be read: \(error.reason)",
                              hint: "write amounts with a decimal comma and at most \(currency.exponent) decimals for \(currency.code)",
                              at: SourcePosition(line: line, field: ":61:"))
        }
        return isCredit ? amount : amount.negated
    }

    /// A byte cursor over the field's content that knows its line and column.
    struct Cursor {
        let bytes: [UInt8]
        var index = 0
        var lineOffset = 0
        var lineStart = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var column: Int { index - lineStart }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
        var peekIsDigit: Bool { peek.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

        /// After a letter at the cursor (line breaks skipped), is there a digit?
        var nextAfterLetterIsDigit: Bool {
            var probe = index + 1
            while probe < bytes.count, bytes[probe] == 0x0A { probe += 1 }
            return probe < bytes.count && bytes[probe] >= 0x30 && bytes[probe] <= 0x39
        }

        mutating func advance() {
            if bytes[index] == 0x0A {
                lineOffset += 1
                lineStart = index + 1
            }
            index += 1
        }

        mutating func skipBreaks() {
            while peek == 0x0A || peek == 0x0D { advance() }
        }

        mutating func digits(_ count: Int) -> String? {
            guard index + count <= bytes.count, bytes[index..<index + count].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            defer { index += count }
            return String(decoding: bytes[index..<index + count], as: UTF8.self)
        }

        mutating func take(_ literal: String) -> Bool {
            let literalBytes = Array(literal.utf8)
            guard bytes[index...].starts(with: literalBytes) else { return false }
            index += literalBytes.count
            return true
        }

        mutating func take(while predicate: (UInt8) -> Bool) -> String {
            let start = index
            while let byte = peek, predicate(byte) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// `N`, `F` or `S` followed by three letters or digits (`NTRF`, `N426`, `FCHG`).
        mutating func transactionType() -> String? {
            guard index + 4 <= bytes.count, [0x4E, 0x46, 0x53].contains(bytes[index]) else { return nil }
            let code = bytes[index + 1..<index + 4]
            guard code.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else { return nil }
            defer { index += 4 }
            return String(decoding: bytes[index..<index + 4], as: UTF8.self)
        }

        mutating func restOfLine() -> String {
            take { $0 != 0x0A }
        }

        /// Everything after the current line, lines joined with a space.
        mutating func remainingLines() -> String {
            guard peek == 0x0A else { return "" }
            advance()
            let text = String(decoding: bytes[index...], as: UTF8.self)
            index = bytes.count
            return text.split(separator: "\n").map { $0.strippingEnds(of: " ") }.joined(separator: " ")
        }
    }
}

extension StringProtocol {
    /// The text without surrounding spaces, or nil when nothing is left.
    var nonBlank: String? {
        let trimmed = String(self).strippingEnds(of: " \t")
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension Substring {
    func strippingEnds(of set: String) -> String { String(self).strippingEnds(of: set) }
}
