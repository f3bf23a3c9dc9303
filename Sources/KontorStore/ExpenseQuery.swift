import KontorCore

/// A filtered, sorted view of a business's expenses: what `kontor expenses list` (and
/// later the HTTP API) asks the ledger.
public struct ExpenseQuery: Sendable, Equatable {
    public enum SortKey: String, Sendable, CaseIterable {
        case date, amount, category, vendor
    }

    public var business: BusinessID
    /// Inclusive date range.
    public var from: LocalDate?
    public var to: LocalDate?
    /// A category and everything below it (`travel` includes `travel.lodging`).
    public var category: CategoryKey?
    /// Case-insensitive part of the vendor's name.
    public var vendor: String?
    /// Amount bounds as decimal text (`100`, `99.50`), compared in each expense's currency.
    public var minimum: String?
    public var maximum: String?
    public var status: String?
    /// Case-insensitive text found in the description, vendor, category or receipt.
    public var search: String?
    public var sort: SortKey = .date
    public var descending = false

    public init(business: BusinessID) {
        self.business = business
    }
}

/// One expense as the ledger holds it.
public struct ExpenseRow: Sendable, Equatable {
    /// The id of the ledger transaction that books it (what `kontor expenses show` takes).
    public var id: Int64
    public var date: LocalDate
    public var amount: Money
    public var taxAmount: Money?
    public var taxRate: TaxRate?
    public var vendor: String
    public var category: CategoryKey
    public var description: String
    public var paymentAccount: String
    public var receipt: String?
    public var status: String
    /// The input file it came from and its line there.
    public var file: String
    public var line: Int?
}
