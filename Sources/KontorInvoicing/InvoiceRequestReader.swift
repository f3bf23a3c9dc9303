import KontorCore

/// Reads an invoice request file (`inbox/<b>/invoices/*.json|yaml`):
/// `{"invoices": [ … ], "changes": [ … ]}`, either list may be absent. Schema:
/// `kontor schema invoice-request`. Checks what can be checked without the ledger (shape,
/// numbers, codes, tax categories against rates); the pipeline checks the rest.
public struct InvoiceRequestReader: Sendable {
    public init() {}

    static let invoiceKeys = ["key", "client", "series", "issue_date", "due_date", "terms_days", "delivery_date", "currency",
                              "prices", "status", "buyer_reference", "order_reference", "notes", "lines", "allowances", "charges"]
    static let lineKeys = ["description", "quantity", "unit", "unit_price", "discount", "discount_percent", "tax_category",
                           "tax_rate", "exemption_reason", "exemption_code", "item_id"]
    static let allowanceKeys = ["reason", "reason_code", "amount", "tax_category", "tax_rate"]
    static let changeKeys = ["key", "action", "invoice", "date", "reason", "due_date", "lines"]
    /// The most lines one invoice may have (a guard against runaway files).
    public static let maximumLines = 10_000
    /// The most lines one file may hold in all: YAML aliases can repeat a list without
    /// repeating its bytes, so the work is bounded by count, not by file size.
    public static let maximumLinesPerFile = 100_000

    public func requests(from text: String) throws(KontorError) -> InvoiceRequestFile {
        let root = try DocumentNode.root(of: text)
        let top = try DocumentMapping(root, what: "an invoice request file", allowed: ["invoices", "changes"])
        var file = InvoiceRequestFile(invoices: [], changes: [])
        var keys: Set<String> = []
        var lineCount = 0
        for node in try top.optional("invoices")?.sequence(of: "invoice requests") ?? [] {
            let request = try InvoiceRequestReader.invoice(node)
            lineCount += request.lines.count
            guard lineCount <= InvoiceRequestReader.maximumLinesPerFile else {
                throw node.error("the file holds more than \(InvoiceRequestReader.maximumLinesPerFile) invoice lines",
                                 hint: "split the requests over several files")
            }
            guard keys.insert(request.key).inserted else {
                throw node.error("the key '\(request.key)' is used twice in this file", hint: "give every request its own key")
            }
            file.invoices.append(request)
        }
        for node in try top.optional("changes")?.sequence(of: "change requests") ?? [] {
            let change = try InvoiceRequestReader.change(node)
            guard keys.insert(change.key).inserted else {
                throw node.error("the key '\(change.key)' is used twice in this file", hint: "give every request its own key")
            }
            file.changes.append(change)
        }
        guard !file.invoices.isEmpty || !file.changes.isEmpty else {
            throw root.error("the file holds no invoices and no changes", hint: "add an \"invoices\" list or a \"changes\" list")
        }
        return file
    }

