// kontor-bench: imports generated workloads through the real pipeline and prints rows/s
// and peak memory (STYLE.md 17). Not a test: run it with `make bench`.
//
//   kontor-bench [expenses-csv] [bank-csv] [bank-ofx] [reports] [matching] [--rows N] [--invoices M] [--keep DIR] [--no-peers]
//
// matching (issue 4): --rows bank lines of gen_workload.py against --invoices open invoices
// (default 20,000), imported and matched by the pipeline; and the matcher alone.
//
// reports (issue 5): P&L and expense breakdown over a generated ledger of --rows postings
// beside `hledger is` on its export.
//
// bank-csv and bank-ofx import ../shared/eval/gen_workload.py's files (run from the
// repository root) and time the peers issue 3 compares with (hledger, ofxtools) in the
// same run unless --no-peers; scripts/bench-peers.sh installs them.
#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorPipeline
import KontorStore
import Logging

@main
struct Bench {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var rows = 100_000
        var keep: String?
        var peers = true
        if let index = arguments.firstIndex(of: "--no-peers") {
            peers = false
            arguments.remove(at: index)
        }
        if let index = arguments.firstIndex(of: "--rows"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
            rows = value
            arguments.removeSubrange(index...(index + 1))
        }
        var invoices = 20_000
        if let index = arguments.firstIndex(of: "--invoices"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
            invoices = value
            arguments.removeSubrange(index...(index + 1))
        }
        if let index = arguments.firstIndex(of: "--keep"), index + 1 < arguments.count {
            keep = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        var queryArgument: String?
        if arguments.first == "reports-query", arguments.count == 2 {
            queryArgument = arguments[1]
            arguments.removeLast()
        }
        let workloads = arguments.isEmpty ? ["expenses-csv"] : arguments
        do {
            for workload in workloads {
                switch workload {
                case "expenses-csv": try await ExpenseImportBench(rows: rows, keep: keep).run()
                case "bank-csv": try await BankImportBench(format: .csv, rows: rows, keep: keep, peers: peers).run()
                case "bank-ofx": try await BankImportBench(format: .ofx, rows: rows, keep: keep, peers: peers).run()
                case "reports": try await ReportBench(postings: rows, keep: keep, peers: peers).run()
                case "matching": try await MatchingBench(rows: rows, invoices: invoices, keep: keep).run()
                case "reports-query":
                    // The process `reports` measures: its argument is the ledger's path.
                    guard let database = queryArgument else { standardError("reports-query needs the ledger path"); exit(64) }
                    try ReportBench.query(database: database)
                    return
                default:
                    standardError("unknown workload '\(workload)' (known: expenses-csv, bank-csv, bank-ofx, reports, matching)")
                    exit(64)
                }
            }
        } catch {
            standardError(ErrorRenderer.text(error))
            exit(1)
        }
    }
}

/// Peak resident memory of this process so far, in MiB (getrusage: ru_maxrss is KiB).
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Monotonic seconds.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func standardError(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Imports `file` through the pipeline and returns the wall seconds and the outcome; an
/// import that did not succeed ends the bench with the reason, under `label`.
func timedImport(_ pipeline: Pipeline, _ file: InboxFile, label: String) async throws -> (seconds: Double, outcome: FileOutcome) {
    let start = now()
    let outcome = try await pipeline.process(file)
    let seconds = now() - start
    guard let outcome, outcome.status == .imported else {
        print("\(label): the import did not succeed: \(outcome.map { $0.error.map(ErrorRenderer.text) ?? $0.status.rawValue } ?? "not claimed")")
        exit(1)
    }
    return (seconds, outcome)
}
