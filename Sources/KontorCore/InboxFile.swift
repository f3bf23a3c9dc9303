/// A file found in an inbox channel, as the watcher or a scan saw it.
public struct InboxFile: Hashable, Sendable {
    public var business: BusinessID
    public var channel: Channel
    /// Absolute or workspace-relative path of the file where it was dropped.
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var modifiedNanoseconds: Int64

    public init(business: BusinessID, channel: Channel, path: String, size: Int64, modifiedNanoseconds: Int64) {
        self.business = business
        self.channel = channel
        self.path = path
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// The file's name without directories.
    public var name: String { DurableFile.name(of: path) }
}

/// What became of one input file: its terminal place and receipt.
public struct FileOutcome: Equatable, Sendable {
    public enum Status: String, Sendable, Codable {
        /// Read and posted.
        case imported
        /// The same bytes were imported before; nothing was posted.
        case duplicate
        /// Refused with an error; nothing was posted.
        case rejected
    }

    public var business: BusinessID
    public var name: String
    public var status: Status
    public var receiptPath: String
    /// For a rejected file, the error.
    public var error: KontorError?

    public init(business: BusinessID, name: String, status: Status, receiptPath: String, error: KontorError? = nil) {
        self.business = business
        self.name = name
        self.status = status
        self.receiptPath = receiptPath
        self.error = error
    }
}

/// Something that turns settled inbox files into ledger state: the pipeline. The daemon
/// calls it; tests can hand the daemon a double through this protocol.
public protocol InboxProcessor: Sendable {
    /// Finishes files a crash left in the spool. Called once at start-up, before any
    /// new file is claimed.
    func resumeSpool() async throws(KontorError) -> [FileOutcome]

    /// Claims one settled file, imports it (all or nothing) and moves it to its terminal
    /// place. Errors in the file's content are an outcome (`rejected`), not a throw;
    /// a throw means the workspace itself failed (disk, database) and the daemon stops.
    /// Nil when the file was gone before it could be claimed (nothing to do).
    func process(_ file: InboxFile) async throws(KontorError) -> FileOutcome?

    /// Work that falls due on the clock rather than with a file (escalating and expiring
    /// approval requests). The daemon's scheduler calls it; a processor without such work
    /// keeps the default, which has nothing to do.
    func review() async throws(KontorError)
}

extension InboxProcessor {
    public func review() async throws(KontorError) {}
}

/// Work the daemon starts on its own at due times (report schedules). Implemented by the
/// pipeline; the daemon only says what time it is.
public protocol ScheduledRunner: Sendable {
    /// Runs every job due at or before `now` (seconds since the epoch, UTC) that has not
    /// run yet — including those missed while the daemon was stopped — each exactly once.
    /// Returns a line per job run, for the log.
    func runDue(at now: Int64) async throws(KontorError) -> [String]
}
