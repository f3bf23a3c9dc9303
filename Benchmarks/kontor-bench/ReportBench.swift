#if canImport(Glibc)
import Glibc
#endif
import KontorCore
import KontorReport
import KontorStore
import KontorTesting

/// Issue 5's workload: the profit and loss and the expense breakdown for a year over a
/// generated ledger of about `postings` postings (``LedgerFixture``: expenses at three
/// rates, gateway charges with fees, refunds, payouts, invoices with partial payments,
/// bills), beside `hledger is` on Kontor's hledger export of the same ledger.
///
/// Both sides are measured the same way: a fresh process under `/usr/bin/time -v` (wall
/// time and maximum RSS). Kontor's process is this executable's `reports-query` mode: it
/// opens the ledger, reads the journal and makes both reports.
struct ReportBench {
    let postings: Int
    let keep: String?
    let peers: Bool

    func run() async throws {
        let directory = keep ?? "/tmp/kontor-bench-reports-\(getpid())"
        _ = mkdir(directory, 0o755)
        let database = directory + "/kontor.sqlite"
        let business = BusinessID("acme")!
        // One scale step is about 2,050 postings a year.
        let scale = max(1, postings / 2_050)
        if access(database, F_OK) != 0 {
            let start = now()
            let store = try LedgerStore.open(path: database)
            let transactions = try LedgerFixture(business: business, scale: scale).post(into: store)
            print("reports: generated \(transactions) transactions in \(format2(now() - start)) s (scale \(scale))")
        }
        let store = try LedgerStore.open(path: database)
        let journal = try store.journal(business: business)
        let count = journal.entries.reduce(0) { $0 + $1.postings.count }
        let export = LedgerExport(journal: journal, period: nil, title: "bench", generator: "kontor-bench")
        guard writeText(export.render(.hledger), to: directory + "/ledger.journal") else {
            throw KontorError(.io, "cannot write \(directory)/ledger.journal")
        }
        print("reports: \(journal.entries.count) transactions, \(count) postings; P&L and expense breakdown for 2026")
        let me = CommandLine.arguments[0]
        guard let kontor = measure("'\(me)' reports-query '\(database)'") else {
            print("  kontor: failed"); return
        }
        print("  kontor (open, read journal, pnl + expenses): \(format2(kontor.wall)) s, max RSS \(format1(kontor.rss)) MiB")
        guard peers else { return }
        guard system("command -v hledger >/dev/null 2>&1") == 0 else {
            print("  peer hledger: not installed (apt-get install -y hledger); skipped"); return
        }
        guard let hledger = measure("hledger -f '\(directory)/ledger.journal' is -p 2026 > /dev/null") else {
            print("  peer hledger: failed"); return
        }
        print("  peer hledger is: \(format2(hledger.wall)) s, max RSS \(format1(hledger.rss)) MiB; "
              + "Kontor is \(format1(hledger.wall / max(kontor.wall, 0.001)))x as fast with \(format2(kontor.rss / hledger.rss))x its memory")
    }

    /// The `reports-query` mode: what the measured Kontor process does.
    static func query(database: String) throws {
        let start = now()
        let store = try LedgerStore.open(path: database)
        let journal = try store.journal(business: BusinessID("acme")!)
        let loaded = now()
        let request = ReportRequest(period: try ReportPeriod.parse("2026"), businessName: "bench",
                                    inputTaxAccount: AccountPath("Assets:Tax:Input")!)
        let reporter = Reporter(journal: journal, request: request)
        let pnl = reporter.report(.pnl)
        let expenses = reporter.report(.expenses)
        let done = now()
        let net = pnl.totals.last.map { Money(minorUnits: $0.amount, currency: .EUR).decimalString } ?? "?"
        print("  kontor phases: read journal \(format2(loaded - start)) s, reports \(format2(done - loaded)) s; "
              + "net profit \(net) EUR, \(expenses.sections.first?.rows.count ?? 0) expense accounts")
    }

    /// Wall seconds and max RSS (MiB) of `command` under `/usr/bin/time -v`.
    func measure(_ command: String) -> (wall: Double, rss: Double)? {
        guard access("/usr/bin/time", X_OK) == 0 else { print("  /usr/bin/time is missing (apt-get install -y time)"); return nil }
        let report = "/tmp/kontor-bench-time-\(getpid()).txt"
        fflush(nil)
        let status = system("/usr/bin/time -v -o '\(report)' sh -c \"\(command)\"")
        let text = readText(report) ?? ""
        _ = unlink(report)
        guard status == 0, let wall = BankImportBench.wallSeconds(text),
              let kib = BankImportBench.integer(after: "Maximum resident set size (kbytes)", in: text) else { return nil }
        return (wall, Double(kib) / 1024)
    }
}
