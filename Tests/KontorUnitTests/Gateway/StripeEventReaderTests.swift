import KontorCore
import KontorRead
import Testing

@Suite struct StripeEventReaderTests {
    static func event(_ type: String, _ object: String, previous: String? = nil, account: String? = nil) -> String {
        let previousPart = previous.map { #", "previous_attributes": \#($0)"# } ?? ""
        let accountPart = account.map { #""account": "\#($0)", "# } ?? ""
        return #"{"id": "evt_1", "object": "event", \#(accountPart)"created": 1788253200, "type": "\#(type)", "data": {"object": \#(object)\#(previousPart)}}"#
    }

    func transactions(_ text: String) throws -> [BankTransaction] {
        try GatewayReading.read(StripeEventReader(), text).flatMap(\.transactions)
    }

    @Test func paymentIntentAndChargeEventsShareTheirKey() throws {
        let intent = try transactions(Self.event("payment_intent.succeeded",
            #"{"id": "pi_1", "object": "payment_intent", "amount": 2000, "amount_received": 2000, "currency": "eur", "latest_charge": "ch_1", "description": "Order 9"}"#))
        let charge = try transactions(Self.event("charge.succeeded",
            #"{"id": "ch_1", "object": "charge", "amount": 2000, "amount_captured": 2000, "captured": true, "currency": "eur", "payment_intent": "pi_1", "billing_details": {"name": "Ada"}, "balance_transaction": {"id": "txn_1", "fee": 58}}"#))
        #expect(intent.count == 1 && charge.count == 1)
        #expect(intent[0].bankID == "pi_1" && charge[0].bankID == "pi_1")
        #expect(intent[0].amount == Money(minorUnits: 2000, currency: .EUR))
        #expect(charge[0].fee == Money(minorUnits: 58, currency: .EUR))
        #expect(charge[0].payee == "Ada")
        #expect(intent[0].kind == "payment_intent.succeeded")
        #expect(intent[0].position.recordID == "evt_1")
        #expect(intent[0].position.path == "data.object")
    }

    @Test func anAuthorizedButUncapturedChargeMovesNoMoney() throws {
        let statements = try GatewayReading.read(StripeEventReader(), Self.event("charge.succeeded",
            #"{"id": "ch_1", "object": "charge", "amount": 2000, "captured": false, "currency": "usd"}"#))
        #expect(statements.count == 1 && statements[0].transactions.isEmpty)
    }

    @Test func chargeRefundedPostsListedRefundsOrTheNewlyRefundedAmount() throws {
        let listed = try transactions(Self.event("charge.refunded",
            #"{"id": "ch_1", "object": "charge", "amount": 2000, "amount_refunded": 1500, "currency": "usd", "refunds": {"object": "list", "data": [{"id": "re_1", "object": "refund", "amount": 500, "currency": "usd", "status": "succeeded"}, {"id": "re_2", "object": "refund", "amount": 1000, "currency": "usd", "status": "pending"}]}}"#))
        #expect(listed.map(\.bankID) == ["re_1", "re_2"])
        #expect(listed.map(\.amount.minorUnits) == [-500, -1000])
        let partial = try transactions(Self.event("charge.refunded",
            #"{"id": "ch_1", "object": "charge", "amount": 2000, "amount_refunded": 1500, "currency": "usd", "refunds": {"object": "list", "data": []}}"#,
            previous: #"{"amount_refunded": 500}"#))
        #expect(partial.map(\.amount.minorUnits) == [-1000])
        #expect(partial[0].bankID == "ch_1#refunded-1500")
    }

    @Test func refundEventsAreKeyedByTheRefundAndAFailedRefundComesBack() throws {
        let updated = try transactions(Self.event("charge.refund.updated",
            #"{"id": "re_1", "object": "refund", "amount": 100, "currency": "usd", "status": "succeeded", "charge": "ch_1"}"#))
        #expect(updated.map(\.bankID) == ["re_1"])
        #expect(updated[0].amount.minorUnits == -100)
        #expect(updated[0].endToEndID == "ch_1")
        let failed = try transactions(Self.event("refund.failed",
            #"{"id": "re_1", "object": "refund", "amount": 100, "currency": "usd", "status": "failed", "failure_balance_transaction": "txn_f"}"#))
        #expect(failed.map(\.bankID) == ["re_1", "txn_f"])
        #expect(failed.map(\.amount.minorUnits) == [-100, 100])
    }

    @Test func disputesPostTheirBalanceTransactions() throws {
        let withdrawn = try transactions(Self.event("charge.dispute.funds_withdrawn",
            #"{"id": "dp_1", "object": "dispute", "amount": 1000, "currency": "usd", "charge": "ch_1", "reason": "fraudulent", "balance_transactions": [{"id": "txn_d", "object": "balance_transaction", "amount": -1000, "fee": 1500, "net": -2500, "currency": "usd"}]}"#))
        #expect(withdrawn.count == 1)
        #expect(withdrawn[0].bankID == "txn_d")
        #expect(withdrawn[0].amount.minorUnits == -1000)
        #expect(withdrawn[0].fee?.minorUnits == 1500)
        #expect(withdrawn[0].gatewayKind == "dispute")
        #expect(withdrawn[0].memo == "dispute: fraudulent")
        let inquiry = try GatewayReading.read(StripeEventReader(), Self.event("charge.dispute.closed",
            #"{"id": "dp_1", "object": "dispute", "amount": 1000, "currency": "usd", "status": "warning_closed", "balance_transactions": []}"#))
        #expect(inquiry.count == 1 && inquiry[0].transactions.isEmpty)
    }

    @Test func payoutsLeaveTheBalanceAndFailedOnesComeBack() throws {
        let paid = try GatewayReading.read(StripeEventReader(), Self.event("payout.paid",
            #"{"id": "po_1", "object": "payout", "amount": 1100, "currency": "usd", "status": "paid", "balance_transaction": "txn_p", "arrival_date": 1788426000}"#,
            account: "acct_9"))
        #expect(paid[0].header.account == "acct_9")
        #expect(paid[0].transactions.map(\.bankID) == ["txn_p"])
        #expect(paid[0].transactions[0].amount.minorUnits == -1100)
        let failed = try transactions(Self.event("payout.failed",
            #"{"id": "po_1", "object": "payout", "amount": 1100, "currency": "usd", "status": "failed", "balance_transaction": "txn_p", "failure_balance_transaction": "txn_pf"}"#))
        #expect(failed.map(\.bankID) == ["txn_p", "txn_pf"])
        #expect(failed.map(\.amount.minorUnits) == [-1100, 1100])
    }

    @Test(arguments: ["checkout.session.completed", "invoice.paid", "payment_intent.created", "customer.created"])
    func informationalEventsPostNothing(type: String) throws {
        let object = type.hasPrefix("customer") ? #"{"id": "cus_1", "object": "customer"}"# : #"{"id": "x_1", "amount_total": 1099, "currency": "usd"}"#
        let statements = try GatewayReading.read(StripeEventReader(), Self.event(type, object))
        #expect(statements.allSatisfy { $0.transactions.isEmpty })
        #expect(statements.count == (type.hasPrefix("customer") ? 0 : 1))
    }

    @Test(arguments: [
        (event("issuing_card.created", "{}"), "Stripe event type issuing_card.created is not one Kontor reads", "type"),
        (#"{"object": "list", "data": []}"#, "the document is a Stripe list, not a webhook event", "object"),
        (#"{"id": "evt_1", "object": "event", "created": 1, "type": "payout.paid"}"#, "the event evt_1 has no data.object", nil),
        (event("payout.paid", #"{"id": "po_1", "object": "payout", "amount": "11", "currency": "usd"}"#),
         "data.object.amount is a string, expected a whole number", "data.object.amount"),
        (event("payout.paid", #"{"id": "po_1", "object": "charge", "amount": 11, "currency": "usd"}"#),
         "a payout.paid event carries a charge, expected a payout", "data.object.object"),
        ("[1, 2]", "the document is an array, not a Stripe event", nil),
    ] as [(String, String, String?)])
    func refusesWhatItCannotRead(text: String, message: String, path: String?) throws {
        let error = try #require(GatewayReading.error(StripeEventReader(), text, fileName: "evt.json"))
        #expect(error.message == message)
        #expect(error.position?.path == path)
        #expect(error.position?.file == "evt.json")
        #expect(error.position?.line == 1)
    }
}
