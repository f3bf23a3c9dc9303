import KontorCore

/// The typed values of a camt.053 document: amounts, credit/debit indicators and dates,
/// each parsed strictly with an error that names the element and how to fix it.
enum Camt053Values {
    /// An amount element (`<Amt Ccy="EUR">8.85</Amt>`) as exact money.
    ///
    /// The schema writes unsigned decimals with up to five fraction digits. Digits beyond
    /// the currency's exponent are accepted when they are zeros (`8.850` EUR is 8.85);
    /// otherwise they are rounded with `rounding`, or refused when it is nil, because a
    /// bank amount that does not fit the currency is not something to round silently.
    static func amount(_ text: String, currency code: String?, rounding: RoundingMode?,
                       at position: SourcePosition) throws(KontorError) -> Money {
        guard let code, !code.isEmpty else {
            throw KontorError(.badInput, "the amount \(text.debugQuoted) has no currency (Ccy attribute)",
                              hint: "camt.053 amounts are written <Amt Ccy=\"EUR\">12.34</Amt>", at: position)
        }
        guard let currency = CurrencyCode(code) else {
            throw KontorError(.badInput, "\(code.debugQuoted) is not an ISO 4217 currency code Kontor knows",
                              hint: "use a three-letter ISO 4217 code such as EUR or CHF", at: position)
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }) else {
            throw KontorError(.badInput, "the amount \(text.debugQuoted) is not a decimal number",
                              hint: "camt.053 amounts are unsigned with a decimal point (1234.50); the sign is in CdtDbtInd",
                              at: position)
        }
        var digits = text
        if let dot = text.firstIndex(of: ".") {
            var fraction = text[text.index(after: dot)...]
            while fraction.count > currency.exponent, fraction.last == "0" { fraction.removeLast() }
            digits = String(text[..<dot]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        do {
            return try Money.parse(digits, currency: currency, rounding: rounding)
        } catch {
            throw KontorError(.badInput, "the amount \(text.debugQuoted) \(currency.code) cannot be booked exactly: \(error.reason)",
                              hint: "the bank wrote more decimals than \(currency.code) has; ask it for a corrected statement",
                              at: position)
        }
    }

    /// `CRDT` → +1, `DBIT` → −1.
    static func sign(_ text: String, at position: SourcePosition) throws(KontorError) -> Int64 {
        switch text {
        case "CRDT": return 1
        case "DBIT": return -1
        default:
            throw KontorError(.badInput, "CdtDbtInd is \(text.debugQuoted), but camt.053 allows only CRDT (credit) or DBIT (debit)",
                              hint: "the file does not follow the camt.053 schema; ask the bank for a valid export", at: position)
        }
    }

    /// A date element's text: `Dt` (`2014-12-31`, optionally with a zone) or `DtTm`
    /// (`2014-12-31T13:15:00+01:00`). The date is the calendar day the bank wrote, not
    /// converted to another zone: that is the day the bank booked it.
    static func date(_ text: String, at position: SourcePosition) throws(KontorError) -> LocalDate {
        let day = text.prefix(10)
        let rest = text.dropFirst(10)
        let restIsTimeOrZone = rest.isEmpty || rest.first == "T" || rest.first == "Z" || rest.first == "+" || rest.first == "-"
        guard restIsTimeOrZone, let date = LocalDate(iso: day) else {
            throw KontorError(.badInput, "\(text.debugQuoted) is not a date",
                              hint: "camt.053 dates are written YYYY-MM-DD, date-times YYYY-MM-DDThh:mm:ss", at: position)
        }
        return date
    }
}

extension String {
    /// The text in double quotes, cut at 80 characters, for error messages.
    var debugQuoted: String {
        let cut = count > 80 ? String(prefix(80)) + "…" : self
        return "\"" + cut + "\""
    }
}
