import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// The acceptance cross-check of issue 5: a generated year of activity (expenses at three
/// rates, fees, refunds, invoices with partial payments, bills, reverse charge) is exported
/// by `kontor export hledger|beancount`, and hledger, bean-check and bean-query must give
/// exactly the totals of `kontor report pnl|expenses|tax`, account by account.
///
/// (Named EndToEnd: it drives the kontor binary and the peers as subprocesses.)
@Suite struct EndToEndReportCrossCheckTests {
    typealias Balances = [String: Int64]

    /// A workspace whose ledger holds the generated year for ACME.
    static func workspace() throws -> EndToEndWorkspace {
        let workspace = try EndToEndWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.workspace.state, withIntermediateDirectories: true)
        let store = try LedgerStore.open(path: workspace.workspace.database)
        let posted = try LedgerFixture(business: .acme).post(into: store)
        #expect(posted > 1_000)
        return workspace
    }

    static func rows(_ report: JSONValue, _ section: String) -> [JSONValue] {
        report["sections"]?.arrayValue?.first { $0["key"] == .string(section) }?["rows"]?.arrayValue ?? []
    }

    static func cents(_ value: JSONValue?) -> Int64? { value?.stringValue.flatMap(PeerTool.cents) }

    static func total(_ report: JSONValue, _ key: String) -> Int64? { cents(report["totals"]?[key]?["amount"]) }

    /// `hledger bal` of every account over `period`, flat, as cents.
    static func hledgerBalances(_ journal: String, _ arguments: [String]) async throws -> Balances {
        let output = try await PeerTool.run("hledger", ["-f", journal, "bal", "--flat", "-N", "-O", "csv"] + arguments)
        try #require(output.status == 0, "hledger failed: \(output.stderr)")
        var balances: Balances = [:]
        for row in PeerTool.csvRows(output.stdout).dropFirst() where row.count >= 2 {
            balances[row[0]] = try #require(PeerTool.cents(row[1]), "hledger amount '\(row[1])'")
        }
        return balances
    }

    @Test func hledgerAndBeancountGiveKontorsTotalsAccountByAccount() async throws {
        let workspace = try Self.workspace()
        let journal = workspace.root + "/acme.journal"
        let beancount = workspace.root + "/acme.beancount"
        for (format, path) in [("hledger", journal), ("beancount", beancount)] {
            let result = try await workspace.kontor("export", format, "--business", "acme", "--output", path)
            try #require(result.exited && result.status == 0, "\(result)")
        }

        // Both tools accept the exports.
        let check = try await PeerTool.run("bean-check", [beancount])
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "bean-check: \(check.stdout)\(check.stderr)")
        let hledger = try await Self.hledgerBalances(journal, ["-p", "2026"])
        let query = try await PeerTool.run("bean-query", ["-f", "csv", beancount,
            "SELECT account, sum(number) AS total WHERE year = 2026 GROUP BY account ORDER BY account"])
        try #require(query.status == 0, "bean-query: \(query.stderr)")
        var beans: Balances = [:]
        for row in PeerTool.csvRows(query.stdout).dropFirst() where row.count >= 2 {
            beans[row[0].trimmingCharacters(in: .whitespaces)] = try #require(PeerTool.cents(row[1].trimmingCharacters(in: .whitespaces)))
        }
        #expect(beans.filter { $0.value != 0 } == hledger.filter { $0.value != 0 }, "bean-query and hledger disagree: \(query.stdout.prefix(400)) \(query.stderr.prefix(400))")

        // Profit and loss, accrual: every income and expense account.
        let pnl = try await workspace.json("report", "pnl", "--business", "acme", "--period", "2026", "--format", "json")
        var kontor: Balances = [:]
        for row in Self.rows(pnl, "income") { kontor[row["account"]!.stringValue!] = -(Self.cents(row["amount"]) ?? 0) }
        for row in Self.rows(pnl, "expenses") { kontor[row["account"]!.stringValue!] = Self.cents(row["amount"]) ?? 0 }
        let profitAndLoss = hledger.filter { $0.key.hasPrefix("Income:") || $0.key.hasPrefix("Expenses:") }
        #expect(profitAndLoss.count >= 12)
        #expect(kontor == profitAndLoss)
        #expect(kontor == beans.filter { ($0.key.hasPrefix("Income:") || $0.key.hasPrefix("Expenses:")) && $0.value != 0 }
                             .merging(kontor.filter { $0.value == 0 }) { a, _ in a }, "bean-query's P&L accounts")
        let net = try #require(Self.total(pnl, "net"))
        #expect(net == -profitAndLoss.values.reduce(0, +))
        let statement = try await PeerTool.run("hledger", ["-f", journal, "is", "-p", "2026", "-O", "csv"])
        let netRow = try #require(PeerTool.csvRows(statement.stdout).first { $0.first == "Net:" }, "hledger is: \(statement.stdout)")
        #expect(PeerTool.cents(netRow[1]) == net, "hledger is: \(netRow)")

        // Expense breakdown: by category, account by account, and its total.
        let expenses = try await workspace.json("report", "expenses", "--business", "acme", "--period", "2026", "--format", "json")
        var categories: Balances = [:]
        for row in Self.rows(expenses, "by_category") { categories[row["account"]!.stringValue!] = Self.cents(row["amount"]) }
        #expect(categories == hledger.filter { $0.key.hasPrefix("Expenses:") })
        #expect(Self.total(expenses, "expenses") == Self.total(pnl, "expenses"))
        let byVendor = Self.rows(expenses, "by_vendor").compactMap { Self.cents($0["amount"]) }.reduce(0, +)
        let byMonth = Self.rows(expenses, "by_month").compactMap { Self.cents($0["amount"]) }.reduce(0, +)
        #expect(byVendor == Self.total(expenses, "expenses") && byMonth == byVendor)

        // Tax: input tax paid (and reverse charge) is what the input tax account moved; output
        // tax collected (and reverse charge) what the output tax account moved.
        let tax = try await workspace.json("report", "tax", "--business", "acme", "--period", "2026", "--format", "json")
        let reverse = try #require(Self.total(tax, "reverse_charge_tax"))
        #expect(reverse > 0)
        #expect(try #require(Self.total(tax, "input_tax")) + reverse == hledger["Assets:Tax:Input"])
        #expect(try #require(Self.total(tax, "output_tax")) + reverse == -(hledger["Liabilities:Tax:Output"] ?? 0))
        #expect(try #require(Self.total(tax, "input_tax")) + reverse == beans["Assets:Tax:Input"])
        #expect(try #require(Self.total(tax, "output_tax")) + reverse == -(beans["Liabilities:Tax:Output"] ?? 0))
        let perRate = Self.rows(tax, "input").compactMap { Self.cents($0["tax"]) }.reduce(0, +)
        #expect(perRate == Self.total(tax, "input_tax"))
        let rates = Set(Self.rows(tax, "output").compactMap { $0["rate"]?.stringValue })
        #expect(rates == ["7", "19"])

        // Cash basis: income and output tax count as receivables are paid, so together they
        // equal the accrual figures less the growth of receivables (hledger: Income + output
        // tax + receivables); expenses likewise with payables.
        let cashPnl = try await workspace.json("report", "pnl", "--business", "acme", "--period", "2026", "--basis", "cash", "--format", "json")
        let cashTax = try await workspace.json("report", "tax", "--business", "acme", "--period", "2026", "--basis", "cash", "--format", "json")
        let receivables = hledger.filter { $0.key.hasPrefix("Assets:Receivables") }.values.reduce(0, +)
        let payables = hledger.filter { $0.key.hasPrefix("Liabilities:Payables") }.values.reduce(0, +)
        #expect(receivables > 0, "the fixture leaves invoices open")
        let cashIncome = try #require(Self.total(cashPnl, "income")), cashOutput = try #require(Self.total(cashTax, "output_tax"))
        let incomeSide = hledger.filter { $0.key.hasPrefix("Income:") }.values.reduce(0, +) + (hledger["Liabilities:Tax:Output"] ?? 0) + receivables
        #expect(cashIncome + cashOutput + reverse == -incomeSide)
        let cashExpenses = try #require(Self.total(cashPnl, "expenses")), cashInput = try #require(Self.total(cashTax, "input_tax"))
        let expenseSide = hledger.filter { $0.key.hasPrefix("Expenses:") }.values.reduce(0, +) + (hledger["Assets:Tax:Input"] ?? 0) + payables
        #expect(cashExpenses + cashInput + reverse == expenseSide)
        #expect(cashIncome < (Self.total(pnl, "income") ?? 0))
    }

    @Test func aPeriodExportCarriesOpeningBalancesAndChecksInBothTools() async throws {
        let workspace = try Self.workspace()
        let full = workspace.root + "/all.journal"
        let quarter = workspace.root + "/q3.journal"
        let beans = workspace.root + "/q3.beancount"
        for (format, path, period) in [("hledger", full, nil), ("hledger", quarter, "2026-Q3"), ("beancount", beans, "2026-Q3")] {
            let result = try await workspace.kontor(["export", format, "--business", "acme", "--output", path] + (period.map { ["--period", $0] } ?? []))
            try #require(result.exited && result.status == 0, "\(result)")
        }
        let check = try await PeerTool.run("bean-check", [beans])
        #expect(check.status == 0, "bean-check: \(check.stdout)\(check.stderr)")
        // Balance-sheet accounts at the end of the quarter agree; P&L accounts agree within it.
        let sheet = try await Self.hledgerBalances(full, ["-e", "2026-10-01", "^Assets", "^Liabilities"])
        let sheetFromQuarter = try await Self.hledgerBalances(quarter, ["^Assets", "^Liabilities"])
        #expect(sheet.filter { $0.value != 0 } == sheetFromQuarter.filter { $0.value != 0 })
        let pnl = try await Self.hledgerBalances(full, ["-b", "2026-07-01", "-e", "2026-10-01", "^Income", "^Expenses"])
        let pnlFromQuarter = try await Self.hledgerBalances(quarter, ["^Income", "^Expenses"])
        #expect(pnl == pnlFromQuarter)
        // The same ledger state gives the same bytes.
        let again = try await workspace.kontor("export", "hledger", "--business", "acme", "--period", "2026-Q3")
        #expect(again.stdout == (try String(contentsOfFile: quarter, encoding: .utf8)))
    }
}

extension EndToEndWorkspace {
    func kontor(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> KontorProcess.Result {
        try await KontorProcess.run(arguments + ["--workspace", root], sourceLocation: sourceLocation)
    }
}
