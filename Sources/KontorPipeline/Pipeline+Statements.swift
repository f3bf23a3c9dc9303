import KontorConfig
import KontorCore
import KontorIntake
import KontorMatch
import KontorPublish
import KontorRead
import KontorStore

/// The reader for a statement file, and what it says about the file.
struct StatementReading {
    var reader: any StatementReader
    /// The format name receipts show (`ofx`, `camt.053`, `csv:dkb`, `stripe-event`).
    var format: String
    /// The family of the file's bank ids; ids are only compared within one family.
    var idScheme: String
    /// For gateway files, the gateway (`stripe`, `paypal`).
    var gateway: String?
}

extension StatementReading {
    /// Picks the reader by content: OFX, camt.053 and MT940 by their markers, a bank CSV by
    /// the one mapping of `pipelines/sources/` whose header it has, a gateway file by its
    /// columns or JSON shape.
    ///
    /// A static function, not a `Pipeline` method: the dry run (``DryRun``) picks readers
    /// without a pipeline, whose construction opens and writes the ledger.
    static func detect(prefix: [UInt8], fileName: String, channel: Channel, business: BusinessProfile,
                       configuration: Configuration) throws(KontorError) -> StatementReading {
        if channel == .gateway {
            guard let format = GatewayFormat.detect(prefix: prefix) else {
                throw KontorError(.badInput, "this is not a gateway file Kontor reads",
                                  hint: "drop Stripe balance exports (CSV or API JSON) or webhook events, or PayPal activity exports or webhook events")
            }
            let gateway = format.rawValue.hasPrefix("stripe") ? "stripe" : "paypal"
            // A payments export keys charges by `ch_…`, a balance export by `txn_…`, events by the
            // PaymentIntent: in one family they would never be compared by date and amount, and
            // the same charge imported from two of them would post twice.
            let idScheme = format == .stripePaymentsCSV ? "stripe-payments" : gateway
            return StatementReading(reader: format.reader, format: format.rawValue, idScheme: idScheme, gateway: gateway)
        }
        switch FormatDetector.detect(prefix: prefix, fileName: fileName) {
        case .ofx:
            return StatementReading(reader: OFXReader(), format: "ofx", idScheme: "ofx", gateway: nil)
        case .camt053:
            return StatementReading(reader: Camt053Reader(maximumInputBytes: Int(configuration.settings.limits.maxFileBytes)),
                                    format: "camt.053", idScheme: "camt", gateway: nil)
        case .mt940:
            return StatementReading(reader: MT940Reader(defaultCurrency: business.baseCurrency), format: "mt940", idScheme: "mt940", gateway: nil)
        case .zip, .gzip:
            // Intake opens archives before it gets here (Pipeline+Archives.swift); only the
            // dry run, which shows one file, sees one.
            throw KontorError(.badInput, "this is an archive; kontor read shows one statement file at a time",
                              hint: "read its members one by one, or drop the archive into the inbox, where each member is imported on its own")
        default:
            let mappings = configuration.sources.keys.sorted().compactMap { configuration.sources[$0] }
            let matching = BankCSVRecognizer.matching(prefix: prefix, among: mappings)
            guard let mapping = matching.first else {
                throw KontorError(.badInput, "this is not a statement Kontor recognizes: not OFX, camt.053 or MT940, and no bank CSV mapping in pipelines/sources/ matches its header",
                                  hint: "add a mapping for this bank's CSV to pipelines/sources/ (see docs/bank-csv-mappings.md)")
            }
            guard matching.count == 1 else {
                throw KontorError(.badInput, "several bank CSV mappings match this file: \(matching.map(\.name).joined(separator: ", "))",
                                  hint: "make the mappings' header hints in pipelines/sources/ tell these banks apart")
            }
            return StatementReading(reader: BankCSVReader(mapping: mapping), format: "csv:\(mapping.name)", idScheme: "csv:\(mapping.name)", gateway: nil)
        }
    }
}

extension Pipeline {
    /// Picks the reader for an inbox file (see ``StatementReading/detect(prefix:fileName:channel:business:configuration:)``).
    func statementReader(for arrival: FileArrival, prefix: [UInt8]) throws(KontorError) -> StatementReading {
        guard let business = configuration.business(arrival.business) else {
            throw KontorError(.config, "business \(arrival.business) is not configured")
        }
        return try StatementReading.detect(prefix: prefix, fileName: arrival.name, channel: arrival.channel,
                                           business: business, configuration: configuration)
    }

