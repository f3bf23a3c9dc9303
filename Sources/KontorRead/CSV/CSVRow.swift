/// One row of a CSV file: the line it starts on and its fields, unquoted.
///
/// The row keeps its fields as one byte buffer (already checked to be valid UTF-8);
/// `String`s are built only when a field is asked for.
public struct CSVRow: Sendable, Hashable {
    /// The 1-based line on which the row starts (a quoted field may span lines).
    public let line: Int
    private let bytes: [UInt8]
    /// The end offset in `bytes` of each field.
    private let ends: [Int]

    init(line: Int, bytes: [UInt8], ends: [Int]) {
        self.line = line
        self.bytes = bytes
        self.ends = ends
    }

    /// A row built from strings (tests and writers).
    public init(line: Int, values: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for value in values {
            bytes.append(contentsOf: value.utf8)
            ends.append(bytes.count)
        }
        self.init(line: line, bytes: bytes, ends: ends)
    }

    /// The number of fields.
    public var count: Int { ends.count }

    /// The bytes of all fields together (for memory accounting).
    public var byteCount: Int { bytes.count }

    /// The field at a 0-based index, or nil past the end. Its 1-based column is `index + 1`.
    public func value(at index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return String(decoding: bytes[start..<ends[index]], as: UTF8.self)
    }

    /// The raw bytes of the field at a 0-based index (empty past the end).
    public func bytes(at index: Int) -> ArraySlice<UInt8> {
        guard index >= 0, index < ends.count else { return [] }
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<ends[index]]
    }

    /// Every field as a string, in column order.
    public var values: [String] { (0..<ends.count).map { value(at: $0) ?? "" } }

    /// Every field with its 1-based column.
    public var fields: [CSVField] { values.enumerated().map { CSVField(column: $0.offset + 1, value: $0.element) } }

    /// True when every field is empty or only spaces (`,,,` rows that spreadsheets leave).
    public var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}

/// A field of a ``CSVRow`` with its 1-based column index.
public struct CSVField: Sendable, Hashable {
    public var column: Int
    public var value: String

    public init(column: Int, value: String) {
        self.column = column
        self.value = value
    }
}
