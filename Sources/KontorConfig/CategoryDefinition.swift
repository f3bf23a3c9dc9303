import KontorCore

/// One category: a node of the shared catalog or of a business's custom categories.
public struct CategoryDefinition: Hashable, Sendable {
    /// The full dotted key, `office.software`.
    public var key: CategoryKey
    /// The name shown to people, `Software`.
    public var name: String
    /// The ledger account expenses (or income) of this category are posted to.
    public var account: AccountName
    /// The usual tax rate, as a hint for records that do not state one.
    public var taxRate: TaxRate?
    /// The business that defined it, nil for the shared catalog.
    public var owner: BusinessID?
    /// Where it is defined (file, line, column), for messages that refer to it.
    public var definedAt: SourcePosition?

    public init(key: CategoryKey, name: String, account: AccountName, taxRate: TaxRate? = nil,
                owner: BusinessID? = nil, definedAt: SourcePosition? = nil) {
        self.key = key
        self.name = name
        self.account = account
        self.taxRate = taxRate
        self.owner = owner
        self.definedAt = definedAt
    }

    /// The number of segments in the key: 1 for `office`, 2 for `office.software`.
    public var depth: Int { key.rawValue.split(separator: ".").count }
}
