import GRDB
import KontorCore

/// An input file as the ledger remembers it: where it came from, what became of it, and
/// where its original and receipt go. A file is `finished` once its original is in its
/// terminal place and its outputs are written; until then, start-up recovery finishes it.
public struct StoredFile: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var business: BusinessID
    public var digest: FileDigest
    public var name: String
    public var channel: Channel
    public var format: String?
    public var size: Int64
    public var status: FileOutcome.Status
    public var duplicateOf: Int64?
    public var postedCount: Int
    public var skippedCount: Int
    public var receivedAt: String
    public var spoolPath: String
    public var finalPath: String
    public var receiptPath: String
    public var finished: Bool
    /// For a rejected file, its error as JSON text.
    public var error: String?

    public init(row: Row) throws {
        id = row["id"]
        let businessText: String = row["business_id"]
        guard let business = BusinessID(businessText) else {
            throw KontorError(.internal, "the ledger holds an invalid business id '\(businessText)'")
        }
        self.business = business
        digest = FileDigest(hex: row["sha256"])
        name = row["name"]
        channel = Channel(row["channel"])
        format = row["format"]
        size = row["size"]
        status = FileOutcome.Status(rawValue: row["status"]) ?? .rejected
        duplicateOf = row["duplicate_of"]
        postedCount = row["posted_count"]
        skippedCount = row["skipped_count"]
        receivedAt = row["received_at"]
        spoolPath = row["spool_path"]
        finalPath = row["final_path"]
        receiptPath = row["receipt_path"]
        finished = row["finished"]
        error = row["error"]
    }
}

/// A file being taken in: what intake knows before the ledger decides.
public struct FileArrival: Sendable, Equatable {
    public var business: BusinessID
    public var digest: FileDigest
    public var name: String
    public var channel: Channel
    public var size: Int64
    public var receivedAt: String
    public var spoolPath: String
    /// The SHA-256 of the workspace configuration (`pipelines/`) the file is judged by: a
    /// rejected file dropped again is only judged again when the configuration changed.
    public var configurationDigest: FileDigest?

    public init(business: BusinessID, digest: FileDigest, name: String, channel: Channel, size: Int64,
                receivedAt: String, spoolPath: String, configurationDigest: FileDigest? = nil) {
        self.business = business
        self.digest = digest
        self.name = name
        self.channel = channel
        self.size = size
        self.receivedAt = receivedAt
        self.spoolPath = spoolPath
        self.configurationDigest = configurationDigest
    }
}

/// Where a file's original and receipt will go, planned before anything moves
/// (STYLE.md 12) and stored with the file so recovery moves it to the same place.
public struct FilePlan: Sendable, Equatable {
    public var finalPath: String
    public var receiptPath: String

    public init(finalPath: String, receiptPath: String) {
        self.finalPath = finalPath
        self.receiptPath = receiptPath
    }
}
