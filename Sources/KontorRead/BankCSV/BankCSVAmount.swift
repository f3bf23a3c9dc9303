import KontorCore

/// Reads the amounts of a bank CSV export: the mapping's decimal and grouping
/// separators, an optional sign (`-`, `+`, trailing `-`, parentheses) and the currency
/// decoration banks add (`$20.00`, `4.093,32 €`, `EUR 12,00`).
enum BankCSVAmount {
    /// The amount of a cell, or nil when the cell is empty. Throws the reason otherwise.
    static func parse(_ text: String, currency: CurrencyCode, mapping: BankCSVMapping) throws(AmountSyntaxError) -> Money? {
        let cleaned = strip(text, currency: currency)
        guard !cleaned.isEmpty else { return nil }
        if let grouping = mapping.thousandsSeparator, cleaned.contains(grouping) {
            // `-62.3` in a file with `.` grouping is a mis-saved decimal, not sixty-two
            // thousand and three.
            let integerPart = cleaned.split(separator: mapping.decimalSeparator.character, maxSplits: 1,
                                            omittingEmptySubsequences: false)[0]
            guard AmountNotation.groupsArePlaced(integerPart, grouping: grouping) else {
                throw AmountSyntaxError("the thousands separator '\(grouping)' is not followed by groups of three digits "
                                        + "(the mapping's decimal separator is '\(mapping.decimalSeparator.character)')")
            }
        }
        return try Money.parse(cleaned, currency: currency, decimalSeparator: mapping.decimalSeparator.character,
                               groupingSeparator: mapping.thousandsSeparator)
    }

    /// The cell without spaces, currency symbols and the ISO code.
    static func strip(_ text: String, currency: CurrencyCode) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "$") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t")
                                    && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }) {
            return text
        }
        var body = Substring(text)
        if body.contains(currency.code) { body = Substring(body.replacing(currency.code, with: "")) }
        return String(body.filter { !decoration.contains($0) })
    }

    static let decoration: Set<Character> = ["$", "€", "£", "¥", " ", "\u{A0}", "\u{202F}", "\t"]
}
