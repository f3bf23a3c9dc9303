import KontorCore
import KontorRead
import Testing

@Suite struct ExpenseJSONReaderTests {
    static let goldenCases = [
        "basic", "top_array", "bad_amount", "exponent_amount", "too_many_decimals", "missing_key", "wrong_type",
        "bad_date", "unknown_currency", "duplicate_key", "syntax_error", "item_not_object", "no_expenses_key",
        "expenses_not_array", "empty_category",
    ]

    @Test(arguments: goldenCases)
    func golden(_ name: String) throws {
        let bytes = try Golden.input("expenses-json", name + ".json")
        let reader = ExpenseJSONReader(options: ExpenseReadOptions(defaultCurrency: .EUR))
        let output = Golden.render { body throws(KontorError) in
            var source = MemoryByteSource(bytes, chunkSize: 5)
            try reader.read(&source, fileName: name + ".json", body)
        }
        try Golden.check(output, folder: "expenses-json", name: name + ".json")
    }

    @Test func refusesDocumentsOverTheSizeCap() {
        var options = ExpenseReadOptions(defaultCurrency: .EUR)
        options.maximumJSONBytes = 10
        var source = MemoryByteSource("[                    ]", chunkSize: 4)
        #expect(throws: KontorError(.badInput, "the JSON document is larger than 10 bytes",
                                    hint: "split the file into smaller files", at: SourcePosition(file: "big.json"))) {
            try ExpenseJSONReader(options: options).read(&source, fileName: "big.json") { _ in }
        }
    }

    @Test func numberAmountsKeepTheirLiteral() throws {
        var source = MemoryByteSource(#"[{"date":"2026-09-01","amount":0.30,"vendor":"A","category":"c","tax_amount":0.05}]"#)
        var record: ExpenseRecord?
        try ExpenseJSONReader(options: ExpenseReadOptions(defaultCurrency: .EUR)).read(&source, fileName: "a.json") { record = $0 }
        #expect(record?.amount == Money(minorUnits: 30, currency: .EUR))
        #expect(record?.taxAmount == Money(minorUnits: 5, currency: .EUR))
        #expect(record?.position == SourcePosition(file: "a.json", line: 1, column: 2, path: "[0]"))
    }
}
