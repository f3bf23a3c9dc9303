/// Where in an input something was found: the file, and the line and column (text
/// formats), the element path (XML), the field name, or the record id.
public struct SourcePosition: Hashable, Sendable, Codable {
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The column header or JSON key, when the format has names.
    public var field: String?
    /// An element path for XML (`/Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt`) or a JSON path.
    public var path: String?
    public var recordID: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil,
                path: String? = nil, recordID: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.path = path
        self.recordID = recordID
    }

    /// The same position in another file (readers know lines; intake knows the name).
    public func inFile(_ name: String) -> SourcePosition {
        var copy = self
        copy.file = name
        return copy
    }

    /// `expenses.csv:3:2 (amount)`: the compiler-style prefix of an error line.
    public var label: String {
        // Appended piece by piece into one reserved buffer, without interpolation: bank
        // imports store one label per line.
        var text = file ?? "<input>"
        text.reserveCapacity(text.utf8.count + 24 + (path?.utf8.count ?? 0) + (field?.utf8.count ?? 0) + (recordID?.utf8.count ?? 0))
        if let line {
            text += ":"
            text += String(line)
        }
        if let column {
            text += ":"
            text += String(column)
        }
        if let path {
            text += " "
            text += path
        }
        if let field {
            text += " ("
            text += field
            text += ")"
        }
        if let recordID {
            text += " ["
            text += recordID
            text += "]"
        }
        return text
    }
}
