import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// `kontor expenses list` filters and sorts as its help says, pinned by golden files of
/// its JSON output over one fixed ledger (`Tests/Fixtures/end-to-end/expenses-list/`),
/// and its CSV output is safe to open in a spreadsheet (issue 2, acceptance 5).
@Suite struct EndToEndExpenseListTests {
    static let folder = "expenses-list"

    /// One golden case: the filter and sort arguments, and the exit status they must give.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var status: Int32 = 0
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "all", arguments: []),
        Case(name: "from", arguments: ["--from", "2026-11-06"]),
        Case(name: "to", arguments: ["--to", "2026-11-06"]),
        Case(name: "from-to-inclusive", arguments: ["--from", "2026-11-06", "--to", "2026-11-12"]),
        Case(name: "category-parent-includes-children", arguments: ["--category", "travel"]),
        Case(name: "category-leaf", arguments: ["--category", "travel.lodging"]),
        Case(name: "category-custom-parent", arguments: ["--category", "research"]),
        Case(name: "category-prefix-is-not-a-parent", arguments: ["--category", "office.soft"], status: 64),
        Case(name: "category-unknown", arguments: ["--category", "studio"], status: 64),
        Case(name: "vendor-case-insensitive", arguments: ["--vendor", "STEUERBÜRO"]),
        Case(name: "vendor-part", arguments: ["--vendor", "bürohaus"]),
        Case(name: "min-inclusive", arguments: ["--min", "100"]),
        Case(name: "max-inclusive", arguments: ["--max", "99.99"]),
        Case(name: "min-max", arguments: ["--min", "50", "--max", "130.00"]),
        Case(name: "min-not-an-amount", arguments: ["--min", "ten"], status: 64),
        Case(name: "from-after-to", arguments: ["--from", "2026-12-01", "--to", "2026-11-01"], status: 64),
        Case(name: "status-posted", arguments: ["--status", "posted"]),
        Case(name: "search-description", arguments: ["--search", "munich"]),
        Case(name: "search-receipt", arguments: ["--search", "jb-1"]),
        Case(name: "search-category", arguments: ["--search", "lab-supplies"]),
        Case(name: "search-case-insensitive-beyond-ascii", arguments: ["--search", "BÜRO"]),
        Case(name: "sort-date-desc", arguments: ["--desc"]),
        Case(name: "sort-amount", arguments: ["--sort", "amount"]),
        Case(name: "sort-amount-desc", arguments: ["--sort", "amount", "--desc"]),
        Case(name: "sort-category", arguments: ["--sort", "category"]),
        Case(name: "sort-vendor-desc", arguments: ["--sort", "vendor", "--desc"]),
        Case(name: "sort-unknown", arguments: ["--sort", "size"], status: 64),
        Case(name: "from-not-a-date", arguments: ["--from", "2026-11-31"], status: 64),
        Case(name: "combined", arguments: ["--category", "office", "--min", "50", "--sort", "amount", "--desc"]),
    ]

    /// A fresh workspace whose ACME ledger holds `ledger.csv` (14 expenses).
    static func ledger() async throws -> EndToEndWorkspace {
        let temp = try EndToEndWorkspace()
        try temp.drop(fixture: folder, "ledger.csv")
        try await temp.runOnce()
        return temp
    }

    @Test(arguments: cases)
    func listMatchesGolden(_ testCase: Case) async throws {
        let temp = try await Self.ledger()
        let result = try await KontorProcess.run(["expenses", "list", "--format", "json", "--workspace", temp.root, "--business", "acme"]
                                           + testCase.arguments)
        #expect(result.exited && result.status == testCase.status, "\(result)")
        var golden: [String: JSONValue] = [
            "arguments": .array(testCase.arguments.map(JSONValue.string)),
            "exit_status": .int(Int64(result.status)),
        ]
        if result.status == 0 {
            let output = try JSONParser.parse(Array(result.stdout.utf8)).value
            golden["stdout"] = output
            let expenses = try #require(output["expenses"]?.arrayValue)
            golden["ids"] = .array(expenses.compactMap { $0["id"] })
        } else {
            #expect(result.stdout.isEmpty, "\(result)")
            // With --format json an error is a JSON object on stderr.
            golden["stderr"] = (try? JSONParser.parse(Array(result.stderr.utf8)).value) ?? .string(result.stderr)
        }
        EndToEndGolden.check(.object(golden), folder: Self.folder, name: testCase.name)
    }

    /// Properties that hold whatever the goldens say: a parent filter is the union of its
    /// children, bounds are inclusive, --desc reverses the order of distinct keys.
    @Test func filtersAgreeWithEachOther() async throws {
        let temp = try await Self.ledger()
        func ids(_ arguments: String...) async throws -> [Int64] {
            try await temp.expenses(.acme, arguments).compactMap { $0["id"]?.intValue }
        }
        let travel = try await ids("--category", "travel")
        let children = try await ids("--category", "travel.transport") + ids("--category", "travel.lodging") + ids("--category", "travel.meals")
        #expect(!travel.isEmpty)
        #expect(travel.sorted() == children.sorted())

        let all = try await temp.expenses()
        #expect(all.count == 14)
        let atLeast100 = try await ids("--min", "100")
        let below100 = try await ids("--max", "99.99")
        #expect(Set(atLeast100).isDisjoint(with: below100))
        #expect((atLeast100 + below100).sorted() == all.compactMap { $0["id"]?.intValue }.sorted())

        let byAmount = try await ids("--sort", "amount")
        let byAmountDesc = try await ids("--sort", "amount", "--desc")
        #expect(byAmountDesc == byAmount.reversed())
    }

    /// Cells a spreadsheet would run as a formula (`=`, `@`, `+`, `-` first) come out
    /// prefixed with `'`; numbers (a negative amount too) stay numbers.
    @Test func csvOutputOpensSafely() async throws {
        let temp = try await Self.ledger()
        let result = try await temp.kontor("expenses", "list", "--business", "acme", "--format", "csv")
        #expect(result.exited && result.status == 0, "\(result)")
        let rows = try Self.parseCSV(result.stdout)
        let header = try #require(rows.first)
        #expect(header.first == "id")
        #expect(rows.count == 15)
        #expect(rows.allSatisfy { $0.count == header.count }, "ragged CSV:\n\(result.stdout)")
        let vendor = try #require(header.firstIndex(of: "vendor"))
        let amount = try #require(header.firstIndex(of: "amount"))
        let vendors = rows.dropFirst().map { $0[vendor] }
        #expect(vendors.contains("'=HYPERLINK(\"http://evil.example/\",\"click\")"), "\(vendors)")
        #expect(vendors.contains("'@Vendor At"), "\(vendors)")
        #expect(!vendors.contains { $0.hasPrefix("=") || $0.hasPrefix("@") || $0.hasPrefix("+") })
        #expect(rows.dropFirst().map { $0[amount] }.contains("-19.90"))
    }

    /// A small RFC 4180 reader, independent of the product's CSV code.
    static func parseCSV(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if quoted { throw CSVError.unterminatedQuote }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    enum CSVError: Error { case unterminatedQuote }
}
