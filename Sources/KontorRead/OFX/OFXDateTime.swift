import KontorCore

/// An OFX date-time: `YYYYMMDD[HHMM[SS[.XXX]]][[±hh[.hh]][:TZ]]`, the local date and time
/// as the bank wrote them plus the offset of that local time from UTC (no bracket means
/// UTC, as the OFX specification says).
struct OFXDateTime: Sendable, Equatable {
    var date: LocalDate
    var secondsOfDay: Int
    /// Local time minus UTC, in seconds (`[-5:EST]` is −18,000).
    var offsetSeconds: Int

    /// The date in the basis the reader was asked for: as written, or moved to UTC.
    func date(in basis: OFXReader.DateBasis) -> LocalDate {
        switch basis {
        case .asWritten:
            return date
        case .utc:
            let seconds = date.daysSinceEpoch * 86_400 + secondsOfDay - offsetSeconds
            let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
            return LocalDate(daysSinceEpoch: days)
        }
    }

    static let hint = "OFX dates are written YYYYMMDD, optionally followed by HHMMSS, .XXX milliseconds and a time zone such as [-5:EST]"

    /// Parses a trimmed value.
    static func parse(_ text: String) throws(OFXValueProblem) -> OFXDateTime {
        var utf8 = Array(text.utf8)[...]
        var digits = 0
        while digits < utf8.count, isDigit(utf8[utf8.startIndex + digits]) { digits += 1 }
        guard digits == 8 || digits == 12 || digits == 14 else {
            throw OFXValueProblem("'\(text)' is not an OFX date", hint: hint)
        }
        let year = number(utf8, 0, 4), month = number(utf8, 4, 2), day = number(utf8, 6, 2)
        guard let date = LocalDate(year: year, month: month, day: day) else {
            throw OFXValueProblem("'\(text)' is not a calendar date", hint: hint)
        }
        var hour = 0, minute = 0, second = 0
        if digits >= 12 {
            hour = number(utf8, 8, 2)
            minute = number(utf8, 10, 2)
        }
        if digits == 14 { second = number(utf8, 12, 2) }
        guard hour < 24, minute < 60, second <= 60 else {
            throw OFXValueProblem("'\(text)' has a time of day that does not exist", hint: hint)
        }
        utf8 = utf8.dropFirst(digits)
        if utf8.first == 0x2E {
            let fraction = utf8.dropFirst().prefix { isDigit($0) }
            guard !fraction.isEmpty, digits == 14 else { throw OFXValueProblem("'\(text)' is not an OFX date", hint: hint) }
            utf8 = utf8.dropFirst(1 + fraction.count)
        }
        var offset = 0
        if utf8.first == 0x5B {
            guard utf8.last == 0x5D else { throw OFXValueProblem("'\(text)' has a time zone without its closing ']'", hint: hint) }
            let zone = utf8.dropFirst().dropLast()
            let hours = zone.prefix { $0 != 0x3A }
            offset = try parseOffset(hours, text: text)
            utf8 = []
        }
        guard utf8.isEmpty else { throw OFXValueProblem("'\(text)' is not an OFX date", hint: hint) }
        return OFXDateTime(date: date, secondsOfDay: hour * 3600 + minute * 60 + min(second, 59), offsetSeconds: offset)
    }

    /// `-5`, `+1`, `0`, `5.5` (decimal hours, as ofxtools reads them): seconds east of UTC.
    static func parseOffset(_ bytes: ArraySlice<UInt8>, text: String) throws(OFXValueProblem) -> Int {
        var rest = bytes
        var sign = 1
        if rest.first == 0x2D || rest.first == 0x2B {
            if rest.first == 0x2D { sign = -1 }
            rest = rest.dropFirst()
        }
        let whole = rest.prefix { isDigit($0) }
        rest = rest.dropFirst(whole.count)
        var fraction: ArraySlice<UInt8> = []
        if rest.first == 0x2E {
            fraction = rest.dropFirst().prefix { isDigit($0) }
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard !whole.isEmpty, whole.count <= 2, rest.isEmpty, fraction.count <= 2 else {
            throw OFXValueProblem("'\(text)' has a time zone offset that is not hours", hint: hint)
        }
        let hours = number(whole, 0, whole.count)
        let hundredths = fraction.isEmpty ? 0 : number(fraction, 0, fraction.count) * (fraction.count == 1 ? 10 : 1)
        guard hours <= 14 else { throw OFXValueProblem("'\(text)' has a time zone offset of more than 14 hours", hint: hint) }
        return sign * (hours * 3600 + hundredths * 36)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func number(_ bytes: ArraySlice<UInt8>, _ offset: Int, _ count: Int) -> Int {
        var value = 0
        for position in (bytes.startIndex + offset)..<(bytes.startIndex + offset + count) {
            value = value * 10 + Int(bytes[position] - 0x30)
        }
        return value
    }
}
