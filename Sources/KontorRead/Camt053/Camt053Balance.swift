import KontorCore

/// One `Bal` of a statement while it is read: type code, amount, sign and date.
struct Camt053Balance {
    let position: SourcePosition
    var code: String?
    var amount: Money?
    var sign: Int64?
    var date: LocalDate?

    /// Records the value of the element at `relativePath` below `Bal`.
    mutating func take(_ relativePath: String, value: String, currency: String?, rounding: RoundingMode?,
                       at position: @autoclosure () -> SourcePosition) throws(KontorError) {
        switch relativePath {
        case "Tp/CdOrPrtry/Cd": code = value
        case "Tp/CdOrPrtry/Prtry": code = code ?? value
        case "Amt": amount = try Camt053Values.amount(value, currency: currency, rounding: rounding, at: position())
        case "CdtDbtInd": sign = try Camt053Values.sign(value, at: position())
        case "Dt/Dt", "Dt/DtTm": date = try Camt053Values.date(value, at: position())
        default: break
        }
    }

    /// The balance as stated, signed from the account holder's view (DBIT is negative).
    func stated() throws(KontorError) -> StatedBalance {
        guard let amount else {
            throw KontorError(.badInput, "the balance has no amount (Amt)", hint: "every Bal needs Amt, CdtDbtInd and Dt",
                              at: position)
        }
        guard let sign else {
            throw KontorError(.badInput, "the balance has no credit/debit indicator (CdtDbtInd)",
                              hint: "every Bal needs Amt, CdtDbtInd and Dt", at: position)
        }
        return StatedBalance(amount: Money(minorUnits: sign * amount.minorUnits, currency: amount.currency), date: date, code: code)
    }
}
