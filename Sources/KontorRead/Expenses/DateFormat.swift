import KontorCore

extension DateFormat {
    /// Why a date text could not be read: the message and hint of the reader's error.
    struct Failure: Error, Equatable {
        var message: String
        var hint: String
    }

    /// Parses a date written in the `declared` format, or in either unambiguous one.
    static func parse(_ text: String, declared: DateFormat?) throws(Failure) -> LocalDate {
        let bytes = Array(text.utf8)
        let hint = declared.map { $0 == .iso ? "write dates as YYYY-MM-DD, e.g. 2026-09-30" : "write dates as \($0.rawValue) or YYYY-MM-DD, e.g. \($0.example)" }
            ?? "write dates as YYYY-MM-DD (2026-09-30) or DD.MM.YYYY (30.09.2026)"
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        var parts: (year: Int, month: Int, day: Int)?
        if bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
           let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) {
            parts = (y, m, d)
        } else if bytes.count == 10, bytes[2] == 0x2E, bytes[5] == 0x2E,
                  let d = number(0..<2), let m = number(3..<5), let y = number(6..<10) {
            parts = (y, m, d)
        } else if bytes.count == 10, bytes[2] == 0x2F, bytes[5] == 0x2F,
                  let a = number(0..<2), let b = number(3..<5), let y = number(6..<10) {
            switch declared {
            case .monthDayYearSlashed: parts = (y, a, b)
            case .dayMonthYearSlashed: parts = (y, b, a)
            case .iso, .dayMonthYearDotted, nil:
                throw Failure(message: "date '\(text)' is ambiguous: it could be MM/DD/YYYY or DD/MM/YYYY",
                              hint: "declare the date format of this source (MM/DD/YYYY or DD/MM/YYYY), or write YYYY-MM-DD")
            }
        }
        guard let parts else {
            throw Failure(message: text.isEmpty ? "date is empty" : "date '\(text)' is not a date", hint: hint)
        }
        guard let date = LocalDate(year: parts.year, month: parts.month, day: parts.day) else {
            throw Failure(message: "date '\(text)' does not exist in the calendar", hint: hint)
        }
        return date
    }

}