    /// Reads a statement file and posts every line the ledger does not have yet, checking
    /// each statement's balances, all in one transaction.
    func importStatements(_ input: IntakeInput, business: BusinessProfile, reading: StatementReading,
                          details: [String: JSONValue] = [:]) throws(KontorError) -> StoredFile {
        let arrival = input.arrival
        let booking = try StatementBooking(business: business, configuration: configuration, gateway: reading.gateway,
                                           idScheme: reading.idScheme)
        let directory = try vendorDirectory(for: business.id)
        let source = Handed(try input.content.open(limit: configuration.settings.limits.maxFileBytes))
        defer { source.value.close() }
        let reader = reading.reader
        let fileName = arrival.name
        let prepared = Handed(booking)
        let (stored, _) = try input.recorder.importFile(arrival, format: reading.format, plan: { plan(for: input, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> StatementImportSummary in
            var summary = StatementImportSummary()
            var payments = try PaymentBooking(business: business, batch: batch, recordedAt: arrival.receivedAt)
            let isGateway = reading.gateway != nil
            let shared = Handed(batch)
            // Reading, checking and categorizing on one core, matching and posting on the
            // other (Handoff); the classifier's history is read on the posting thread.
            try Handoff.run { (emit: (StatementStep) throws(KontorError) -> Void, caller: Handoff.Caller) throws(KontorError) in
                var booking = prepared.value
                booking.learn(directory: directory) { () throws(KontorError) in
                    try caller.onConsumer { () throws(KontorError) in try shared.value.classifierHistory() }
                }
                try booking.book(reader, from: &source.value, fileName: fileName) { (entry: BankEntry) throws(KontorError) -> Void in
                    try emit(.entry(entry))
                } statement: { (statement: StatementSummary) throws(KontorError) -> Void in
                    try emit(.statement(statement))
                }
            } consume: { (step: StatementStep) throws(KontorError) in
                guard case .entry(let entry) = step else {
                    if case .statement(let statement) = step { summary.statements.append(statement.receiptJSON) }
                    return
                }
                let plan = try payments?.plan(for: entry, gateway: isGateway)
                // The plan's entry when there is one; the entry itself otherwise (not copied).
                func posted(_ entry: BankEntry) throws(KontorError) {
                    switch try batch.post(entry, pairingExpenses: plan == nil && !isGateway) {
                    case .posted(let id):
                        if entry.status == .review { summary.review += 1 }
                        if let plan, let applied = try payments?.record(plan, transactionID: id, in: batch) {
                            summary.payments.append(applied)
                            if case .review(_, _) = plan.outcome { summary.unmatched += 1 }
                        }
                    case .alreadyPosted(let existing):
                        summary.skipped.append(Receipt.SkippedRecord(recordID: entry.transaction.recordID, position: entry.line.position,
                                                                     existingTransaction: existing))
                    case .paysExpense(let expense):
                        summary.expensePayments.append([
                            "record_id": .string(entry.transaction.recordID), "position": .string(entry.line.position.label),
                            "expense": .int(expense),
                        ])
                    }
                }
                if let plan { try posted(plan.entry) } else { try posted(entry) }
            }
            if payments != nil {
                summary.reviewFile = PaymentBooking.reviewFile(try batch.openPaymentReviews(),
                                                               directory: workspace.outbox(business.id) + "/payments")
            }
            return summary
        } outputs: { (file: StoredFile, summary: StatementImportSummary) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = file.postedCount
            receipt.skipped = summary.skipped
            receipt.details["statements"] = .array(summary.statements)
            receipt.details["review"] = .int(Int64(summary.review))
            if !summary.expensePayments.isEmpty { receipt.details["expense_payments"] = .array(summary.expensePayments) }
            if !summary.payments.isEmpty {
                receipt.details["payments"] = .array(summary.payments)
                receipt.details["unmatched_payments"] = .int(Int64(summary.unmatched))
            }
            for (key, value) in details { receipt.details[key] = value }
            return (summary.reviewFile.map { [$0] } ?? []) + [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        return stored
    }
}

/// What a statement import reports in its receipt.
struct StatementImportSummary {
    var statements: [JSONValue] = []
    var skipped: [Receipt.SkippedRecord] = []
    /// Lines posted to an uncategorized account, waiting for review.
    var review = 0
    /// Incoming payments matched (the invoices each settled) or sent to review.
    var payments: [JSONValue] = []
    var unmatched = 0
    /// Debit lines kept as the payment of an expense posted before, instead of posted
    /// again (docs/decisions/expense-bank-lines.md).
    var expensePayments: [JSONValue] = []
    /// `outbox/<b>/payments/unmatched.csv`, rewritten after each file of an invoicing business.
    var reviewFile: OutboxItem?
}

/// What the reading thread of a statement import hands to the posting one, in file order.
enum StatementStep: Sendable {
    case entry(BankEntry)
    case statement(StatementSummary)
}
