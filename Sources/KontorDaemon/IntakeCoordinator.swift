import KontorCore
import KontorIntake
import Logging

/// Turns what the watcher and the scheduler see into settled files, in one place.
///
/// Owns the ``SettleTracker`` and does the small I/O around it (listing directories,
/// `lstat` of single files). Settled files go to `output` when there is one, and are
/// returned from each call either way.
actor IntakeCoordinator {
    private var tracker: SettleTracker
    private let scanner: InboxScanner
    private let businesses: [BusinessID]
    private let settings: DaemonSettings
    private let clock: ElapsedClock
    private let output: AsyncStream<InboxFile>.Continuation?
    private let logger: Logger
    private var nextRescan: Duration

    init(scanner: InboxScanner, businesses: [BusinessID], settings: DaemonSettings, clock: ElapsedClock,
         output: AsyncStream<InboxFile>.Continuation?, logger: Logger) {
        self.tracker = SettleTracker(settleInterval: settings.settle)
        self.scanner = scanner
        self.businesses = businesses
        self.settings = settings
        self.clock = clock
        self.output = output
        self.logger = logger
        self.nextRescan = clock.now() + settings.rescan
    }

    /// Lists every channel. On a start-up scan, files nobody has written to for the settle
    /// interval (by their mtime against the wall clock) are settled at once.
    @discardableResult
    func rescan(startUp: Bool = false) -> [InboxFile] {
        let now = clock.now()
        let listing = list()
        tracker.reconcile(with: listing, at: now)
        if startUp {
            let wallClock = WallClock.nanoseconds()
            for file in listing where tracker.hasBeenQuiet(file, wallClockNanoseconds: wallClock) {
                tracker.noteComplete(file, at: now)
            }
        }
        nextRescan = now + settings.rescan
        return release()
    }

    /// Applies one watcher event.
    @discardableResult
    func handle(_ event: InboxEvent) -> [InboxFile] {
        let now = clock.now()
        switch event.kind {
        case .rescan:
            return rescan()
        case .deleted, .movedOut:
            tracker.forget(path: event.path)
        case .movedIn, .created, .modified, .closedWrite:
            guard let business = event.business, let channel = event.channel else { break }
            guard let file = scanner.file(at: event.path, business: business, channel: channel) else {
                tracker.forget(path: event.path)
                break
            }
            if event.kind == .movedIn {
                tracker.noteComplete(file, at: now)
            } else {
                tracker.observe(file, at: now)
            }
        }
        return release()
    }

    /// The scheduler's tick: a full rescan when one is due, else a fresh look at the files
    /// that are still settling.
    @discardableResult
    func poll() -> [InboxFile] {
        let now = clock.now()
        if now >= nextRescan { return rescan() }
        for file in tracker.pending {
            if let current = scanner.file(at: file.path, business: file.business, channel: file.channel) {
                tracker.observe(current, at: now)
            } else {
                tracker.forget(path: file.path)
            }
        }
        return release()
    }

    /// The file as it is now, if it is still exactly the settled file; a file that changed
    /// since it settled must settle again, a vanished one is forgotten.
    func confirm(_ file: InboxFile) -> InboxFile? {
        guard let current = scanner.file(at: file.path, business: file.business, channel: file.channel) else {
            tracker.forget(path: file.path)
            return nil
        }
        guard current.size == file.size, current.modifiedNanoseconds == file.modifiedNanoseconds else {
            tracker.observe(current, at: clock.now())
            return nil
        }
        return current
    }

    /// The paths of files known and not yet handed out.
    func waitingPaths() -> Set<String> {
        tracker.waitingPaths
    }

    private func list() -> [InboxFile] {
        var files: [InboxFile] = []
        for business in businesses {
            for channel in settings.channels {
                do {
                    files += try scanner.scan(business, channel)
                } catch {
                    logger.error("cannot list an inbox channel", metadata: [
                        "business.id": "\(business)", "inbox.channel": "\(channel)", "error.message": "\(error.message)",
                    ])
                }
            }
        }
        return files
    }

    private func release() -> [InboxFile] {
        // A gateway file whose signature sidecar is still settling waits for it.
        let settling = Set(tracker.pending.map(\.path))
        let settled = tracker.takeSettled().filter { file in
            guard file.channel == .gateway, settling.contains(SignatureSidecar.path(of: file.path)) else { return true }
            tracker.holdBack(path: file.path)
            return false
        }
        for file in settled {
            logger.debug("file settled", metadata: ["business.id": "\(file.business)", "file.path": "\(file.path)"])
            output?.yield(file)
        }
        return settled
    }
}
