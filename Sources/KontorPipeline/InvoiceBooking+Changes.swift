import KontorConfig
import KontorCore
import KontorInvoicing
import KontorPackage
import KontorStore

extension InvoiceBooking {
    /// Applies a change request: issue or void a draft, credit an issued invoice, move a
    /// due date. The lifecycle decides; a refused change rejects the file with the
    /// machine's reason. Every change leaves a history row naming its request.
    func handle(_ change: ChangeRequest, in batch: LedgerBatch, outputs: inout [OutboxItem]) throws(KontorError) -> Result {
        if try batch.invoiceKeyExists(change.key) {
            return Result(key: change.key, action: change.action.rawValue, status: "already handled", skipped: true)
        }
        let at = SourcePosition(line: change.line, field: "invoice", recordID: change.key)
        guard let stored = try batch.invoice(change.invoice), stored.kind == "invoice" else {
            throw KontorError(.badInput, "there is no invoice '\(change.invoice)'",
                              hint: "name the invoice by its number (INV-…) or the key of its request; `kontor invoices list` shows them", at: at)
        }
        guard let state = InvoiceLifecycle.State(rawValue: stored.status) else {
            throw KontorError(.internal, "invoice \(stored.id) has an unknown status '\(stored.status)'")
        }
        var lifecycle = InvoiceLifecycle(state: state, payable: stored.payable, paid: stored.paid, credited: stored.credited)
        var detail: [String: JSONValue] = ["request": .string(change.key)]
        if let reason = change.reason { detail["reason"] = .string(reason) }
        let event: InvoiceLifecycle.Event
        var creditNote: InvoiceDocument?
        switch change.action {
        case .issue: event = .issue
        case .void: event = .void
        case .changeDueDate: event = .changeDueDate
        case .credit:
            guard stored.number != nil else {
                event = .credit(0)
                break
            }
            let invoice = try StorageCodec.decode(InvoiceDocument.self, from: stored.document)
            let pattern = try creditNotePattern()
            let sequence = try batch.nextInvoiceSequence(series: InvoiceBooking.creditNoteSeries, period: pattern.period(of: change.date))
            let note = try calculator.creditNote(for: invoice, lines: change.lines, number: pattern.number(sequence: sequence, date: change.date),
                                                 series: InvoiceBooking.creditNoteSeries, date: change.date,
                                                 reason: change.reason ?? "Credit note", key: change.key)
            creditNote = note
            event = .credit(note.totals.payable)
        }
        let from = lifecycle.state
        switch lifecycle.handle(event) {
        case .refuse(let reason, let hint):
            throw KontorError(.badInput, "cannot \(String(change.action.rawValue.map { $0 == "_" ? " " : $0 })) invoice \(stored.number ?? stored.key): \(reason)",
                              hint: hint, at: at)
        case .issue:
            var request = try StorageCodec.decode(InvoiceRequest.self, from: stored.document)
            request.issueDate = change.date
            if let due = request.dueDate, due < change.date {
                throw KontorError(.badInput, "the draft's due date \(due) is before the issue date \(change.date)",
                                  hint: "void the draft and send a new request with a later due date", at: at)
            }
            let client = try StorageCodec.decode(Client.self, from: try batch.client(stored.clientID)?.data ?? "null")
            let (document, new) = try issueDocument(request, client: client, in: batch, outputs: &outputs)
            try batch.issueDraft(stored.id, as: new)
            detail["number"] = .string(document.number)
            try batch.recordInvoiceEvent(stored.id, event: "issued", date: change.date, recordedAt: receivedAt, from: from.rawValue,
                                         to: lifecycle.state.rawValue, detail: .object(detail))
            let status = try consumeClientCredit(invoice: stored.id, document: document, in: batch) ?? lifecycle.state
            return Result(key: change.key, action: "issue", number: document.number, status: status.rawValue, package: new.packagePath)
        case .void:
            try batch.updateLifecycle(stored.id, status: lifecycle.state.rawValue, paid: lifecycle.paid, credited: lifecycle.credited)
            try batch.recordInvoiceEvent(stored.id, event: "voided", date: change.date, recordedAt: receivedAt, from: from.rawValue,
                                         to: lifecycle.state.rawValue, detail: .object(detail))
            return Result(key: change.key, action: "void", number: nil, status: lifecycle.state.rawValue)
        case .recordDueDate:
            guard let due = change.dueDate, let issued = LocalDate(iso: stored.issueDate), due >= issued else {
                throw KontorError(.badInput, "the new due date is before the invoice's issue date \(stored.issueDate)",
                                  hint: "a due date is on or after the issue date", at: at)
            }
            detail["from"] = .string(stored.dueDate)
            detail["to"] = .string(due.description)
            try batch.updateLifecycle(stored.id, status: lifecycle.state.rawValue, paid: lifecycle.paid, credited: lifecycle.credited, dueDate: due)
            try batch.recordInvoiceEvent(stored.id, event: "due-date-changed", date: change.date, recordedAt: receivedAt, from: from.rawValue,
                                         to: lifecycle.state.rawValue, detail: .object(detail))
            return Result(key: change.key, action: "change_due_date", number: stored.number, status: lifecycle.state.rawValue)
        case .credit:
            guard let note = creditNote else { throw KontorError(.internal, "a credit without its credit note") }
            let transactionID = try post(note, sign: -1, in: batch)
            let package = try package(note, outputs: &outputs)
            let noteID = try batch.insert(NewInvoice(
                key: change.key, kind: "credit-note", series: note.series, number: note.number, clientID: note.clientID,
                issueDate: note.issueDate, dueDate: note.dueDate, currency: note.currency, payable: note.totals.payable,
                taxTotal: note.totals.taxTotal, status: InvoiceLifecycle.State.issued.rawValue, creditsInvoiceID: stored.id,
                document: try StorageCodec.encode(note), transactionID: transactionID, packagePath: package))
            try batch.recordInvoiceEvent(noteID, event: "issued", date: change.date, recordedAt: receivedAt, from: nil, to: "issued",
                                         detail: ["request": .string(change.key), "credits": .string(stored.number ?? "")])
            try batch.updateLifecycle(stored.id, status: lifecycle.state.rawValue, paid: lifecycle.paid, credited: lifecycle.credited)
            detail["credit_note"] = .string(note.number)
            detail["amount"] = .string(note.text(note.totals.payable))
            try batch.recordInvoiceEvent(stored.id, event: "credited", date: change.date, recordedAt: receivedAt, from: from.rawValue,
                                         to: lifecycle.state.rawValue, detail: .object(detail))
            return Result(key: change.key, action: "credit", number: note.number, status: lifecycle.state.rawValue, package: package)
        case .applyPayment, .reversePayment:
            throw KontorError(.internal, "a change request cannot apply a payment")
        }
    }

    /// The series credit notes are numbered in (their own counter).
    static let creditNoteSeries = "credit-note"

    private func creditNotePattern() throws(KontorError) -> InvoiceNumberPattern {
        guard let pattern = InvoiceNumberPattern(settings.creditNotePattern) else {
            throw KontorError(.config, "the credit note pattern '\(settings.creditNotePattern)' is invalid", hint: "fix invoicing.credit_note_pattern")
        }
        return pattern
    }
}
