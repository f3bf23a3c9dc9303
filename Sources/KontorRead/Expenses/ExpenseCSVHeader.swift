import KontorCore

/// The header row of an expense CSV: which column holds which ``ExpenseField``.
struct ExpenseCSVHeader: Sendable {
    let names: [String]
    let columns: [ExpenseField: Int]
    /// `columns` as a list, for the per-row loop.
    let mapped: [(field: ExpenseField, index: Int)]
    let fileName: String
    let line: Int

    init(_ row: CSVRow, fileName: String) throws(KontorError) {
        names = row.values.map { $0.trimmingBlanks() }
        self.fileName = fileName
        line = row.line
        var columns: [ExpenseField: Int] = [:]
        for (index, name) in names.enumerated() {
            guard let field = ExpenseField(header: name) else { continue }
            if let earlier = columns[field] {
                throw KontorError(.badInput, "columns '\(names[earlier])' and '\(name)' both mean \(field.name)",
                                  hint: "keep one of them, or rename the other to a name Kontor does not read",
                                  at: SourcePosition(file: fileName, line: row.line, column: index + 1, field: name))
            }
            columns[field] = index
        }
        let missing = ExpenseField.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0.name)'" }.joined(separator: ", ")
            let found = names.map { "'\($0)'" }.joined(separator: ", ")
            let accepted = missing.map { field in
                field.aliases.isEmpty ? field.name : "\(field.name) (or \(field.aliases.joined(separator: ", ")))"
            }.joined(separator: "; ")
            throw KontorError(.badInput,
                              "missing required column\(missing.count == 1 ? "" : "s") \(list); columns found: \(found)",
                              hint: "add a header for \(accepted); names are matched ignoring case, spaces, '_' and '-'",
                              at: SourcePosition(file: fileName, line: row.line))
        }
        self.columns = columns
        mapped = columns.map { ($0.key, $0.value) }.sorted { $0.index < $1.index }
    }

    /// The trimmed text of a field in a row, if the file has that column.
    func text(of field: ExpenseField, in row: CSVRow) -> String? {
        columns[field].flatMap { row.value(at: $0) }?.trimmingBlanks()
    }

    /// The fields of a data row, after checking it has as many fields as the header.
    /// Extra fields are accepted only when empty (trailing delimiters).
    func values(of row: CSVRow, delimiter: CSVDelimiter) throws(KontorError) -> ExpenseRecordBuilder.Values {
        if row.count < names.count {
            throw KontorError(.badInput, "row has \(row.count) field\(row.count == 1 ? "" : "s") but the header has \(names.count) columns",
                              hint: "fill in the missing fields (an empty field still needs its \(delimiter) delimiter), and quote fields that contain line breaks",
                              at: SourcePosition(file: fileName, line: row.line))
        }
        if row.count > names.count,
           let extra = (names.count..<row.count).first(where: { !row.bytes(at: $0).allSatisfy { $0 == 0x20 || $0 == 0x09 } }) {
            throw KontorError(.badInput, "row has \(row.count) fields but the header has \(names.count) columns",
                              hint: "quote fields that contain the \(delimiter) delimiter, e.g. \"Smith\(delimiter.character) John\"",
                              at: SourcePosition(file: fileName, line: row.line, column: extra + 1))
        }
        var values = ExpenseRecordBuilder.Values()
        for (field, index) in mapped {
            values[field] = ExpenseRecordBuilder.Value(
                text: row.value(at: index)?.trimmingBlanks() ?? "",
                position: SourcePosition(file: fileName, line: row.line, column: index + 1, field: names[index]))
        }
        return values
    }
}
