import Foundation
import KontorCore
import KontorReport
import KontorStore
import Testing

/// Reports over invoices issued through the pipeline: the aging names each invoice's
/// client although invoicing posts every receivable to one account, and the tax report
/// takes per-rate figures from the invoices' VAT breakdowns.
@Suite struct InvoiceReportTests {
    static func request(_ period: String) throws -> ReportRequest {
        ReportRequest(period: try ReportPeriod.parse(period), businessName: "ACME", inputTaxAccount: AccountPath("Assets:Tax:Input")!)
    }

    @Test func agingGroupsInvoicesOnOneReceivableAccountByClient() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        // Initech's invoice is the oldest; Globex gets two and a credit note for the second.
        for (key, client, date, lines) in [("i1", "initech", "2026-10-15", 1), ("g1", "globex", "2026-11-02", 2), ("g2", "globex", "2026-11-03", 1)] {
            let outcome = try await ws.process(InvoiceWorkspace.request(key: key, client: client, date: date, lines: lines),
                                               named: "\(key).yaml", channel: .invoices)
            #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        }
        let credit = try await ws.process("changes:\n  - { key: c1, action: credit, invoice: INV-2026-00003, date: 2026-11-10, reason: Cancelled }\n",
                                          named: "c1.yaml", channel: .invoices)
        #expect(credit.status == .imported, "\(String(describing: credit.error))")
        #expect(try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Assets:Receivables") == [.EUR: 2_499 + 4_998])

        let journal = try ws.store.journal(business: InvoiceWorkspace.acme)
        #expect(journal.entries.map(\.party) == ["Initech GmbH", "Globex B.V.", "Globex B.V.", "Globex B.V."])
        let aging = Reporter(journal: journal, request: try InvoiceReportTests.request("2026-11")).report(.aging)
        // The credit note settles the Globex invoice it credits, not Initech's older one
        // nor Globex's oldest.
        #expect(aging.sections[0].rows == [
            [.text("Globex B.V."), .amount(4_998), .amount(0), .amount(0), .amount(0), .amount(0), .amount(4_998)],
            [.text("Initech GmbH"), .amount(0), .amount(2_499), .amount(0), .amount(0), .amount(0), .amount(2_499)],
        ])
        #expect(aging.sections[1].rows.map { [$0[0], $0[1], $0[6]] } == [
            [.text("Globex B.V."), .text("invoice:INV-2026-00002"), .amount(4_998)],
            [.text("Initech GmbH"), .text("invoice:INV-2026-00001"), .amount(2_499)],
        ])
        #expect(aging.totals.last?.amount == 7_497)
        #expect(journal.entries[3].settles == journal.entries[2].id)
    }

    @Test func taxReportTakesRatesFromTheInvoiceBreakdown() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        let outcome = try await ws.process("""
            invoices:
              - key: mixed
                client: initech
                issue_date: 2026-11-04
                lines:
                  - { description: Lab hours, quantity: 2, unit: HUR, unit_price: 10.50, tax_category: S, tax_rate: 19 }
                  - { description: Handbook, quantity: 1, unit: C62, unit_price: 100, tax_category: S, tax_rate: 7 }
                  - { description: Training course, quantity: 1, unit: C62, unit_price: 50, tax_category: E, exemption_reason: "§ 4 Nr. 21 UStG" }
              - key: plain
                client: globex
                issue_date: 2026-11-05
                lines:
                  - { description: Item, quantity: 1, unit: C62, unit_price: 200, tax_category: S, tax_rate: 19 }
            """, named: "mixed.yaml", channel: .invoices)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        let credit = try await ws.process("""
            changes:
              - key: c1
                action: credit
                invoice: INV-2026-00001
                date: 2026-12-03
                reason: Handbook returned
                lines:
                  - { description: Handbook, quantity: 1, unit: C62, unit_price: 100, tax_category: S, tax_rate: 7 }
            """, named: "c1.yaml", channel: .invoices)
        #expect(credit.status == .imported, "\(String(describing: credit.error))")

        let journal = try ws.store.journal(business: InvoiceWorkspace.acme)
        #expect(journal.entries[0].taxBreakdown.map(\.category) == ["E", "S", "S"])
        let tax = Reporter(journal: journal, request: try InvoiceReportTests.request("2026-11")).report(.tax)
        // 19 %: 21.00 → 3.99 and 200.00 → 38.00; 7 %: 100.00 → 7.00.
        let output: [[ReportCell]] = [
            [.text("Liabilities:Tax:Output"), .text("19"), .amount(22_100), .amount(4_199), .count(2)],
            [.text("Liabilities:Tax:Output"), .text("7"), .amount(10_000), .amount(700), .count(1)],
        ]
        #expect(tax.sections[0].rows == output)
        #expect(tax.totals.first?.amount == 4_899)
        // The credit note in December takes the 7 % back at its rate.
        let december = Reporter(journal: journal, request: try InvoiceReportTests.request("2026-12")).report(.tax)
        let credited: [[ReportCell]] = [[.text("Liabilities:Tax:Output"), .text("7"), .amount(-10_000), .amount(-700), .count(1)]]
        #expect(december.sections[0].rows == credited)
        #expect(december.sections[3].rows.isEmpty)
        #expect(tax.sections[3].rows == [[.text("Income:Sales (exempt, E)"), .amount(5_000), .count(1)]])
        let cells: [ReportCell] = tax.sections.flatMap(\.rows).flatMap { $0 }
        #expect(!cells.contains { cell in
            guard case .text(let text) = cell else { return false }
            return text.contains("≈")
        })
        // Over both months the totals tie to the output tax account's movement in the ledger.
        let outputTax = try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Liabilities:Tax:Output")[.EUR] ?? 0
        #expect(outputTax == -(399 + 3_800 + 700 - 700))
        let both = Reporter(journal: journal, request: try InvoiceReportTests.request("2026-Q4")).report(.tax)
        #expect(both.totals.first?.amount == -outputTax)
        #expect(both.totals.last?.amount == -outputTax)
    }

    /// On a shared receivable account, a payment that names no client settles the oldest
    /// document whoever's it is; a credit note naming a client with nothing open stays an
    /// unapplied credit of that client.
    @Test func paymentsWithoutAPartySettleTheAccountsOldestDocument() throws {
        let accounts = ["Assets:Bank", "Assets:Receivables", "Income:Sales"].map { AccountPath($0)! }
        func entry(_ id: Int64, _ day: Int, _ party: String?, _ receivable: Int64) -> JournalEntry {
            JournalEntry(id: id, date: LocalDate(year: 2026, month: 1, day: day)!, description: "e\(id)", recordID: "r:\(id)", party: party,
                         postings: [JournalPosting(account: 1, amount: receivable, currency: .EUR),
                                    JournalPosting(account: receivable > 0 ? 2 : 0, amount: -receivable, currency: .EUR)])
        }
        let journal = Journal(business: BusinessID("acme")!, baseCurrency: .EUR, accounts: accounts, entries: [
            entry(1, 5, "Beta", 5_000), entry(2, 10, "Alpha", 10_000),
            entry(3, 20, nil, -8_000),      // a payment: Beta's 50.00 first, then 30.00 of Alpha's
            entry(4, 25, "Beta", -1_000),   // a credit note for Beta, who owes nothing now
        ])
        let aging = Reporter(journal: journal, request: try InvoiceReportTests.request("2026-01")).report(.aging)
        #expect(aging.sections[0].rows == [
            [.text("Alpha"), .amount(7_000), .amount(0), .amount(0), .amount(0), .amount(0), .amount(7_000)],
            [.text("Beta"), .amount(0), .amount(0), .amount(0), .amount(0), .amount(1_000), .amount(-1_000)],
        ])
        #expect(aging.totals.last?.amount == 6_000)
    }
}
