import Foundation
import KontorCore

/// What `var/kontor.sqlite` holds, read with the `sqlite3` command-line tool (read-only),
/// not through Kontor's own store: the crash checks must not trust the code they test.
struct LedgerSnapshot {
    /// One `input_file` row with the counts of what it posted.
    struct FileRow {
        var id: Int64
        var business: String
        var name: String
        var status: String
        var finished: Bool
        var postedCount: Int
        var expenses: Int
        var transactions: Int
        var spoolPath: String
        var finalPath: String
        var receiptPath: String
    }

    var files: [FileRow] = []
    /// `(business, record_id, count)` for every record id posted more than once.
    var doublePosted: [String] = []
    /// Transactions whose postings do not sum to zero in some currency, or that have
    /// fewer than two postings.
    var unbalanced: [String] = []
    var orphanPostings = 0
    /// `outbox_item` rows: file id and path of each output still to be written.
    var pendingOutputs: [(fileID: Int64, path: String)] = []
    var integrity = ""
    /// Every posted expense as one comparable line (business, record id, date, amount,
    /// currency, category, vendor, description, source file and line).
    var expenses: [String] = []

    /// Reads the ledger of `workspace`. A missing or half-created database (a kill before
    /// the first migration committed) reads as empty.
    static func read(workspace root: String, scratch: String) throws -> LedgerSnapshot {
        var snapshot = LedgerSnapshot()
        let original = root + "/var/kontor.sqlite"
        guard FileManager.default.fileExists(atPath: original) else { return snapshot }
        // A copy of the database and its WAL: after a kill, SQLite must replay the WAL,
        // which a read-only connection cannot do, and the original stays as the kill left
        // it for Kontor's own recovery.
        let copy = scratch + "/inspect-\(UUID().uuidString)"
        try DurableFile.makeDirectory(copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let database = copy + "/kontor.sqlite"
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: original + suffix) {
            try FileManager.default.copyItem(atPath: original + suffix, toPath: database + suffix)
        }
        let sql = """
            SELECT 'integrity', * FROM pragma_integrity_check;
            SELECT 'file', f.id, f.business_id, f.name, f.status, f.finished, f.posted_count,
                   (SELECT count(*) FROM expense e WHERE e.file_id = f.id),
                   (SELECT count(*) FROM ledger_transaction t WHERE t.file_id = f.id),
                   f.spool_path, f.final_path, f.receipt_path
              FROM input_file f ORDER BY f.id;
            SELECT 'dup', business_id, record_id, count(*) FROM ledger_transaction GROUP BY business_id, record_id HAVING count(*) > 1;
            SELECT 'unbalanced', t.id, p.currency, sum(p.amount) FROM ledger_transaction t
              JOIN posting p ON p.transaction_id = t.id GROUP BY t.id, p.currency HAVING sum(p.amount) <> 0;
            SELECT 'unbalanced', t.id, 'postings', count(p.id) FROM ledger_transaction t
              LEFT JOIN posting p ON p.transaction_id = t.id GROUP BY t.id HAVING count(p.id) < 2;
            SELECT 'orphan', count(*) FROM posting p WHERE NOT EXISTS (SELECT 1 FROM ledger_transaction t WHERE t.id = p.transaction_id);
            SELECT 'pending', file_id, path FROM outbox_item ORDER BY id;
            SELECT 'expense', e.business_id, t.record_id, e.date, e.amount, e.currency, e.category, v.name,
                   e.description, f.name, e.line
              FROM expense e JOIN ledger_transaction t ON t.id = e.transaction_id
              JOIN vendor v ON v.id = e.vendor_id JOIN input_file f ON f.id = e.file_id;
            """
        guard let sqlite3 = Subprocess.which("sqlite3") else { throw CrashCheckError("sqlite3 is not installed (run `make deps`)") }
        let result = try Subprocess.run(sqlite3, ["-batch", "-noheader", "-separator", "\u{1F}",
                                                  database, sql], scratch: scratch)
        guard !result.signaled, result.status == 0 else {
            // "no such table": the kill came before the schema committed.
            if result.stderr.contains("no such table") { return snapshot }
            throw CrashCheckError("sqlite3 failed (\(result.summary)) on \(database): \(result.stderr)")
        }
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "integrity":
                snapshot.integrity = fields.dropFirst().joined(separator: " ")
            case "file" where fields.count == 12:
                snapshot.files.append(FileRow(
                    id: Int64(fields[1]) ?? -1, business: fields[2], name: fields[3], status: fields[4],
                    finished: fields[5] == "1", postedCount: Int(fields[6]) ?? -1, expenses: Int(fields[7]) ?? -1,
                    transactions: Int(fields[8]) ?? -1, spoolPath: fields[9], finalPath: fields[10], receiptPath: fields[11]))
            case "dup":
                snapshot.doublePosted.append(fields.dropFirst().joined(separator: " "))
            case "unbalanced":
                snapshot.unbalanced.append(fields.dropFirst().joined(separator: " "))
            case "orphan":
                snapshot.orphanPostings = Int(fields[1]) ?? -1
            case "pending" where fields.count == 3:
                snapshot.pendingOutputs.append((Int64(fields[1]) ?? -1, fields[2]))
            case "expense":
                snapshot.expenses.append(fields.dropFirst().joined(separator: " | "))
            default:
                throw CrashCheckError("unexpected sqlite3 output line: \(line)")
            }
        }
        snapshot.expenses.sort()
        return snapshot
    }
}

/// A failure of the crash-test machinery itself (not an invariant violation).
struct CrashCheckError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
