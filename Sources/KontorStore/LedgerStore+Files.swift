import Foundation
import GRDB
import KontorCore

extension LedgerStore {
    /// Registers a business (or updates its name and currency) so that rows may refer to it.
    public func register(business: BusinessID, name: String, baseCurrency: CurrencyCode) throws(KontorError) {
        try write("register business \(business)") { db in
            try db.execute(sql: """
                INSERT INTO business (id, name, base_currency) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_currency = excluded.base_currency
                """, arguments: [business.rawValue, name, baseCurrency.code])
        }
    }

    /// The file with these bytes that this business imported, if any.
    public func importedFile(business: BusinessID, digest: FileDigest) throws(KontorError) -> StoredFile? {
        try read("look up a file hash") { db in try StoredFile.imported(business: business, digest: digest, in: db) }
    }

    /// The file with these bytes that this business rejected under the same configuration,
    /// if any: judging it again would give the same answer.
    public func rejectedFile(business: BusinessID, digest: FileDigest, configuration: FileDigest) throws(KontorError) -> StoredFile? {
        try read("look up a rejected file hash") { db in
            try StoredFile.rejected(business: business, digest: digest, configuration: configuration, in: db)
        }
    }

    /// Files whose original or outputs were not yet put in place (a crash came between the
    /// commit and the end), oldest first.
    public func unfinishedFiles() throws(KontorError) -> [StoredFile] {
        try read("list unfinished files") { db in
            try StoredFile.fetchAll(db, sql: "SELECT * FROM input_file WHERE finished = 0 ORDER BY id")
        }
    }

    /// Every file of a business, newest first (for `kontor status`).
    public func files(business: BusinessID, limit: Int = 50) throws(KontorError) -> [StoredFile] {
        try read("list files") { db in
            try StoredFile.fetchAll(db, sql: "SELECT * FROM input_file WHERE business_id = ? ORDER BY id DESC LIMIT ?",
                                    arguments: [business.rawValue, limit])
        }
    }

    /// Records a file that posts nothing — a duplicate of `duplicateOf`, or a rejected file
    /// with its error — together with its outputs, in one transaction.
    public func record(
        _ arrival: FileArrival, status: FileOutcome.Status, format: String?, duplicateOf: Int64? = nil,
        error: String? = nil, plan: (Int64) -> FilePlan, outputs: (StoredFile) -> [OutboxItem]
    ) throws(KontorError) -> StoredFile {
        try write("record \(arrival.name)") { db in
            let file = try insert(arrival, status: status, format: format, duplicateOf: duplicateOf, error: error, plan: plan, in: db)
            try enqueue(outputs(file), for: file.id, in: db)
            return file
        }
    }

    /// Imports a file in one transaction: registers it, lets `body` post its records
    /// through a ``LedgerBatch``, checks that everything posted balances, stores the counts
    /// and the outputs `outputs` derives from the result. If `body` throws, or the check
    /// fails, nothing of the file is kept.
    public func importFile<Result>(
        _ arrival: FileArrival, format: String, plan: (Int64) -> FilePlan,
        _ body: (LedgerBatch) throws -> Result,
        outputs: (StoredFile, Result) -> [OutboxItem]
    ) throws(KontorError) -> (StoredFile, Result) {
        try write("import \(arrival.name)") { db in
            var file = try insert(arrival, status: .imported, format: format, duplicateOf: nil, error: nil, plan: plan, in: db)
            let (batch, result) = try LedgerBatch.run(in: db, business: arrival.business, fileID: file.id, body)
            try db.execute(sql: "UPDATE input_file SET posted_count = ?, skipped_count = ? WHERE id = ?",
                           arguments: [batch.postedCount, batch.skippedCount, file.id])
            file.postedCount = batch.postedCount
            file.skippedCount = batch.skippedCount
            try enqueue(outputs(file, result), for: file.id, in: db)
            return (file, result)
        }
    }

    /// The outputs of a file still to be written.
    public func pendingOutputs(fileID: Int64) throws(KontorError) -> [OutboxItem] {
        try read("read pending outputs") { db in
            try Row.fetchAll(db, sql: "SELECT path, content FROM outbox_item WHERE file_id = ? ORDER BY id", arguments: [fileID])
                .map { OutboxItem(path: $0["path"], content: [UInt8]($0["content"] as Data)) }
        }
    }

    /// Marks a file finished once its original and outputs are in place, and drops its
    /// written outputs from the outbox table.
    public func markFinished(fileID: Int64) throws(KontorError) {
        try write("finish file \(fileID)") { db in
            try db.execute(sql: "DELETE FROM outbox_item WHERE file_id = ?", arguments: [fileID])
            try db.execute(sql: "UPDATE input_file SET finished = 1 WHERE id = ?", arguments: [fileID])
        }
    }

    func insert(
        _ arrival: FileArrival, status: FileOutcome.Status, format: String?, duplicateOf: Int64?, error: String?,
        plan: (Int64) -> FilePlan, in db: Database
    ) throws -> StoredFile {
        let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM input_file") ?? 0
        guard last < Int64.max else { throw KontorError(.internal, "the ledger has used every file id") }
        let id = last + 1
        let paths = plan(id)
        try db.execute(sql: """
            INSERT INTO input_file (id, business_id, sha256, name, channel, format, size, status, duplicate_of,
                                    received_at, spool_path, final_path, receipt_path, error, configuration_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, arrival.business.rawValue, arrival.digest.hex, arrival.name, arrival.channel.rawValue,
                             format, arrival.size, status.rawValue, duplicateOf, arrival.receivedAt,
                             arrival.spoolPath, paths.finalPath, paths.receiptPath, error, arrival.configurationDigest?.hex])
        guard let file = try StoredFile.fetchOne(db, sql: "SELECT * FROM input_file WHERE id = ?", arguments: [id]) else {
            throw KontorError(.internal, "the file row just written is missing")
        }
        return file
    }

    func enqueue(_ items: [OutboxItem], for fileID: Int64, in db: Database) throws {
        for item in items {
            try db.execute(sql: "INSERT INTO outbox_item (file_id, path, content) VALUES (?, ?, ?)",
                           arguments: [fileID, item.path, Data(item.content)])
        }
    }
}

extension StoredFile {
    /// The file with these bytes that this business imported, if any.
    static func imported(business: BusinessID, digest: FileDigest, in db: Database) throws -> StoredFile? {
        try StoredFile.fetchOne(db, sql: """
            SELECT * FROM input_file WHERE business_id = ? AND sha256 = ? AND status = 'imported'
            """, arguments: [business.rawValue, digest.hex])
    }

    /// The first rejection of these bytes under this configuration, if any.
    static func rejected(business: BusinessID, digest: FileDigest, configuration: FileDigest, in db: Database) throws -> StoredFile? {
        try StoredFile.fetchOne(db, sql: """
            SELECT * FROM input_file WHERE business_id = ? AND sha256 = ? AND status = 'rejected' AND configuration_sha256 = ?
            ORDER BY id LIMIT 1
            """, arguments: [business.rawValue, digest.hex, configuration.hex])
    }
}
