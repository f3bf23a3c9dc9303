import KontorCore

/// Reads a corrections file (`inbox/<b>/corrections/*.csv`): rows of `id,category[,vendor]`,
/// with or without a header row naming those columns (in any order).
///
/// Every problem of the file is collected and reported at once (``KontorError/combined(_:limit:)``),
/// with its line and column: a corrections file is applied whole or not at all.
public struct CorrectionCSVReader: Sendable {
    public init() {}

    static let columns = ["id", "category", "vendor"]

    public func read(_ source: inout some ByteSource, fileName: String) throws(KontorError) -> [CorrectionRecord] {
        var problems: [KontorError] = []
        let records = try read(&source, fileName: fileName, problems: &problems)
        if let error = KontorError.combined(problems) { throw error }
        return records
    }

    /// Reads the records, adding each problem of the file to `problems` (the caller adds
    /// its own, such as unknown ids, and reports them together); throws only when the file
    /// cannot be read as CSV at all.
    public func read(_ source: inout some ByteSource, fileName: String,
                     problems: inout [KontorError]) throws(KontorError) -> [CorrectionRecord] {
        let table = try SmallCSVTable.read(&source, fileName: fileName) { names in
            names.contains("id") && names.contains("category")
        }
        var index = ["id": 0, "category": 1, "vendor": 2]
        if let header = table.header {
            index = [:]
            for (offset, name) in header.enumerated() {
                guard CorrectionCSVReader.columns.contains(name) else {
                    problems.append(KontorError(.badInput, "unknown column '\(name)'",
                                                hint: "a corrections file has the columns id, category and (optionally) vendor",
                                                at: SourcePosition(file: fileName, line: 1, column: offset + 1)))
                    continue
                }
                index[name] = offset
            }
        }
        var records: [CorrectionRecord] = []
        for row in table.rows {
            let line = row.line
            func position(_ name: String) -> SourcePosition {
                SourcePosition(file: fileName, line: line, column: (index[name] ?? 0) + 1, field: name)
            }
            let idText = index["id"].flatMap { row.value(at: $0) }?.trimmingBlanks() ?? ""
            let category = index["category"].flatMap { row.value(at: $0) }?.trimmingBlanks() ?? ""
            let vendor = index["vendor"].flatMap { row.value(at: $0) }?.trimmingBlanks()
            var ok = true
            let id = Int64(idText.hasPrefix("#") ? String(idText.dropFirst()) : idText).flatMap { $0 > 0 ? $0 : nil }
            if id == nil {
                problems.append(KontorError(.badInput, idText.isEmpty ? "the id is missing" : "'\(idText)' is not an item id",
                                            hint: "write the id `kontor expenses list` shows, such as 18", at: position("id")))
                ok = false
            }
            if category.isEmpty {
                problems.append(KontorError(.badInput, "the category is missing",
                                            hint: "write a category key from `kontor categories list`, such as office.software",
                                            at: position("category")))
                ok = false
            }
            if row.count > max(3, table.header?.count ?? 0),
               let extra = ((table.header?.count ?? 3)..<row.count).first(where: { !(row.value(at: $0) ?? "").trimmingBlanks().isEmpty }) {
                problems.append(KontorError(.badInput, "the row has more fields than id, category and vendor",
                                            hint: "quote a vendor name that contains the delimiter",
                                            at: SourcePosition(file: fileName, line: line, column: extra + 1)))
                ok = false
            }
            guard ok, let id else { continue }
            records.append(CorrectionRecord(itemID: id, category: category, vendor: vendor?.isEmpty == false ? vendor : nil,
                                            position: SourcePosition(file: fileName, line: line)))
        }
        if records.isEmpty, problems.isEmpty {
            problems.append(KontorError(.badInput, "the file holds no corrections",
                                        hint: "write one correction per line: id,category[,vendor]",
                                        at: SourcePosition(file: fileName, line: 1)))
        }
        return records
    }
}
