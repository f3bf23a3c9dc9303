import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Re-running is safe: a file seen before posts nothing, an overlapping file posts only
/// its new rows, and the demo run twice imports nothing the second time (issue 2,
/// acceptance 1 and DESIGN.md 3, step 2).
@Suite struct EndToEndRerunTests {
    static let header = "date,amount,currency,vendor,category,description,payment_account,receipt\n"
    static let rows = [
        "2026-11-02,19.90,EUR,Bürohaus Schmidt,office.supplies,Envelopes,card,R-1\n",
        "2026-11-03,42.00,EUR,Aral,vehicle.fuel,Diesel,card,R-2\n",
        "2026-11-04,12.00,EUR,Telekom,utilities.phone,Mobile,bank,R-3\n",
        "2026-11-05,8.50,EUR,Deutsche Post,office.postage,Stamps,cash,R-4\n",
        "2026-11-06,250.00,EUR,Steuerbüro Klein,professional-services.accounting,Bookkeeping,bank,R-5\n",
    ]

    static func receipt(named file: String, in receipts: [String: JSONValue]) -> [JSONValue] {
        receipts.values.filter { $0["file"] == .string(file) }
    }

    @Test(arguments: ["week.csv", "week-again.csv"])
    func sameBytesAgainAreADuplicateThatPostsNothing(_ secondName: String) async throws {
        let temp = try EndToEndWorkspace()
        let text = Self.header + Self.rows.joined()
        try temp.drop(text, named: "week.csv")
        try await temp.runOnce()
        let before = try await temp.expenses()
        #expect(before.count == 5)
        let first = try #require(Self.receipt(named: "week.csv", in: temp.receipts()).first)

        try temp.drop(text, named: secondName)
        let again = try await temp.runOnce()
        #expect(again.stdout.contains("duplicate"), "\(again)")
        #expect(try await temp.expenses() == before)

        let receipts = try temp.receipts()
        #expect(receipts.count == 2)
        let duplicate = try #require(receipts.values.first { $0["status"] == "duplicate" }, "\(receipts)")
        #expect(duplicate["file"] == .string(secondName))
        #expect(duplicate["sha256"] == first["sha256"])
        #expect(duplicate["duplicate_of"]?["receipt"] == first["receipt"])
        #expect(duplicate["duplicate_of"]?["file"] == "week.csv")
        #expect(duplicate["posted"] == nil || duplicate["posted"] == 0)
        // The duplicate's original is archived, not left behind or rejected.
        #expect(temp.files(in: temp.workspace.archive).count == 2)
        #expect(temp.files(in: temp.workspace.rejected(.acme)).isEmpty)
        #expect(temp.files(in: temp.workspace.inbox).isEmpty)
    }

    @Test func overlappingFilePostsOnlyItsNewRowsAndListsTheSkippedOnes() async throws {
        let temp = try EndToEndWorkspace()
        try temp.drop(Self.header + Self.rows[0..<3].joined(), named: "first.csv")
        try await temp.runOnce()
        let first = try await temp.expenses()
        #expect(first.count == 3)
        // Ledger ids of R-2 and R-3, which the second file repeats.
        let posted = Dictionary(first.compactMap { row in row["receipt"]?.stringValue.map { ($0, row["id"]) } },
                                uniquingKeysWith: { old, _ in old })

        // Rows R-2, R-3 again (lines 2 and 3 of the new file), then R-4 and R-5.
        try temp.drop(Self.header + Self.rows[1..<5].joined(), named: "second.csv")
        try await temp.runOnce()

        let all = try await temp.expenses()
        #expect(all.count == 5)
        #expect(all.compactMap { $0["receipt"]?.stringValue }.sorted() == ["R-1", "R-2", "R-3", "R-4", "R-5"])
        #expect(all.filter { $0["source"]?["file"] == "second.csv" }.compactMap { $0["receipt"]?.stringValue }.sorted()
                == ["R-4", "R-5"])

