import KontorCore

/// One `Ntry` of a statement while it is read, and the transaction it becomes.
///
/// Rules (docs: camt.053 reader):
/// - one entry is one transaction, batch or not (see ``Camt053Details``);
/// - only booked entries (`Sts` BOOK, or no status) become transactions; PDNG, INFO and
///   FUTR entries are not part of the booked balance and are left out; any other status
///   is refused rather than guessed;
/// - the sign comes from `CdtDbtInd` alone: a reversal (`RvslInd` true) is already booked
///   in the direction its indicator states;
/// - the date is `BookgDt`, else `ValDt`; the bank id is `AcctSvcrRef`. `NtryRef` is not
///   one: banks number entries within each statement (`1`, `2`, …), so the next month's
///   entry 1 would be taken for this month's.
struct Camt053Entry {
    /// Entry statuses that are not (yet) booked on the account.
    static let unbookedStatuses: Set<String> = ["PDNG", "INFO", "FUTR"]

    let position: SourcePosition
    var amount: Money?
    var sign: Int64?
    var status: String?
    var statusPosition: SourcePosition?
    var bookingDate: LocalDate?
    var valueDate: LocalDate?
    var accountServicerReference: String?
    var domain: [String] = []
    var proprietaryCode: String?
    var additionalInfo: String?
    var details = Camt053Details()

    /// Records the value of the element at `relativePath` below `Ntry` (details excluded).
    mutating func take(_ relativePath: String, value: String, currency: String?, rounding: RoundingMode?,
                       at position: @autoclosure () -> SourcePosition) throws(KontorError) {
        switch relativePath {
        case "Amt": amount = try Camt053Values.amount(value, currency: currency, rounding: rounding, at: position())
        case "CdtDbtInd": sign = try Camt053Values.sign(value, at: position())
        case "Sts", "Sts/Cd", "Sts/Prtry":
            if !value.isEmpty { (status, statusPosition) = (value, position()) }
        case "BookgDt/Dt", "BookgDt/DtTm": bookingDate = try Camt053Values.date(value, at: position())
        case "ValDt/Dt", "ValDt/DtTm": valueDate = try Camt053Values.date(value, at: position())
        case "AcctSvcrRef": accountServicerReference = value
        case "BkTxCd/Domn/Cd", "BkTxCd/Domn/Fmly/Cd", "BkTxCd/Domn/Fmly/SubFmlyCd":
            if domain.count < 3 { domain.append(value) }
        case "BkTxCd/Prtry/Cd": proprietaryCode = value
        case "AddtlNtryInf": additionalInfo = String(value.prefix(Camt053Details.maximumRemittanceLength))
        default: break
        }
    }

    /// Whether the entry is booked (and so becomes a transaction).
    func isBooked() throws(KontorError) -> Bool {
        guard let status, status != "BOOK" else { return true }
        guard Camt053Entry.unbookedStatuses.contains(status) else {
            throw KontorError(.badInput, "the entry status (Sts) is \(status.debugQuoted), which Kontor does not know",
                              hint: "camt.053 entry statuses are BOOK, PDNG, INFO or FUTR", at: statusPosition ?? position)
        }
        return false
    }

    /// The transaction the entry books, from the account holder's view.
    func transaction() throws(KontorError) -> BankTransaction {
        guard let amount else {
            throw KontorError(.badInput, "the entry has no amount (Amt)", hint: "every Ntry needs Amt, CdtDbtInd, Sts and BookgDt",
                              at: position)
        }
        guard let sign else {
            throw KontorError(.badInput, "the entry has no credit/debit indicator (CdtDbtInd)",
                              hint: "every Ntry needs Amt, CdtDbtInd, Sts and BookgDt", at: position)
        }
        guard let date = bookingDate ?? valueDate else {
            throw KontorError(.badInput, "the booked entry has neither a booking date (BookgDt) nor a value date (ValDt)",
                              hint: "every booked Ntry needs BookgDt", at: position)
        }
        let incoming = sign > 0
        let memo = details.count > 1 ? (additionalInfo ?? "batch of \(details.count) transactions")
                                     : (details[.remittance] ?? additionalInfo)
        return BankTransaction(
            position: position, date: date, valueDate: valueDate,
            amount: Money(minorUnits: sign * amount.minorUnits, currency: amount.currency),
            bankID: accountServicerReference,
            payee: incoming ? details[.debtorName] : details[.creditorName],
            memo: memo,
            endToEndID: details[.endToEndID],
            creditorReference: details[.creditorReference],
            counterpartyAccount: incoming ? details[.debtorAccount] : details[.creditorAccount],
            counterpartyBank: incoming ? details[.debtorBank] : details[.creditorBank],
            kind: domain.isEmpty ? proprietaryCode : domain.joined(separator: "/"))
    }
}
