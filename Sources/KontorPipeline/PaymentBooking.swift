import KontorConfig
import KontorCore
import KontorInvoicing
import KontorMatch
import KontorPublish
import KontorStore

/// Matches a statement's incoming payments to the business's open invoices inside the
/// file's transaction (docs/decisions/payment-matching.md).
///
/// Before a credit is posted, ``plan(for:)`` asks the matcher and rewrites its counter
/// posting: a match credits the receivable (plus the accepted shortfall to the difference
/// account, the excess to the client's credit balance); a payment that looks like an
/// invoice payment but matches none goes to the unapplied-payments account and the review
/// list. Once the line is posted (not a duplicate), ``record(_:transactionID:in:)`` writes
/// the allocations, moves each invoice through ``InvoiceLifecycle`` and updates the index,
/// so a later line of the same file sees what is left open.
struct PaymentBooking {
    let settings: PaymentSettings
    let receivable: AccountPath
    let unapplied: AccountPath
    let clientCredit: AccountPath
    let difference: AccountPath
    let recordedAt: String
    private(set) var matcher: PaymentMatcher

    /// A decided line: the outcome and the entry to post in its place.
    struct Plan {
        var outcome: MatchOutcome
        var entry: BankEntry
    }

    /// Nil when the business does not invoice (nothing to match against).
    init?(business: BusinessProfile, batch: LedgerBatch, recordedAt: String) throws(KontorError) {
        guard business.invoicing != nil else { return nil }
        try self.init(business: business, openInvoices: try batch.matchableInvoices(), recordedAt: recordedAt)
    }

    /// Over invoices read beforehand: what the dry run uses (it has no batch).
    init?(business: BusinessProfile, openInvoices rows: [OpenInvoiceRow], recordedAt: String) throws(KontorError) {
        guard let invoicing = business.invoicing else { return nil }
        settings = invoicing.payments
        receivable = try ExpenseBooking.path(invoicing.receivableAccount, business: business)
        unapplied = try ExpenseBooking.path(settings.unappliedAccount, business: business)
        clientCredit = try ExpenseBooking.path(settings.clientCreditAccount, business: business)
        difference = try ExpenseBooking.path(settings.differenceAccount, business: business)
        self.recordedAt = recordedAt
        // The tolerance as written with 3 decimals; the matcher scales it to each invoice's currency.
        matcher = PaymentMatcher(settings: MatchSettings(
            threshold: settings.threshold, toleranceMinorUnits: settings.toleranceMinorUnits(exponent: 3), toleranceDecimals: 3,
            toleranceBasisPoints: settings.toleranceBasisPoints))
        for row in rows { matcher.add(PaymentBooking.openInvoice(row)) }
    }

    static func openInvoice(_ row: OpenInvoiceRow) -> OpenInvoice {
        OpenInvoice(id: row.id, number: row.number, clientID: row.clientID, clientName: row.clientName, open: row.open,
                    currency: row.currency, dueDate: row.dueDate, reference: CreditorReference.make(from: row.number)?.electronic)
    }

    /// The matcher's view of an incoming line.
    static func payment(_ line: BankTransaction) -> IncomingPayment {
        IncomingPayment(amount: line.amount, date: line.date, counterparty: line.payee, text: line.memo,
                        endToEndID: line.endToEndID, reference: line.creditorReference)
    }

    /// Decides what an incoming line pays; nil leaves the entry as the statement booking made it.
    func plan(for entry: BankEntry, gateway: Bool) throws(KontorError) -> Plan? {
        let line = entry.line
        guard !line.amount.isNegative, !line.amount.isZero, entry.status != .transfer else { return nil }
        if gateway, line.gatewayKind != nil, line.gatewayKind != "charge" { return nil }
        let outcome = matcher.match(PaymentBooking.payment(line))
        let decidedByRule = entry.evidence["source"]?.stringValue == "rule"
        var counter: [Posting]
        var evidence: JSONValue
        var status = BankEntry.Status.categorized
        let currency = line.amount.currency
        switch outcome {
        case .unrelated:
            return nil
        case .review(let reason, let candidates):
            // A rule the business wrote, or a gateway's own sales, stay as they are.
            if decidedByRule || gateway { return nil }
            counter = [Posting(unapplied, line.amount.negated)]
            status = .review
            evidence = ["source": "payment-review", "reason": .string(reason), "candidates": .array(candidates.map { .string($0) })]
        case .matched(let match):
            let settled = match.allocations.reduce(Int64(0)) { $0 + $1.amount + $1.writeOff }
            let writeOff = match.allocations.reduce(Int64(0)) { $0 + $1.writeOff }
            counter = [Posting(receivable, Money(minorUnits: -settled, currency: currency))]
            if writeOff > 0 { counter.append(Posting(difference, Money(minorUnits: writeOff, currency: currency))) }
            if match.excess > 0 { counter.append(Posting(clientCredit, Money(minorUnits: -match.excess, currency: currency))) }
            evidence = ["source": "payment-match", "evidence": .string(match.evidence.rawValue), "score": .string(Self.score(match.score)),
                        "client": .string(match.clientID), "invoices": .array(match.allocations.map { .string($0.number) })]
        }
        // The counter posting is the statement booking's last; the account side stays.
        let kept = Array(entry.transaction.postings.dropLast())
        let transaction = try LedgerTransaction(date: entry.transaction.date, description: entry.transaction.description,
                                                recordID: entry.transaction.recordID, postings: kept + counter)
        var rewritten = entry
        rewritten.transaction = transaction
        rewritten.category = nil
        rewritten.status = status
        rewritten.evidence = evidence
        return Plan(outcome: outcome, entry: rewritten)
    }

