import KontorConfig
import KontorCore
import KontorIntake
import KontorInvoicing
import KontorMatch
import KontorPublish
import KontorRead
import KontorStore

extension Pipeline {
    /// Applies a payment correction file (`payment,invoice,amount`): a person's match
    /// overrides the matcher's. For each payment named, in one transaction:
    ///
    /// 1. every allocation of the payment still in force is taken back — a reversing
    ///    posting (receivable debited again, written-off difference and client credit
    ///    undone, the money back on the unapplied-payments account), a `payment_reversal`
    ///    row and an `unpay` through the invoice's lifecycle; nothing is edited in place;
    /// 2. each line applies its amount (or what is left of the payment, at most the open
    ///    amount) to its invoice: unapplied → receivable, an allocation with evidence
    ///    `manual` and the file, line and owner of the correction, a `paid` history row;
    /// 3. the payment leaves the review list once nothing of it is left unapplied.
    ///
    /// Any problem (unknown payment or invoice, more than the payment or the open amount)
    /// rejects the whole file with every problem's line.
    func importPaymentCorrections(_ arrival: FileArrival, business: BusinessProfile) throws(KontorError) -> StoredFile {
        var source = try FileByteSource(path: arrival.spoolPath, limit: configuration.settings.limits.maxFileBytes)
        defer { source.close() }
        let records = try PaymentCorrectionCSVReader().read(&source, fileName: arrival.name)
        let submittedBy = Pipeline.owner(of: arrival.spoolPath)
        let outbox = workspace.outbox(business.id) + "/payments"
        let (stored, result) = try store.importFile(arrival, format: "payment-corrections-csv", plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> ([JSONValue], OutboxItem) in
            guard let booking = try PaymentBooking(business: business, batch: batch, recordedAt: arrival.receivedAt) else {
                throw KontorError(.badInput, "business \(business.id) does not invoice, so it has no payments to match",
                                  hint: "add an 'invoicing:' section to pipelines/businesses/\(business.id).yaml")
            }
            var order: [Int64] = []
            var byPayment: [Int64: [PaymentCorrectionRecord]] = [:]
            for record in records {
                if byPayment[record.payment] == nil { order.append(record.payment) }
                byPayment[record.payment, default: []].append(record)
            }
            var results: [JSONValue] = []
            for payment in order {
                results.append(try correct(payment: payment, lines: byPayment[payment] ?? [], booking: booking, batch: batch,
                                           file: arrival.name, submittedBy: submittedBy))
            }
            return (results, PaymentBooking.reviewFile(try batch.openPaymentReviews(), directory: outbox))
        } outputs: { (file: StoredFile, result: ([JSONValue], OutboxItem)) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = file.postedCount
            receipt.details["payments"] = .array(result.0)
            return [result.1, OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        _ = result
        return stored
    }

    private func correct(payment: Int64, lines: [PaymentCorrectionRecord], booking: PaymentBooking, batch: LedgerBatch, file: String,
                         submittedBy: String?) throws(KontorError) -> JSONValue {
        let first = lines.first?.position ?? SourcePosition(file: file)
        guard let line = try batch.bankLineAmount(transactionID: payment), line.amount.minorUnits > 0 else {
            throw KontorError(.badInput, "there is no incoming payment with id \(payment)",
                              hint: "use an id `kontor payments unmatched` shows (or the payment id in a statement's receipt)", at: first)
        }
        let currency = line.amount.currency
        func money(_ units: Int64) -> Money { Money(minorUnits: units, currency: currency) }
        let audit: JSONValue = ["file": .string(file), "by": .optional(submittedBy)]
        var totals: [AccountPath: Int64] = [:]
        func add(_ account: AccountPath, _ units: Int64) { totals[account, default: 0] += units }
        var reversals: [(id: Int64, invoiceID: Int64, amount: Int64)] = []
        /// What of the payment is on the unapplied account now.
        var unapplied = line.amount.minorUnits

        // 1. Take back what the payment settled (and the client credit it left).
        for allocation in try batch.activeAllocations(paymentTransactionID: payment) {
            let received = Self.int(allocation.evidence, "received") ?? allocation.amount
            let writeOff = Self.int(allocation.evidence, "write_off") ?? 0
            add(booking.receivable, allocation.amount)
            if writeOff > 0 { add(booking.difference, -writeOff) }
            reversals.append((allocation.id, allocation.invoiceID, allocation.amount))
            unapplied -= received
        }
        // … and the client credit it left, unless a later invoice used it already.
        let excess = try batch.clientCreditFrom(paymentTransactionID: payment)
        if let excess, excess.amount > 0 {
            let balance = try batch.clientCredit(client: excess.client, currency: currency)
            guard balance >= excess.amount else {
                throw KontorError(.badInput, "the client credit payment \(payment) left for \(excess.client) was already used by a later invoice",
                                  hint: "correct that invoice first (credit note), or leave this payment as it is", at: first)
            }
            add(booking.clientCredit, excess.amount)
            unapplied -= excess.amount
        }
        // All of the payment now waits as unapplied.
        add(booking.unapplied, -(line.amount.minorUnits - unapplied))

        // 2. The person's allocations.
        var left = line.amount.minorUnits
        var applied: [(row: OpenInvoiceRow, amount: Int64, position: SourcePosition)] = []
        var opens: [Int64: Int64] = [:]
        for record in lines {
            guard let number = record.invoice else { continue }
            var at = record.position
            at.field = "invoice"
            guard var row = try batch.invoice(number).flatMap({ stored throws(KontorError) in try batch.matchableInvoice(id: stored.id) }) else {
                throw KontorError(.badInput, "there is no issued invoice '\(number)'", hint: "name it by its number; `kontor invoices list` shows them", at: at)
            }
            guard row.currency == currency else {
                throw KontorError(.badInput, "invoice \(number) is in \(row.currency), the payment in \(currency)", hint: "apply a payment to an invoice of its currency", at: at)
            }
            let reversed = reversals.filter { $0.invoiceID == row.id }.reduce(Int64(0)) { $0 + $1.amount }
            let open = opens[row.id] ?? (row.open + reversed)
            row.open = open
            let amount: Int64
            if let text = record.amount {
                at.field = "amount"
                guard let parsed = try? Money.parse(text, currency: currency), parsed.minorUnits > 0 else {
                    throw KontorError(.badInput, "'\(text)' is not a positive amount", hint: "write the amount like 120.50", at: at)
                }
                amount = parsed.minorUnits
            } else {
                amount = min(left, open)
            }
            guard amount <= left else {
                throw KontorError(.badInput, "the lines apply more than the payment's \(money(line.amount.minorUnits).decimalString) \(currency)",
                                  hint: "lower the amounts", at: at)
            }
            guard amount > 0, amount <= open else {
                throw KontorError(.badInput, "invoice \(number) has \(money(open).decimalString) open; cannot apply \(money(amount).decimalString)",
                                  hint: "apply at most the open amount", at: at)
            }
            left -= amount
            opens[row.id] = open - amount
            applied.append((row, amount, record.position))
            add(booking.unapplied, amount)
            add(booking.receivable, -amount)
        }

        // Post the correction (one balanced transaction), then the rows it implies.
        let postings = totals.filter { $0.value != 0 }.sorted { $0.key.rawValue < $1.key.rawValue }.map { Posting($0.key, money($0.value)) }
        var correctionID: Int64?
        if !postings.isEmpty {
            let transaction = try LedgerTransaction(date: line.date, description: "Payment \(payment) matched by hand (\(file))",
                                                    recordID: "payment-correction:\(payment):\(batch.fileID)", postings: postings)
            guard case .posted(let id) = try batch.post(transaction) else {
                throw KontorError(.conflict, "the correction of payment \(payment) was posted before")
            }
            correctionID = id
        }
        for reversal in reversals {
            guard let row = try batch.matchableInvoice(id: reversal.invoiceID), let state = InvoiceLifecycle.State(rawValue: row.status) else { continue }
            var lifecycle = InvoiceLifecycle(state: state, payable: row.payable, paid: row.paid, credited: row.credited)
            switch lifecycle.handle(.unpay(reversal.amount)) {
            case .reversePayment: break
            case .refuse(let reason, let hint): throw KontorError(.badInput, "cannot take payment \(payment) back from \(row.number): \(reason)", hint: hint, at: first)
            default: throw KontorError(.internal, "unexpected lifecycle action")
            }
            try batch.updateLifecycle(row.id, status: lifecycle.state.rawValue, paid: lifecycle.paid, credited: lifecycle.credited)
            try batch.recordReversal(allocationID: reversal.id, transactionID: correctionID ?? payment, reason: "manual match in \(file)")
            try batch.recordInvoiceEvent(row.id, event: "payment-reversed", date: line.date, recordedAt: booking.recordedAt, from: state.rawValue,
                                         to: lifecycle.state.rawValue, detail: ["payment": .int(payment), "amount": .int(reversal.amount), "audit": audit])
        }
        if let excess, excess.amount > 0 {
            try batch.recordClientCredit(client: excess.client, date: line.date, amount: money(-excess.amount), paymentTransactionID: payment, invoiceID: nil)
        }
        var numbers: [JSONValue] = []
        for item in applied {
            let allocation = Allocation(invoiceID: item.row.id, number: item.row.number, amount: item.amount)
            try booking.apply(allocation, evidence: MatchEvidence.manual.rawValue, score: 1, payment: payment, date: line.date,
                              currency: currency, in: batch, audit: ["file": .string(file), "line": .int(Int64(item.position.line ?? 0)),
                                                                     "by": .optional(submittedBy)])
            numbers.append(.string(item.row.number))
        }
        if left == 0 {
            try batch.resolvePaymentReview(transactionID: payment)
        } else {
            try batch.recordPaymentReview(transactionID: payment, recordID: line.recordID, date: line.date, amount: money(left),
                                          payer: line.payer, text: line.text, reason: "matched by hand in \(file); the rest is unapplied",
                                          candidates: [])
        }
        return ["payment": .int(payment), "invoices": .array(numbers), "reversed": .int(Int64(reversals.count)),
                "unapplied": .string(money(left).decimalString)]
    }

    /// An integer member of a stored evidence object.
    static func int(_ json: String, _ key: String) -> Int64? {
        switch (try? JSONParser.parse(Array(json.utf8)))?[key]?.value {
        case .int(let value): value
        case .number(let text): Int64(text)
        default: nil
        }
    }
}
