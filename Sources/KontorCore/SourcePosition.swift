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
        var text = file ?? "<input>"
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        if let path { text += " \(path)" }
        if let field { text += " (\(field))" }
        if let recordID { text += " [\(recordID)]" }
        return text
    }
}
