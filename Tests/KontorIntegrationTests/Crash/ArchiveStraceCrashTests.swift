import Foundation
import KontorPackage
import Testing

/// An archive in the inbox killed with SIGKILL at sampled syscalls (as in
/// ``StraceCrashTests``), then `kontor run --once` again: every member is taken exactly
/// once — one row, one receipt, its postings once — whatever the point of the crash
/// (docs/decisions/archives-in-the-inbox.md, "Crash safety").
@Suite("Crash trials: an archive, SIGKILL at a syscall, then restart", .timeLimit(.minutes(3)))
struct ArchiveStraceCrashTests {
    static let pointsPerSyscall = 4
    static let archiveName = "week47.zip"
    /// Member name → (expense rows it posts, rejected).
    static let members: [(name: String, demo: String, rows: Int, rejected: Bool)] = [
        ("bad.csv", "acme/expenses/BAD-2026-w47-invalid-date.csv", 0, true),
        ("card.json", "acme/expenses/2026-w47-card.json", 3, false),
        ("week.csv", "acme/expenses/2026-w47-expenses.csv", 11, false),
    ]

    static func inputs() throws -> [CrashInput] {
        let entries = try members.map { ArchiveEntry(path: try ArchivePath($0.name), bytes: try CrashWorkload.demoFile($0.demo)) }
        let bytes = try ArchiveWriter(format: .zip).archive(entries)
        return [CrashInput(business: "acme", name: archiveName, bytes: bytes, rows: 14, outcome: .imported)]
    }

    @Test func everySampledKillPointTakesEveryMemberOnce() throws {
        let strace = try #require(Subprocess.which("strace"), "strace is not installed (run `make deps`)")
        try #require(Subprocess.which("sqlite3") != nil, "sqlite3 is not installed (run `make deps`)")
        try #require(FileManager.default.isExecutableFile(atPath: Subprocess.kontor), "\(Subprocess.kontor) is missing")
        let inputs = try Self.inputs()

        let baseline = try CrashWorkload(inputs: inputs)
        let tracePath = baseline.scratch + "/trace"
        let traced = try baseline.runOnce(under: [strace, "-f", "-qq", "-o", tracePath,
                                                  "-e", "trace=" + CrashPoint.syscalls.joined(separator: ",")])
        #expect(!traced.signaled && traced.status <= 1, "\(traced.summary) \(traced.stderr)")
        let counts = CrashPoint.counts(inTrace: try String(contentsOfFile: tracePath, encoding: .utf8))
        let reference = try LedgerSnapshot.read(workspace: baseline.root, scratch: baseline.scratch)
        let baselineProblems = Self.violations(baseline, reference, expenses: nil)
        #expect(baselineProblems.isEmpty, "the uninterrupted run already breaks an invariant: \(baselineProblems)")
        #expect(reference.expenses.count == 14)
        baseline.remove()

        let points = CrashPoint.sample(counts, limit: Self.pointsPerSyscall)
        var killed = 0
        for point in points {
            let workload = try CrashWorkload(inputs: inputs)
            defer { workload.remove() }
            let crashed = try workload.runOnce(under: point.straceArguments(strace))
            if crashed.killedBySIGKILL { killed += 1 }
            let runs = try workload.recover()
            #expect(runs.last.map { !$0.signaled && $0.status <= 1 } == true, "\(point): recovery did not end normally")
            let ledger = try LedgerSnapshot.read(workspace: workload.root, scratch: workload.scratch)
            let problems = Self.violations(workload, ledger, expenses: reference.expenses)
            #expect(problems.isEmpty, "\(point): \(problems.joined(separator: "; "))")
        }
        print("archive crash trials: \(points.count) points, \(killed) killed mid-run")
        #expect(killed * 2 >= points.count, "most sampled points should kill the run")
    }

    /// What is wrong after a (recovered) run, one line each.
    static func violations(_ workload: CrashWorkload, _ ledger: LedgerSnapshot, expenses: [String]?) -> [String] {
        var problems: [String] = []
        let root = workload.root
        if ledger.integrity != "ok" { problems.append("integrity_check: \(ledger.integrity)") }
        problems += ledger.doublePosted.map { "posted twice: \($0)" } + ledger.unbalanced.map { "unbalanced: \($0)" }
        problems += ledger.pendingOutputs.map { "pending output: \($0.path)" }
        if ledger.orphanPostings != 0 { problems.append("\(ledger.orphanPostings) orphan postings") }
        if let expenses, ledger.expenses != expenses { problems.append("expenses differ from the uninterrupted run") }
        let expected = [archiveName] + members.map { archiveName + "!" + $0.name }
        if ledger.files.map(\.name).sorted() != expected.sorted() {
            problems.append("input_file rows \(ledger.files.map(\.name).sorted()), expected \(expected.sorted())")
        }
        for row in ledger.files {
            if !row.finished { problems.append("\(row.name) is not finished") }
            let member = members.first { archiveName + "!" + $0.name == row.name }
            let status = member.map { $0.rejected ? "rejected" : "imported" } ?? "imported"
            if row.status != status { problems.append("\(row.name) is \(row.status), expected \(status)") }
            if row.expenses != (member?.rows ?? 0) { problems.append("\(row.name) has \(row.expenses) expenses") }
        }
        for directory in ["inbox", "var/spool"] {
            problems += WorkspaceFiles.list(directory, in: root).map { "left in \(directory): \($0)" }
        }
        let archived = WorkspaceFiles.list("var/archive", in: root)
        if archived.count != 1 || !(archived.first?.hasSuffix("-" + archiveName) ?? false)
            || WorkspaceFiles.bytes(archived[0], in: root) != workload.inputs[0].bytes {
            problems.append("var/archive holds \(archived), expected the archive once")
        }
        let receipts = WorkspaceFiles.list("outbox/acme/receipts", in: root)
        for name in expected.map({ $0.replacingOccurrences(of: "/", with: "!") }) {
            let count = receipts.filter { $0.hasSuffix("-\(name).json") }.count
            if count != 1 { problems.append("\(count) receipts for \(name)") }
        }
        if receipts.count != expected.count { problems.append("receipts: \(receipts)") }
        let rejected = WorkspaceFiles.list("outbox/acme/rejected", in: root).map(WorkspaceFiles.name(of:)).sorted()
        if rejected != ["week47.zip!bad.csv", "week47.zip!bad.csv.error.json"] { problems.append("rejected/ holds \(rejected)") }
        return problems
    }
}
