import KontorCore

/// Reads an expense log in CSV: a header row naming the columns (see ``ExpenseField``),
/// then one expense per row.
///
/// The delimiter is detected from the header line and the decimal separator from the
/// first rows of the amount column unless ``ExpenseReadOptions`` declares them. Records
/// are handed to a closure one at a time, so memory stays flat however long the file is.
/// Every error is a ``KontorError`` with code `badInput` and the file, line, column and
/// column name.
public struct ExpenseCSVReader: Sendable {
    public var options: ExpenseReadOptions

    /// How many rows are looked at to detect the decimal separator, and how many bytes
    /// of rows may be held back for it.
    static let detectionRows = 100
    static let detectionBytes = 1 << 20

    public init(options: ExpenseReadOptions) {
        self.options = options
    }

    /// Reads every expense from `source` and calls `body` with each, in file order.
    ///
    /// - Parameter fileName: the name errors and record positions carry.
    public func read(_ source: inout some ByteSource, fileName: String,
                     _ body: (ExpenseRecord) throws(KontorError) -> Void) throws(KontorError) {
        var prefix: [UInt8] = []
        let delimiter: CSVDelimiter
        if let declared = options.delimiter {
            delimiter = declared
        } else {
            do { prefix = try ExpenseCSVReader.firstLine(of: &source) } catch { throw error.inFile(fileName) }
            delimiter = CSVDelimiter.detect(headerLine: prefix)
        }
        var rows = RowStream(tokenizer: CSVTokenizer(delimiter: delimiter, limits: options.csvLimits, prefix: prefix),
                             fileName: fileName)
        guard let headerRow = try rows.next(from: &source) else {
            throw KontorError(.badInput, "the file is empty",
                              hint: "an expense CSV starts with a header row such as date,amount,vendor,category",
                              at: SourcePosition(file: fileName, line: 1))
        }
        let header = try ExpenseCSVHeader(headerRow, fileName: fileName)
        rows.columnNames = header.names

        var held: [CSVRow] = []
        var separator = options.decimalSeparator
        if separator == nil {
            var bytes = 0
            while held.count < ExpenseCSVReader.detectionRows, bytes < ExpenseCSVReader.detectionBytes,
                  let row = try rows.next(from: &source) {
                held.append(row)
                bytes += row.byteCount
            }
            separator = AmountNotation.decisive(held.lazy.compactMap { header.text(of: .amount, in: $0) })
        }
        // Nothing decided: a point is assumed, and an amount that reads differently with a
        // comma is refused rather than guessed (``AmountNotation/isAmbiguous(_:currency:)``).
        let builder = ExpenseRecordBuilder(options: options, separator: separator ?? .point, allowsGrouping: true,
                                           separatorIsAssumed: separator == nil)
        func emit(_ row: CSVRow) throws(KontorError) {
            guard !row.isBlank else { return }
            let values = try header.values(of: row, delimiter: delimiter)
            try body(try builder.record(values, at: SourcePosition(file: fileName, line: row.line)))
        }
        for row in held { try emit(row) }
        held = []
        while let row = try rows.next(from: &source) { try emit(row) }
    }

    /// The bytes up to and including the first line break (at most 64 KiB), for sniffing.
    static func firstLine(of source: inout some ByteSource) throws(KontorError) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < 1 << 16, let chunk = try source.nextChunk() {
            bytes.append(contentsOf: chunk)
            if chunk.contains(0x0A) || chunk.contains(0x0D) { break }
        }
        return bytes
    }

    /// The tokenizer with the file name (and, once known, the column name) added to
    /// its errors.
    struct RowStream {
        var tokenizer: CSVTokenizer
        let fileName: String
        var columnNames: [String] = []

        mutating func next(from source: inout some ByteSource) throws(KontorError) -> CSVRow? {
            do { return try tokenizer.nextRow(from: &source) } catch {
                var error = error.inFile(fileName)
                if let column = error.position?.column, column >= 1, column <= columnNames.count {
                    error.position?.field = columnNames[column - 1]
                }
                throw error
            }
        }
    }
}
