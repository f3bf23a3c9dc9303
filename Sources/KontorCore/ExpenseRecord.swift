/// One expense as a reader found it in an expense log, before classification.
///
/// Text fields are as written (trimmed); the classify stage resolves `category` against
/// the catalog and `vendor` to a vendor profile.
public struct ExpenseRecord: Hashable, Sendable {
    /// Where the record starts in its file (line for CSV, path for JSON).
    public var position: SourcePosition
    public var date: LocalDate
    /// The amount spent, positive; a negative amount is a refund of an expense.
    public var amount: Money
    public var vendor: String
    public var category: String
    public var description: String
    /// The account the expense was paid from (`bank`, `card`, `cash`, …), if given.
    public var paymentAccount: String?
    /// A reference to the receipt (a file name or a number on the paper receipt).
    public var receiptReference: String?
    /// The input tax included in `amount`, if the log states it.
    public var taxAmount: Money?
    public var taxRate: TaxRate?
    /// The log's own id for the row, if it has one; else Kontor fingerprints the record.
    public var externalID: String?
    /// Who submitted the expense (a user id of `pipelines/users.yaml`), if the log says.
    public var submitter: String?

    public init(position: SourcePosition, date: LocalDate, amount: Money, vendor: String, category: String,
                description: String = "", paymentAccount: String? = nil, receiptReference: String? = nil,
                taxAmount: Money? = nil, taxRate: TaxRate? = nil, externalID: String? = nil, submitter: String? = nil) {
        self.position = position
        self.date = date
        self.amount = amount
        self.vendor = vendor
        self.category = category
        self.description = description
        self.paymentAccount = paymentAccount
        self.receiptReference = receiptReference
        self.taxAmount = taxAmount
        self.taxRate = taxRate
        self.externalID = externalID
        self.submitter = submitter
    }
}

/// A tax rate in thousandths of a percent: 19 % is 19_000, 7.7 % is 7_700, 8.875 % is
/// 8_875. Exact, so rates compare and group without floating point.
public struct TaxRate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let millipercent: Int

    public init(millipercent: Int) { self.millipercent = millipercent }

    /// Parses `19`, `7.7`, `8.875` or `19%` (percent, up to three decimals, 0…100).
    public init?(percentText text: some StringProtocol) {
        var body = Substring(text).trimmingSpaces()
        if body.last == "%" { body = body.dropLast().trimmingSpaces() }
        guard let money = try? Money.parse(body, currency: TaxRate.threeDecimals, decimalSeparator: body.contains(",") ? "," : "."),
              money.minorUnits >= 0, money.minorUnits <= 100_000 else { return nil }
        millipercent = Int(money.minorUnits)
    }

    /// A currency with three decimals: rates parse as amounts of it.
    private static let threeDecimals = CurrencyCode("BHD")!

    /// `19`, `7.7`, `8.875`.
    public var description: String {
        let whole = millipercent / 1000
        var fraction = String(millipercent % 1000)
        guard millipercent % 1000 != 0 else { return String(whole) }
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    public static func < (lhs: TaxRate, rhs: TaxRate) -> Bool { lhs.millipercent < rhs.millipercent }
}
