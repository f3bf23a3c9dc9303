import Foundation
import GRDB
import KontorCore

/// The approval requests of one business inside one write transaction: hold an item,
/// record a decision's token, its event and the new state. Reached through
/// ``LedgerBatch/approvals`` (with a file) or ``LedgerStore/reviewApprovals(_:)``.
public final class ApprovalBook {
    let db: Database
    let business: BusinessID
    /// The input file of the transaction, if any (a review has none).
    let fileID: Int64?

    init(db: Database, business: BusinessID, fileID: Int64?) {
        self.db = db
        self.business = business
        self.fileID = fileID
    }

    /// True when `recordID` is already held for approval or posted in the ledger.
    public func isKnown(recordID: String) throws(KontorError) -> Bool {
        try run("look up record \(recordID)") {
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM approval_request WHERE business_id = ?1 AND record_id = ?2)
                    OR EXISTS (SELECT 1 FROM ledger_transaction WHERE business_id = ?1 AND record_id = ?2)
                """, arguments: [business.rawValue, recordID]) ?? false
        }
    }

    /// The next free request id with this prefix: `EXP-000001`, `EXP-000002`, …
    public func nextID(prefix: String) throws(KontorError) -> String {
        try run("number an approval request") {
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM approval_request WHERE business_id = ? AND id LIKE ?",
                                         arguments: [business.rawValue, prefix + "-%"]) ?? 0
            let number = String(count + 1)
            return prefix + "-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
        }
    }

    /// Stores a new request (its history starts with `first`).
    public func insert(_ request: StoredApproval, first: StoredApproval.Event) throws(KontorError) {
        guard let fileID else { throw KontorError(.internal, "a request can only be held by an input file") }
        try run("hold \(request.recordID) for approval") {
            try db.execute(sql: """
                INSERT INTO approval_request (business_id, id, kind, record_id, amount, currency, submitter, status, item, route,
                                              state, payload, created_at, waiting_since, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [business.rawValue, request.id, request.kind, request.recordID, request.amount.minorUnits,
                                 request.amount.currency.code, request.submitter, request.status, request.item, request.route,
                                 request.state, request.payload, request.createdAt, request.waitingSince, fileID])
        }
        try append(first, to: request.id)
    }

    /// A request with its history; nil when there is none with this id.
    public func request(_ id: String) throws(KontorError) -> StoredApproval? {
        try run("read approval request \(id)") { try LedgerStore.fetchApproval(business: business, id: id, in: db) }
    }

    /// Records that `jti` was used, in this transaction. False when it was used before.
    public func useToken(_ jti: String, request: String, user: String) throws(KontorError) -> Bool {
        guard let fileID else { throw KontorError(.internal, "a token can only come in a file") }
        return try run("record token \(jti)") {
            try db.execute(sql: """
                INSERT INTO approval_token (business_id, jti, request_id, user_id, file_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [business.rawValue, jti, request, user, fileID])
            return db.changesCount == 1
        }
    }

    /// Saves the request's new status, state and waiting time (and the transaction that
    /// posted it), and appends `event` to its history.
    public func update(_ request: StoredApproval, event: StoredApproval.Event) throws(KontorError) {
        try run("update approval request \(request.id)") {
            try db.execute(sql: """
                UPDATE approval_request SET status = ?, state = ?, waiting_since = ?, transaction_id = ?
                WHERE business_id = ? AND id = ?
                """, arguments: [request.status, request.state, request.waitingSince, request.transactionID, business.rawValue, request.id])
        }
        try append(event, to: request.id)
    }

    /// The requests still waiting, oldest first.
    public func waiting() throws(KontorError) -> [StoredApproval] {
        try run("list waiting approval requests") {
            try LedgerStore.fetchApprovals(business: business, status: "waiting", in: db)
        }
    }

    private func append(_ event: StoredApproval.Event, to id: String) throws(KontorError) {
        try run("record approval event") {
            try db.execute(sql: """
                INSERT INTO approval_event (business_id, request_id, event, at, user_id, tier, comment, jti, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [business.rawValue, id, event.event, event.at, event.user, event.tier, event.comment, event.tokenID, fileID])
        }
    }

    private func run<T>(_ doing: String, _ body: () throws -> T) throws(KontorError) -> T {
        do { return try body() } catch { throw LedgerStore.map(error, doing: doing) }
    }
}

