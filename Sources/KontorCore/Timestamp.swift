/// UTC time stamps in RFC 3339 form, computed without Foundation or the time zone.
public enum Timestamp {
    /// `2026-11-26T10:00:00.123Z` (with milliseconds) or `2026-11-26T10:00:00Z`.
    public static func iso8601(nanoseconds: Int64, milliseconds: Bool = false) -> String {
        let second: Int64 = 1_000_000_000
        var seconds = nanoseconds / second
        var remainder = nanoseconds % second
        if remainder < 0 {
            seconds -= 1
            remainder += second
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        let date = LocalDate(daysSinceEpoch: Int(days))
        var text = "\(date)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if milliseconds { text += "." + pad(remainder / 1_000_000, 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