        let receipt = try #require(Self.receipt(named: "second.csv", in: temp.receipts()).first)
        #expect(receipt["status"] == "imported")
        #expect(receipt["posted"] == 2)
        let skipped = try #require(receipt["skipped"]?.arrayValue, "\(receipt.serialized())")
        #expect(skipped.count == 2)
        #expect(skipped.compactMap { $0["line"]?.intValue } == [2, 3])
        #expect(skipped.map { $0["already_posted_as"] } == [posted["R-2"] ?? nil, posted["R-3"] ?? nil])
        #expect(skipped.allSatisfy { $0["record"]?.stringValue?.isEmpty == false })
    }

    /// Identical rows are real (two coffees on one day): a later file with three of them
    /// after a file with two posts exactly the third, and says which two it skipped.
    @Test func repeatedIdenticalRowsOverlapByOccurrence() async throws {
        let temp = try EndToEndWorkspace()
        let coffee = "2026-11-04,2.50,EUR,Café Rix,meals-entertainment,Coffee,cash,\n"
        try temp.drop(Self.header + coffee + coffee, named: "two.csv")
        try await temp.runOnce()
        let first = try await temp.expenses()
        #expect(first.count == 2)

        try temp.drop(Self.header + coffee + coffee + coffee, named: "three.csv")
        try await temp.runOnce()
        #expect(try await temp.expenses().count == 3)
        let receipt = try #require(Self.receipt(named: "three.csv", in: temp.receipts()).first)
        #expect(receipt["posted"] == 1, "\(receipt.serialized())")
        let skipped = receipt["skipped"]?.arrayValue ?? []
        #expect(skipped.compactMap { $0["line"]?.intValue } == [2, 3])
        #expect(skipped.map { $0["already_posted_as"] } == first.map { $0["id"] }, "\(receipt.serialized())")
    }

    /// JSON logs with their own record ids: a re-sent record is skipped by its id even
    /// when a field changed, so a corrected re-export cannot double a posting.
    @Test func recordIdsFromTheFileDecideWhatIsAlreadyPosted() async throws {
        let temp = try EndToEndWorkspace()
        func log(_ records: [(String, String)]) -> String {
            let items = records.map { id, amount in
                #"{"id": "\#(id)", "date": "2026-11-02", "amount": "\#(amount)", "currency": "EUR", "vendor": "DHL", "category": "shipping", "payment_account": "card"}"#
            }
            return "[\n" + items.joined(separator: ",\n") + "\n]\n"
        }
        try temp.drop(log([("card-1", "10.00"), ("card-2", "20.00")]), named: "card-1.json")
        try await temp.runOnce()
        try temp.drop(log([("card-2", "20.50"), ("card-3", "30.00")]), named: "card-2.json")
        try await temp.runOnce()
        let amounts = try await temp.expenses().compactMap { $0["amount"]?.stringValue }
        #expect(amounts.sorted() == ["10.00", "20.00", "30.00"])
        let receipt = try #require(Self.receipt(named: "card-2.json", in: temp.receipts()).first)
        #expect(receipt["posted"] == 1)
        #expect(receipt["skipped"]?.arrayValue?.count == 1)
    }

    /// The README's demo: the bundled inputs imported once, then dropped again: the second
    /// run imports nothing, every file is a duplicate.
    @Test func demoInputsTwiceImportNothingTheSecondTime() async throws {
        let temp = try EndToEndWorkspace()
        let demo = KontorProcess.packageRoot + "/demo/inbox"
        let inputs = temp.files(in: demo)
        #expect(inputs.count >= 4)
        func dropDemo() throws {
            for input in inputs {
                let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: demo + "/" + input)))
                let parts = input.split(separator: "/").map(String.init)
                try #require(parts.count == 3, "demo input \(input) is not <business>/<channel>/<file>")
                try temp.temporary.drop(bytes, named: parts[2], into: BusinessID.known(parts[0]), channel: Channel(parts[1]))
            }
        }
        try dropDemo()
        let first = try await temp.kontor("run", "--once", "--format", "json")
        #expect(first.status == 1, "\(first)")  // the demo's bad file is rejected on purpose
        let firstFiles = try JSONParser.parse(Array(first.stdout.utf8)).value["files"]?.arrayValue ?? []
        #expect(firstFiles.count == inputs.count)
        #expect(firstFiles.filter { $0["status"] == "rejected" }.count == 1)
        let acme = try await temp.expenses(.acme)
        let nordlicht = try await temp.expenses(.nordlicht)

        try dropDemo()
        let second = try await temp.kontor("run", "--once", "--format", "json")
        let secondFiles = try JSONParser.parse(Array(second.stdout.utf8)).value["files"]?.arrayValue ?? []
        #expect(secondFiles.count == inputs.count)
        #expect(!secondFiles.contains { $0["status"] == "imported" }, "\(second)")
        // Every file of the second run is a duplicate: the bad file repeats a rejection
        // made under the same pipelines/ configuration, so it is not judged again.
        #expect(secondFiles.allSatisfy { $0["status"] == "duplicate" }, "\(second)")
        #expect(second.status == 0, "\(second)")
        #expect(try await temp.expenses(.acme) == acme)
        #expect(try await temp.expenses(.nordlicht) == nordlicht)
    }
}
