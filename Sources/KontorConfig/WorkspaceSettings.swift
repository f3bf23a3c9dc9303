/// The workspace-wide settings of `pipelines/kontor.yaml`.
///
/// Every key has a default, so a missing or empty file is valid. Delivery (DESIGN.md 2) is
/// reserved for a later issue; until it is implemented the loader refuses it like any other
/// unknown key, so nothing is advertised that does nothing.
public struct WorkspaceSettings: Hashable, Sendable {
    /// How long a dropped file's size and mtime must stay unchanged before intake takes it.
    public var settleSeconds: Int
    /// How often the daemon rescans the inbox even without file-system events.
    public var rescanSeconds: Int
    public var limits: Limits
    /// Report packages the daemon makes on its own (`schedules:`).
    public var schedules: [ReportSchedule] = []

    public init(settleSeconds: Int = 2, rescanSeconds: Int = 30, limits: Limits = Limits()) {
        self.settleSeconds = settleSeconds
        self.rescanSeconds = rescanSeconds
        self.limits = limits
    }

    /// The settings of a workspace without `kontor.yaml`.
    public static let `default` = WorkspaceSettings()

    /// The settle interval as a `Duration`.
    public var settleInterval: Duration { .seconds(settleSeconds) }
    /// The rescan interval as a `Duration`.
    public var rescanInterval: Duration { .seconds(rescanSeconds) }

    /// Limits that protect the daemon from inputs too large to process.
    public struct Limits: Hashable, Sendable {
        /// Inbox files larger than this are rejected unread (default 256 MiB).
        public var maxFileBytes: Int64

        public init(maxFileBytes: Int64 = 256 << 20) {
            self.maxFileBytes = maxFileBytes
        }
    }
}
