import Foundation
import KontorCore
import KontorReport
import KontorStore
import Testing

/// A small, hand-written ledger for golden tests of every report: ACME's third quarter of
/// 2026 with a little before and after. Each entry is written out so a reader can check
/// the expected figures by hand.
enum ReportGoldenLedger {
    static let business = BusinessID("acme")!

    static func account(_ name: String) -> AccountPath { AccountPath(name)! }
    static func eur(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .EUR) }

    /// A store holding the ledger.
    static func store() throws -> LedgerStore {
        let store = try LedgerStore.inMemory()
        try post(into: store)
        return store
    }

    /// Posts the ledger into `store` as one file.
    static func post(into store: LedgerStore) throws {
        try store.register(business: business, name: "ACME Labor GmbH", baseCurrency: .EUR)
        let arrival = FileArrival(business: business, digest: FileDigest(hex: String(repeating: "a", count: 64)), name: "golden",
                                  channel: .invoices, size: 0, receivedAt: "2026-10-05T00:00:00Z", spoolPath: "/golden")
        _ = try store.importFile(arrival, format: "golden", plan: { FilePlan(finalPath: "/a/\($0)", receiptPath: "/r/\($0)") }) { batch in
            var number = 0
            func post(_ date: String, _ text: String, _ postings: [(String, Int64)]) throws {
                number += 1
                try batch.post(try LedgerTransaction(date: LocalDate(iso: date)!, description: text, recordID: "g:\(number)",
                                                     postings: postings.map { Posting(account($0.0), eur($0.1)) }))
            }
            func expense(_ date: String, _ vendor: String, _ category: String, _ accountName: String, gross: Int64, tax: Int64,
                         rate: Int?, paidFrom: String) throws {
                number += 1
                var postings = [Posting(account(accountName), eur(gross - tax))]
                if tax != 0 { postings.append(Posting(account("Assets:Tax:Input"), eur(tax))) }
                postings.append(Posting(account(paidFrom), eur(-gross)))
                let transaction = try LedgerTransaction(date: LocalDate(iso: date)!, description: "\(vendor) \(category)",
                                                        recordID: "g:\(number)", postings: postings)
                let record = ExpenseRecord(position: SourcePosition(line: number), date: LocalDate(iso: date)!, amount: eur(gross),
                                           vendor: vendor, category: category, taxRate: rate.map { TaxRate(millipercent: $0) })
                try batch.post(ExpenseEntry(record: record, category: CategoryKey(category), vendorName: vendor,
                                            vendorKey: vendor.lowercased(), paymentAccount: "bank",
                                            taxAmount: tax == 0 ? nil : eur(tax), transaction: transaction))
            }
            try post("2026-04-01", "Invoice 2026-0007 Fjallraven", [("Assets:Receivables:Fjallraven", 238_000), ("Income:Services", -200_000),
                                                                    ("Liabilities:Tax:Output", -38_000)])
            try expense("2026-06-20", "Bürohaus Schmidt", "office.supplies", "Expenses:Office:Supplies", gross: 11_900, tax: 1_900,
                        rate: 19_000, paidFrom: "Liabilities:CreditCard")
            try post("2026-07-01", "Rent July", [("Expenses:Rent", 100_000), ("Assets:Tax:Input", 19_000),
                                                 ("Liabilities:Payables:Immobilien-Weber", -119_000)])
            try post("2026-07-03", "Invoice 2026-0011 Globex", [("Assets:Receivables:Globex", 119_000), ("Income:Services", -100_000),
                                                                ("Liabilities:Tax:Output", -19_000)])
            try post("2026-07-05", "Rent payment July", [("Liabilities:Payables:Immobilien-Weber", 119_000), ("Assets:Bank:Checking", -119_000)])
            try post("2026-07-10", "Invoice 2026-0012 Initech", [("Assets:Receivables:Initech", 53_500), ("Income:Sales", -50_000),
                                                                 ("Liabilities:Tax:Output", -3_500)])
            try post("2026-07-20", "Payment Globex", [("Assets:Bank:Checking", 59_500), ("Assets:Receivables:Globex", -59_500)])
            try expense("2026-08-02", "DHL Paket", "shipping", "Expenses:Shipping", gross: 2_380, tax: 380, rate: 19_000,
                        paidFrom: "Assets:Bank:Checking")
            try expense("2026-08-15", "Deutsche Bahn", "travel", "Expenses:Travel", gross: 10_700, tax: 700, rate: 7_000,
                        paidFrom: "Assets:Bank:Checking")
            try post("2026-08-20", "Stripe charge", [("Assets:Stripe", 19_695), ("Expenses:Fees:Payment", 305), ("Income:Sales", -20_000)])
            try post("2026-08-25", "Stripe refund", [("Assets:Stripe", -5_000), ("Income:Sales", 5_000)])
            try post("2026-09-01", "Cloud hosting (reverse charge)", [("Expenses:Software:Cloud", 30_000), ("Assets:Tax:Input", 5_700),
                                                                       ("Liabilities:Tax:Output", -5_700), ("Liabilities:CreditCard", -30_000)])
            try post("2026-09-10", "Interest", [("Assets:Bank:Checking", 1_234), ("Income:Interest", -1_234)])
            try post("2026-09-15", "Payment Initech", [("Assets:Bank:Checking", 53_500), ("Assets:Receivables:Initech", -53_500)])
            try expense("2026-09-20", "Allianz", "insurance", "Expenses:Insurance", gross: 25_000, tax: 0, rate: nil,
                        paidFrom: "Assets:Bank:Checking")
            try expense("2026-09-25", "Staples", "office.supplies", "Expenses:Office:Supplies", gross: -1_190, tax: -190, rate: 19_000,
                        paidFrom: "Assets:Bank:Checking")
            try post("2026-09-28", "=HYPERLINK(\"http://x\") Staples, \"bulk\"", [("Expenses:Office:Supplies", 1_000), ("Assets:Cash", -1_000)])
            try post("2026-10-02", "Payment Globex", [("Assets:Bank:Checking", 59_500), ("Assets:Receivables:Globex", -59_500)])
        } outputs: { _, _ in [] }
    }

    static func request(_ period: String = "2026-Q3", basis: Basis = .accrual, comparison: ReportRequest.Comparison? = .previous) throws -> ReportRequest {
        var request = ReportRequest(period: try ReportPeriod.parse(period), comparison: comparison, basis: basis, businessName: "ACME Labor GmbH",
                                    inputTaxAccount: AccountPath("Assets:Tax:Input")!,
                                    knownRates: [TaxRate(millipercent: 7_000), TaxRate(millipercent: 19_000)])
        // The landlord's master data: rent is due within 14 days (matched to Liabilities:Payables:Immobilien-Weber).
        request.paymentTerms = [VendorTerms(name: "Immobilien Weber", days: 14)]
        return request
    }
}

/// Golden files of reports: `Tests/Fixtures/reports/<name>`; `KONTOR_RECORD=1` rewrites
/// them and fails.
enum ReportGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/reports")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KONTOR_RECORD"] == "1" {
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded reports/\(name); review it and run again without KONTOR_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record("no reports/\(name); run with KONTOR_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == actual, "reports/\(name)", sourceLocation: sourceLocation)
    }
}
