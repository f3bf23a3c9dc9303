import KontorConfig
import KontorCore
import KontorInvoicing
import KontorPackage
import KontorStore

/// Issues, credits and changes the invoices of one business inside a file's ledger
/// transaction: numbers from the business's series, postings to receivable, revenue and
/// output tax, lifecycle moves through ``InvoiceLifecycle``, history rows, and the
/// package of each issued document (queued as an outbox item, written after commit).
struct InvoiceBooking {
    let business: BusinessProfile
    let settings: InvoicingSettings
    let calculator: InvoiceCalculator
    let outboxDirectory: String
    let receivedAt: String
    let receivable: AccountPath
    let revenue: AccountPath
    let outputTax: AccountPath
    /// Where clients' overpayments wait; an issued invoice consumes its client's balance.
    let clientCredit: AccountPath

    /// The version written into package manifests (the same as `kontor --version`).
    static let generatorVersion = "0.1.0"

    init(business: BusinessProfile, outboxDirectory: String, receivedAt: String) throws(KontorError) {
        guard let settings = business.invoicing else {
            throw KontorError(.badInput, "business \(business.id) has no invoicing settings, so it cannot issue invoices",
                              hint: "add an 'invoicing:' section (address, iban, series) to pipelines/businesses/\(business.id).yaml")
        }
        self.business = business
        self.settings = settings
        self.outboxDirectory = outboxDirectory
        self.receivedAt = receivedAt
        let address = PostalAddress(street: settings.address.street, additionalStreet: settings.address.additionalStreet,
                                    city: settings.address.city, postalCode: settings.address.postalCode, country: settings.address.country)
        var party = Party(name: business.name, address: address, vatID: business.taxID, legalID: settings.legalID,
                          email: settings.email, phone: settings.phone)
        party.endpoint = settings.peppolID.flatMap(ElectronicAddress.init)
        party.contactName = settings.contact ?? business.name
        calculator = InvoiceCalculator(seller: SellerSettings(
            party: party, iban: settings.iban, bic: settings.bic, termsDays: settings.termsDays, rounding: settings.rounding,
            referenceStyle: settings.referenceStyle == "number" ? .number : .rf))
        receivable = try ExpenseBooking.path(settings.receivableAccount, business: business)
        revenue = try ExpenseBooking.path(settings.revenueAccount, business: business)
        outputTax = try ExpenseBooking.path(settings.outputTaxAccount, business: business)
        clientCredit = try ExpenseBooking.path(settings.payments.clientCreditAccount, business: business)
    }

    /// What one request or change did, for the receipt.
    struct Result {
        var key: String
        var action: String
        var number: String?
        var status: String
        var package: String?
        var skipped = false

        var json: JSONValue {
            ["key": .string(key), "action": .string(action), "number": .optional(number), "status": .string(status),
             "package": .optional(package), "skipped": .bool(skipped)]
        }
    }

    // MARK: - Requests

    func handle(_ request: InvoiceRequest, in batch: LedgerBatch, outputs: inout [OutboxItem]) throws(KontorError) -> Result {
        if try batch.invoiceKeyExists(request.key) {
            return Result(key: request.key, action: request.issue ? "issue" : "draft", status: "already handled", skipped: true)
        }
        let client = try client(request.client, request: request, in: batch)
        if !request.issue {
            // Checked in full now, numbered only when issued.
            let preview = try calculator.invoice(request, client: client, number: "DRAFT", series: try series(of: request).name,
                                                 defaultCurrency: business.baseCurrency)
            let id = try batch.insert(NewInvoice(
                key: request.key, kind: "invoice", series: try series(of: request).name, number: nil, clientID: client.id,
                issueDate: request.issueDate, dueDate: preview.dueDate, currency: preview.currency, payable: preview.totals.payable,
                taxTotal: preview.totals.taxTotal, status: InvoiceLifecycle.State.draft.rawValue,
                document: try StorageCodec.encode(request), transactionID: nil, packagePath: nil))
            try batch.recordInvoiceEvent(id, event: "drafted", date: request.issueDate, recordedAt: receivedAt, from: nil, to: "draft",
                                         detail: ["request": .string(request.key)])
            return Result(key: request.key, action: "draft", status: "draft")
        }
        var lifecycle = InvoiceLifecycle(state: .draft, payable: 0)
        guard case .issue = lifecycle.handle(.issue) else { throw KontorError(.internal, "a draft refused to be issued") }
        let (document, new) = try issueDocument(request, client: client, in: batch, outputs: &outputs)
        let id = try batch.insert(new)
        try batch.recordInvoiceEvent(id, event: "issued", date: document.issueDate, recordedAt: receivedAt, from: nil, to: lifecycle.state.rawValue,
                                     detail: ["request": .string(request.key), "number": .string(document.number),
                                              "payable": .string(document.text(document.totals.payable))])
        let status = try consumeClientCredit(invoice: id, document: document, in: batch) ?? lifecycle.state
        return Result(key: request.key, action: "issue", number: document.number, status: status.rawValue, package: new.packagePath)
    }

