import Foundation

/// A place to kill `kontor`: the `n`-th call of `syscall`, made by `strace` to deliver
/// SIGKILL before the call takes effect.
///
/// strace counts calls per syscall *and per thread* (man strace, "Accounting of syscalls
/// that are subject to injection is done per syscall and per tracee"), so `n` means "the
/// first thread to make its n-th call". Which step of an import that is depends on the
/// thread pool, so each trial is classified by the state the kill left
/// (``CrashPhase``), and the test checks that every phase was hit.
struct CrashPoint: Hashable, CustomStringConvertible, Sendable {
    var syscall: String
    var n: Int

    var description: String { "\(syscall)#\(n)" }

    /// The syscalls the trials kill at. SQLite writes its WAL with `pwrite64` and syncs
    /// it with `fdatasync`; Kontor's durable files use `write`, `fsync` and `rename`;
    /// SQLite removes its WAL on close with `unlink`.
    static let syscalls = ["rename", "fsync", "fdatasync", "pwrite64", "write", "unlink"]

    /// `strace` arguments that run a command and kill it at this point. Not with
    /// `--seccomp-bpf`: strace 6.1 then injects at the first call only (checked: `when=2`
    /// and later never fire).
    func straceArguments(_ strace: String) -> [String] {
        [strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=\(syscall)",
         "-e", "inject=\(syscall):signal=SIGKILL:when=\(n)"]
    }

    /// The calls per syscall in the trace of an uninterrupted run (`strace -f -o`): for
    /// each syscall, the largest count any one thread made (the range of `n` worth
    /// trying) and the total.
    static func counts(inTrace trace: String) -> [String: (maxPerThread: Int, total: Int)] {
        var perThread: [String: [String: Int]] = [:]
        for line in trace.split(separator: "\n") {
            // "<tid> <syscall>(…" — strace pads short tids with extra spaces.
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let call = parts[1].drop { $0 == " " }
            guard let open = call.firstIndex(of: "(") else { continue }
            let name = String(call[..<open])
            guard syscalls.contains(name) else { continue }   // skips "<... resumed>" halves
            perThread[name, default: [:]][String(parts[0]), default: 0] += 1
        }
        return perThread.mapValues { (maxPerThread: $0.values.max() ?? 0, total: $0.values.reduce(0, +)) }
    }

    /// A bounded sample of points: every `n` up to `limit` per syscall when there are
    /// that few, else the first and last few and evenly spaced ones between (the first
    /// calls are claim and schema work, the last ones outputs and the finish).
    static func sample(_ counts: [String: (maxPerThread: Int, total: Int)], limit: Int) -> [CrashPoint] {
        var points: [CrashPoint] = []
        for syscall in syscalls {
            let top = counts[syscall]?.maxPerThread ?? 0
            guard top > 0 else { continue }
            var chosen: Set<Int>
            if top <= limit {
                chosen = Set(1...top)
            } else {
                let edge = min(4, limit / 4)
                chosen = Set(1...edge).union((top - edge + 1)...top)
                let middle = limit - 2 * edge
                for step in 0..<middle { chosen.insert(edge + 1 + step * (top - 2 * edge) / middle) }
            }
            points += chosen.sorted().map { CrashPoint(syscall: syscall, n: $0) }
        }
        return points
    }
}

/// Where an import stood when the kill came, read from the state it left behind.
enum CrashPhase: String, CaseIterable, Comparable, Sendable {
    /// The process ran to the end: the point lies beyond this run's calls.
    case notKilled
    /// Killed with no file in hand: at start-up, between files, or at exit.
    case betweenFiles
    /// A file sits in the spool and the ledger has no row for it: claimed, or hashed,
    /// or read, but its transaction not begun.
    case claimedNotCommitted
    /// As above, killed at a WAL write or sync: inside the import transaction.
    case inTransaction
    /// The file's rows are committed, the original still in the spool.
    case committedNotMoved
    /// The original is in its terminal place, some outputs are not written yet.
    case movedOutputsMissing
    /// Original and outputs in place, the finish transaction not committed.
    case outputsWrittenNotFinished

    static func < (lhs: CrashPhase, rhs: CrashPhase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The phases of the files `workload` left after being killed at `point`.
    static func classify(_ workload: CrashWorkload, ledger: LedgerSnapshot, killedAt point: CrashPoint) -> Set<CrashPhase> {
        var phases: Set<CrashPhase> = []
        for input in workload.inputs {
            let spooled = FileManager.default.fileExists(atPath: "\(workload.root)/var/spool/\(input.business)/expenses/\(input.name)")
            let row = ledger.files.first { $0.business == input.business && $0.name == input.name }
            switch row {
            case nil where spooled:
                phases.insert(["pwrite64", "fdatasync"].contains(point.syscall) ? .inTransaction : .claimedNotCommitted)
            case let row? where !row.finished:
                if spooled {
                    phases.insert(.committedNotMoved)
                } else {
                    let outputs = ledger.pendingOutputs.filter { $0.fileID == row.id }.map(\.path)
                    phases.insert(outputs.allSatisfy { FileManager.default.fileExists(atPath: $0) }
                                  ? .outputsWrittenNotFinished : .movedOutputsMissing)
                }
            default:
                break
            }
        }
        return phases.isEmpty ? [.betweenFiles] : phases
    }
}
