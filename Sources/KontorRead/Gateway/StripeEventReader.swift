import KontorCore

/// Reads one Stripe webhook event body (`{"id": "evt_…", "object": "event", "type": …,
/// "created": …, "data": {"object": {…}}}`) and emits the money movement it implies.
///
/// **What each event posts** (signed from the Stripe balance's view, dated by the event's
/// `created`, UTC; ``StripeEventReader+Objects.swift`` has the details):
///
/// | event | transaction | bankID |
/// | --- | --- | --- |
/// | `payment_intent.succeeded` | + `amount_received`, charge | the PaymentIntent id |
/// | `charge.succeeded`, `charge.captured` | + captured amount, charge | the charge's `payment_intent`, else the charge id |
/// | `charge.refunded` | − each listed refund, else − the newly refunded amount | refund id, else `<ch_…>#refunded-<total>` |
/// | `refund.*`, `charge.refund.*` | − `amount` (status pending/succeeded); a failed or canceled refund also + `amount` back | refund id; the return: its failure balance transaction |
/// | `charge.dispute.*` | each of the dispute's `balance_transactions` (withdrawal, reinstatement, with the dispute fee) | the `txn_…` id |
/// | `payout.*` | − `amount`, payout; failed/canceled also + `amount` back | the payout's `balance_transaction`, else its id |
///
/// **One movement, one key.** Stripe announces one movement in several events; they
/// produce the same bankID, so the pipeline's dedupe posts the first and lists the others
/// as duplicates: a payment arrives as `payment_intent.succeeded` and `charge.succeeded`
/// (both keyed by the PaymentIntent id), a refund as `refund.created` and
/// `charge.refund.updated`, a payout as `payout.created`, `payout.updated` and
/// `payout.paid`, a dispute's withdrawal as `charge.dispute.created`, `…funds_withdrawn` and
/// `…closed` (two cases still get two keys: docs/decisions/gateway-lines.md, "Known
/// limit"). Events that move no money on their own emit a statement in the object's
/// currency with **no transaction** (informational): `checkout.session.*` and `invoice.*`
/// (the payment behind them is its own PaymentIntent and charge; an invoice may even be paid
/// outside Stripe), other `payment_intent.*` and `charge.*` states, a dispute without
/// balance transactions (an inquiry closed without a chargeback), and the account
/// events listed in ``StripeEventReader/informationalPrefixes``. Any other event type is
/// refused, naming the types Kontor reads, so an endpoint that sends more than it should is
/// noticed.
///
/// The statement's account is the event's `account` (Stripe Connect), else nil.
public struct StripeEventReader: StatementReader {
    public init() {}

    /// Event families that never move money by themselves.
    public static let informationalPrefixes = [
        "checkout.session.", "invoice.", "invoiceitem.", "invoice_payment.", "customer.", "payment_method.",
        "setup_intent.", "subscription_schedule.", "product.", "price.", "plan.", "coupon.", "promotion_code.",
        "payment_link.", "quote.", "mandate.", "review.", "radar.", "billing_portal.", "tax_rate.", "credit_note.",
        "balance.available", "account.", "person.", "capability.", "file.", "reporting.",
    ]

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let event = try GatewayJSON.document(&source, fileName: fileName, what: "a Stripe event")
        if let object = try event.string("object"), object != "event" {
            throw event.error("object", "the document is a Stripe \(object), not a webhook event",
                              hint: "drop the raw body of the webhook request (object \"event\"); a balance-transaction list is read as a Stripe export")
        }
        let id = try event.requiredString("id")
        let type = try event.requiredString("type")
        guard let date = try event.unixDate("created") else {
            throw event.error("created", "created is missing", hint: "Stripe always sends created; was the file edited?")
        }
        guard let object = event.object("data")?.object("object") else {
            throw KontorError(.badInput, "the event \(id) has no data.object",
                              hint: "drop the raw body of the webhook request, unchanged", at: event.position(of: "data"))
        }
        let context = Context(eventID: id, type: type, date: date, object: object,
                              previous: event.object("data")?.object("previous_attributes"))
        var statements = GatewayStatements(account: try event.reference("account"))
        let transactions = try context.transactions()
        guard let transactions else {
            throw KontorError(.badInput, "Stripe event type \(type) is not one Kontor reads",
                              hint: "send Kontor payment_intent.*, charge.* (incl. refunds and disputes), refund.*, payout.*, "
                                + "checkout.session.* and invoice.* events; leave others out of the webhook endpoint",
                              at: event.position(of: "type"))
        }
        if transactions.isEmpty, let currency = try? object.currency("currency") {
            statements.addEmpty(currency, at: object.position)
        }
        for transaction in transactions { statements.add(transaction) }
        try statements.emit(fileName: fileName, sink)
    }

    /// What one event is about, and the transactions it implies.
    struct Context {
        let eventID: String
        let type: String
        let date: LocalDate
        let object: GatewayJSON
        let previous: GatewayJSON?
    }
}
