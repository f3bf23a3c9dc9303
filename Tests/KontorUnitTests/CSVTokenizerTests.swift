import KontorCore
import KontorRead
import Testing

/// Tokenizes `text` with chunks of `chunkSize` bytes into (line, fields) pairs.
func tokenize(_ bytes: [UInt8], delimiter: CSVDelimiter = .comma, chunkSize: Int,
              limits: CSVLimits = .default) throws(KontorError) -> [CSVTestRow] {
    var source = MemoryByteSource(bytes, chunkSize: chunkSize)
    var tokenizer = CSVTokenizer(delimiter: delimiter, limits: limits)
    var rows: [CSVTestRow] = []
    while let row = try tokenizer.nextRow(from: &source) { rows.append(CSVTestRow(row.line, row.values)) }
    return rows
}

struct CSVTestRow: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    init(_ line: Int, _ fields: [String]) {
        self.line = line
        self.fields = fields
    }
    var description: String { "\(line): \(fields)" }
}

struct TokenizerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var delimiter: CSVDelimiter = .comma
    var rows: [(Int, [String])]
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ rows: [(Int, [String])], delimiter: CSVDelimiter = .comma) {
        self.init(name, Array(input.utf8), rows, delimiter: delimiter)
    }

    init(_ name: String, _ input: [UInt8], _ rows: [(Int, [String])], delimiter: CSVDelimiter = .comma) {
        self.name = name
        self.input = input
        self.delimiter = delimiter
        self.rows = rows
    }
}

