import KontorCore

/// How a business's expense logs are read (`import:` in its profile).
public struct ImportSettings: Hashable, Sendable {
    /// When true, an unknown category in an input creates a custom category of this
    /// business; when false (the default) the record is rejected with the known keys.
    public var allowNewCategories: Bool
    /// The decimal separator amounts use; nil means "detect per file".
    public var decimalSeparator: DecimalSeparator?
    /// The date format inputs use; nil means "detect per file".
    public var dateFormat: DateFormat?

    public init(allowNewCategories: Bool = false, decimalSeparator: DecimalSeparator? = nil, dateFormat: DateFormat? = nil) {
        self.allowNewCategories = allowNewCategories
        self.decimalSeparator = decimalSeparator
        self.dateFormat = dateFormat
    }
}
