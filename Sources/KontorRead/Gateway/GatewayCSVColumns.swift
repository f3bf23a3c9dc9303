import KontorCore

/// What the gateway CSV readers share: a header mapped to field indices, and the two
/// ways every row is read through it.
protocol GatewayCSVColumns {
    associatedtype Field: Hashable
    /// How many fields the header names.
    var width: Int { get }
    /// The column of each field the header has.
    var index: [Field: Int] { get }
}

extension GatewayCSVColumns {
    /// The trimmed text of a field in a row; nil when the file has no such column or the cell is empty.
    func text(_ field: Field, in row: CSVRow) -> String? {
        guard let column = index[field], let value = row.value(at: column) else { return nil }
        let trimmed = value.trimming(" \t")
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Refuses a row with fewer fields than the header names.
    func checkWidth(_ row: CSVRow, fileName: String) throws(KontorError) {
        guard row.count < width else { return }
        throw KontorError(.badInput, "line \(row.line) has \(row.count) fields, the header names \(width)",
                          hint: "the file may be cut short or edited; download it again",
                          at: SourcePosition(file: fileName, line: row.line, column: row.count))
    }
}
