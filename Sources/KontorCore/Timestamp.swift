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

    /// The Unix seconds of a UTC time stamp as ``iso8601(nanoseconds:milliseconds:)``
    /// writes it (`2026-11-26T10:00:00Z`, fractions ignored), or nil for other text.
    public static func unixSeconds(iso8601 text: String) -> Int64? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8.last == UInt8(ascii: "Z"), utf8[10] == UInt8(ascii: "T"),
              utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
              let date = LocalDate(iso: text.prefix(10)) else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            Int64(String(decoding: utf8[range], as: UTF8.self))
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              hour < 24, minute < 60, second < 61 else { return nil }
        guard utf8.count == 20 || utf8[19] == UInt8(ascii: ".") else { return nil }
        return Int64(date.daysSinceEpoch) * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
