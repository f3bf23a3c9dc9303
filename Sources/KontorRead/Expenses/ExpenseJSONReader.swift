import KontorCore

/// Reads an expense log in JSON: an array of expense objects, or an object whose
/// `expenses` key holds that array. Keys are the snake_case names of ``ExpenseField``;
/// other keys are ignored. Amounts may be strings or numbers (read from their literal
/// text, never through a Double) with `.` as decimal separator.
///
/// Errors carry the line, column and the path of the value (`expenses[3].amount`).
public struct ExpenseJSONReader: Sendable {
    public var options: ExpenseReadOptions

    public init(options: ExpenseReadOptions) {
        self.options = options
    }

    /// Reads every expense from `source` (at most `options.maximumJSONBytes`) and calls
    /// `body` with each, in file order.
    public func read(_ source: inout some ByteSource, fileName: String,
                     _ body: (ExpenseRecord) throws(KontorError) -> Void) throws(KontorError) {
        let document: JSONNode
        do { document = try JSONParser.parse(&source, maximumBytes: options.maximumJSONBytes) } catch {
            throw error.inFile(fileName)
        }
        let (list, prefix) = try expenseArray(in: document, fileName: fileName)
        let builder = ExpenseRecordBuilder(options: options, separator: .point, allowsGrouping: false)
        for (offset, item) in list.enumerated() {
            let path = "\(prefix)[\(offset)]"
            let position = SourcePosition(file: fileName, line: item.line, column: item.column, path: path)
            guard let members = item.members else {
                throw KontorError(.badInput, "expense \(path) is \(item.typeDescription), not an object",
                                  hint: "write each expense as an object such as {\"date\": \"2026-09-30\", \"amount\": \"12.50\", …}",
                                  at: position)
            }
            var values = ExpenseRecordBuilder.Values()
            for member in members {
                guard let field = ExpenseField(rawValue: member.key) else { continue }
                let fieldPosition = SourcePosition(file: fileName, line: member.value.line, column: member.value.column,
                                                   field: field.name, path: "\(path).\(member.key)")
                guard values[field] == nil else {
                    throw KontorError(.badInput, "key \"\(member.key)\" appears twice in expense \(path)",
                                      hint: "keep one of them", at: fieldPosition)
                }
                values[field] = ExpenseRecordBuilder.Value(text: try text(of: member.value, field: field, at: fieldPosition),
                                                           position: fieldPosition)
            }
            for field in ExpenseField.required where values[field] == nil {
                throw KontorError(.badInput, "expense \(path) has no \"\(field.name)\"",
                                  hint: "every expense needs the keys date, amount, vendor and category", at: position)
            }
            try body(try builder.record(values, at: position))
        }
    }

    /// The array of expenses and its path prefix (`expenses` or empty).
    private func expenseArray(in document: JSONNode, fileName: String) throws(KontorError) -> ([JSONNode], String) {
        if let items = document.elements { return (items, "") }
        let hint = "write a JSON array of expense objects, or an object {\"expenses\": [ … ]}"
        guard document.members != nil else {
            throw KontorError(.badInput, "the document is \(document.typeDescription), not an array of expenses", hint: hint,
                              at: SourcePosition(file: fileName, line: document.line, column: document.column))
        }
        guard let list = document["expenses"] else {
            throw KontorError(.badInput, "the object has no \"expenses\" key", hint: hint,
                              at: SourcePosition(file: fileName, line: document.line, column: document.column))
        }
        guard let items = list.elements else {
            throw KontorError(.badInput, "\"expenses\" is \(list.typeDescription), not an array", hint: hint,
                              at: SourcePosition(file: fileName, line: list.line, column: list.column, path: "expenses"))
        }
        return (items, "expenses")
    }

    /// A field value as text: strings trimmed; numbers (amounts, tax) as their literal.
    private func text(of node: JSONNode, field: ExpenseField, at position: SourcePosition) throws(KontorError) -> String {
        switch node.kind {
        case .string(let text): return text.trimmingBlanks()
        case .null: return ""
        case .number(let literal) where [.amount, .taxAmount, .taxRate, .id].contains(field): return literal
        default:
            let expected = [.amount, .taxAmount, .taxRate].contains(field) ? "a string or a number" : "a string"
            throw KontorError(.badInput, "\(field.name) is \(node.typeDescription), expected \(expected)",
                              hint: "write the \(field.name) as \(expected), e.g. \(field.jsonExample)", at: position)
        }
    }
}

extension ExpenseField {
    /// A sample JSON value for hints.
    var jsonExample: String {
        switch self {
        case .date: "\"2026-09-30\""
        case .amount: "\"12.50\""
        case .currency: "\"EUR\""
        case .taxAmount: "\"1.99\""
        case .taxRate: "\"19\""
        default: "\"text\""
        }
    }
}
