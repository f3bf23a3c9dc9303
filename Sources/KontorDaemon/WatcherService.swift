import KontorConfig
import KontorCore
import Logging
import ServiceLifecycle

/// Feeds inotify events into the coordinator; lists the inbox once when the watches are
/// in place, so nothing dropped before start-up is missed.
struct WatcherService: Service, CustomStringConvertible {
    let workspace: Workspace
    let businesses: [BusinessID]
    let channels: [Channel]
    let coordinator: IntakeCoordinator

    var description: String { "watcher" }

    func run() async throws {
        let watcher = try InotifyWatcher(workspace: workspace, businesses: businesses, channels: channels)
        defer { watcher.stop() }
        await coordinator.rescan(startUp: true)
        for await event in watcher.events.cancelOnGracefulShutdown() {
            await coordinator.handle(event)
        }
        guard Task.isShuttingDownGracefully || Task.isCancelled else {
            throw KontorError(.io, "the inbox watcher stopped unexpectedly",
                              hint: "restart the daemon; if it happens again, check the inotify limits (fs.inotify.*)")
        }
    }
}
