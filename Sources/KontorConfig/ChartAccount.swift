/// One account of a business's chart of accounts (`accounts:` in its profile).
public struct ChartAccount: Hashable, Sendable {
    public var name: AccountName
    /// The account number in the business's own chart (SKR03 `1200`, …), if it has one.
    public var code: String?

    public init(name: AccountName, code: String? = nil) {
        self.name = name
        self.code = code
    }

    /// Assets, liabilities, equity, income or expenses: derived from the name's root.
    public var type: AccountType { name.type }
}
