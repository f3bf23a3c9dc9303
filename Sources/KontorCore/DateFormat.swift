/// The way an expense log writes dates.
public enum DateFormat: String, Sendable, Hashable, CaseIterable {
    /// `2026-09-30` (always accepted).
    case iso = "YYYY-MM-DD"
    /// `30.09.2026` (always accepted).
    case dayMonthYearDotted = "DD.MM.YYYY"
    /// `09/30/2026`, only when declared.
    case monthDayYearSlashed = "MM/DD/YYYY"
    /// `30/09/2026`, only when declared.
    case dayMonthYearSlashed = "DD/MM/YYYY"

    /// 2026-09-30 written in this format.
    public var example: String {
        switch self {
        case .iso: "2026-09-30"
        case .dayMonthYearDotted: "30.09.2026"
        case .monthDayYearSlashed: "09/30/2026"
        case .dayMonthYearSlashed: "30/09/2026"
        }
    }
}
