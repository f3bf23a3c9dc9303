#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// SIGKILLs the real daemon (`kontor run`, not `--once`) in the middle of importing a
/// large file, restarts it, and checks the invariants of DESIGN.md 3.
@Suite("Crash trials: SIGKILL the daemon mid-import", .timeLimit(.minutes(3)))
struct DaemonKillTests {
    static let largeRows = 20_000
    /// WAL bytes that show the import transaction is spilling pages: far more than the
    /// start-up writes (schema, business rows), far less than the whole import.
    static let walThreshold: off_t = 1 << 20

    @Test func daemonKilledWhileWritingALargeImportRecovers() throws {
        try #require(Subprocess.which("sqlite3") != nil, "sqlite3 is not installed (run `make deps`)")
        try #require(FileManager.default.isExecutableFile(atPath: Subprocess.kontor),
                     "\(Subprocess.kontor) is missing: run `swift build --build-tests` first")
        let workload = try CrashWorkload(inputs: try CrashWorkload.standardInputs(largeRows: Self.largeRows))
        defer { workload.remove() }
        let large = try #require(workload.inputs.first { $0.rows == Self.largeRows })
        let spooled = "\(workload.root)/var/spool/\(large.business)/expenses/\(large.name)"
        let wal = workload.root + "/var/kontor.sqlite-wal"

        let daemon = try Subprocess.start(Subprocess.kontor, ["run", "--workspace", workload.root, "--log-level", "warning"],
                                          scratch: workload.scratch)
        let deadline = Date().addingTimeInterval(60)
        var walSize: off_t = 0
        while Date() < deadline && daemon.process.isRunning {
            var info = stat()
            walSize = stat(wal, &info) == 0 ? info.st_size : 0
            if walSize > Self.walThreshold && access(spooled, F_OK) == 0 { break }
            usleep(2_000)
        }
        guard daemon.process.isRunning else {
            Issue.record("the daemon ended on its own: \(daemon.finish().stderr)")
            return
        }
        kill(daemon.pid, SIGKILL)
        let killed = daemon.finish()
        #expect(killed.killedBySIGKILL, "the daemon died of SIGKILL: \(killed.summary)")
        try #require(walSize > Self.walThreshold, "the import never started writing (WAL \(walSize) bytes)")

        let left = try LedgerSnapshot.read(workspace: workload.root, scratch: workload.scratch)
        let largeRow = left.files.first { $0.name == large.name }
        #expect(largeRow?.finished != true, "the kill came before the large file was finished")
        print("daemon kill: WAL \(walSize) bytes, large file row \(largeRow.map { "finished=\($0.finished)" } ?? "absent"), "
              + "in spool \(access(spooled, F_OK) == 0), \(left.files.count) rows committed")

        let recovery = try workload.recover()
        let last = try #require(recovery.last)
        #expect(recovery.count == 1 && !last.signaled && (last.status == 0 || last.status == 1),
                "one plain run recovers: \(recovery.map(\.summary)) \(last.stderr)")
        let ledger = try LedgerSnapshot.read(workspace: workload.root, scratch: workload.scratch)
        let problems = try CrashInvariants(workload: workload).violations(ledger: ledger, reference: nil)
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
        #expect(ledger.expenses.count == workload.inputs.map(\.expectedExpenses).reduce(0, +))
    }
}
