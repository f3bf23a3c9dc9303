#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorDaemon
import ServiceLifecycle
import Testing

/// The daemon takes a webhook event only once its signature sidecar has settled too
/// (docs/decisions/webhook-signatures.md, "Settle both").
@Suite("Daemon sidecars", .timeLimit(.minutes(1)))
struct DaemonSidecarTests {
    @Test func anEventWaitsWhileItsSidecarIsStillBeingWritten() async throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let processor = RecordingProcessor(claimDirectory: nil)
        let settings = DaemonSettings(settle: .milliseconds(400), rescan: .milliseconds(500))
        let group = DaemonTests.daemon(temp, processor, settings: settings).makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        #expect(await eventually { await processor.calls == [.resumeSpool] })

        let gateway = temp.workspace.inbox(DaemonTests.acme, .gateway)
        try DurableFile.makeDirectory(gateway)
        // The sidecar is being written when the event is renamed into place (which alone
        // would make the event settled at once).
        let fd = open(gateway + "/evt.json.sig", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        try temp.append("t=1788253210,", fd: fd)
        try await Task.sleep(for: .milliseconds(50))
        try temp.drop("{\"object\":\"event\"}", at: gateway + "/evt.json")
        for _ in 0..<6 {
            try await Task.sleep(for: .milliseconds(40))
            try temp.append("v1=00", fd: fd)
        }
        close(fd)
        #expect(await processor.processed.isEmpty, "the event must wait for its sidecar")

        #expect(await eventually { await processor.processed.contains("evt.json") })
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(await processor.processed.filter { $0 == "evt.json" }.count == 1)
    }
}