let tokenizerCases: [TokenizerCase] = [
    TokenizerCase("plain LF", "a,b,c\n1,2,3\n", [(1, ["a", "b", "c"]), (2, ["1", "2", "3"])]),
    TokenizerCase("no final newline", "a,b\n1,2", [(1, ["a", "b"]), (2, ["1", "2"])]),
    TokenizerCase("CRLF", "a,b\r\n1,2\r\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
    TokenizerCase("CR only", "a,b\r1,2\r3,4", [(1, ["a", "b"]), (2, ["1", "2"]), (3, ["3", "4"])]),
    TokenizerCase("empty fields", ",a,,\n", [(1, ["", "a", "", ""])]),
    TokenizerCase("empty lines skipped", "\n\r\na\n\n\nb\n", [(3, ["a"]), (6, ["b"])]),
    TokenizerCase("quoted delimiter", "\"a,b\",c\n", [(1, ["a,b", "c"])]),
    TokenizerCase("escaped quotes", "\"say \"\"hi\"\"\",x\n", [(1, ["say \"hi\"", "x"])]),
    TokenizerCase("empty quoted", "\"\",\"\"\n", [(1, ["", ""])]),
    TokenizerCase("quoted LF spans lines", "a,\"1\n2\"\nb,c\n", [(1, ["a", "1\n2"]), (3, ["b", "c"])]),
    TokenizerCase("quoted CRLF counts one line", "\"x\r\ny\",z\r\nnext,row\r\n", [(1, ["x\r\ny", "z"]), (3, ["next", "row"])]),
    TokenizerCase("quoted CR", "\"x\ry\"\rq\r", [(1, ["x\ry"]), (3, ["q"])]),
    TokenizerCase("semicolon", "a;\"b;c\";d\n", [(1, ["a", "b;c", "d"])], delimiter: .semicolon),
    TokenizerCase("tab", "a\tb c\t\n", [(1, ["a", "b c", ""])], delimiter: .tab),
    TokenizerCase("comma is data under semicolon", "1,5;2\n", [(1, ["1,5", "2"])], delimiter: .semicolon),
    TokenizerCase("BOM stripped", [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8), [(1, ["a", "b"])], delimiter: .comma),
    TokenizerCase("only BOM", [0xEF, 0xBB, 0xBF], []),
    TokenizerCase("UTF-8 text", "Müller,€ 5,日本\n", [(1, ["Müller", "€ 5", "日本"])]),
    TokenizerCase("quoted final field at EOF", "a,\"b\"", [(1, ["a", "b"])]),
    TokenizerCase("trailing delimiter at EOF", "a,", [(1, ["a", ""])]),
    TokenizerCase("empty input", "", []),
]

@Suite struct CSVTokenizerTests {
    @Test(arguments: tokenizerCases, [1, 2, 7, 1 << 16])
    func tokenizes(_ testCase: TokenizerCase, chunkSize: Int) throws {
        let rows = try tokenize(testCase.input, delimiter: testCase.delimiter, chunkSize: chunkSize)
        #expect(rows == testCase.rows.map { CSVTestRow($0.0, $0.1) })
    }

    @Test func fieldsCarryColumns() throws {
        var source = MemoryByteSource("x,\"y\",z\n")
        var tokenizer = CSVTokenizer(delimiter: .comma)
        let row = try #require(try tokenizer.nextRow(from: &source))
        #expect(row.fields == [CSVField(column: 1, value: "x"), CSVField(column: 2, value: "y"), CSVField(column: 3, value: "z")])
        #expect(row.value(at: 3) == nil)
        #expect(try tokenizer.nextRow(from: &source) == nil)
        #expect(try tokenizer.nextRow(from: &source) == nil)
    }

    @Test(arguments: [1, 3, 7, 64, 1 << 16])
    func chunkSizesAgree(chunkSize: Int) throws {
        var text = "date,amount,vendor\r\n"
        for index in 0..<300 {
            text += "2026-09-\(index % 28 + 10),\"\(index),50\",\"Vendör \"\"\(index)\"\"\nline two\"\r\n"
        }
        let reference = try tokenize(Array(text.utf8), chunkSize: 1 << 20)
        #expect(reference.count == 301)
        #expect(reference[2] == CSVTestRow(4, ["2026-09-11", "1,50", "Vendör \"1\"\nline two"]))
        #expect(try tokenize(Array(text.utf8), chunkSize: chunkSize) == reference)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [UInt8]
        var message: String
        var line: Int
        var column: Int?
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "unterminated quote", input: Array("a,b\n1,\"open\n\nstill open".utf8),
                  message: "a quoted field that opens on line 2 is never closed", line: 2, column: 2),
        ErrorCase(name: "stray quote", input: Array("a,b\nx,ab\"c\n".utf8),
                  message: "a double quote appears inside an unquoted field", line: 2, column: 2),
        ErrorCase(name: "text after closing quote", input: Array("\"a\"b,c\n".utf8),
                  message: "'b' follows the closing quote of a quoted field", line: 1, column: 1),
        ErrorCase(name: "invalid UTF-8", input: Array("a,b\nok,fine\nx,".utf8) + [0xC3, 0x28, 0x0A],
                  message: "line 3 is not valid UTF-8 text", line: 3, column: 2),
        ErrorCase(name: "overlong UTF-8", input: [0x61, 0x2C, 0xC0, 0xAF, 0x0A],
                  message: "line 1 is not valid UTF-8 text", line: 1, column: 2),
        ErrorCase(name: "surrogate in UTF-8", input: [0xED, 0xA0, 0x80, 0x0A],
                  message: "line 1 is not valid UTF-8 text", line: 1, column: 1),
        ErrorCase(name: "half a BOM is data, not UTF-8", input: [0xEF, 0xBB, 0x0A],
                  message: "line 1 is not valid UTF-8 text", line: 1, column: 1),
        ErrorCase(name: "truncated UTF-8 at EOF", input: [0x61, 0xE2, 0x82],
                  message: "line 1 is not valid UTF-8 text", line: 1, column: 1),
    ]

    @Test(arguments: errorCases, [1, 7, 1 << 16])
    func rejects(_ testCase: ErrorCase, chunkSize: Int) {
        #expect {
            _ = try tokenize(testCase.input, chunkSize: chunkSize)
        } throws: { error in
            guard let error = error as? KontorError else { return false }
            return error.code == .badInput && error.message == testCase.message
                && error.position?.line == testCase.line && error.position?.column == testCase.column
                && error.hint != nil
        }
    }

    @Test(arguments: [1, 7, 1 << 16])
    func capsFieldAndRowLength(chunkSize: Int) {
        let limits = CSVLimits(maximumFieldBytes: 10, maximumRowBytes: 25, maximumFieldsPerRow: 5)
        let longField = Array("ok\n\"0123456789A\"\n".utf8)
        #expect(throws: KontorError(.badInput, "a field is longer than 10 bytes",
                                    hint: "check for a missing closing quote before this point; fields this long are not expense data",
                                    at: SourcePosition(line: 2, column: 1))) {
            _ = try tokenize(longField, chunkSize: chunkSize, limits: limits)
        }
        let longRow = Array("0123456789,0123456789,0123456789\n".utf8)
        #expect(throws: KontorError(.badInput, "a row is longer than 25 bytes",
                                    hint: "check for a missing closing quote before this point", at: SourcePosition(line: 1))) {
            _ = try tokenize(longRow, chunkSize: chunkSize, limits: limits)
        }
        #expect(throws: KontorError.self) { _ = try tokenize(Array(",,,,,,\n".utf8), chunkSize: chunkSize, limits: limits) }
        #expect((try? tokenize(Array("0123456789,0123456789\n".utf8), chunkSize: chunkSize, limits: limits))?.count == 1)
    }

    @Test func countsRowsForBenchmarks() throws {
        var source = MemoryByteSource(String(repeating: "a,b,\"c\"\n", count: 1000), chunkSize: 100)
        #expect(try CSVTokenizer.countRows(in: &source, delimiter: .comma) == 1000)
    }

    @Test(arguments: [
        ("date,amount,vendor\n", CSVDelimiter.comma),
        ("date;amount;vendor\n", .semicolon),
        ("date\tamount\tvendor", .tab),
        ("\"a;b\",c,d\n", .comma),
        ("date;amount,vendor;x\n", .semicolon),
        ("single\n", .comma),
    ] as [(String, CSVDelimiter)])
    func detectsDelimiter(header: String, expected: CSVDelimiter) {
        #expect(CSVDelimiter.detect(headerLine: header.utf8) == expected)
    }
}
