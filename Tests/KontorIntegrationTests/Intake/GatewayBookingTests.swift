import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// Where gateway lines that no rule decides are booked, by their kind
/// (docs/decisions/gateway-lines.md): sales, refunds and disputes against income, the
/// gateway's own fees to its fees account, holds and currency conversions off the P&L.
@Suite struct GatewayBookingTests {
    func balance(_ harness: IntakeHarness, _ account: String) throws -> [CurrencyCode: Int64] {
        try harness.ledger().accountBalance(business: .acme, account: account)
    }

    @Test("a Stripe balance export: fee lines are fees, a lost dispute takes income back, a reserve stays an asset")
    func stripeBalanceKinds() async throws {
        let harness = try IntakeHarness()
        try harness.drop("""
            "balance_transaction_id","created_utc","available_on_utc","currency","gross","fee","net","reporting_category","description"
            "txn_1","2026-11-02 08:00:00","2026-11-04 00:00:00","eur","100.00","3.20","96.80","charge","Order 1"
            "txn_2","2026-11-03 08:00:00","2026-11-05 00:00:00","eur","-5.00","0.00","-5.00","fee","Radar fees"
            "txn_3","2026-11-04 08:00:00","2026-11-06 00:00:00","eur","-50.00","15.00","-65.00","dispute","Dispute lost"
            "txn_4","2026-11-05 08:00:00","2026-11-07 00:00:00","eur","-20.00","0.00","-20.00","risk_reserved_funds","Reserve"

            """, named: "stripe-balance.csv", channel: .gateway)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\((try? harness.errorReport("stripe-balance.csv")) as Any)")
        #expect(try balance(harness, "Income:Sales") == [.EUR: -10_000 + 5_000])
        #expect(try balance(harness, "Expenses:Fees:Payment") == [.EUR: 320 + 500 + 1_500])
        #expect(try balance(harness, "Assets:Stripe:Held") == [.EUR: 2_000])
        #expect(try balance(harness, "Assets:Stripe") == [.EUR: 9_680 - 500 - 6_500 - 2_000])
        #expect(try balance(harness, "Expenses:Uncategorized").values.allSatisfy { $0 == 0 }, "nothing left for review")
    }

    @Test("a PayPal activity export: both legs of a currency conversion and a hold with its release stay off the P&L")
    func payPalConversionAndHold() async throws {
        let harness = try IntakeHarness()
        let profile = harness.workspace.businessFile(.acme)
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        text = text.replacingOccurrences(of: "  - { name: Assets:Cash, code: \"1000\" }",
                                         with: "  - { name: Assets:Cash, code: \"1000\" }\n  - { name: Assets:PayPal }\n  - { name: Assets:Transit:PayPal }")
        text = text.replacingOccurrences(of: "gateways:\n", with: "gateways:\n  paypal:\n    clearing: Assets:PayPal\n    fees: Expenses:Fees:Payment\n    transit: Assets:Transit:PayPal\n")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        let header = "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\","
            + "\"To Email Address\",\"Transaction ID\",\"Address Status\",\"Sales Tax\",\"Reference Txn ID\",\"Invoice Number\","
            + "\"Receipt ID\",\"Balance\",\"Contact Phone Number\",\"Subject\",\"Note\"\n"
        func row(_ date: String, _ type: String, _ currency: String, _ gross: String, _ fee: String, _ net: String, _ id: String) -> String {
            "\"\(date)\",\"10:00:00\",\"CET\",\"Kunde\",\"\(type)\",\"Completed\",\"\(currency)\",\"\(gross)\",\"\(fee)\",\"\(net)\","
                + "\"a@example.com\",\"b@example.com\",\"\(id)\",\"\",\"\",\"\",\"\",\"\",\"0.00\",\"\",\"\",\"\"\n"
        }
        try harness.drop(header
            + row("02/11/2026", "Website Payment", "EUR", "100.00", "-3.00", "97.00", "P1")
            + row("03/11/2026", "General Currency Conversion", "EUR", "-46.00", "0.00", "-46.00", "C1")
            + row("03/11/2026", "General Currency Conversion", "USD", "50.00", "0.00", "50.00", "C2")
            + row("04/11/2026", "Hold on Balance for Dispute Investigation", "EUR", "-13.21", "0.00", "-13.21", "H1")
            + row("05/11/2026", "Cancellation of Hold for Dispute Resolution", "EUR", "13.21", "0.00", "13.21", "H2"),
                         named: "paypal.csv", channel: .gateway)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\(outcomes)")
        #expect(try balance(harness, "Income:Sales") == [.EUR: -10_000], "only the payment is income")
        #expect(try balance(harness, "Expenses:Fees:Payment") == [.EUR: 300])
        #expect(try balance(harness, "Equity:Conversion") == [.EUR: 4_600, .USD: -5_000])
        #expect(try balance(harness, "Assets:PayPal:Held") == [.EUR: 0])
        #expect(try balance(harness, "Assets:PayPal") == [.EUR: 9_700 - 4_600, .USD: 5_000])
        #expect(try balance(harness, "Expenses:Uncategorized").values.allSatisfy { $0 == 0 })
        #expect(try balance(harness, "Income:Uncategorized").values.allSatisfy { $0 == 0 })
    }

    @Test("the same charges from a Stripe payments export and then a balance export post once")
    func stripePaymentsThenBalanceExport() async throws {
        let harness = try IntakeHarness()
        try harness.drop("""
            id,Created (UTC),Amount,Amount Refunded,Currency,Fee,Status
            ch_1,2026-11-02 08:00,100.00,0.00,eur,3.20,Paid
            ch_2,2026-11-03 09:00,40.00,0.00,eur,1.50,Paid

            """, named: "payments.csv", channel: .gateway)
        var outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\((try? harness.errorReport("payments.csv")) as Any)")
        #expect(try harness.receipt("payments.csv")["format"] == "stripe-payments-csv")
        try harness.drop("""
            "balance_transaction_id","created_utc","available_on_utc","currency","gross","fee","net","reporting_category","description"
            "txn_1","2026-11-02 08:00:01","2026-11-04 00:00:00","eur","100.00","3.20","96.80","charge","ch_1"
            "txn_2","2026-11-03 09:00:01","2026-11-05 00:00:00","eur","40.00","1.50","38.50","charge","ch_2"
            "txn_3","2026-11-04 10:00:00","2026-11-06 00:00:00","eur","25.00","1.00","24.00","charge","ch_3"

            """, named: "balance.csv", channel: .gateway)
        outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported])
        let receipt = try harness.receipt("balance.csv")
        #expect(receipt["posted"]?.intValue == 1, "only the charge the payments export did not have")
        #expect(receipt["skipped"]?.arrayValue?.count == 2)
        #expect(try balance(harness, "Income:Sales") == [.EUR: -16_500])
    }
}