    /// Numbers, computes, posts and packages an invoice; the caller stores the row.
    func issueDocument(_ request: InvoiceRequest, client: Client, in batch: LedgerBatch,
                       outputs: inout [OutboxItem]) throws(KontorError) -> (InvoiceDocument, NewInvoice) {
        let (seriesName, pattern) = try series(of: request)
        // Computed once unnumbered first, so a request that cannot be issued fails before
        // it draws a number (the transaction would roll the counter back anyway).
        _ = try calculator.invoice(request, client: client, number: "", series: seriesName, defaultCurrency: business.baseCurrency)
        let sequence = try batch.nextInvoiceSequence(series: seriesName, period: pattern.period(of: request.issueDate))
        let number = pattern.number(sequence: sequence, date: request.issueDate)
        let document = try calculator.invoice(request, client: client, number: number, series: seriesName, defaultCurrency: business.baseCurrency)
        guard document.totals.payable > 0 else {
            throw KontorError(.badInput, "invoice \(request.key) totals 0: there is nothing to invoice",
                              hint: "check quantities, prices and discounts", at: SourcePosition(line: request.line, recordID: request.key))
        }
        let transactionID = try post(document, sign: 1, in: batch)
        let package = try self.package(document, outputs: &outputs)
        return (document, NewInvoice(
            key: request.key, kind: "invoice", series: seriesName, number: number, clientID: client.id, issueDate: document.issueDate,
            dueDate: document.dueDate, currency: document.currency, payable: document.totals.payable, taxTotal: document.totals.taxTotal,
            status: InvoiceLifecycle.State.issued.rawValue, document: try StorageCodec.encode(document), transactionID: transactionID,
            packagePath: package))
    }

    /// Receivable against revenue and output tax (`sign` −1 reverses, for credit notes).
    func post(_ document: InvoiceDocument, sign: Int64, in batch: LedgerBatch) throws(KontorError) -> Int64 {
        var postings = [Posting(receivable, document.money(sign * document.totals.payable))]
        if document.totals.taxExclusive != 0 { postings.append(Posting(revenue, document.money(-sign * document.totals.taxExclusive))) }
        if document.totals.taxTotal != 0 { postings.append(Posting(outputTax, document.money(-sign * document.totals.taxTotal))) }
        let prefix = document.kind == .invoice ? "invoice" : "credit-note"
        let transaction = try LedgerTransaction(
            date: document.issueDate, description: "\(document.title) \(document.number) · \(document.buyer.name)",
            recordID: "\(prefix):\(document.number)", postings: postings)
        switch try batch.post(transaction) {
        case .posted(let id): return id
        case .alreadyPosted:
            throw KontorError(.conflict, "\(document.title.lowercased()) \(document.number) was posted before",
                              hint: "the numbering counter and the ledger disagree; check var/kontor.sqlite")
        }
    }

