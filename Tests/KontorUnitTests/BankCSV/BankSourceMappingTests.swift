import KontorConfig
import KontorCore
import Testing

@Suite("Bank source mappings (pipelines/sources)")
struct BankSourceMappingTests {
    func error(_ yaml: String) -> String {
        do {
            _ = try BankSourceMapping.parse(yaml: yaml, name: "bank")
            return "no error"
        } catch {
            return ErrorRenderer.text(error)
        }
    }

    @Test("a full mapping reads into the value the reader applies")
    func full() throws {
        let mapping = try BankSourceMapping.parse(yaml: """
            name: bank
            label: Some bank
            encoding: cp1252
            delimiter: ";"
            header_line: 2
            date_format: "%d.%m.%y"
            decimal_separator: ","
            thousands_separator: "."
            currency: EUR
            account: DE02100100100006820101
            columns:
              date: Buchungstag
              debit: 3
              credit: Haben
              memo: [Zweck 1, Zweck 2]
            sign: {indicator: S/H, debit: [S]}
            statement_cells: {closing_balance: {line: 1, column: 2}}
            malformed_rows: skip
            detect: {header: [Buchungstag, Haben]}
            """, name: "bank")
        #expect(mapping.encoding == .windows1252)
        #expect(mapping.delimiter == .semicolon)
        #expect(mapping.headerLine == 2)
        #expect(mapping.dateFormat.pattern == "%d.%m.%y")
        #expect(mapping.thousandsSeparator == ".")
        #expect(mapping.columns.debit == .number(3))
        #expect(mapping.columns.credit == .named("Haben"))
        #expect(mapping.columns.memo == [.named("Zweck 1"), .named("Zweck 2")])
        #expect(mapping.sign == .indicator(column: .named("S/H"), debitValues: ["S"]))
        #expect(mapping.statementCells.closingBalance == .init(line: 1, column: 2))
        #expect(mapping.malformedRows == .skip)
        #expect(mapping.detection.headerCells == ["Buchungstag", "Haben"])
    }

    @Test("mistakes are reported at their key with a fix", arguments: [
        ("date_format: \"%d.%m.%Y\"\ncurrency: EUR\ncolumns: {date: 1, amount: 2}\ndelimeter: \";\"\n",
         "error: pipelines/sources/bank.yaml:4:1 delimeter: unknown key 'delimeter' in a bank source mapping\n  hint: did you mean 'delimiter'?"),
        ("date_format: \"%d.%m\"\ncurrency: EUR\ncolumns: {date: 1, amount: 2}\n",
         "error: pipelines/sources/bank.yaml:1:14 date_format: date_format '%d.%m' is not a date format Kontor reads"),
        ("date_format: \"%d.%m.%Y\"\nheader_line: null\ncurrency: EUR\ncolumns:\n  date: Datum\n  amount: 2\n",
         "error: pipelines/sources/bank.yaml:5:3 columns: the column 'Datum' is given by name, but header_line is null (the file has no header)"),
        ("date_format: \"%d.%m.%Y\"\ncolumns: {date: 1, amount: 2}\n",
         "error: pipelines/sources/bank.yaml:1:1: the mapping names no currency: neither columns.currency nor currency is set"),
        ("date_format: \"%d.%m.%Y\"\ncurrency: EUR\ncolumns: {date: 1}\n",
         "error: pipelines/sources/bank.yaml:3:10 columns: columns must name the amount: 'amount', or 'debit' and 'credit'"),
        ("date_format: \"%d.%m.%Y\"\ncurrency: EUR\nencoding: utf-16\ncolumns: {date: 1, amount: 2}\n",
         "error: pipelines/sources/bank.yaml:3:11 encoding: encoding 'utf-16' is not an encoding Kontor knows"),
        ("name: other\ndate_format: \"%d.%m.%Y\"\ncurrency: EUR\ncolumns: {date: 1, amount: 2}\n",
         "error: pipelines/sources/bank.yaml:1:7 name: name 'other' does not match the file name 'bank.yaml'"),
        ("date_format: \"%d.%m.%Y\"\ncurrency: EUR\ncolumns: {date: 0, amount: 2}\n",
         "error: pipelines/sources/bank.yaml:3:17 columns.date: columns.date must be a column number from 1, found 0"),
    ])
    func mistakes(yaml: String, expected: String) {
        let rendered = error(yaml)
        #expect(rendered.hasPrefix(expected), "\(rendered)")
    }
}
