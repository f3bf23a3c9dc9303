/// The character between the whole and the fractional part of an amount.
public enum DecimalSeparator: String, Sendable, Hashable, CaseIterable {
    /// `1,234.56`: point decimal, comma grouping.
    case point = "."
    /// `1.234,56`: comma decimal, point grouping.
    case comma = ","

    public var character: Character { self == .point ? "." : "," }
    /// The grouping separator that goes with this decimal separator.
    public var grouping: Character { self == .point ? "," : "." }
}
