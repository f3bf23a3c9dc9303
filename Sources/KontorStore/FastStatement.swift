import GRDB
import GRDBSQLite
import KontorCore

/// A prepared statement driven through the SQLite C API, for the few inserts that run
/// once per imported row. GRDB prepares and owns the statement (and finalizes it); this
/// binds and steps it directly, skipping GRDB's per-call argument boxing and queue checks,
/// which cost more than SQLite's own work on a 100,000-row import.
///
/// Only for use inside the `Database` access that created it (one write transaction).
struct FastStatement {
    private let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }
    private let sql: String

    init(_ sql: String, in db: Database) throws {
        statement = try db.makeStatement(sql: sql)
        self.sql = sql
    }

    /// A value for one `?` parameter.
    enum Value {
        case int(Int64)
        case text(String)
        case null

        /// Text, or NULL when absent.
        static func optional(_ text: String?) -> Value { text.map { .text($0) } ?? .null }
    }

    /// Binds `values` to the parameters in order and runs the statement to completion.
    func execute(_ values: Value...) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Binds `values` and returns the first row's integer columns, or nil when there is
    /// no row (NULL columns come back as nil).
    func firstRow(_ values: Value..., columns: Int32) throws -> [Int64?]? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw failure(code) }
        return (0..<columns).map { column in
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }
    }

    private func bind(_ values: [Value]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .int(let number): code = sqlite3_bind_int64(handle, index, number)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(let text):
                code = text.utf8.withContiguousStorageIfAvailable { bytes in
                    sqlite3_bind_text(handle, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                      Int32(bytes.count), FastStatement.transient)
                } ?? text.withCString { sqlite3_bind_text(handle, index, $0, -1, FastStatement.transient) }
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(code)"
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// SQLite copies the bound bytes (the Swift string's storage may move).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