    /// Plans `entry` and, when it matched, takes what it settles out of the index, so the
    /// next line of the file sees what is left open; the dry run's whole use of matching.
    mutating func preview(_ entry: BankEntry, gateway: Bool) throws(KontorError) -> BankEntry {
        guard let plan = try plan(for: entry, gateway: gateway) else { return entry }
        if case .matched(let match) = plan.outcome { matcher.apply(match) }
        return plan.entry
    }

    static func score(_ score: Double) -> String {
        let hundredths = Int((score * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// Books what a posted line's plan decided; returns the receipt's entry for it.
    mutating func record(_ plan: Plan, transactionID: Int64, in batch: LedgerBatch) throws(KontorError) -> JSONValue {
        let line = plan.entry.line
        switch plan.outcome {
        case .unrelated:
            return .null
        case .review(let reason, let candidates):
            try batch.recordPaymentReview(transactionID: transactionID, recordID: plan.entry.transaction.recordID, date: line.date,
                                          amount: line.amount, payer: line.payee, text: line.memo, reason: reason, candidates: candidates)
            return ["line": .string(line.position.label), "payment": .int(transactionID), "status": "review", "reason": .string(reason)]
        case .matched(let match):
            for allocation in match.allocations {
                try apply(allocation, evidence: match.evidence.rawValue, score: match.score, payment: transactionID, date: line.date,
                          currency: line.amount.currency, in: batch)
            }
            if match.excess > 0 {
                try batch.recordClientCredit(client: match.clientID, date: line.date,
                                             amount: Money(minorUnits: match.excess, currency: line.amount.currency),
                                             paymentTransactionID: transactionID, invoiceID: nil)
            }
            matcher.apply(match)
            return ["line": .string(line.position.label), "payment": .int(transactionID), "status": "matched",
                    "evidence": .string(match.evidence.rawValue), "score": .string(Self.score(match.score)),
                    "invoices": .array(match.allocations.map { .string($0.number) }),
                    "client_credit": .string(Money(minorUnits: match.excess, currency: line.amount.currency).decimalString)]
        }
    }

    /// Applies one allocation: the invoice's lifecycle moves, the allocation and a history row are written.
    func apply(_ allocation: Allocation, evidence kind: String, score: Double, payment: Int64, date: LocalDate, currency: CurrencyCode,
               in batch: LedgerBatch, audit: JSONValue? = nil) throws(KontorError) {
        guard let row = try batch.matchableInvoice(id: allocation.invoiceID),
              let state = InvoiceLifecycle.State(rawValue: row.status) else {
            throw KontorError(.internal, "invoice \(allocation.number) vanished while a payment was applied")
        }
        var lifecycle = InvoiceLifecycle(state: state, payable: row.payable, paid: row.paid, credited: row.credited)
        let settled = allocation.amount + allocation.writeOff
        guard case .applyPayment = lifecycle.handle(.pay(settled)) else {
            throw KontorError(.internal, "invoice \(allocation.number) refused a payment of \(settled) the matcher allowed")
        }
        try batch.updateLifecycle(row.id, status: lifecycle.state.rawValue, paid: lifecycle.paid, credited: lifecycle.credited)
        var evidence: JSONValue = ["kind": .string(kind), "score": .string(Self.score(score)), "payment": .int(payment),
                                   "received": .int(allocation.amount), "write_off": .int(allocation.writeOff)]
        if let audit, case .object(var members) = evidence {
            members["audit"] = audit
            evidence = .object(members)
        }
        try batch.recordPayment(invoice: row.id, amount: Money(minorUnits: settled, currency: currency), date: date, transactionID: payment,
                                evidence: evidence)
        try batch.recordInvoiceEvent(row.id, event: "paid", date: date, recordedAt: recordedAt, from: state.rawValue, to: lifecycle.state.rawValue,
                                     detail: evidence)
    }
}

extension PaymentBooking {
    /// The review file `outbox/<b>/payments/unmatched.csv`: every payment waiting for a
    /// person, oldest first (spreadsheet-safe CSV).
    static func reviewFile(_ rows: [PaymentReviewRow], directory: String) -> OutboxItem {
        var csv = CSVWriter()
        csv.header(["payment", "date", "amount", "currency", "payer", "text", "reason", "candidates", "file"])
        for row in rows {
            let currency = CurrencyCode(row.currency)
            let amount = currency.map { Money(minorUnits: row.amount, currency: $0).decimalString } ?? String(row.amount)
            csv.row([.number(String(row.transactionID)), .text(row.date), .number(amount), .text(row.currency),
                     row.payer.map { .text($0) } ?? .empty, row.text.map { .text($0) } ?? .empty, .text(row.reason),
                     .text(row.candidates), row.fileName.map { .text($0) } ?? .empty])
        }
        return OutboxItem(path: directory + "/unmatched.csv", content: Array(csv.output.utf8))
    }
}
