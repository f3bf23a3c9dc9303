import Foundation
import KontorCore
import KontorStore
import Testing

@Suite struct LedgerStoreTests {
    let business = BusinessID("acme")!
    let office = AccountPath("Expenses:Office")!
    let bank = AccountPath("Assets:Bank:Checking")!

    func temporaryDatabase() throws -> (String, LedgerStore) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/kontor.sqlite"
        let store = try LedgerStore.open(path: path)
        try store.register(business: business, name: "Acme", baseCurrency: .EUR)
        return (path, store)
    }

    func arrival(_ name: String, digest: String) -> FileArrival {
        FileArrival(business: business, digest: FileDigest(hex: String(repeating: digest, count: 64)), name: name,
                    channel: .expenses, size: 10, receivedAt: "2026-11-26T00:00:00Z", spoolPath: "/spool/\(name)")
    }

    func expense(_ cents: Int64, id: String, line: Int) throws -> ExpenseEntry {
        let date = LocalDate(year: 2026, month: 11, day: 20)!
        let amount = Money(minorUnits: cents, currency: .EUR)
        let record = ExpenseRecord(position: SourcePosition(line: line), date: date, amount: amount, vendor: "Acme", category: "office")
        let transaction = try LedgerTransaction(date: date, description: "x", recordID: id,
                                                postings: [Posting(office, amount), Posting(bank, amount.negated)])
        return ExpenseEntry(record: record, category: CategoryKey("office"), vendorName: "Acme", vendorKey: "acme",
                            paymentAccount: "bank", transaction: transaction)
    }

    func plan(_ id: Int64) -> FilePlan { FilePlan(finalPath: "/archive/\(id)", receiptPath: "/receipts/\(id).json") }

    @Test func postsEachRecordIdOnceAndKeepsRepeatsWithinAFile() throws {
        let (_, store) = try temporaryDatabase()
        let (first, outcomes) = try store.importFile(arrival("a.csv", digest: "a"), format: "expense-csv", plan: plan) { batch in
            [try batch.post(try expense(100, id: "r1", line: 2)), try batch.post(try expense(100, id: "r1", line: 3)),
             try batch.post(try expense(250, id: "r2", line: 4))]
        } outputs: { _, _ in [] }
        #expect(first.postedCount == 3)
        #expect(outcomes.allSatisfy { if case .posted = $0 { true } else { false } })

        let (second, again) = try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
            [try batch.post(try expense(100, id: "r1", line: 2)), try batch.post(try expense(100, id: "r1", line: 3)),
             try batch.post(try expense(100, id: "r1", line: 4))]
        } outputs: { _, _ in [] }
        #expect(second.postedCount == 1, "the third occurrence of r1 is new")
        #expect(second.skippedCount == 2)
        #expect(again.prefix(2).allSatisfy { if case .alreadyPosted = $0 { true } else { false } })
        #expect(try store.expenses(ExpenseQuery(business: business)).count == 4)
    }

    @Test func aFailingImportLeavesNothing() throws {
        let (_, store) = try temporaryDatabase()
        #expect(throws: KontorError.self) {
            try store.importFile(arrival("bad.csv", digest: "c"), format: "expense-csv", plan: plan) { batch in
                try batch.post(try expense(100, id: "r1", line: 2))
                throw KontorError(.badInput, "line 3 is bad")
            } outputs: { _, _ in [OutboxItem(path: "/x", content: [1])] }
        }
        #expect(try store.expenses(ExpenseQuery(business: business)).isEmpty)
        #expect(try store.unfinishedFiles().isEmpty)
        #expect(try store.importedFile(business: business, digest: FileDigest(hex: String(repeating: "c", count: 64))) == nil)
    }

    @Test func theDatabaseRefusesUnbalancedEntriesFromAnyWriter() throws {
        let (path, store) = try temporaryDatabase()
        _ = try store.importFile(arrival("a.csv", digest: "a"), format: "expense-csv", plan: plan) { batch in
            try batch.post(try expense(100, id: "r1", line: 2))
        } outputs: { _, _ in [] }
        let unbalanced = try sqlite(path, """
            PRAGMA foreign_keys = ON; BEGIN;
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (99, 1, 100, 'EUR');
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (99, 2, -90, 'EUR');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id) VALUES (99, 'acme', '2026-11-20', 'x', 'x');
            COMMIT;
            """)
        #expect(unbalanced.contains("unbalanced transaction"))
        let orphan = try sqlite(path, """
            PRAGMA foreign_keys = ON; BEGIN;
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (98, 1, 100, 'EUR');
            COMMIT;
            """)
        #expect(orphan.contains("FOREIGN KEY constraint failed"))
        let edit = try sqlite(path, "UPDATE posting SET amount = 1;")
        #expect(edit.contains("cannot change"))
        let added = try sqlite(path, "INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (1, 1, 5, 'EUR');")
        #expect(added.contains("cannot change"))
        let sums = try sqlite(path, "SELECT count(*) FROM posting; SELECT count(*) FROM (SELECT transaction_id FROM posting GROUP BY transaction_id, currency HAVING sum(amount) <> 0);")
        #expect(sums == "2\n0\n")
    }

    /// The batch binds texts from one buffer it reuses row to row and grows for a long
    /// text: every text must come back exactly, whether empty, short, multibyte, longer than
    /// the buffer, or short again after it grew.
    @Test func textsSurviveTheReusedBindBuffer() throws {
        let (_, store) = try temporaryDatabase()
        let long = String(repeating: "Bürobedarf für das Büro, Quittung Nr. 4711 — ", count: 400)
        let descriptions = ["", "x", "Kaffee ☕︎ für 12 €", long, "kurz", String(repeating: "€", count: 5000), ""]
        let date = LocalDate(year: 2026, month: 11, day: 20)!
        _ = try store.importFile(arrival("texts.csv", digest: "d"), format: "expense-csv", plan: plan) { batch in
            for (offset, description) in descriptions.enumerated() {
                let amount = Money(minorUnits: Int64(100 + offset), currency: .EUR)
                let record = ExpenseRecord(position: SourcePosition(line: offset + 2), date: date, amount: amount, vendor: "Acme",
                                           category: "office", description: description,
                                           receiptReference: offset == 3 ? long : nil)
                let transaction = try LedgerTransaction(date: date, description: description, recordID: "t\(offset)-\(description.count)",
                                                        postings: [Posting(office, amount), Posting(bank, amount.negated)])
                try batch.post(ExpenseEntry(record: record, category: CategoryKey("office"), vendorName: "Acme", vendorKey: "acme",
                                            paymentAccount: "bank", transaction: transaction))
            }
        } outputs: { _, _ in [] }
        let rows = try store.expenses(ExpenseQuery(business: business)).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        #expect(rows.map(\.description) == descriptions)
        #expect(rows.map(\.receipt) == descriptions.indices.map { $0 == 3 ? long : nil })
        #expect(rows.allSatisfy { $0.vendor == "Acme" && $0.paymentAccount == "bank" })
    }

    /// Runs the sqlite3 shell on the database and returns what it printed (stdout+stderr).
    func sqlite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `--min`/`--max` compare exactly, whatever decimals the bound has, and a bad bound is
    /// a usage error even when no expense would be compared with it.
    @Test func amountBoundsCompareExactly() throws {
        let (_, store) = try temporaryDatabase()
        let (_, _) = try store.importFile(arrival("a.csv", digest: "a"), format: "expense-csv", plan: plan) { batch in
            [try batch.post(try expense(9_999, id: "r1", line: 2)), try batch.post(try expense(10_000, id: "r2", line: 3)),
             try batch.post(try expense(-50_000, id: "r3", line: 4))]
        } outputs: { _, _ in [] }
        func amounts(min: String? = nil, max: String? = nil) throws -> [Int64] {
            var query = ExpenseQuery(business: business)
            query.minimum = min
            query.maximum = max
            return try store.expenses(query).map(\.amount.minorUnits).sorted()
        }
        #expect(try amounts(max: "99.999") == [-50_000, 9_999], "100.00 is above 99.999")
        #expect(try amounts(min: "99.991") == [10_000], "99.99 is below 99.991")
        #expect(try amounts(min: "99.99", max: "100") == [9_999, 10_000])
        #expect(try amounts(min: "0") == [9_999, 10_000], "a refund is below zero")
        #expect(try amounts(max: "-500.00") == [-50_000])
        for bad in ["ten", "99,50", "1.2.3", "", "-"] {
            let error = #expect(throws: KontorError.self) { try store.expenses({ var q = ExpenseQuery(business: business); q.minimum = bad; return q }()) }
            #expect(error?.code == .usage, "\(bad)")
        }
        var empty = ExpenseQuery(business: business)
        empty.from = LocalDate(year: 2030, month: 1, day: 1)
        empty.maximum = "ten"
        #expect(throws: KontorError.self) { try store.expenses(empty) }
    }
}
