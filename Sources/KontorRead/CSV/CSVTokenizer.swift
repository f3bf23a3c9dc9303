import KontorCore

/// A streaming RFC 4180 reader: turns chunks of bytes into ``CSVRow``s.
///
/// Chunks may split anywhere (inside a quoted field, a CRLF or a UTF-8 sequence). Quoted
/// fields may hold the delimiter, `""` escapes and line breaks; rows end at CRLF, LF or
/// CR; a leading UTF-8 BOM is dropped; empty lines are skipped. The tokenizer works on
/// bytes and builds no `String`s; it checks each finished row for valid UTF-8.
///
/// ```swift
/// var tokenizer = CSVTokenizer(delimiter: .semicolon)
/// while let row = try tokenizer.nextRow(from: &source) { … }
/// ```
///
/// Errors are ``KontorError/Code/badInput`` with the line (and column) but no file name;
/// callers add it with ``KontorError/inFile(_:)``.
public struct CSVTokenizer: Sendable {
    public let delimiter: CSVDelimiter
    public let limits: CSVLimits
    /// When true, a double quote inside an unquoted field, or text right after a closing
    /// quote, is kept as text instead of being an error (what Python's csv module and
    /// spreadsheets do). Bank exports need it: some write `;Firma";`.
    public var acceptsStrayQuotes = false

    enum State: Sendable { case rowStart, fieldStart, unquoted, quoted, quoteInQuoted, finished }

    var state = State.rowStart
    /// Bytes of the current chunk not yet consumed.
    var chunk: ArraySlice<UInt8> = []
    /// True until the first three bytes were checked for a BOM.
    var checkingBOM = true
    var head: [UInt8] = []
    /// The physical line of the next byte, and whether the previous byte was a CR.
    var line = 1
    var lastWasCR = false
    var rowLine = 1
    var quoteLine = 1
    var rowBytes: [UInt8] = []
    var fieldEnds: [Int] = []

    /// - Parameters:
    ///   - delimiter: the field separator.
    ///   - limits: memory caps.
    ///   - prefix: bytes already read from the start of the source (e.g. to detect the
    ///     delimiter); they are tokenized before the source's next chunk.
    public init(delimiter: CSVDelimiter, limits: CSVLimits = .default, prefix: [UInt8] = []) {
        self.delimiter = delimiter
        self.limits = limits
        self.head = prefix
    }

    /// The next row, or nil at the end of the input.
    public mutating func nextRow(from source: inout some ByteSource) throws(KontorError) -> CSVRow? {
        while true {
            if state == .finished { return nil }
            if chunk.isEmpty {
                guard let next = try fetch(from: &source) else { return try finish() }
                chunk = next
            }
            let current = chunk
            let outcome = current.withUnsafeBufferPointer { buffer in scan(buffer) }
            switch outcome {
            case .needMore:
                chunk = []
            case .row(let consumed):
                chunk = current.dropFirst(consumed)
                return try endRow()
            case .failure(let error):
                state = .finished
                throw error
            }
        }
    }

    /// Counts the rows of a whole input without building strings: a benchmark entry point.
    public static func countRows(in source: inout some ByteSource, delimiter: CSVDelimiter,
                                 limits: CSVLimits = .default) throws(KontorError) -> Int {
        var tokenizer = CSVTokenizer(delimiter: delimiter, limits: limits)
        var count = 0
        while try tokenizer.nextRow(from: &source) != nil { count += 1 }
        return count
    }

    /// The next non-empty chunk, with a leading BOM removed.
    private mutating func fetch(from source: inout some ByteSource) throws(KontorError) -> ArraySlice<UInt8>? {
        guard checkingBOM else {
            while let next = try source.nextChunk() {
                if !next.isEmpty { return next }
            }
            return nil
        }
        while head.count < 3, let next = try source.nextChunk() { head.append(contentsOf: next) }
        checkingBOM = false
        var bytes = head[...]
        head = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if !bytes.isEmpty { return bytes }
        return try fetch(from: &source)
    }

    /// The last row at the end of input, or an unterminated-quote error.
    private mutating func finish() throws(KontorError) -> CSVRow? {
        switch state {
        case .rowStart, .finished:
            state = .finished
            return nil
        case .quoted:
            state = .finished
            throw KontorError(.badInput, "a quoted field that opens on line \(quoteLine) is never closed",
                              hint: "add the closing double quote; a quote inside a quoted field is written twice (\"\")",
                              at: SourcePosition(line: quoteLine, column: fieldEnds.count + 1))
        case .fieldStart, .unquoted, .quoteInQuoted:
            endField()
            let row = try endRow()
            state = .finished
            return row
        }
    }

    mutating func endField() {
        fieldEnds.append(rowBytes.count)
    }

    /// Hands out the finished row and starts a new one.
    private mutating func endRow() throws(KontorError) -> CSVRow {
        try CSVTokenizer.validateUTF8(rowBytes, ends: fieldEnds, line: rowLine)
        let row = CSVRow(line: rowLine, bytes: rowBytes, ends: fieldEnds)
        let capacity = rowBytes.count
        rowBytes = []
        rowBytes.reserveCapacity(capacity)
        fieldEnds = []
        fieldEnds.reserveCapacity(row.count)
        return row
    }
}
