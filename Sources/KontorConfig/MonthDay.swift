import KontorCore

/// A day of the year without a year (`MM-DD`), such as the start of a fiscal year.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    /// Nil when the day does not exist in any year; `02-29` is refused because a fiscal
    /// year cannot start on a day most years lack.
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: 2001) else { return nil }
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let month = Int(parts[0]), let day = Int(parts[1]) else { return nil }
        self.init(month: month, day: day)
    }

    /// January 1st.
    public static let januaryFirst = MonthDay(uncheckedMonth: 1, day: 1)

    private init(uncheckedMonth month: Int, day: Int) {
        self.month = month
        self.day = day
    }

    /// `01-01`.
    public var description: String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}
