import KontorCore

/// A small CSV file read whole: its header (when the first row names known columns) and
/// its data rows. For corrections and vendor master data, which people write by hand and
/// which are read all at once because a file is accepted or rejected as a whole.
struct SmallCSVTable {
    /// The column names of the header, folded to lower case, or nil without a header.
    var header: [String]?
    var rows: [CSVRow]

    static let maximumRows = 100_000

    /// Reads the file; the first row is a header when `isHeader` says so.
    static func read(_ source: inout some ByteSource, fileName: String, limits: CSVLimits = .default,
                     isHeader: ([String]) -> Bool) throws(KontorError) -> SmallCSVTable {
        var prefix: [UInt8] = []
        while prefix.count < 1 << 16, let chunk = try source.nextChunk() {
            prefix.append(contentsOf: chunk)
            if chunk.contains(0x0A) || chunk.contains(0x0D) { break }
        }
        var tokenizer = CSVTokenizer(delimiter: CSVDelimiter.detect(headerLine: prefix.prefix { $0 != 0x0A && $0 != 0x0D }),
                                     limits: limits, prefix: prefix)
        var table = SmallCSVTable(header: nil, rows: [])
        do throws(KontorError) {
            while let row = try tokenizer.nextRow(from: &source) {
                guard !row.isBlank else { continue }
                if table.header == nil, table.rows.isEmpty {
                    let names = row.values.map { $0.trimmingBlanks().lowercased() }
                    if isHeader(names) {
                        table.header = names
                        continue
                    }
                }
                guard table.rows.count < maximumRows else {
                    throw KontorError(.badInput, "the file has more than \(maximumRows) rows",
                                      hint: "split it into several files", at: SourcePosition(line: row.line))
                }
                table.rows.append(row)
            }
        } catch {
            throw error.inFile(fileName)
        }
        return table
    }
}
