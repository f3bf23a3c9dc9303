#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorPipeline
import KontorStore
import Logging

/// Workload `expenses-csv`: a generated expense log of N rows (200 vendors, every
/// category of the shared catalog, two tax rates, two payment accounts) imported by the
/// real pipeline into a fresh ledger: read, classify, post, commit, receipt.
struct ExpenseImportBench {
    var rows: Int
    var keep: String?

    func run() async throws {
        let root = keep ?? "/tmp/kontor-bench-\(getpid())"
        let workspace = Workspace(root: root)
        try setUp(workspace)
        let configuration = try Configuration.load(workspace: workspace)
        guard let business = configuration.businesses.first else { return }
        let categories = configuration.categories(for: business.id).filter { $0.account.rawValue.hasPrefix("Expenses:") }.map(\.key.rawValue)
        let path = workspace.inbox(business.id, .expenses) + "/bench.csv"
        let bytes = try ExpenseImportBench.generate(rows: rows, categories: categories, to: path)
        let store = try LedgerStore.open(path: workspace.database)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pipeline = try Pipeline(workspace: workspace, configuration: configuration, store: store, logger: logger,
                                    timestamp: { "2026-11-26T00:00:00Z" })
        let file = InboxFile(business: business.id, channel: .expenses, path: path, size: bytes, modifiedNanoseconds: 0)
        let (seconds, _) = try await timedImport(pipeline, file, label: "expenses-csv")
        let rate = Double(rows) / seconds
        print("expenses-csv: \(rows) rows (\(bytes / 1024) KiB) imported in \(String(format2(seconds))) s = \(Int(rate)) rows/s, peak RSS \(String(format1(peakRSSMiB()))) MiB")
        if keep == nil { _ = system("rm -rf '\(root)'") }
    }

    func setUp(_ workspace: Workspace) throws(KontorError) {
        _ = system("rm -rf '\(workspace.root)'")
        try DurableFile.makeDirectory(workspace.businessesDirectory)
        try DurableFile.makeDirectory(workspace.inbox + "/bench/expenses")
        try DurableFile.makeDirectory(workspace.state)
        guard system("cp pipelines/categories.yaml '\(workspace.categoriesFile)'") == 0 else {
            throw KontorError(.usage, "run kontor-bench from the repository root (it needs pipelines/categories.yaml)")
        }
        try DurableFile.write("settle_seconds: 1\n", to: workspace.settingsFile)
        try DurableFile.write("""
            id: bench
            name: Bench GmbH
            base_currency: EUR
            accounts:
              - name: Assets:Bank:Checking
              - name: Liabilities:CreditCard
              - name: Assets:Tax:Input
            payment_accounts:
              bank: Assets:Bank:Checking
              card: Liabilities:CreditCard
            default_payment_account: bank

            """, to: workspace.businessesDirectory + "/bench.yaml")
    }

    /// Writes the workload; deterministic (a linear congruential generator, fixed seed).
    static func generate(rows: Int, categories: [String], to path: String) throws(KontorError) -> Int64 {
        guard let file = fopen(path, "w") else { throw KontorError(.io, "cannot write \(path)") }
        defer { fclose(file) }
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var written: Int64 = 0
        func put(_ line: String) {
            fputs(line, file)
            written += Int64(line.utf8.count)
        }
        put("date,amount,currency,vendor,category,description,payment_account,receipt,tax_rate\n")
        for row in 0..<rows {
            let day = LocalDate(daysSinceEpoch: LocalDate(year: 2026, month: 1, day: 1)!.daysSinceEpoch + Int(next() % 365))
            let cents = 100 + next() % 250_000
            let vendor = next() % 200
            let category = categories[Int(next() % UInt64(categories.count))]
            let rate = next() % 2 == 0 ? "19" : "7"
            let method = next() % 3 == 0 ? "card" : "bank"
            put("\(day),\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100),EUR,Vendor \(vendor) GmbH,\(category),Item \(row),\(method),R-\(row),\(rate)\n")
        }
        return written
    }
}

func format2(_ value: Double) -> String { String(Double(Int(value * 100)) / 100) }
func format1(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
