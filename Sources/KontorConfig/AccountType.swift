/// The five root account types of double-entry bookkeeping, named as beancount names
/// the roots of its account tree.
public enum AccountType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case assets = "Assets"
    case liabilities = "Liabilities"
    case equity = "Equity"
    case income = "Income"
    case expenses = "Expenses"

    /// The root name, `Assets`.
    public var description: String { rawValue }
}
