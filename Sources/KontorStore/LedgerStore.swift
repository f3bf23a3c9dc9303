import CSQLiteTuning
import GRDB
import KontorCore

/// The ledger: one SQLite database per workspace, opened through GRDB on the system
/// libsqlite3 (STYLE.md 11). Each public method is one invariant-preserving transaction.
///
/// Durability: WAL with `synchronous=FULL`, checked at start-up (NORMAL may lose the last
/// commits on power loss). Foreign keys are on. An unbalanced transaction cannot commit:
/// for any writer, triggers in the schema refuse it row by row (see
/// ``LedgerStore/migrator``); while an import batch runs, Kontor's own connection turns
/// those triggers off and checks everything the batch posted at once before the file's
/// transaction commits (``LedgerBatch/run(in:business:fileID:_:)``,
/// docs/decisions/ledger-balance-per-batch.md).
public struct LedgerStore: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and migrates it.
    public static func open(path: String) throws(KontorError) -> LedgerStore {
        _ = LedgerStore.processSettings
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            guard level == 2 else {
                throw KontorError(.io, "SQLite refused synchronous=FULL (got \(level.map(String.init) ?? "nothing"))")
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let store = LedgerStore(writer: pool)
            try store.migrate()
            return store
        } catch {
            throw LedgerStore.map(error, doing: "open the ledger at \(path)")
        }
    }

    /// An in-memory store for tests of queries (same schema and triggers).
    public static func inMemory() throws(KontorError) -> LedgerStore {
        _ = LedgerStore.processSettings
        do {
            let queue = try DatabaseQueue()
            let store = LedgerStore(writer: queue)
            try store.migrate()
            return store
        } catch {
            throw LedgerStore.map(error, doing: "create an in-memory ledger")
        }
    }

    func migrate() throws {
        try LedgerStore.migrator.migrate(writer)
    }

    /// Runs `body` in one write transaction, turning database errors into ``KontorError``.
    func write<T>(_ doing: String, _ body: (Database) throws -> T) throws(KontorError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw LedgerStore.map(error, doing: doing)
        }
    }

    func read<T>(_ doing: String, _ body: (Database) throws -> T) throws(KontorError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw LedgerStore.map(error, doing: doing)
        }
    }

    static func map(_ error: any Error, doing: String) -> KontorError {
        if let error = error as? KontorError { return error }
        if let error = error as? DatabaseError {
            if error.message == LedgerStore.unbalancedMessage { return unbalanced(error.description) }
            return KontorError(.io, "the ledger database failed to \(doing): \(error.message ?? "\(error.resultCode)")",
                               hint: "check the disk and var/kontor.sqlite; the log has the detail", cause: error.description)
        }
        return KontorError(.internal, "internal error while trying to \(doing)", cause: String(describing: error))
    }

    static let unbalancedMessage = "unbalanced transaction"

    /// Applied once, before the first connection: multi-thread mode (GRDB serializes each
    /// connection) and no memory statistics (a global mutex per allocation). SQLite refuses
    /// them once initialized (SQLITE_MISUSE); that only costs speed, so it is ignored.
    static let processSettings: Int32 = kontor_sqlite_configure()
}
