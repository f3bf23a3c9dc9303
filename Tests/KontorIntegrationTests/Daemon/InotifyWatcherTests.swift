#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorDaemon
import Testing

/// Collects a watcher's events in the background so tests can wait for one.
actor EventLog {
    private(set) var events: [InboxEvent] = []
    private(set) var finished = false

    func append(_ event: InboxEvent) { events.append(event) }
    func finish() { finished = true }

    static func collecting(_ watcher: InotifyWatcher) -> (EventLog, Task<Void, Never>) {
        let log = EventLog()
        let task = Task {
            for await event in watcher.events { await log.append(event) }
            await log.finish()
        }
        return (log, task)
    }
}

@Suite("InotifyWatcher", .timeLimit(.minutes(1)))
struct InotifyWatcherTests {
    @Test func createsMissingChannelDirectories() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let acme = businessID("acme")
        let watcher = try InotifyWatcher(workspace: temp.workspace, businesses: [acme], channels: [.expenses, .bank])
        defer { watcher.stop() }
        var info = stat()
        #expect(stat(temp.workspace.inbox(acme, .expenses), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        #expect(stat(temp.workspace.inbox(acme, .bank), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
    }

    @Test func aFileRenamedIntoPlaceArrivesAsMovedIn() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let acme = businessID("acme")
        let watcher = try InotifyWatcher(workspace: temp.workspace, businesses: [acme])
        let (log, task) = EventLog.collecting(watcher)
        let path = temp.workspace.inbox(acme, .bank) + "/statement.ofx"

        try temp.drop("<OFX/>", at: path)

        let expected = InboxEvent(kind: .movedIn, path: path, business: acme, channel: .bank)
        #expect(await eventually { await log.events.contains(expected) })
        watcher.stop()
        await task.value
        #expect(await log.finished)
    }

    @Test func writingAndDeletingArriveInOrder() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let acme = businessID("acme")
        let watcher = try InotifyWatcher(workspace: temp.workspace, businesses: [acme], channels: [.expenses])
        let (log, task) = EventLog.collecting(watcher)
        let path = temp.workspace.inbox(acme, .expenses) + "/e.csv"

        try temp.write("date,amount\n", to: path)
        #expect(unlink(path) == 0)

        #expect(await eventually { await log.events.contains { $0.kind == .deleted && $0.path == path } })
        let kinds = await log.events.filter { $0.path == path }.map(\.kind)
        #expect(kinds.first == .created)
        #expect(kinds.contains(.closedWrite))
        #expect(kinds.last == .deleted)
        watcher.stop()
        await task.value
    }

    @Test func aBusinessDirectoryCreatedLaterIsWatched() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let late = businessID("late")
        let watcher = try InotifyWatcher(workspace: temp.workspace, businesses: [late], channels: [.expenses])
        let (log, task) = EventLog.collecting(watcher)
        // Remove the business the watcher created (it reports that as a rescan), then make it again by hand.
        let businessDirectory = temp.workspace.inbox(late)
        #expect(rmdir(temp.workspace.inbox(late, .expenses)) == 0)
        #expect(rmdir(businessDirectory) == 0)
        #expect(await eventually { await log.events.contains { $0.kind == .rescan && $0.path == businessDirectory } })
        let seen = await log.events.count
        #expect(mkdir(businessDirectory, 0o755) == 0)

        // The watcher notices the new directory, recreates the channel and reports a rescan.
        #expect(await eventually {
            await log.events.dropFirst(seen).contains { $0.kind == .rescan && $0.path == businessDirectory }
        })
        var info = stat()
        #expect(stat(temp.workspace.inbox(late, .expenses), &info) == 0)

        let path = temp.workspace.inbox(late, .expenses) + "/x.csv"
        try temp.drop("x", at: path)
        #expect(await eventually { await log.events.contains { $0.kind == .movedIn && $0.path == path } })
        watcher.stop()
        await task.value
    }

    @Test func endingIterationStopsTheWatcher() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let watcher = try InotifyWatcher(workspace: temp.workspace, businesses: [businessID("acme")])
        let task = Task {
            var count = 0
            for await _ in watcher.events { count += 1 }
            return count
        }
        task.cancel()
        #expect(await task.value == 0)
        watcher.stop()
    }
}
