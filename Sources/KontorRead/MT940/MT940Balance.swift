import KontorCore

/// A balance field (`:60F:`, `:60M:`, `:62F:`, `:62M:`, `:64:`, `:65:`):
/// `C110522EUR3236,28` — debit/credit mark, date `YYMMDD`, currency, amount with a
/// decimal comma.
enum MT940Balance {
    static func parse(_ field: MT940Field) throws(KontorError) -> (balance: StatedBalance, currency: CurrencyCode) {
        let text = field.lines.joined().strippingEnds(of: " \t")
        let example = "write it as C or D, the date YYMMDD, the currency and the amount with a decimal comma, e.g. :\(field.tag):C250131EUR1234,56"
        func fail(_ problem: String) -> KontorError {
            KontorError(.badInput, "balance :\(field.tag): '\(text)' \(problem)", hint: example,
                        at: SourcePosition(line: field.line, column: field.tag.count + 3, field: ":\(field.tag):"))
        }
        let utf8 = Array(text.utf8)
        guard let mark = utf8.first, mark == 0x43 || mark == 0x44 else { throw fail("does not start with C (credit) or D (debit)") }
        guard utf8.count >= 11 else { throw fail("is too short") }
        guard let date = MT940Date.parse(String(decoding: utf8[1..<7], as: UTF8.self)) else {
            throw fail("has no valid date YYMMDD after the mark")
        }
        let code = String(decoding: utf8[7..<10], as: UTF8.self)
        guard let currency = CurrencyCode(code) else { throw fail("names '\(code)', which is not an ISO 4217 currency") }
        let amountText = String(decoding: utf8[10...], as: UTF8.self)
        guard amountText.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C }) else {
            throw fail("has the amount '\(amountText)', which is not digits with a decimal comma")
        }
        let amount: Money
        do {
            amount = try Money.parse(amountText, currency: currency, decimalSeparator: ",")
        } catch let error {
            throw fail("has an amount that cannot be read: \(error.reason)")
        }
        return (StatedBalance(amount: mark == 0x44 ? amount.negated : amount, date: date, code: field.tag), currency)
    }
}

extension String {
    /// The string without the given characters at both ends.
    func strippingEnds(of set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
