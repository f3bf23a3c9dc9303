import KontorCore

/// The daemon's timing.
public struct DaemonSettings: Sendable, Hashable {
    /// How long a file's size and mtime must stay unchanged before it is taken
    /// (files renamed into place are taken at once).
    public var settle: Duration
    /// How often the whole inbox is listed again, as a safety net for missed events.
    public var rescan: Duration
    /// How often files that are still settling are looked at again.
    public var poll: Duration
    /// The channels watched in every business.
    public var channels: [Channel]
    /// How often work that falls due on the clock (approval escalation, expiry) is done.
    public var review: Duration = .seconds(60)

    /// `poll` defaults to a quarter of `settle`, between 10 ms and 1 s, and never more
    /// than `rescan`.
    public init(settle: Duration, rescan: Duration, poll: Duration? = nil, channels: [Channel] = Channel.all) {
        self.settle = max(settle, .zero)
        self.rescan = max(rescan, .milliseconds(1))
        let quarter = min(max(settle / 4, .milliseconds(10)), .seconds(1))
        self.poll = max(min(poll ?? quarter, self.rescan), .milliseconds(1))
        self.channels = channels
    }
}
