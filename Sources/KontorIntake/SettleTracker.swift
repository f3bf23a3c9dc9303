import KontorCore

/// Decides when a dropped file is complete enough to take (DESIGN.md 3, step 1).
///
/// A file is settled when it was renamed into place (``noteComplete(_:at:)``), or when its
/// size and modification time have been *observed* unchanged across at least the settle
/// interval: a first observation at `t` and a later one at `t + settle` or after that
/// still shows the same size and mtime. Observations come from scans and watcher events.
///
/// The tracker is pure: no disk, no clock. Times are `Duration`s since any fixed origin
/// the caller chooses (the daemon uses the start of its clock). A file is identified by
/// its path; a change of size or mtime makes it a new arrival that must settle again.
public struct SettleTracker: Sendable, Equatable {
    /// How long a file's size and mtime must stay unchanged.
    public let settleInterval: Duration

    struct Entry: Sendable, Equatable {
        var file: InboxFile
        /// When the current size and mtime were first observed.
        var since: Duration
        /// When they were last observed unchanged.
        var lastSeen: Duration
        /// Renamed into place or otherwise known complete: settled without waiting.
        var complete: Bool
        /// Already returned by ``takeSettled()``.
        var handedOut: Bool
    }

    private var entries: [String: Entry] = [:]

    public init(settleInterval: Duration) {
        self.settleInterval = max(settleInterval, .zero)
    }

    /// Records that `file` was seen with its current size and mtime at `now`.
    ///
    /// An unknown file starts its settle interval now. A known file whose size or mtime
    /// changed starts over (and will be handed out again once it settles).
    public mutating func observe(_ file: InboxFile, at now: Duration) {
        if var entry = entries[file.path], Self.sameContent(entry.file, file) {
            entry.lastSeen = max(entry.lastSeen, now)
            entry.file = file
            entries[file.path] = entry
        } else {
            entries[file.path] = Entry(file: file, since: now, lastSeen: now, complete: false, handedOut: false)
        }
    }

    /// Records a file known to be complete: renamed into place (inotify `IN_MOVED_TO`),
    /// or found with an mtime older than the settle interval when nothing was watching.
    /// It is settled at once. A file already handed out with the same size and mtime is
    /// the same file, and is not handed out twice.
    public mutating func noteComplete(_ file: InboxFile, at now: Duration) {
        if var entry = entries[file.path], Self.sameContent(entry.file, file) {
            entry.complete = true
            entry.lastSeen = max(entry.lastSeen, now)
            entries[file.path] = entry
        } else {
            entries[file.path] = Entry(file: file, since: now, lastSeen: now, complete: true, handedOut: false)
        }
    }

    /// The file is gone (deleted, moved away, or claimed). If it reappears it is new.
    public mutating func forget(path: String) {
        entries[path] = nil
    }

    /// A complete listing of the watched channels: observes every file in it and forgets
    /// every tracked file that is not in it.
    public mutating func reconcile(with listing: [InboxFile], at now: Duration) {
        let present = Set(listing.map(\.path))
        for path in entries.keys where !present.contains(path) { entries[path] = nil }
        for file in listing { observe(file, at: now) }
    }

    /// The files that have settled and were not handed out before, in inbox order
    /// (business, channel, name). Each is returned once; it comes back only after it
    /// changes or is forgotten and reappears.
    public mutating func takeSettled() -> [InboxFile] {
        var settled: [InboxFile] = []
        for (path, entry) in entries where !entry.handedOut && isSettled(entry) {
            entries[path]?.handedOut = true
            settled.append(entry.file)
        }
        return settled.sorted(by: InboxScanner.inboxOrder)
    }

    /// Takes a file handed out by ``takeSettled()`` back: it stays tracked and is handed
    /// out again by a later ``takeSettled()`` (a webhook event whose signature sidecar is
    /// still settling waits for it this way).
    public mutating func holdBack(path: String) {
        entries[path]?.handedOut = false
    }

    /// Files seen but not yet settled, in inbox order: the ones worth observing again.
    public var pending: [InboxFile] {
        entries.values.filter { !$0.handedOut && !isSettled($0) }.map(\.file).sorted(by: InboxScanner.inboxOrder)
    }

    /// True while `path` is tracked and not yet handed out.
    public func isWaiting(path: String) -> Bool {
        guard let entry = entries[path] else { return false }
        return !entry.handedOut
    }

    /// The paths of all tracked files not yet handed out (settled or not).
    public var waitingPaths: Set<String> {
        Set(entries.filter { !$0.value.handedOut }.keys)
    }

    /// The earliest time at which an observation could settle a pending file, or nil
    /// when nothing is pending.
    public var nextDeadline: Duration? {
        entries.values.filter { !$0.handedOut && !isSettled($0) }.map { $0.since + settleInterval }.min()
    }

    /// True when the file's mtime lies at least the settle interval before the wall-clock
    /// time `wallClockNanoseconds`: nobody has written to it for that long. Callers use
    /// this on a start-up scan to take files that were waiting while no daemon ran.
    public func hasBeenQuiet(_ file: InboxFile, wallClockNanoseconds: Int64) -> Bool {
        let (quiet, overflow) = wallClockNanoseconds.subtractingReportingOverflow(file.modifiedNanoseconds)
        return !overflow && Duration.nanoseconds(quiet) >= settleInterval
    }

    private func isSettled(_ entry: Entry) -> Bool {
        entry.complete || entry.lastSeen - entry.since >= settleInterval
    }

    private static func sameContent(_ a: InboxFile, _ b: InboxFile) -> Bool {
        a.size == b.size && a.modifiedNanoseconds == b.modifiedNanoseconds
            && a.business == b.business && a.channel == b.channel
    }
}
