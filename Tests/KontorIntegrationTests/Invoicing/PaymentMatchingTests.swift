import Foundation
import KontorCore
import KontorStore
import Testing

/// Bank credits matched to acme's invoices through the pipeline: postings, allocations,
/// statuses, credit balances and the review list, each in the statement's transaction.
@Suite struct PaymentMatchingTests {
    typealias Line = PaymentStatement.Line

    @Test func numberReferencePartialAndSeveralPaymentsSettleInvoices() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        let numbers = try await ws.issue([("a", "globex", "100.00"), ("b", "initech", "250.00"), ("c", "globex", "80.00")])
        #expect(numbers == ["INV-2026-00001", "INV-2026-00002", "INV-2026-00003"])
        let outcome = try await ws.statement([
            Line(date: "2026-11-10", amount: "100.00", name: "GLOBEX B.V.", memo: "Invoice INV-2026-00001", id: "1"),
            // RF reference of INV-2026-00002 in the text, paying part.
            Line(date: "2026-11-11", amount: "100.00", name: "SOMEONE", memo: "RF49 INV2 0260 0002", id: "2"),
            Line(date: "2026-11-12", amount: "150.00", name: "INITECH GMBH", memo: "rest inv 2026/00002", id: "3"),
            // A debit and an unrelated credit are untouched.
            Line(date: "2026-11-12", amount: "-12.00", name: "PARKHAUS", id: "4"),
            Line(date: "2026-11-13", amount: "0.42", name: "ZINSGUTSCHRIFT", id: "5"),
        ])
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.invoice("INV-2026-00002").status == "paid")
        #expect(try ws.invoice("INV-2026-00002").paid == 25_000)
        #expect(try ws.invoice("INV-2026-00003").status == "issued")
        #expect(try ws.receivablesMatchOpenBalances())
        #expect(try ws.balance("Assets:Receivables") == 8_000)
        let payments = try ws.store.invoicePayments(invoice: try ws.invoice("INV-2026-00002").id)
        #expect(payments.map(\.amount) == [10_000, 15_000])
        #expect(payments[0].evidence.contains("\"kind\":\"rf-reference\""))
        #expect(payments[1].evidence.contains("\"kind\":\"invoice-number\""))
        let events = try ws.store.invoiceEvents(invoice: try ws.invoice("INV-2026-00002").id).map { "\($0.event):\($0.toStatus)" }
        #expect(events == ["issued:issued", "paid:partially-paid", "paid:paid"])
        // The receipt names the invoices each payment settled.
        let receipt = try String(contentsOfFile: outcome.receiptPath, encoding: .utf8)
        #expect(receipt.contains("INV-2026-00001"))
        #expect(receipt.contains("\"evidence\": \"rf-reference\""))
    }

    @Test func overpaymentBecomesCreditThatTheNextInvoiceConsumes() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00")])
        try await ws.statement([Line(date: "2026-11-10", amount: "130.00", name: "GLOBEX", memo: "INV-2026-00001", id: "1")])
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.balance("Liabilities:Client-Credit") == -3_000)
        try await ws.issue([("b", "globex", "50.00")], date: "2026-11-20", file: "later.yaml")
        let later = try ws.invoice("INV-2026-00002")
        #expect(later.status == "partially-paid")
        #expect(later.paid == 3_000)
        #expect(try ws.balance("Liabilities:Client-Credit") == 0)
        #expect(try ws.receivablesMatchOpenBalances())
        #expect(try ws.balance("Assets:Receivables") == 2_000)
    }

    @Test func onePaymentForSeveralInvoicesAndShortByAFee() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00"), ("b", "globex", "40.00"), ("c", "initech", "500.00")])
        try await ws.statement([
            Line(date: "2026-11-10", amount: "140.00", name: "GLOBEX BV", memo: "INV-2026-00001 + INV-2026-00002", id: "1"),
            Line(date: "2026-11-10", amount: "495.00", name: "INITECH GMBH", memo: "RG 2026-00003", id: "2"),
        ])
        #expect(try ws.invoices().compactMap { $0.number == nil ? nil : $0.status } == ["paid", "paid", "paid"])
        #expect(try ws.balance("Expenses:Fees:Bank") == 500)
        #expect(try ws.receivablesMatchOpenBalances())
    }

    @Test func exactAmountAndNameAndAmbiguityGoesToReview() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00"), ("b", "initech", "70.00"), ("c", "initech", "70.00")])
        let outcome = try await ws.statement([
            Line(date: "2026-11-10", amount: "100.00", name: "SEPA CREDIT GLOBEX B.V.", memo: "Zahlung", id: "1"),
            Line(date: "2026-11-10", amount: "70.00", name: "INITECH GMBH", memo: "Danke", id: "2"),
        ])
        #expect(outcome.status == .imported)
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.invoice("INV-2026-00002").status == "issued")
        #expect(try ws.invoice("INV-2026-00003").status == "issued")
        let review = try ws.store.openPaymentReviews(business: InvoiceWorkspace.acme)
        #expect(review.count == 1)
        #expect(review.first?.candidates == "INV-2026-00002 INV-2026-00003")
        #expect(try ws.balance("Liabilities:Unapplied-Payments") == -7_000)
        let csv = try String(contentsOfFile: ws.outbox("payments/unmatched.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("payment,date,amount,currency,payer,text,reason,candidates,file\r\n"))
        #expect(csv.contains("70.00,EUR,INITECH GMBH"))
        #expect(try ws.receivablesMatchOpenBalances())
    }

    @Test func rerunningAndOverlappingStatementsChangeNothing() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00")])
        let lines = [Line(date: "2026-11-10", amount: "60.00", name: "GLOBEX", memo: "INV-2026-00001", id: "1")]
        try await ws.statement(lines)
        let again = try await ws.statement(lines, named: "statement-again.ofx")
        #expect(again.status == .duplicate)
        // The same line in another file (another name, more lines) is not applied twice.
        try await ws.statement(lines + [Line(date: "2026-11-11", amount: "40.00", name: "GLOBEX", memo: "INV-2026-00001", id: "2")],
                               named: "overlap.ofx")
        let invoice = try ws.invoice("INV-2026-00001")
        #expect(invoice.paid == 10_000)
        #expect(invoice.status == "paid")
        #expect(try ws.store.invoicePayments(invoice: invoice.id).count == 2)
        #expect(try ws.receivablesMatchOpenBalances())
    }

    @Test func manualMatchResolvesAReviewItem() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.issue([("b", "initech", "70.00"), ("c", "initech", "70.00")])
        try await ws.statement([Line(date: "2026-11-10", amount: "70.00", name: "INITECH GMBH", memo: "Danke", id: "1")])
        let review = try #require(try ws.store.openPaymentReviews(business: InvoiceWorkspace.acme).first)
        let outcome = try await ws.process("payment,invoice,amount\n\(review.transactionID),INV-2026-00001,\n", named: "match.csv",
                                           channel: .corrections)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.invoice("INV-2026-00002").status == "issued")
        #expect(try ws.store.openPaymentReviews(business: InvoiceWorkspace.acme).isEmpty)
        #expect(try ws.balance("Liabilities:Unapplied-Payments") == 0)
        #expect(try ws.receivablesMatchOpenBalances())
        let csv = try String(contentsOfFile: ws.outbox("payments/unmatched.csv"), encoding: .utf8)
        #expect(csv == "payment,date,amount,currency,payer,text,reason,candidates,file\r\n")
        let payments = try ws.store.invoicePayments(invoice: try ws.invoice("INV-2026-00001").id)
        #expect(payments.first?.evidence.contains("\"kind\":\"manual\"") == true)
        #expect(payments.first?.evidence.contains("\"file\":\"match.csv\"") == true)
    }

    @Test func manualMatchOverridesAnAutomaticOneByReversal() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00"), ("b", "globex", "100.00")])
        try await ws.statement([Line(date: "2026-11-10", amount: "130.00", name: "GLOBEX", memo: "INV-2026-00001", id: "1")])
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.balance("Liabilities:Client-Credit") == -3_000)
        let payment = try #require(try ws.store.paymentAllocations(business: InvoiceWorkspace.acme).first?.paymentTransactionID)
        let outcome = try await ws.process("payment,invoice,amount\n\(payment),INV-2026-00002,100.00\n\(payment),INV-2026-00001,30.00\n",
                                           named: "override.csv", channel: .corrections)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        let first = try ws.invoice("INV-2026-00001")
        #expect(first.status == "partially-paid")
        #expect(first.paid == 3_000)
        #expect(try ws.invoice("INV-2026-00002").status == "paid")
        #expect(try ws.balance("Liabilities:Client-Credit") == 0)
        #expect(try ws.balance("Liabilities:Unapplied-Payments") == 0)
        #expect(try ws.receivablesMatchOpenBalances())
        // Audited, never edited in place: the automatic allocation stays, reversed.
        let events = try ws.store.invoiceEvents(invoice: first.id).map(\.event)
        #expect(events == ["issued", "paid", "payment-reversed", "paid"])
        #expect(try ws.store.invoicePayments(invoice: first.id).count == 2)
        #expect(try ws.store.paymentAllocations(business: InvoiceWorkspace.acme).map(\.kind) == ["manual", "manual"])
        // A correction naming more than the payment is rejected whole.
        let rejected = try await ws.process("payment,invoice,amount\n\(payment),INV-2026-00002,500.00\n", named: "bad.csv", channel: .corrections)
        #expect(rejected.status == .rejected)
        #expect(try ws.invoice("INV-2026-00002").status == "paid")
    }

    /// An invoicing business that takes card payments through Stripe.
    static func stripeWorkspace() throws -> InvoiceWorkspace {
        try InvoiceWorkspace(profileAppendix: """
            gateways:
              stripe:
                clearing: Assets:Stripe
                fees: Expenses:Fees:Payment

            """, chart: ["Assets:Stripe", "Assets:Transit:Stripe", "Expenses:Fees:Payment"])
    }

    @Test func stripeChargesPayInvoicesAndThePayoutIsATransferWithFeesAsExpense() async throws {
        let ws = try Self.stripeWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00"), ("b", "initech", "250.00")])
        let stripe = """
            id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description
            txn_1,charge,ch_1,100.00,3.20,96.80,eur,2026-11-12 09:14,2026-11-18 00:00,Invoice INV-2026-00001
            txn_2,charge,ch_2,250.00,7.50,242.50,eur,2026-11-13 16:02,2026-11-18 00:00,Payment for INV-2026-00002
            txn_3,charge,ch_3,20.00,0.88,19.12,eur,2026-11-14 11:40,2026-11-18 00:00,Webshop order 77
            txn_4,payout,po_1,-358.42,0.00,-358.42,eur,2026-11-18 00:00,2026-11-18 00:00,STRIPE PAYOUT

            """
        let outcome = try await ws.process(stripe, named: "stripe-2026-11.csv", channel: .gateway)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.invoice("INV-2026-00002").status == "paid")
        #expect(try ws.balance("Expenses:Fees:Payment") == 1_158)
        #expect(try ws.balance("Income:Sales") == -37_000, "invoice revenue 350.00 + the webshop charge 20.00, nothing twice")
        #expect(try ws.balance("Assets:Stripe") == 0)
        // The payout reaching the bank clears the transit account: a transfer, not income.
        try await ws.statement([Line(date: "2026-11-19", amount: "358.42", name: "STRIPE PAYMENTS", memo: "STRIPE PAYOUT po_1", id: "p1")])
        #expect(try ws.balance("Assets:Bank:Checking") == 35_842)
        #expect(try ws.store.openPaymentReviews(business: InvoiceWorkspace.acme).isEmpty)
        #expect(try ws.receivablesMatchOpenBalances())
        #expect(try ws.balance("Assets:Receivables") == 0)
    }

    /// A shop that creates its PaymentIntents with `metadata.invoice_number` (Stripe's own
    /// example key) gets the invoice paid even when the description says nothing of it.
    @Test func aStripeEventPaysTheInvoiceItsMetadataNames() async throws {
        let ws = try Self.stripeWorkspace()
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00"), ("b", "globex", "100.00")])
        let event = """
            {"id": "evt_meta_1", "object": "event", "api_version": "2024-06-20", "created": 1794300000, "livemode": false,
             "type": "payment_intent.succeeded",
             "data": {"object": {"id": "pi_meta_1", "object": "payment_intent", "amount": 10000, "amount_received": 10000,
                                 "currency": "eur", "description": "Webshop checkout", "latest_charge": "ch_meta_1",
                                 "created": 1794300000, "metadata": {"invoice_number": "INV-2026-00002"}}}}
            """
        let outcome = try await ws.process(event, named: "evt_meta_1.json", channel: .gateway)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        // Both invoices are 100.00 from the same client: only the metadata can tell them apart.
        #expect(try ws.invoice("INV-2026-00002").status == "paid")
        #expect(try ws.invoice("INV-2026-00001").status == "issued")
        #expect(try ws.receivablesMatchOpenBalances())
    }

    @Test func paymentSettingsComeFromTheProfile() async throws {
        let ws = try InvoiceWorkspace(invoicing: "  payments: { threshold: 0.75, tolerance: \"2.00\", difference_account: Expenses:Bank-Fees }\n")
        try await ws.clients()
        try await ws.issue([("a", "globex", "100.00"), ("b", "initech", "300.00")])
        try await ws.statement([
            // A near amount from the client's name: matched at threshold 0.75, the 1.50 written off.
            Line(date: "2026-11-10", amount: "98.50", name: "GLOBEX B.V.", memo: "Danke", id: "1"),
            // 5.00 short with the number: beyond the 2.00 tolerance, so a partial payment.
            Line(date: "2026-11-10", amount: "295.00", name: "INITECH GMBH", memo: "INV-2026-00002", id: "2"),
        ])
        #expect(try ws.invoice("INV-2026-00001").status == "paid")
        #expect(try ws.balance("Expenses:Bank-Fees") == 150)
        #expect(try ws.invoice("INV-2026-00002").status == "partially-paid")
        #expect(try ws.receivablesMatchOpenBalances())
        #expect(throws: KontorError.self) {
            _ = try InvoiceWorkspace(invoicing: "  payments: { threshold: 2 }\n")
        }
    }
}