    /// Builds the package (canonical JSON, UBL, HTML, PDF + manifest) and queues it.
    func package(_ document: InvoiceDocument, outputs: inout [OutboxItem]) throws(KontorError) -> String {
        let name = InvoiceBooking.fileName(document.number)
        var builder = PackageBuilder(kind: .invoice, business: business.id, period: nil, generatorVersion: InvoiceBooking.generatorVersion,
                                     created: "\(document.issueDate)T00:00:00Z")
        try builder.add(path: "\(name).json", bytes: document.jsonBytes)
        try builder.add(path: "\(name).xml", bytes: try UBLWriter().xml(document))
        try builder.add(path: "\(name).html", bytes: InvoiceHTML().html(document))
        try builder.add(path: "\(name).pdf", bytes: try InvoicePDF().pdf(document))
        let (bytes, _) = try builder.build(format: .zip)
        let path = "\(outboxDirectory)/\(name).zip"
        outputs.append(OutboxItem(path: path, content: bytes))
        return path
    }

    /// Applies the client's credit balance (overpayments) to a newly issued invoice:
    /// posts credit balance → receivable, records the allocation and moves the lifecycle.
    /// Returns the new state, or nil when the client has no credit in the invoice's currency.
    func consumeClientCredit(invoice id: Int64, document: InvoiceDocument, in batch: LedgerBatch) throws(KontorError) -> InvoiceLifecycle.State? {
        let balance = try batch.clientCredit(client: document.clientID, currency: document.currency)
        guard balance > 0 else { return nil }
        let used = min(balance, document.totals.payable)
        var lifecycle = InvoiceLifecycle(state: .issued, payable: document.totals.payable)
        guard case .applyPayment = lifecycle.handle(.pay(used)) else { throw KontorError(.internal, "a new invoice refused its client's credit") }
        let transaction = try LedgerTransaction(
            date: document.issueDate, description: "Client credit applied to \(document.number) · \(document.buyer.name)",
            recordID: "client-credit:\(document.number)",
            postings: [Posting(clientCredit, document.money(used)), Posting(receivable, document.money(-used))])
        guard case .posted(let transactionID) = try batch.post(transaction) else {
            throw KontorError(.conflict, "the client credit for \(document.number) was posted before", hint: "check var/kontor.sqlite")
        }
        try batch.updateLifecycle(id, status: lifecycle.state.rawValue, paid: lifecycle.paid, credited: lifecycle.credited)
        let evidence: JSONValue = ["kind": "client-credit", "score": "1.00", "payment": .int(transactionID), "received": .int(used), "write_off": 0]
        try batch.recordPayment(invoice: id, amount: document.money(used), date: document.issueDate, transactionID: transactionID, evidence: evidence)
        try batch.recordInvoiceEvent(id, event: "paid", date: document.issueDate, recordedAt: receivedAt, from: InvoiceLifecycle.State.issued.rawValue,
                                     to: lifecycle.state.rawValue, detail: evidence)
        try batch.recordClientCredit(client: document.clientID, date: document.issueDate, amount: document.money(-used),
                                     paymentTransactionID: transactionID, invoiceID: id)
        return lifecycle.state
    }

    /// A number as a file name: `/` (allowed in patterns) becomes `-`.
    static func fileName(_ number: String) -> String {
        String(number.map { $0 == "/" ? "-" : $0 })
    }

    private func series(of request: InvoiceRequest) throws(KontorError) -> (name: String, pattern: InvoiceNumberPattern) {
        let name = request.series ?? settings.defaultSeries
        guard let text = settings.pattern(ofSeries: name) else {
            throw KontorError(.badInput, "series '\(name)' is not defined for business \(business.id)",
                              hint: "use one of \(settings.series.map(\.name).joined(separator: ", ")), or add it under invoicing.series",
                              at: SourcePosition(line: request.line, field: "series", recordID: request.key))
        }
        guard let pattern = InvoiceNumberPattern(text) else {
            throw KontorError(.config, "the numbering pattern '\(text)' of series \(name) is invalid", hint: "fix invoicing.series in the business profile")
        }
        return (name, pattern)
    }

    private func client(_ id: String, request: InvoiceRequest, in batch: LedgerBatch) throws(KontorError) -> Client {
        guard let stored = try batch.client(id) else {
            throw KontorError(.badInput, "unknown client '\(id)'",
                              hint: "add the client to a file in inbox/\(business.id)/clients/ (see `kontor schema clients`) before invoicing it",
                              at: SourcePosition(line: request.line, field: "client", recordID: request.key))
        }
        return try StorageCodec.decode(Client.self, from: stored.data)
    }
}
