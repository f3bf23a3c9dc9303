import GRDB
import KontorCore

/// What records input files: the store itself (each file in its own transaction) or an
/// ``ArchiveSession`` (each member of an archive in a savepoint of the archive's
/// transaction). The pipeline records a file the same way through either.
public protocol FileRecorder {
    /// The file with these bytes that this business imported, if any.
    func importedFile(business: BusinessID, digest: FileDigest) throws(KontorError) -> StoredFile?
    /// The file with these bytes that this business rejected under the same configuration, if any.
    func rejectedFile(business: BusinessID, digest: FileDigest, configuration: FileDigest) throws(KontorError) -> StoredFile?
    /// The categories earlier imports created for this business (as seen by this recorder:
    /// inside an archive, including those its earlier members created).
    func importedCategories(business: BusinessID) throws(KontorError) -> [ImportedCategory]
    /// Records a file that posts nothing (a duplicate or a rejected file) with its outputs.
    func record(_ arrival: FileArrival, status: FileOutcome.Status, format: String?, duplicateOf: Int64?,
                error: String?, plan: (Int64) -> FilePlan, outputs: (StoredFile) -> [OutboxItem]) throws(KontorError) -> StoredFile
    /// Imports a file: registers it, lets `body` post through a ``LedgerBatch``, stores the
    /// outputs. If `body` throws, nothing of the file is kept.
    func importFile<Result>(_ arrival: FileArrival, format: String, plan: (Int64) -> FilePlan,
                            _ body: (LedgerBatch) throws -> Result,
                            outputs: (StoredFile, Result) -> [OutboxItem]) throws(KontorError) -> (StoredFile, Result)
}

extension LedgerStore: FileRecorder {}

extension LedgerStore {
    /// Imports an archive and all its members in **one** transaction: the archive's own
    /// row is inserted first, `body` records each member through the ``ArchiveSession``
    /// (each in a savepoint, so a member that fails leaves nothing of itself but does not
    /// undo the others), then the archive's outputs are stored.
    ///
    /// One transaction makes an archive's members processed exactly once across a crash:
    /// before the commit nothing of the archive exists and it is read again from the
    /// spool; after it, every member's row and outputs exist and recovery only finishes
    /// them. If `body` throws (a hostile or damaged archive), nothing is kept.
    public func importArchive<Result>(
        _ arrival: FileArrival, format: String, plan: (Int64) -> FilePlan,
        _ body: (ArchiveSession) throws -> Result,
        outputs: (StoredFile, Result) -> [OutboxItem]
    ) throws(KontorError) -> (StoredFile, Result) {
        try write("import the archive \(arrival.name)") { db in
            let file = try insert(arrival, status: .imported, format: format, duplicateOf: nil, error: nil, plan: plan, in: db)
            let session = ArchiveSession(store: self, db: db, archive: file)
            let result = try body(session)
            try enqueue(outputs(file, result), for: file.id, in: db)
            return (file, result)
        }
    }
}

/// Records the members of one archive inside the archive's transaction
/// (``LedgerStore/importArchive(_:format:plan:_:outputs:)``); not usable outside it.
public final class ArchiveSession: FileRecorder {
    let store: LedgerStore
    let db: Database
    /// The archive's own row.
    public let archive: StoredFile

    init(store: LedgerStore, db: Database, archive: StoredFile) {
        self.store = store
        self.db = db
        self.archive = archive
    }

    public func importedFile(business: BusinessID, digest: FileDigest) throws(KontorError) -> StoredFile? {
        try run("look up a file hash") { db in try StoredFile.imported(business: business, digest: digest, in: db) }
    }

    public func rejectedFile(business: BusinessID, digest: FileDigest, configuration: FileDigest) throws(KontorError) -> StoredFile? {
        try run("look up a rejected file hash") { db in
            try StoredFile.rejected(business: business, digest: digest, configuration: configuration, in: db)
        }
    }

    public func importedCategories(business: BusinessID) throws(KontorError) -> [ImportedCategory] {
        try run("list imported categories") { db in try LedgerStore.importedCategories(business: business, in: db) }
    }

    public func record(_ arrival: FileArrival, status: FileOutcome.Status, format: String?, duplicateOf: Int64?,
                       error: String?, plan: (Int64) -> FilePlan, outputs: (StoredFile) -> [OutboxItem]) throws(KontorError) -> StoredFile {
        try savepoint("record \(arrival.name)") { db in
            let file = try store.insert(arrival, status: status, format: format, duplicateOf: duplicateOf, error: error, plan: plan, in: db)
            try store.enqueue(outputs(file), for: file.id, in: db)
            return file
        }
    }

    public func importFile<Result>(_ arrival: FileArrival, format: String, plan: (Int64) -> FilePlan,
                                   _ body: (LedgerBatch) throws -> Result,
                                   outputs: (StoredFile, Result) -> [OutboxItem]) throws(KontorError) -> (StoredFile, Result) {
        try savepoint("import \(arrival.name)") { db in
            var file = try store.insert(arrival, status: .imported, format: format, duplicateOf: nil, error: nil, plan: plan, in: db)
            let (batch, result) = try LedgerBatch.run(in: db, business: arrival.business, fileID: file.id, body)
            try db.execute(sql: "UPDATE input_file SET posted_count = ?, skipped_count = ? WHERE id = ?",
                           arguments: [batch.postedCount, batch.skippedCount, file.id])
            file.postedCount = batch.postedCount
            file.skippedCount = batch.skippedCount
            try store.enqueue(outputs(file, result), for: file.id, in: db)
            return (file, result)
        }
    }

    private func run<T>(_ doing: String, _ body: (Database) throws -> T) throws(KontorError) -> T {
        do {
            return try body(db)
        } catch {
            throw LedgerStore.map(error, doing: doing)
        }
    }

    /// Runs `body` in a savepoint: rolled back, and its error rethrown, when it throws.
    private func savepoint<T>(_ doing: String, _ body: (Database) throws -> T) throws(KontorError) -> T {
        var result: T?
        do {
            try db.inSavepoint {
                result = try body(db)
                return .commit
            }
        } catch {
            throw LedgerStore.map(error, doing: doing)
        }
        guard let result else { throw KontorError(.internal, "a savepoint ended without a result while trying to \(doing)") }
        return result
    }
}
