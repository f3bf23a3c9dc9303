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
    /// The bytes of the bound texts, reused from row to row (see ``bind(_:)``).
    private let texts = TextBuffer()

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
    /// Returns how many rows it inserted, changed or deleted (0 for an `INSERT` that
    /// `ON CONFLICT DO NOTHING` skipped).
    @discardableResult
    func execute(_ values: Value...) throws -> Int {
        try execute(all: values[...])
    }

    /// ``execute(_:)`` with the values in a slice of an array (a multi-row `INSERT`).
    @discardableResult
    func execute(all values: ArraySlice<Value>) throws -> Int {
        defer { unbind() }
        try bind(values)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
        return Int(sqlite3_changes(sqlite3_db_handle(handle)))
    }

    /// Binds `values` and returns the first row's integer columns, or nil when there is
    /// no row (NULL columns come back as nil).
    func firstRow(_ values: Value..., columns: Int32) throws -> [Int64?]? {
        defer { unbind() }
        try bind(values[...])
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw failure(code) }
        return (0..<columns).map { column in
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }
    }

    /// Binds the values in order. Texts are copied into one buffer owned by this statement
    /// and bound without a further copy (`SQLITE_STATIC`): one `memcpy` per text instead of
    /// SQLite's `malloc` + copy + `free` for each. The buffer is sized before the first copy,
    /// so it does not move while the statement runs; ``unbind()`` clears the bindings before
    /// the buffer may be reused or freed.
    private func bind(_ values: ArraySlice<Value>) throws {
        var needed = 0
        for case .text(let text) in values { needed += text.utf8.count }
        let base = texts.reserve(needed)
        var offset = 0
        for (position, value) in values.enumerated() {
            let index = Int32(position + 1)
            let code: Int32
            switch value {
            case .int(let number): code = sqlite3_bind_int64(handle, index, number)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(var text):
                let start = base + offset
                let count = text.withUTF8 { bytes -> Int in
                    guard offset + bytes.count <= needed else { return -1 }
                    if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
                    return bytes.count
                }
                guard count >= 0 else { throw KontorError(.internal, "a bound text changed length while binding \(sql)") }
                offset += count
                code = sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil)
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Resets the statement and drops its bindings, so no binding points into the buffer
    /// once the call that bound it has returned.
    private func unbind() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(code)"
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}

/// A growable byte buffer that outlives every binding made from it (bindings are cleared
/// after each statement run, see ``FastStatement``).
private final class TextBuffer {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int

    init() {
        capacity = 4096
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
    }

    /// The start of at least `count` bytes; earlier contents are not kept.
    func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
        }
        return base
    }

    deinit { base.deallocate() }
}
