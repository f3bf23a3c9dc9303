import Foundation
import KontorCore
@testable import KontorReport
import KontorStore
import Testing

/// Every report, as JSON and CSV, on the hand-written golden ledger (STYLE.md 15).
@Suite struct ReportGoldenTests {
    static let cases: [(ReportName, Basis)] = [
        (.pnl, .accrual), (.pnl, .cash), (.expenses, .accrual), (.tax, .accrual), (.tax, .cash), (.vendors, .accrual), (.aging, .accrual),
    ]

    @Test(arguments: 0..<ReportGoldenTests.cases.count)
    func reportMatchesItsGoldenFiles(_ index: Int) throws {
        let (name, basis) = ReportGoldenTests.cases[index]
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        let document = Reporter(journal: journal, request: try ReportGoldenLedger.request(basis: basis)).report(name)
        try ReportGolden.check(document.render(.json), "\(name.rawValue)-\(basis.rawValue).expected.json")
        try ReportGolden.check(document.render(.csv), "\(name.rawValue)-\(basis.rawValue).expected.csv")
    }

    @Test func ledgerExportsMatchTheirGoldenFiles() throws {
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        for format in LedgerExport.Format.allCases {
            let all = LedgerExport(journal: journal, period: nil, title: "ACME Labor GmbH", generator: "kontor test")
            try ReportGolden.check(all.render(format), "ledger-all.expected.\(format.rawValue == "csv" ? "csv" : format.rawValue)")
            let quarter = LedgerExport(journal: journal, period: try ReportPeriod.parse("2026-Q3"), title: "ACME Labor GmbH", generator: "kontor test")
            try ReportGolden.check(quarter.render(format), "ledger-2026-Q3.expected.\(format.rawValue)")
        }
    }

    @Test func totalsTieToTheLedger() throws {
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        let reporter = Reporter(journal: journal, request: try ReportGoldenLedger.request(comparison: nil))
        let pnl = reporter.report(.pnl)
        // Hand-computed from the entries of 2026-07-01 … 2026-09-30.
        let income: Int64 = 100_000 + 50_000 + 20_000 - 5_000 + 1_234
        let expenses: Int64 = 100_000 + 2_000 + 10_000 + 305 + 30_000 + 25_000 - 1_000 + 1_000
        #expect(pnl.totals.map(\.amount) == [income, expenses, income - expenses])
        let tax = reporter.report(.tax)
        // Output: 19,000 (Globex) + 3,500 (Initech); input: 19,000 + 380 + 700 − 190; reverse charge 5,700 apart.
        #expect(tax.totals.map(\.amount) == [22_500, 19_890, 5_700, 22_500 - 19_890])
    }

    @Test func cashBasisCountsInvoicesAsTheyArePaid() throws {
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        let cash = Reporter(journal: journal, request: try ReportGoldenLedger.request(basis: .cash, comparison: nil))
        let pnl = cash.report(.pnl)
        // Globex paid half (500.00 of 1,000.00 net) in Q3, Initech all (500.00); Fjallraven nothing.
        // The rent bill (1,000.00 net) was paid in July, so it counts in full.
        let income: Int64 = 50_000 + 50_000 + 20_000 - 5_000 + 1_234
        #expect(pnl.totals.first?.amount == income)
        let tax = cash.report(.tax)
        #expect(tax.totals.first?.amount == Int64(9_500 + 3_500))
    }

    @Test func agingPutsEachOpenDocumentInItsBucket() throws {
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        let aging = Reporter(journal: journal, request: try ReportGoldenLedger.request(comparison: nil)).report(.aging)
        // At 2026-09-30: Fjallraven 2,380.00 from 2026-04-01 (182 days), Globex 595.00 from 2026-07-03 (89 days).
        #expect(aging.totals.map(\.amount) == [0, 0, 59_500, 238_000, 297_500])
    }

    @Test func depthCollapsesAccountsAndKeepsTotals() throws {
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        var request = try ReportGoldenLedger.request(comparison: .lastYear)
        let full = Reporter(journal: journal, request: request).report(.pnl)
        request.depth = 1
        let collapsed = Reporter(journal: journal, request: request).report(.pnl)
        #expect(collapsed.sections[1].rows.map { $0[0] } == [.text("Expenses")])
        #expect(collapsed.totals.map(\.amount) == full.totals.map(\.amount))
        #expect(collapsed.comparison?.label == "2025-Q3")
        #expect(collapsed.totals.compactMap(\.comparison) == [0, 0, 0])
    }

    @Test func csvWithDecimalCommaKeepsEveryCellAndNumber() throws {
        let journal = try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business)
        let document = Reporter(journal: journal, request: try ReportGoldenLedger.request()).report(.expenses)
        let plain = document.render(.csv)
        let comma = document.render(.csv, decimalComma: true)
        #expect(comma.contains("Expenses:Rent;1000,00;"))
        #expect(plain.contains("Expenses:Rent,1000.00,"))
        // The same cells, only the separators differ.
        #expect(comma.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: ";", with: ",") == plain)
    }

    @Test func periodsParseAsDocumented() throws {
        #expect(try ReportPeriod.parse("2026-09").from == LocalDate(iso: "2026-09-01"))
        #expect(try ReportPeriod.parse("2026-Q3").to == LocalDate(iso: "2026-09-30"))
        let fiscal = try ReportPeriod.parse("2026", fiscalYearStart: (7, 1))
        #expect((fiscal.from, fiscal.to) == (LocalDate(iso: "2026-07-01")!, LocalDate(iso: "2027-06-30")!))
        #expect(try ReportPeriod.parse("2026-Q1").previous.label == "2025-Q4")
        #expect(try ReportPeriod.parse("2024-02").lastYear.to == LocalDate(iso: "2023-02-28"))
        #expect(try ReportPeriod.parse("2026-01").previous.label == "2025-12")
        #expect(throws: KontorError.self) { try ReportPeriod.parse("2026-13") }
        #expect(throws: KontorError.self) { try ReportPeriod.parse("Q3") }
    }

    @Test func allocationRecognizesExactlyWhatWasPaid() {
        // The two postings of a 1,190.00 invoice (net 1,000.00, tax 190.00), paid 333.33.
        let shares = OpenItems.allocate([-100_000, -19_000], settled: 33_333, of: 119_000)
        #expect(shares.reduce(0, +) == -33_333)
    }
}
