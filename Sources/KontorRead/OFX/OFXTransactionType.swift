/// The OFX `TRNTYPE` enumeration (OFX 2.2 §11.4.4.3; `HOLD` since 2.1).
///
/// A value outside it is refused rather than kept: the sign of `TRNAMT` already says the
/// direction, so an unknown type does not change the money, but it means the file does
/// not follow OFX (the sample `WITHDRAWAL` is such a file), and rules later match on the
/// type. Peers agree: ofxtools refuses it too.
enum OFXTransactionType: String, Sendable, CaseIterable {
    case credit = "CREDIT", debit = "DEBIT", interest = "INT", dividend = "DIV", fee = "FEE"
    case serviceCharge = "SRVCHG", deposit = "DEP", atm = "ATM", pointOfSale = "POS", transfer = "XFER"
    case check = "CHECK", payment = "PAYMENT", cash = "CASH", directDeposit = "DIRECTDEP"
    case directDebit = "DIRECTDEBIT", repeatPayment = "REPEATPMT", hold = "HOLD", other = "OTHER"

    static let allowed = allCases.map(\.rawValue).joined(separator: ", ")
}
