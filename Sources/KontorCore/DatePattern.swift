/// A date layout written strptime-style, as bank CSV mappings declare it: `%d.%m.%Y`,
/// `%Y-%m-%d`, `%m/%d/%Y`, `%d.%m.%y`. Supported directives: `%d` day, `%m` month,
/// `%Y` four-digit year, `%y` two-digit year (00–68 → 2000s, 69–99 → 1900s, as POSIX
/// strptime), `%b` English month abbreviation, `%%`; any other character must match
/// itself. Day and month take one or two digits.
public struct DatePattern: Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    private let parts: [Part]

    enum Part: Hashable, Sendable {
        case day, month, year4, year2, monthName
        /// A character that must match itself, as its UTF-8 bytes.
        case literal([UInt8])
    }

    /// Nil when the pattern uses an unsupported directive or lacks a day, month or year.
    public init?(_ pattern: String) {
        var parts: [Part] = []
        var iterator = pattern.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else { parts.append(.literal(Array(character.utf8))); continue }
            switch iterator.next() {
            case "d": parts.append(.day)
            case "m": parts.append(.month)
            case "Y": parts.append(.year4)
            case "y": parts.append(.year2)
            case "b": parts.append(.monthName)
            case "%": parts.append(.literal(Array("%".utf8)))
            default: return nil
            }
        }
        let hasMonth = parts.contains(.month) || parts.contains(.monthName)
        let hasYear = parts.contains(.year4) || parts.contains(.year2)
        guard parts.contains(.day), hasMonth, hasYear else { return nil }
        self.pattern = pattern
        self.parts = parts
    }

    public var description: String { pattern }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The date `text` denotes, or nil when it does not match the pattern or names a day
    /// that does not exist. Spaces around the text are ignored.
    ///
    /// Works on the UTF-8 bytes: it runs once per imported row.
    public func parse(_ text: some StringProtocol) -> LocalDate? {
        var text = String(text)
        return text.withUTF8 { parse(bytes: $0) }
    }

    private func parse(bytes all: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        let space = UInt8(ascii: " ")
        var start = 0, end = all.count
        while start < end, all[start] == space { start += 1 }
        while end > start, all[end - 1] == space { end -= 1 }
        var index = start
        var day = 0, month = 0, year = 0
        func number(maximumDigits: Int, exact: Bool) -> Int? {
            var value = 0, count = 0
            while count < maximumDigits, index < end, all[index] &- UInt8(ascii: "0") < 10 {
                value = value * 10 + Int(all[index] &- UInt8(ascii: "0"))
                count += 1
                index += 1
            }
            guard count > 0, !exact || count == maximumDigits else { return nil }
            return value
        }
        for part in parts {
            switch part {
            case .day: guard let value = number(maximumDigits: 2, exact: false) else { return nil }; day = value
            case .month: guard let value = number(maximumDigits: 2, exact: false) else { return nil }; month = value
            case .year4: guard let value = number(maximumDigits: 4, exact: true) else { return nil }; year = value
            case .year2:
                guard let value = number(maximumDigits: 2, exact: true) else { return nil }
                year = value < 69 ? 2000 + value : 1900 + value
            case .monthName:
                guard index + 3 <= end else { return nil }
                let name = String(decoding: UnsafeBufferPointer(rebasing: all[index..<index + 3]), as: UTF8.self).lowercased()
                guard let found = Self.monthNames.firstIndex(of: name) else { return nil }
                month = found + 1
                index += 3
            case .literal(let expected):
                guard index + expected.count <= end else { return nil }
                for byte in expected {
                    guard all[index] == byte else { return nil }
                    index += 1
                }
            }
        }
        guard index == end else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}
