import Foundation
import KontorCore
@testable import KontorStore
import Testing

/// The balance check that replaces the schema's insert triggers while an import batch
/// runs (docs/decisions/ledger-balance-per-batch.md). Each test writes past
/// `LedgerBatch.post` on the batch's own connection, as a bug in batch code could, and
/// expects the whole file refused and the triggers on again afterwards.
@Suite struct LedgerBatchBalanceTests {
    let business = BusinessID("acme")!
    let office = AccountPath("Expenses:Office")!
    let bank = AccountPath("Assets:Bank:Checking")!

    func temporaryDatabase() throws -> LedgerStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-balance-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try LedgerStore.open(path: directory + "/kontor.sqlite")
        try store.register(business: business, name: "Acme", baseCurrency: .EUR)
        return store
    }

    func arrival(_ name: String, digest: String) -> FileArrival {
        FileArrival(business: business, digest: FileDigest(hex: String(repeating: digest, count: 64)), name: name,
                    channel: .expenses, size: 10, receivedAt: "2026-11-26T00:00:00Z", spoolPath: "/spool/\(name)")
    }

    func expense(_ cents: Int64, id: String) throws -> ExpenseEntry {
        let date = LocalDate(year: 2026, month: 11, day: 20)!
        let amount = Money(minorUnits: cents, currency: .EUR)
        let record = ExpenseRecord(position: SourcePosition(line: 2), date: date, amount: amount, vendor: "Acme", category: "office")
        let transaction = try LedgerTransaction(date: date, description: "x", recordID: id,
                                                postings: [Posting(office, amount), Posting(bank, amount.negated)])
        return ExpenseEntry(record: record, category: CategoryKey("office"), vendorName: "Acme", vendorKey: "acme",
                            paymentAccount: "bank", transaction: transaction)
    }

    func plan(_ id: Int64) -> FilePlan { FilePlan(finalPath: "/archive/\(id)", receiptPath: "/receipts/\(id).json") }

    /// A store with one file imported (transaction 1, postings 1 and 2).
    func storeWithOneFile() throws -> LedgerStore {
        let store = try temporaryDatabase()
        _ = try store.importFile(arrival("a.csv", digest: "a"), format: "expense-csv", plan: plan) { batch in
            try batch.post(try expense(100, id: "r1"))
        } outputs: { _, _ in [] }
        return store
    }

    /// Imports `b.csv`: posts `r2` (transaction 2) properly, then runs `sql` on the batch's
    /// connection. Returns the error the import failed with.
    func importTampered(_ store: LedgerStore, _ sql: String) -> KontorError? {
        do throws(KontorError) {
            _ = try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
                #expect(!batch.triggersOn, "the batch runs with the connection's triggers off")
                try batch.post(try expense(250, id: "r2"))
                try batch.executeRaw(sql)
            } outputs: { _, _ in [OutboxItem(path: "/x", content: [1])] }
            return nil
        } catch {
            return error
        }
    }

    /// Nothing of `b.csv` was kept, the ledger still holds only `a.csv`'s transaction, and
    /// Kontor's connection refuses to change a posting again (its triggers are back on).
    func expectNothingKept(_ store: LedgerStore) throws {
        #expect(try store.importedFile(business: business, digest: FileDigest(hex: String(repeating: "b", count: 64))) == nil)
        #expect(try store.expenses(ExpenseQuery(business: business)).map(\.amount.minorUnits) == [100])
        #expect(try store.unfinishedFiles().map(\.name) == ["a.csv"])
        try expectTriggersOn(store)
    }

    func expectTriggersOn(_ store: LedgerStore) throws {
        #expect(store.writerTriggersOn())
        let edit = #expect(throws: KontorError.self) { try store.executeRaw("UPDATE posting SET amount = amount + 1") }
        #expect(edit?.message.contains("cannot change") == true, "\(String(describing: edit))")
        let added = #expect(throws: KontorError.self) {
            try store.executeRaw("INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (1, 1, 0, 'EUR')")
        }
        #expect(added?.message.contains("cannot change") == true, "\(String(describing: added))")
    }

    func expectUnbalanced(_ error: KontorError?, _ cause: String) {
        #expect(error?.code == .internal)
        #expect(error?.message == "refused to commit an unbalanced transaction", "\(String(describing: error))")
        #expect(error?.cause?.contains(cause) == true, "\(String(describing: error?.cause))")
    }

    @Test func aBalancedBatchCommitsAndTurnsTheTriggersBackOn() throws {
        let store = try storeWithOneFile()
        try expectTriggersOn(store)
        let (file, _) = try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
            try batch.post(try expense(250, id: "r2"))
            // A multi-currency transaction written by hand, balanced in each currency.
            try batch.executeRaw("""
                INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (3, 1, 100, 'EUR'), (3, 2, -100, 'EUR'),
                    (3, 1, 7, 'USD'), (3, 2, -7, 'USD');
                INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                    VALUES (3, 'acme', '2026-11-20', 'fx', 'fx-1', 2);
                """)
        } outputs: { _, _ in [] }
        #expect(file.postedCount == 1)
        #expect(try store.expenses(ExpenseQuery(business: business)).map(\.amount.minorUnits).sorted() == [100, 250])
        try expectTriggersOn(store)
    }

    @Test func anUnbalancedTransactionRefusesTheWholeFile() throws {
        let store = try storeWithOneFile()
        let error = importTampered(store, """
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (3, 1, 100, 'EUR'), (3, 2, -90, 'EUR');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                VALUES (3, 'acme', '2026-11-20', 'x', 'bad', 2);
            """)
        expectUnbalanced(error, "transaction 3 sum to 10 in EUR")
        try expectNothingKept(store)
    }

    @Test func currenciesDoNotOffsetEachOther() throws {
        let store = try storeWithOneFile()
        let error = importTampered(store, """
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (3, 1, 100, 'EUR'), (3, 2, -100, 'USD');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                VALUES (3, 'acme', '2026-11-20', 'x', 'bad', 2);
            """)
        expectUnbalanced(error, "transaction 3 sum to 100 in EUR")
        try expectNothingKept(store)
    }

    @Test func aTransactionNeedsTwoPostings() throws {
        let store = try storeWithOneFile()
        let one = importTampered(store, """
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (3, 1, 0, 'EUR');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                VALUES (3, 'acme', '2026-11-20', 'x', 'one', 2);
            """)
        expectUnbalanced(one, "transaction 3 has fewer than two postings")
        try expectNothingKept(store)
        let none = importTampered(store, """
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                VALUES (3, 'acme', '2026-11-20', 'x', 'none', 2);
            """)
        expectUnbalanced(none, "transaction 3 has fewer than two postings")
        try expectNothingKept(store)
    }

    /// Postings that balance among themselves but join a transaction recorded by an
    /// earlier file: the per-posting trigger refuses them; the check must too.
    @Test func aPostingAddedToAnOlderTransactionIsRefused() throws {
        let store = try storeWithOneFile()
        let error = importTampered(store, """
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (1, 1, 5, 'EUR'), (1, 2, -5, 'EUR');
            """)
        expectUnbalanced(error, "transaction 1, recorded before this file")
        try expectNothingKept(store)
    }

    /// The same within the file: postings added to a transaction of this file after its
    /// row was written (and after the next transaction started).
    @Test func aPostingAddedLaterToATransactionOfTheSameFileIsRefused() throws {
        let store = try storeWithOneFile()
        let error = importTampered(store, """
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (3, 1, 1, 'EUR'), (3, 2, -1, 'EUR');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                VALUES (3, 'acme', '2026-11-20', 'x', 'three', 2);
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (2, 1, 5, 'EUR'), (2, 2, -5, 'EUR');
            """)
        expectUnbalanced(error, "added to transaction 2 after its postings were complete")
        try expectNothingKept(store)
    }

    /// A posting whose transaction row never comes: the deferred foreign key would refuse
    /// it at COMMIT; the check refuses it first, as an unbalanced entry.
    @Test func aPostingWithoutItsTransactionIsRefused() throws {
        let store = try storeWithOneFile()
        let error = importTampered(store, """
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (9, 1, 5, 'EUR'), (9, 2, -5, 'EUR');
            """)
        expectUnbalanced(error, "transaction 9")
        try expectNothingKept(store)
    }

    @Test func aFailingBatchTurnsTheTriggersBackOn() throws {
        let store = try storeWithOneFile()
        #expect(throws: KontorError.self) {
            try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
                try batch.post(try expense(250, id: "r2"))
                throw KontorError(.badInput, "line 3 is bad")
            } outputs: { _, _ in [] }
        }
        try expectNothingKept(store)
    }

    /// An archive's members are batches in savepoints of the archive's transaction: a
    /// member that does not balance is refused alone, the others are kept.
    @Test func anArchiveMemberThatDoesNotBalanceIsRefusedAlone() throws {
        let store = try storeWithOneFile()
        let member = arrival("m.csv", digest: "d")
        let (_, refused) = try store.importArchive(arrival("x.zip", digest: "c"), format: "zip", plan: plan) { session in
            _ = try session.importFile(arrival("ok.csv", digest: "e"), format: "expense-csv", plan: plan) { batch in
                try batch.post(try expense(300, id: "r3"))
            } outputs: { _, _ in [] }
            do throws(KontorError) {
                _ = try session.importFile(member, format: "expense-csv", plan: plan) { batch in
                    try batch.post(try expense(400, id: "r4"))
                    try batch.executeRaw("INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (1, 1, 5, 'EUR')")
                } outputs: { _, _ in [] }
                return nil as KontorError?
            } catch {
                return error
            }
        } outputs: { _, _ in [] }
        expectUnbalanced(refused, "transaction 1, recorded before this file")
        #expect(try store.expenses(ExpenseQuery(business: business)).map(\.amount.minorUnits).sorted() == [100, 300])
        try expectTriggersOn(store)
    }

    /// Posts r1 (posted by a.csv before), r2, r2 again (a second real record with the same
    /// id) and r1 again into b.csv, and returns the outcomes and the stored record ids.
    func repeatsInOneFile(_ store: LedgerStore, triggersOn: Bool) throws -> (outcomes: [String], records: [String]) {
        var outcomes: [String] = []
        _ = try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
            #expect(batch.triggersOn == triggersOn)
            for (cents, id) in [(100, "r1"), (250, "r2"), (250, "r2"), (100, "r1")] as [(Int64, String)] {
                switch try batch.post(try expense(cents, id: id)) {
                case .posted: outcomes.append("posted \(id)")
                case .alreadyPosted(let transaction): outcomes.append("\(id) is \(transaction)")
                }
            }
        } outputs: { _, _ in [] }
        let records = try store.readRaw("SELECT record_id FROM ledger_transaction WHERE file_id = 2 ORDER BY id")
        return (outcomes, records)
    }

    /// With the triggers off, a transaction's row is written before its postings and its
    /// insert doubles as the record-id lookup; with them on (a ledger whose posting ids
    /// come near the largest rowid), the postings go first and the lookup is a query. Both
    /// orders give the same outcomes: the first r1 is a duplicate of a.csv's, the second r2
    /// is a new record stored as r2#2, and the second r1 is a new one too (r1#2).
    @Test func bothWriteOrdersTellRepeatsAndDuplicatesApart() throws {
        let expected = ["r1 is 1", "posted r2", "posted r2", "posted r1"]
        let bulk = try storeWithOneFile()
        let off = try repeatsInOneFile(bulk, triggersOn: false)
        #expect(off.outcomes == expected)
        #expect(off.records == ["r2", "r2#2", "r1#2"])
        try expectTriggersOn(bulk)

        let nearTheEnd = try storeWithOneFile()
        let high = Int64.max - (1 << 40)
        try nearTheEnd.executeRaw("""
            INSERT INTO posting (id, transaction_id, account_id, amount, currency) VALUES (\(high - 1), 90, 1, 5, 'EUR'), (\(high), 90, 2, -5, 'EUR');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id) VALUES (90, 'acme', '2026-11-20', 'x', 'high', 1);
            """)
        let on = try repeatsInOneFile(nearTheEnd, triggersOn: true)
        #expect(on.outcomes == expected)
        #expect(on.records == ["r2", "r2#2", "r1#2"])
        #expect(try nearTheEnd.readRaw("SELECT CAST(count(*) AS TEXT) FROM posting WHERE id > \(high)") == ["6"])
        try expectTriggersOn(nearTheEnd)
    }

    /// Transaction ids are never reused: a ledger whose last id is the largest Int64 refuses
    /// the next file with an error instead of trapping on the overflow.
    @Test func aLedgerWithoutTransactionIDsLeftRefusesTheFile() throws {
        let store = try storeWithOneFile()
        try store.executeRaw("""
            INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (\(Int64.max), 1, 5, 'EUR'), (\(Int64.max), 2, -5, 'EUR');
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id)
                VALUES (\(Int64.max), 'acme', '2026-11-20', 'x', 'last', 1);
            """)
        let error = #expect(throws: KontorError.self) {
            try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
                try batch.post(try expense(250, id: "r2"))
            } outputs: { _, _ in [] }
        }
        #expect(error?.message == "the ledger has used every transaction id", "\(String(describing: error))")
        try expectTriggersOn(store)
    }

    /// Postings and expense rows wait to be written in groups of 32 records
    /// (`PendingRows`); anything that reads through the batch's database sees them all.
    @Test func rowsWaitingForTheirGroupAreWrittenBeforeAnyRead() throws {
        let store = try storeWithOneFile()
        _ = try store.importFile(arrival("b.csv", digest: "b"), format: "expense-csv", plan: plan) { batch in
            for index in 0..<40 { try batch.post(try expense(100 + Int64(index), id: "g\(index)")) }
            try batch.executeRaw("CREATE TABLE counted AS SELECT (SELECT count(*) FROM expense) AS expenses, (SELECT count(*) FROM posting) AS postings")
        } outputs: { _, _ in [] }
        #expect(try store.readRaw("SELECT expenses || ' ' || postings FROM counted") == ["41 82"])
        #expect(try store.expenses(ExpenseQuery(business: business)).count == 41)
    }
}
