import KontorCore
import KontorRead
import Testing

struct CSVGoldenCase: Sendable, CustomTestStringConvertible {
    var name: String
    var options = ExpenseReadOptions(defaultCurrency: .EUR)
    var testDescription: String { name }

    init(_ name: String, dateFormat: DateFormat? = nil, decimalSeparator: DecimalSeparator? = nil) {
        self.name = name
        options.dateFormat = dateFormat
        options.decimalSeparator = decimalSeparator
    }
}

@Suite struct ExpenseCSVReaderTests {
    static let goldenCases: [CSVGoldenCase] = [
        CSVGoldenCase("basic"),
        CSVGoldenCase("german_semicolon"),
        CSVGoldenCase("aliases_tab"),
        CSVGoldenCase("point_grouping"),
        CSVGoldenCase("trailing_empty_fields"),
        CSVGoldenCase("us_dates", dateFormat: .monthDayYearSlashed),
        CSVGoldenCase("day_month_dates", dateFormat: .dayMonthYearSlashed),
        CSVGoldenCase("bad_date"),
        CSVGoldenCase("ambiguous_date"),
        CSVGoldenCase("bad_amount"),
        CSVGoldenCase("too_many_decimals"),
        CSVGoldenCase("misplaced_grouping"),
        CSVGoldenCase("unknown_currency"),
        CSVGoldenCase("missing_column"),
        CSVGoldenCase("missing_columns_wrong_delimiter"),
        CSVGoldenCase("too_few_fields"),
        CSVGoldenCase("too_many_fields"),
        CSVGoldenCase("empty_vendor"),
        CSVGoldenCase("empty_amount"),
        CSVGoldenCase("duplicate_column"),
        CSVGoldenCase("unterminated_quote"),
        CSVGoldenCase("stray_quote"),
        CSVGoldenCase("invalid_utf8"),
        CSVGoldenCase("empty"),
        CSVGoldenCase("bad_tax_rate"),
    ]

    @Test(arguments: goldenCases)
    func golden(_ testCase: CSVGoldenCase) throws {
        let bytes = try Golden.input("expenses", testCase.name + ".csv")
        let reader = ExpenseCSVReader(options: testCase.options)
        let output = Golden.render { body throws(KontorError) in
            var source = MemoryByteSource(bytes)
            try reader.read(&source, fileName: testCase.name + ".csv", body)
        }
        try Golden.check(output, folder: "expenses", name: testCase.name + ".csv")
    }

    /// Every fixture gives the same output whatever the chunking.
    @Test(arguments: goldenCases, [1, 7])
    func chunkingDoesNotMatter(_ testCase: CSVGoldenCase, chunkSize: Int) throws {
        let bytes = try Golden.input("expenses", testCase.name + ".csv")
        let reader = ExpenseCSVReader(options: testCase.options)
        func run(_ size: Int) -> String {
            Golden.render { body throws(KontorError) in
                var source = MemoryByteSource(bytes, chunkSize: size)
                try reader.read(&source, fileName: "x.csv", body)
            }
        }
        #expect(run(chunkSize) == run(1 << 16))
    }