extension LedgerBatch {
    /// The approval requests of this batch's business, in the file's transaction.
    public var approvals: ApprovalBook { ApprovalBook(db: db, business: business, fileID: fileID) }
}

extension LedgerStore {
    /// The approval requests of `business` (all, or with `status`), oldest first, with history.
    public func approvals(business: BusinessID, status: String? = nil) throws(KontorError) -> [StoredApproval] {
        try read("list approval requests") { db in try LedgerStore.fetchApprovals(business: business, status: status, in: db) }
    }

    /// One approval request with its history.
    public func approval(business: BusinessID, id: String) throws(KontorError) -> StoredApproval? {
        try read("read approval request \(id)") { db in try LedgerStore.fetchApproval(business: business, id: id, in: db) }
    }

    /// Runs `body` on the approval book of `business` in one write transaction with no
    /// input file (escalations and expiry on the clock); the outputs it returns are
    /// committed with it (the transactional outbox) and written by ``writeLooseOutputs``.
    public func reviewApprovals(business: BusinessID, _ body: (ApprovalBook) throws(KontorError) -> [OutboxItem]) throws(KontorError) {
        try write("review approval requests") { db in
            let items = try body(ApprovalBook(db: db, business: business, fileID: nil))
            for item in items {
                try db.execute(sql: "INSERT INTO outbox_item (file_id, path, content) VALUES (NULL, ?, ?)",
                               arguments: [item.path, Data(item.content)])
            }
        }
    }

    /// Outputs committed without an input file (by a review), in order, with their ids.
    public func looseOutputs() throws(KontorError) -> [(id: Int64, item: OutboxItem)] {
        try read("read pending outputs") { db in
            try Row.fetchAll(db, sql: "SELECT id, path, content FROM outbox_item WHERE file_id IS NULL ORDER BY id").map {
                (id: $0["id"], item: OutboxItem(path: $0["path"], content: [UInt8]($0["content"] as Data)))
            }
        }
    }

    /// Drops written loose outputs from the outbox table.
    public func removeLooseOutputs(_ ids: [Int64]) throws(KontorError) {
        guard !ids.isEmpty else { return }
        try write("finish outputs") { db in
            for id in ids { try db.execute(sql: "DELETE FROM outbox_item WHERE id = ? AND file_id IS NULL", arguments: [id]) }
        }
    }

    static func fetchApprovals(business: BusinessID, status: String?, in db: Database) throws -> [StoredApproval] {
        let ids = try String.fetchAll(db, sql: """
            SELECT id FROM approval_request WHERE business_id = ? AND (?2 IS NULL OR status = ?2) ORDER BY created_at, id
            """, arguments: [business.rawValue, status])
        return try ids.compactMap { try fetchApproval(business: business, id: $0, in: db) }
    }

    static func fetchApproval(business: BusinessID, id: String, in db: Database) throws -> StoredApproval? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM approval_request WHERE business_id = ? AND id = ?",
                                         arguments: [business.rawValue, id]) else { return nil }
        let history = try Row.fetchAll(db, sql: """
            SELECT event, at, user_id, tier, comment, jti FROM approval_event WHERE business_id = ? AND request_id = ? ORDER BY id
            """, arguments: [business.rawValue, id]).map {
            StoredApproval.Event(event: $0["event"], at: $0["at"], user: $0["user_id"], tier: $0["tier"], comment: $0["comment"],
                                 tokenID: $0["jti"])
        }
        return try StoredApproval(row: row, history: history)
    }
}
