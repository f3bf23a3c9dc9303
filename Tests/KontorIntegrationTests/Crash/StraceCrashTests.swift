import Foundation
import Testing

/// Kills the real `kontor run --once` with SIGKILL at sampled syscalls (via `strace`
/// fault injection), runs it again, and checks the invariants of DESIGN.md 3 against an
/// uninterrupted run of the same inputs.
@Suite("Crash trials: SIGKILL at a syscall, then restart", .timeLimit(.minutes(3)))
struct StraceCrashTests {
    /// Points tried per syscall at most; with six syscalls this keeps the trial count
    /// near fifty (about a second each on the shared two-core machine).
    static let pointsPerSyscall = 8

    /// Each trial must leave at least one of these behind, or the sample missed a step.
    static let requiredPhases: Set<CrashPhase> = [
        .claimedNotCommitted, .inTransaction, .committedNotMoved, .movedOutputsMissing, .outputsWrittenNotFinished,
    ]

    @Test func everySampledKillPointRecoversToTheUninterruptedResult() throws {
        let strace = try #require(Subprocess.which("strace"),
                                  "strace is not installed; the crash trials need it (run `make deps`, which installs it)")
        try #require(Subprocess.which("sqlite3") != nil, "sqlite3 is not installed (run `make deps`)")
        try #require(FileManager.default.isExecutableFile(atPath: Subprocess.kontor),
                     "\(Subprocess.kontor) is missing: run `swift build --build-tests` first")
        let inputs = try CrashWorkload.standardInputs()

        // The uninterrupted run, traced to learn how many calls there are to kill at.
        let baseline = try CrashWorkload(inputs: inputs)
        let tracePath = baseline.scratch + "/trace"
        let traced = try baseline.runOnce(under: [strace, "-f", "-qq", "-o", tracePath,
                                                  "-e", "trace=" + CrashPoint.syscalls.joined(separator: ",")])
        #expect(!traced.signaled && traced.status == 1, "the rejected file makes the run exit 1: \(traced.summary) \(traced.stderr)")
        let trace = try String(contentsOfFile: tracePath, encoding: .utf8)
        let counts = CrashPoint.counts(inTrace: trace)
        try #require(counts["rename"] != nil, "no renames found in the trace: \(trace.prefix(600))")
        let baselineLedger = try LedgerSnapshot.read(workspace: baseline.root, scratch: baseline.scratch)
        let baselineChecks = CrashInvariants(workload: baseline)
        let baselineProblems = try baselineChecks.violations(ledger: baselineLedger, reference: nil)
        #expect(baselineProblems.isEmpty, "the uninterrupted run already breaks an invariant: \(baselineProblems)")
        let reference = CrashInvariants.Reference(ledgerExpenses: baselineLedger.expenses,
                                                  listedExpenses: try baselineChecks.listedExpenses())
        #expect(reference.ledgerExpenses.count == inputs.map(\.expectedExpenses).reduce(0, +))
        baseline.remove()

        let points = CrashPoint.sample(counts, limit: Self.pointsPerSyscall)
        print("crash trials: calls in an uninterrupted run (max per thread / total):",
              CrashPoint.syscalls.map { "\($0) \(counts[$0]?.maxPerThread ?? 0)/\(counts[$0]?.total ?? 0)" }.joined(separator: ", "),
              "— trying \(points.count) points")
        var hits: [CrashPhase: [CrashPoint]] = [:]
        for point in points {
            let phases = try trial(point, inputs: inputs, strace: strace, reference: reference)
            for phase in phases { hits[phase, default: []].append(point) }
        }
        for phase in CrashPhase.allCases {
            print("crash trials: \(phase.rawValue): \(hits[phase]?.map(\.description).joined(separator: " ") ?? "none")")
        }
        let missed = Self.requiredPhases.subtracting(hits.keys)
        #expect(missed.isEmpty, "no kill point landed in \(missed.sorted().map(\.rawValue)); sample more points")
    }

    /// One trial: kill at `point`, classify what was left, recover, check.
    func trial(_ point: CrashPoint, inputs: [CrashInput], strace: String,
               reference: CrashInvariants.Reference) throws -> Set<CrashPhase> {
        let workload = try CrashWorkload(inputs: inputs)
        defer { workload.remove() }
        let crashed = try workload.runOnce(under: point.straceArguments(strace))
        let phases: Set<CrashPhase>
        if crashed.killedBySIGKILL {
            let left = try LedgerSnapshot.read(workspace: workload.root, scratch: workload.scratch)
            phases = CrashPhase.classify(workload, ledger: left, killedAt: point)
        } else {
            #expect(!crashed.signaled && crashed.status == 1, "\(point): an un-killed run ends like the baseline: \(crashed.summary) \(crashed.stderr)")
            phases = [.notKilled]
        }
        let recovery = try workload.recover()
        let last = try #require(recovery.last)
        #expect(recovery.count == 1 && !last.signaled && (last.status == 0 || last.status == 1),
                "\(point): one plain run recovers: \(recovery.map(\.summary)) \(last.stderr)")
        let ledger = try LedgerSnapshot.read(workspace: workload.root, scratch: workload.scratch)
        let problems = try CrashInvariants(workload: workload).violations(ledger: ledger, reference: reference)
        #expect(problems.isEmpty, "killed at \(point) (\(phases.sorted().map(\.rawValue))): \(problems.joined(separator: "; "))")
        return phases
    }
}