    @Test func readsRecordFields() throws {
        var source = MemoryByteSource("Date;Amount;Vendor;Category;Tax\n30.09.2026;-1.234,50;ACME;office;12,00\n")
        var records: [ExpenseRecord] = []
        try ExpenseCSVReader(options: ExpenseReadOptions(defaultCurrency: .EUR)).read(&source, fileName: "a.csv") { records.append($0) }
        #expect(records == [ExpenseRecord(
            position: SourcePosition(file: "a.csv", line: 2), date: LocalDate(year: 2026, month: 9, day: 30)!,
            amount: Money(minorUnits: -123_450, currency: .EUR), vendor: "ACME", category: "office",
            taxAmount: Money(minorUnits: 1200, currency: .EUR))])
    }

    /// Detection looks past rows that cannot tell (`12`, `1,234`) to the first that can.
    @Test(arguments: [
        (["12", "1.234", "5,50"], 550),
        (["12", "1,234", "5.50"], 550),
        (["1,234"], 123_400),
        (["1.234,56"], 123_456),
        (["1,234.56"], 123_456),
        (["1.234.567"], 123_456_700),
        (["1,234,567"], 123_456_700),
    ] as [([String], Int64)])
    func detectsDecimalSeparator(amounts: [String], lastMinorUnits: Int64) throws {
        var text = "date\tamount\tvendor\tcategory\n"
        for amount in amounts { text += "2026-01-01\t\(amount)\tV\tc\n" }
        var source = MemoryByteSource(text)
        var last: ExpenseRecord?
        try ExpenseCSVReader(options: ExpenseReadOptions(defaultCurrency: .EUR)).read(&source, fileName: "a.csv") { last = $0 }
        #expect(last?.amount.minorUnits == lastMinorUnits)
    }

    /// The fast path and the full parser agree; huge or odd amounts are errors, never traps.
    @Test(arguments: [
        ("12", 1200), ("-12.5", -1250), (".5", 50), ("12.", 1200), ("+3.10", 310), ("(4.00)", -400), ("5.00-", -500),
        ("9999999999999.99", 999_999_999_999_999), ("10000000000000.00", 1_000_000_000_000_000), ("10000000000000.01", nil), ("123456789012345678901234", nil),
        ("1.234", nil), ("-", nil), ("1-2", nil), ("€5", nil), ("1e3", nil),
    ] as [(String, Int64?)])
    func parsesAmounts(text: String, minorUnits: Int64?) {
        var source = MemoryByteSource("date\tamount\tvendor\tcategory\n2026-01-01\t\(text)\tV\tc\n")
        var options = ExpenseReadOptions(defaultCurrency: .EUR)
        options.decimalSeparator = .point
        var amount: Int64?
        try? ExpenseCSVReader(options: options).read(&source, fileName: "a.csv") { amount = $0.amount.minorUnits }
        #expect(amount == minorUnits)
    }

    /// In a three-decimal currency `1,250` is 1.250 with a decimal comma and 1250.000 with a
    /// decimal point: when nothing in the file decides, such an amount is refused, not guessed.
    @Test func ambiguousThreeDecimalAmountsAreRefusedUntilTheFileDecides() throws {
        let options = ExpenseReadOptions(defaultCurrency: .EUR)
        var source = MemoryByteSource("date,amount,currency,vendor,category\n2026-01-01,\"1,250\",KWD,V,c\n")
        let error = #expect(throws: KontorError.self) {
            try ExpenseCSVReader(options: options).read(&source, fileName: "a.csv") { _ in }
        }
        #expect(error?.message.contains("'1,250' is ambiguous") == true)
        #expect(error?.hint?.contains("import.decimal_separator") == true)
        #expect(error?.position?.line == 2)

        // The same amount in a file another row decides, or with the separator declared, or
        // one that cannot be a group of three digits, reads one way.
        for (text, declared, minorUnits) in [
            ("2026-01-01,\"1,250\",KWD,V,c\n2026-01-02,\"2,5\",KWD,V,c\n", nil, 1250),
            ("2026-01-01,\"1,250\",KWD,V,c\n", DecimalSeparator.point, 1_250_000),
            ("2026-01-01,1250.000,KWD,V,c\n", nil, 1_250_000),
            ("2026-01-01,\"1,250\",EUR,V,c\n", nil, 125_000),
        ] as [(String, DecimalSeparator?, Int64)] {
            var options = options
            options.decimalSeparator = declared
            var source = MemoryByteSource("date,amount,currency,vendor,category\n" + text)
            var first: Int64?
            try ExpenseCSVReader(options: options).read(&source, fileName: "a.csv") { first = first ?? $0.amount.minorUnits }
            #expect(first == minorUnits, "\(text)")
        }
    }

    @Test func declaredSeparatorWins() throws {
        var source = MemoryByteSource("date,amount,vendor,category\n2026-01-01,\"1.234\",V,c\n")
        var options = ExpenseReadOptions(defaultCurrency: .EUR)
        options.decimalSeparator = .comma
        var amount: Money?
        try ExpenseCSVReader(options: options).read(&source, fileName: "a.csv") { amount = $0.amount }
        #expect(amount == Money(minorUnits: 123_400, currency: .EUR))
    }

    @Test func bodyErrorsPassThrough() {
        var source = MemoryByteSource("date,amount,vendor,category\n2026-01-01,1,V,c\n")
        let stop = KontorError(.conflict, "stop")
        #expect(throws: stop) {
            try ExpenseCSVReader(options: ExpenseReadOptions(defaultCurrency: .EUR)).read(&source, fileName: "a.csv") { _ throws(KontorError) in
                throw stop
            }
        }
    }

    @Test(arguments: [
        ("date", ExpenseField.date), ("Booking-Date", .date), ("DATUM", .date), ("booking_date", .date),
        ("Betrag", .amount), ("total", .amount), ("Payee", .vendor), ("merchant", .vendor), ("Supplier", .vendor),
        ("Notes", .description), ("paid with", .paymentAccount), ("Payment Method", .paymentAccount),
        ("Receipt Reference", .receipt), ("receipt ref", .receipt), ("Receipt No", .receipt), ("VAT", .taxAmount),
        ("vat amount", .taxAmount), ("Tax", .taxAmount), ("VAT rate", .taxRate), ("external-id", .id), ("Reference", .id),
    ] as [(String, ExpenseField)])
    func matchesColumnNames(header: String, field: ExpenseField) {
        #expect(ExpenseField(header: header) == field)
    }

    @Test(arguments: ["", "amount2", "dates", "vendor name"])
    func ignoresOtherColumnNames(header: String) {
        #expect(ExpenseField(header: header) == nil)
    }
}
