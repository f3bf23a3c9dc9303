import KontorCore
import KontorReport
import Testing

/// The vendor report's payment terms: a payable document is due its vendor's terms after
/// its date, paid on the day payments settle it in full (oldest first), and kept, late,
/// open or overdue at the end of the period.
@Suite struct PaymentTermsTests {
    static let accounts = ["Assets:Bank", "Expenses:Rent", "Liabilities:Payables:Immobilien-Weber", "Liabilities:Payables:Stadtwerke",
                           "Expenses:Utilities"].map { AccountPath($0)! }

    /// A bill of `cents` on payable account `payable` (2 or 3), or a payment when negative.
    static func entry(_ id: Int64, _ month: Int, _ day: Int, payable: Int32, _ cents: Int64) -> JournalEntry {
        let other: Int32 = cents > 0 ? (payable == 2 ? 1 : 4) : 0
        return JournalEntry(id: id, date: LocalDate(year: 2026, month: month, day: day)!, description: "e\(id)", recordID: "r:\(id)",
                            postings: [JournalPosting(account: other, amount: cents, currency: .EUR),
                                       JournalPosting(account: payable, amount: -cents, currency: .EUR)])
    }

    static let journal = Journal(business: BusinessID("acme")!, baseCurrency: .EUR, accounts: accounts, entries: [
        entry(1, 7, 1, payable: 2, 100_000),     // July rent, due 15 July on 14 days: paid 5 July → kept
        entry(2, 7, 5, payable: 2, -100_000),
        entry(3, 8, 1, payable: 2, 100_000),     // August rent, due 15 August: paid in two parts, in full on 20 August → late 5
        entry(4, 8, 10, payable: 2, -60_000),
        entry(5, 8, 20, payable: 2, -40_000),
        entry(6, 9, 1, payable: 2, 100_000),     // September rent, due 15 September: unpaid on 30 September → overdue 15
        entry(7, 9, 25, payable: 2, 100_000),    // October rent booked early, due 9 October: unpaid, not due → open
        entry(8, 9, 2, payable: 3, 5_000),       // Stadtwerke: no terms in master data
        entry(9, 10, 1, payable: 2, -200_000),   // after the period: does not count
    ].sorted { ($0.date, $0.id) < ($1.date, $1.id) })

    static func report(terms: [VendorTerms]) throws -> ReportDocument {
        var request = ReportRequest(period: try ReportPeriod.parse("2026-Q3"), businessName: "ACME", inputTaxAccount: AccountPath("Assets:Tax:Input")!)
        request.paymentTerms = terms
        return Reporter(journal: journal, request: request).report(.vendors)
    }

    static func section(_ document: ReportDocument, _ key: String) throws -> ReportSection {
        try #require(document.sections.first { $0.key == key })
    }

    @Test func eachDocumentIsKeptLateOpenOrOverdue() throws {
        // The master data names the vendor differently from the account; an alias links them.
        let document = try Self.report(terms: [VendorTerms(name: "Immobilien Weber GmbH", aliases: ["Immobilien-Weber"], days: 14)])
        let rows = try Self.section(document, "payable_documents").rows
        #expect(rows == [
            [.text("Immobilien Weber GmbH"), .text("r:1"), .text("2026-07-01"), .text("2026-07-15"), .text("2026-07-05"), .text("kept"), .empty, .amount(100_000)],
            [.text("Immobilien Weber GmbH"), .text("r:3"), .text("2026-08-01"), .text("2026-08-15"), .text("2026-08-20"), .text("late"), .count(5), .amount(100_000)],
            [.text("Immobilien Weber GmbH"), .text("r:6"), .text("2026-09-01"), .text("2026-09-15"), .empty, .text("overdue"), .count(15), .amount(100_000)],
            [.text("Immobilien Weber GmbH"), .text("r:7"), .text("2026-09-25"), .text("2026-10-09"), .empty, .text("open"), .empty, .amount(100_000)],
            [.text("Stadtwerke"), .text("r:8"), .text("2026-09-02"), .empty, .empty, .text("no terms"), .empty, .amount(5_000)],
        ])
        let summary = try Self.section(document, "payment_terms")
        #expect(summary.columns.map(\.key) == ["vendor", "terms_days", "documents", "kept", "late", "open", "overdue"])
        #expect(summary.rows == [
            [.text("Immobilien Weber GmbH"), .count(14), .count(4), .count(1), .count(1), .count(1), .count(1)],
            [.text("Stadtwerke"), .empty, .count(1), .count(0), .count(0), .count(0), .count(0)],
        ])
        #expect(document.notes.contains { $0.contains("payment_terms") })
    }

    @Test func theVendorIsMatchedIgnoringCaseAndPunctuation() throws {
        let document = try Self.report(terms: [VendorTerms(name: "immobilien weber", days: 3)])
        let rows = try Self.section(document, "payable_documents").rows
        // Three days: July's rent (paid on day 4 after) is one day late.
        let july = try #require(rows.first { $0[1] == .text("r:1") })
        #expect(july[0] == .text("immobilien weber") && july[5] == .text("late") && july[6] == .count(1), "\(rows)")
    }

    @Test func withoutMasterDataEveryDocumentSaysNoTerms() throws {
        let document = try Self.report(terms: [])
        let rows = try Self.section(document, "payable_documents").rows
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0[5] == .text("no terms") && $0[3] == .empty })
        // The open payables are unchanged by terms: 100 + 100 + 50 open at the end of September.
        #expect(document.totals.first { $0.key == "open_payables" }?.amount == 205_000)
    }
}
