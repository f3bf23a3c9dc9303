import KontorConfig
import KontorCore

/// Watches the inbox channels of some businesses with Linux inotify.
///
/// Watches `inbox/`, each `inbox/<business>/` (for directories that appear later) and each
/// `inbox/<business>/<channel>/` (created when missing). Events arrive on ``events``; a
/// queue overflow or a directory that appears or vanishes arrives as ``InboxEvent/Kind/rescan``.
/// A dedicated thread waits on the inotify descriptor with `poll(2)`; ``stop()``, the
/// end of iteration over ``events`` (including task cancellation) or releasing the
/// watcher wakes it through a pipe, and ``events`` then finishes.
public final class InotifyWatcher: Sendable {
    /// What the watcher sees, in the order the kernel reported it.
    public let events: AsyncStream<InboxEvent>
    private let reader: InotifyReader

    /// Starts watching. Throws when inotify or a directory cannot be set up.
    public init(workspace: Workspace, businesses: [BusinessID], channels: [Channel] = Channel.all) throws(KontorError) {
        let (stream, continuation) = AsyncStream.makeStream(of: InboxEvent.self)
        let reader = try InotifyReader(workspace: workspace, businesses: businesses, channels: channels,
                                       continuation: continuation)
        continuation.onTermination = { _ in reader.wake() }
        try reader.start()
        self.events = stream
        self.reader = reader
    }

    /// Stops watching; ``events`` finishes shortly after. Idempotent.
    public func stop() {
        reader.wake()
    }

    deinit {
        reader.wake()
    }
}
