#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorDaemon
import Logging
import ServiceLifecycle
import Testing

@Suite("Daemon", .timeLimit(.minutes(1)))
struct DaemonTests {
    static let settings = DaemonSettings(settle: .milliseconds(150), rescan: .milliseconds(500))
    static let acme = businessID("acme")

    static func daemon(_ temp: DaemonScratchWorkspace, _ processor: RecordingProcessor,
                       settings: DaemonSettings = settings) -> Daemon {
        Daemon(workspace: temp.workspace, businesses: [acme], processor: processor, settings: settings,
               clock: ContinuousClock(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func spool(_ temp: DaemonScratchWorkspace) throws -> String {
        let spool = temp.workspace.spool
        try DurableFile.makeDirectory(spool)
        return spool
    }

    @Test func filesDroppedWhileRunningAreProcessedOnceEach() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor(claimDirectory: try Self.spool(temp))
        let group = Self.daemon(temp, processor).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }

        #expect(await eventually { await processor.calls == [.resumeSpool] })
        try temp.drop("a", at: temp.workspace.inbox(Self.acme, .expenses) + "/one.csv")
        try temp.drop("bb", at: temp.workspace.inbox(Self.acme, .bank) + "/two.ofx")
        try temp.write("ccc", to: temp.workspace.inbox(Self.acme, .expenses) + "/three.csv")
        try temp.write("ignored", to: temp.workspace.inbox(Self.acme, .expenses) + "/four.csv.part")

        #expect(await eventually { await processor.processed.count == 3 })
        // Let a few rescans and polls pass: nothing may be processed twice.
        try await Task.sleep(for: .seconds(1.2))
        await group.triggerGracefulShutdown()
        try await running.value

        let calls = await processor.calls
        #expect(calls.first == .resumeSpool)
        #expect(calls.filter { $0 == .resumeSpool }.count == 1)
        #expect(Set(calls.dropFirst()) == [.process(name: "one.csv", size: 1), .process(name: "two.ofx", size: 2),
                                           .process(name: "three.csv", size: 3)])
        #expect(calls.count == 4)
    }

    @Test func aFileWrittenSlowlyIsTakenOnlyAfterItStopsChanging() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor(claimDirectory: try Self.spool(temp))
        // A pause between chunks far shorter than the settle interval, so a busy machine
        // does not make the file look settled half-way.
        let settings = DaemonSettings(settle: .milliseconds(400), rescan: .milliseconds(500))
        let group = Self.daemon(temp, processor, settings: settings).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        #expect(await eventually { await processor.calls == [.resumeSpool] })

        let path = temp.workspace.inbox(Self.acme, .expenses) + "/slow.csv"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        let chunk = String(repeating: "x", count: 100)
        for _ in 0..<8 {
            try temp.append(chunk, fd: fd)
            try await Task.sleep(for: .milliseconds(30))
        }
        close(fd)

        #expect(await eventually { await processor.processed == ["slow.csv"] })
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(await processor.calls == [.resumeSpool, .process(name: "slow.csv", size: 800)])
    }

    @Test func filesLeftInPlaceAreNotProcessedAgain() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor(claimDirectory: nil)
        let group = Self.daemon(temp, processor).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        try temp.drop("a", at: temp.workspace.inbox(Self.acme, .expenses) + "/stays.csv")

        #expect(await eventually { await processor.processed == ["stays.csv"] })
        try await Task.sleep(for: .seconds(1.2))  // more than two rescans
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(await processor.processed == ["stays.csv"])
    }

    @Test func gracefulShutdownFinishesTheFileInHand() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor(claimDirectory: try Self.spool(temp), delay: .milliseconds(800))
        let group = Self.daemon(temp, processor).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        try temp.drop("a", at: temp.workspace.inbox(Self.acme, .expenses) + "/first.csv")

        #expect(await eventually { await processor.processed == ["first.csv"] })
        #expect(await processor.finished.isEmpty, "the shutdown must arrive while the file is in hand")
        await group.triggerGracefulShutdown()
        try await running.value

        #expect(await processor.finished == ["first.csv"])
    }

    @Test func cancellingTheTaskStopsTheDaemon() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor()
        let group = Self.daemon(temp, processor).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        #expect(await eventually { await processor.calls == [.resumeSpool] })

        running.cancel()
        _ = await running.result

        // Stopped: a file dropped now is never processed.
        try temp.drop("a", at: temp.workspace.inbox(Self.acme, .expenses) + "/late.csv")
        try await Task.sleep(for: .milliseconds(400))
        #expect(await processor.processed.isEmpty)
    }

    @Test func aProcessorFailureStopsTheDaemonWithItsError() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor(failing: "bad.csv")
        let group = Self.daemon(temp, processor).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        try temp.drop("a", at: temp.workspace.inbox(Self.acme, .expenses) + "/bad.csv")

        let result = await running.result
        guard case .failure(let error) = result else {
            Issue.record("the daemon kept running after the workspace failed")
            return
        }
        #expect((error as? KontorError)?.message == "disk full")
        #expect(await processor.processed == ["bad.csv"])
    }

    @Test func runOnceProcessesWhatIsWaitingAndReturns() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let old = temp.workspace.inbox(Self.acme, .expenses) + "/old.csv"
        let fresh = temp.workspace.inbox(Self.acme, .bank) + "/fresh.ofx"
        try temp.write("old", to: old)
        temp.setModified(old, nanoseconds: 1_600_000_000_000_000_000)
        try temp.write("fresh", to: fresh)
        try temp.write("x", to: temp.workspace.inbox(Self.acme, .expenses) + "/.hidden")
        let processor = RecordingProcessor(claimDirectory: try Self.spool(temp))

        let outcomes = try await Self.daemon(temp, processor).runOnce()

        #expect(outcomes.map(\.name).sorted() == ["fresh.ofx", "old.csv"])
        #expect(outcomes.allSatisfy { $0.status == .imported && $0.business == Self.acme })
        let calls = await processor.calls
        #expect(calls.first == .resumeSpool)
        #expect(Set(calls.dropFirst()) == [.process(name: "old.csv", size: 3), .process(name: "fresh.ofx", size: 5)])
        #expect(calls.count == 3)
    }

    @Test func runOnceWithAnEmptyInboxOnlyResumesTheSpool() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor()
        let outcomes = try await Self.daemon(temp, processor).runOnce()
        #expect(outcomes.isEmpty)
        #expect(await processor.calls == [.resumeSpool])
    }

    @Test func runOnceRethrowsAWorkspaceFailure() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let bad = temp.workspace.inbox(Self.acme, .expenses) + "/bad.csv"
        try temp.write("x", to: bad)
        temp.setModified(bad, nanoseconds: 1_600_000_000_000_000_000)
        let processor = RecordingProcessor(failing: "bad.csv")
        await #expect(throws: KontorError.self) { try await Self.daemon(temp, processor).runOnce() }
    }
}
