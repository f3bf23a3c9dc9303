/// The byte that separates the fields of a CSV row.
public enum CSVDelimiter: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case comma = 0x2C
    case semicolon = 0x3B
    case tab = 0x09

    /// The delimiter as a character, for messages.
    public var character: Character { Character(Unicode.Scalar(rawValue)) }

    /// `','`, `';'` or `tab`.
    public var description: String { self == .tab ? "tab" : "'\(character)'" }

    /// The delimiter a header line uses: the most frequent of `,` `;` and tab outside
    /// double quotes; a tie or no delimiter at all means comma.
    public static func detect(headerLine: some Sequence<UInt8>) -> CSVDelimiter {
        var counts: [CSVDelimiter: Int] = [:]
        var inQuotes = false
        for byte in headerLine {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if let delimiter = CSVDelimiter(rawValue: byte) { counts[delimiter, default: 0] += 1 }
        }
        var best = CSVDelimiter.comma
        for candidate in [CSVDelimiter.semicolon, .tab] where counts[candidate, default: 0] > counts[best, default: 0] {
            best = candidate
        }
        return best
    }
}

/// Memory caps of the tokenizer: untrusted input never makes it allocate without bound.
public struct CSVLimits: Sendable, Hashable {
    /// The longest field, in bytes after unquoting. Default 1 MiB.
    public var maximumFieldBytes: Int
    /// The longest row, in bytes of field content. Default 4 MiB.
    public var maximumRowBytes: Int
    /// The most fields in one row. Default 4096.
    public var maximumFieldsPerRow: Int

    public init(maximumFieldBytes: Int = 1 << 20, maximumRowBytes: Int = 4 << 20, maximumFieldsPerRow: Int = 4096) {
        self.maximumFieldBytes = maximumFieldBytes
        self.maximumRowBytes = maximumRowBytes
        self.maximumFieldsPerRow = maximumFieldsPerRow
    }

    public static let `default` = CSVLimits()
}