    static func key(_ node: DocumentNode) throws(KontorError) -> String {
        let key = try node.nonEmptyString(expected: "the request's key")
        guard key.count <= 100, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            throw node.error("key '\(key)' may only hold letters, digits, '-', '_', '.' and '/' (at most 100)", hint: "for example 2026-11-globex-1")
        }
        return key
    }

    static func invoice(_ node: DocumentNode) throws(KontorError) -> InvoiceRequest {
        let fields = try DocumentMapping(node, what: "an invoice request", allowed: invoiceKeys)
        let key = try key(try fields.required("key", expected: "a key unique to this request, such as 2026-11-globex-1"))
        let client = try fields.required("client", expected: "the client's id from the clients master data").nonEmptyString()
        let issueDate = try fields.required("issue_date", expected: "the issue date as YYYY-MM-DD").date()
        let linesNode = try fields.required("lines", expected: "the invoice lines")
        let lineNodes = try linesNode.sequence(of: "lines")
        guard !lineNodes.isEmpty else { throw linesNode.error("an invoice needs at least one line") }
        guard lineNodes.count <= maximumLines else {
            throw linesNode.error("an invoice may have at most \(maximumLines) lines, this one has \(lineNodes.count)", hint: "split it into several invoices")
        }
        var lines: [LineRequest] = []
        for lineNode in lineNodes { lines.append(try line(lineNode)) }
        var request = InvoiceRequest(key: key, client: client, issueDate: issueDate, lines: lines)
        request.line = node.line
        if let seriesNode = fields.optional("series") {
            let series = try seriesNode.nonEmptyString()
            guard series.count <= 20, series.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw seriesNode.error("series '\(series)' may only hold letters, digits and '-'", hint: "use a series named in the business profile's invoicing.series")
            }
            request.series = series
        }
        request.dueDate = try fields.optional("due_date")?.date()
        request.termsDays = try fields.optional("terms_days").map { node throws(KontorError) in Int(try node.integer(in: 0...3650)) }
        if request.dueDate != nil && request.termsDays != nil {
            throw fields.optional("terms_days")!.error("give either due_date or terms_days, not both")
        }
        if let due = request.dueDate, due < issueDate {
            throw fields.optional("due_date")!.error("due_date \(due) is before issue_date \(issueDate)", hint: "the due date is on or after the issue date")
        }
        request.deliveryDate = try fields.optional("delivery_date")?.date()
        request.currency = try fields.optional("currency")?.currency()
        if let pricesNode = fields.optional("prices") {
            switch try pricesNode.nonEmptyString() {
            case "exclusive": request.pricesIncludeTax = false
            case "inclusive": request.pricesIncludeTax = true
            default: throw pricesNode.error("prices must be exclusive or inclusive (of tax)")
            }
        }
        if let statusNode = fields.optional("status") {
            switch try statusNode.nonEmptyString() {
            case "issued": request.issue = true
            case "draft": request.issue = false
            default: throw statusNode.error("status must be issued (the default) or draft", hint: "a draft gets no number until a change request issues it")
            }
        }
        request.buyerReference = try fields.optionalString("buyer_reference")
        request.orderReference = try fields.optionalString("order_reference")
        if let notesNode = fields.optional("notes") {
            if notesNode.isSequence {
                request.notes = try notesNode.sequence(of: "notes").map { note throws(KontorError) in try note.nonEmptyString() }
            } else {
                request.notes = [try notesNode.nonEmptyString()]
            }
        }
        request.allowances = try (fields.optional("allowances")?.sequence(of: "allowances") ?? []).map { node throws(KontorError) in try allowanceCharge(node) }
        request.charges = try (fields.optional("charges")?.sequence(of: "charges") ?? []).map { node throws(KontorError) in try allowanceCharge(node) }
        return request
    }

    static func line(_ node: DocumentNode) throws(KontorError) -> LineRequest {
        let fields = try DocumentMapping(node, what: "an invoice line", allowed: lineKeys)
        let description = try fields.required("description", expected: "what was sold").nonEmptyString()
        let quantityNode = try fields.required("quantity", expected: "how many units")
        let quantity = try quantityNode.decimal()
        guard !quantity.isZero else { throw quantityNode.error("quantity must not be 0", hint: "leave the line out instead") }
        let priceNode = try fields.required("unit_price", expected: "the price of one unit")
        let price = try priceNode.decimal()
        guard !price.isNegative else {
            throw priceNode.error("unit_price must not be negative (BR-27)", hint: "credit with a negative quantity, a discount, or a credit note")
        }
        let (category, rate) = try tax(fields)
        var line = LineRequest(description: description, quantity: quantity, unitPrice: price, taxCategory: category, taxRate: rate)
        if let unitNode = fields.optional("unit") {
            let unit = try unitNode.nonEmptyString()
            guard (2...3).contains(unit.count), unit.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw unitNode.error("unit '\(unit)' is not a UN/ECE Recommendation 20 unit code", hint: "for example C62 (one), HUR (hour), DAY, KGM, MTR")
            }
            line.unit = unit
        }
        line.discount = try fields.optional("discount")?.decimal()
        line.discountPercent = try fields.optional("discount_percent")?.decimal()
        if line.discount != nil && line.discountPercent != nil {
            throw fields.optional("discount")!.error("give either discount or discount_percent, not both")
        }
        if let discount = line.discount, discount.isNegative {
            throw fields.optional("discount")!.error("discount must not be negative")
        }
        if let percentNode = fields.optional("discount_percent"), let percent = line.discountPercent,
           percent.isNegative || percent.significand > 100 * ExactDecimal.power(percent.scale) {
            throw percentNode.error("discount_percent must be between 0 and 100")
        }
        line.exemptionReason = try fields.optionalString("exemption_reason")
        line.exemptionCode = try fields.optionalString("exemption_code")
        line.itemID = try fields.optionalString("item_id")
        return line
    }

    static func allowanceCharge(_ node: DocumentNode) throws(KontorError) -> AllowanceChargeRequest {
        let fields = try DocumentMapping(node, what: "an allowance or charge", allowed: allowanceKeys)
        let reason = try fields.required("reason", expected: "why, e.g. Loyalty discount or Freight").nonEmptyString()
        let amountNode = try fields.required("amount", expected: "the amount, net of tax")
        let amount = try amountNode.decimal()
        guard !amount.isNegative, !amount.isZero else { throw amountNode.error("amount must be positive") }
        let (category, rate) = try tax(fields)
        var result = AllowanceChargeRequest(reason: reason, amount: amount, taxCategory: category, taxRate: rate)
        result.reasonCode = try fields.optionalString("reason_code")
        return result
    }

    /// The tax category and rate of a line or allowance: S needs a positive rate; Z, E, AE,
    /// K and G a rate of 0 (default 0); O no rate.
    static func tax(_ fields: DocumentMapping) throws(KontorError) -> (TaxCategory, ExactDecimal?) {
        let categoryNode = try fields.required("tax_category", expected: "S, Z, E, AE, K, G or O")
        let text = try categoryNode.nonEmptyString()
        guard let category = TaxCategory(rawValue: text) else {
            throw categoryNode.error("tax_category '\(text)' is not a VAT category", hint: "use S (standard), Z (zero rated), E (exempt), AE (reverse charge), K (intra-community), G (export) or O (outside scope)")
        }
        let rateNode = fields.optional("tax_rate")
        let rate = try rateNode?.decimal(expected: "a rate in percent")
        switch category {
        case .standard:
            guard let rate, !rate.isNegative, !rate.isZero else {
                throw (rateNode ?? categoryNode).error("category S needs a positive tax_rate", hint: "for example \"tax_rate\": 19; use Z for zero-rated goods")
            }
            guard rate.scale <= 2, rate.significand < 100 * ExactDecimal.power(rate.scale) else {
                throw rateNode!.error("tax_rate must be below 100 with at most two decimals")
            }
            return (category, rate)
        case .outsideScope:
            guard rate == nil else { throw rateNode!.error("category O (outside the scope of VAT) has no tax_rate", hint: "remove tax_rate") }
            return (category, nil)
        default:
            guard rate == nil || rate!.isZero else {
                throw rateNode!.error("category \(category.label) has a tax rate of 0", hint: "write \"tax_rate\": 0 or leave it out; use S for a positive rate")
            }
            return (category, ExactDecimal(0))
        }
    }

    static func change(_ node: DocumentNode) throws(KontorError) -> ChangeRequest {
        let fields = try DocumentMapping(node, what: "a change request", allowed: changeKeys)
        let key = try key(try fields.required("key", expected: "a key unique to this request"))
        let actionNode = try fields.required("action", expected: "issue, void, credit or change_due_date")
        let actionText = try actionNode.nonEmptyString()
        guard let action = ChangeRequest.Action(rawValue: actionText) else {
            throw actionNode.error("action '\(actionText)' is not known", hint: "use issue, void, credit or change_due_date")
        }
        let invoice = try fields.required("invoice", expected: "the invoice's number or request key").nonEmptyString()
        let date = try fields.required("date", expected: "the date of the change as YYYY-MM-DD").date()
        var change = ChangeRequest(key: key, action: action, invoice: invoice, date: date)
        change.line = node.line
        change.reason = try fields.optionalString("reason")
        change.dueDate = try fields.optional("due_date")?.date()
        if action == .changeDueDate && change.dueDate == nil {
            throw node.error("change_due_date needs due_date", hint: "add \"due_date\": \"YYYY-MM-DD\"")
        }
        if action != .changeDueDate, let dueNode = fields.optional("due_date") {
            throw dueNode.error("due_date belongs to change_due_date only")
        }
        if let linesNode = fields.optional("lines") {
            guard action == .credit else { throw linesNode.error("lines belong to a credit (a partial credit note) only") }
            let nodes = try linesNode.sequence(of: "lines")
            guard !nodes.isEmpty else { throw linesNode.error("a partial credit needs at least one line", hint: "leave lines out to credit the whole invoice") }
            change.lines = try nodes.map { node throws(KontorError) in try line(node) }
        }
        if action == .credit && change.reason == nil {
            throw node.error("a credit needs a reason (printed on the credit note)", hint: "add \"reason\": \"…\"")
        }
        return change
    }
}
