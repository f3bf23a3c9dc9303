import GRDB
import KontorCore

extension LedgerStore {
    /// When the daemon first saw schedule `id` for `business` (seconds since the epoch):
    /// recorded as `now` on first call, returned unchanged after.
    public func scheduleStart(_ id: String, business: BusinessID, now: Int64) throws(KontorError) -> Int64 {
        try write("remember schedule \(id)") { db in
            try db.execute(sql: """
                INSERT INTO report_schedule_start (schedule_id, business_id, started_at) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [id, business.rawValue, now])
            return try Int64.fetchOne(db, sql: "SELECT started_at FROM report_schedule_start WHERE schedule_id = ? AND business_id = ?",
                                      arguments: [id, business.rawValue]) ?? now
        }
    }

    /// The periods schedule `id` already packaged for `business`.
    public func reportRuns(_ id: String, business: BusinessID) throws(KontorError) -> Set<String> {
        try read("list report runs") { db in
            Set(try String.fetchAll(db, sql: "SELECT period FROM report_run WHERE schedule_id = ? AND business_id = ?",
                                    arguments: [id, business.rawValue]))
        }
    }

    /// Records a finished run. A second record of the same period is refused (false).
    @discardableResult
    public func recordReportRun(_ id: String, business: BusinessID, period: String, due: Int64, ran: Int64, package: String,
                                sha256: String) throws(KontorError) -> Bool {
        try write("record report run \(id) \(period)") { db in
            try db.execute(sql: """
                INSERT INTO report_run (schedule_id, business_id, period, due_at, ran_at, package, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [id, business.rawValue, period, due, ran, package, sha256])
            return db.changesCount == 1
        }
    }

    /// Every recorded run of `business`: (schedule, period, package), by schedule and due time.
    public func reportRunList(business: BusinessID) throws(KontorError) -> [(schedule: String, period: String, package: String)] {
        try read("list report runs") { db in
            try Row.fetchAll(db, sql: "SELECT schedule_id, period, package FROM report_run WHERE business_id = ? ORDER BY schedule_id, due_at",
                             arguments: [business.rawValue]).map { ($0[0], $0[1], $0[2]) }
        }
    }
}
