import KontorCore

/// Computes an invoice or credit note from a request the way EN 16931 does:
///
/// - Amounts have `min(currency exponent, 2)` decimals: EN 16931 allows at most two
///   (BR-DEC-*), so a 3-decimal currency (BHD, KWD) invoices in steps of 10 fils, and a
///   0-decimal currency (JPY) in whole units.
/// - Each line is rounded on its own: net = round(quantity × net price) − discount.
/// - Tax-inclusive prices: the line's gross amount is rounded first, then its net amount
///   is round(gross × 100 / (100 + rate)); the net unit price is given with 8 decimals.
/// - Tax is computed once per VAT category and rate, on that group's taxable total
///   (lines − allowances + charges), never summed from lines.
/// - Every rounding uses the business's named mode (half-up by default).
public struct InvoiceCalculator: Sendable {
    public let seller: SellerSettings

    public init(seller: SellerSettings) {
        self.seller = seller
    }

    /// Decimal places of amounts in `currency` on an EN 16931 document.
    public static func digits(_ currency: CurrencyCode) -> Int { min(currency.exponent, 2) }

    /// The document for `request` to `client` under `number`.
    public func invoice(_ request: InvoiceRequest, client: Client, number: String, series: String,
                        defaultCurrency: CurrencyCode) throws(KontorError) -> InvoiceDocument {
        let currency = request.currency ?? defaultCurrency
        let at = SourcePosition(line: request.line, recordID: request.key)
        var lines: [InvoiceLine] = []
        for (index, line) in request.lines.enumerated() {
            lines.append(try computeLine(line, id: index + 1, currency: currency, inclusive: request.pricesIncludeTax, at: at))
        }
        let allowances = try request.allowances.map { item throws(KontorError) in try documentLevel(item, currency: currency, at: at) }
        let charges = try request.charges.map { item throws(KontorError) in try documentLevel(item, currency: currency, at: at) }
        let termsDays = request.termsDays ?? client.paymentTermsDays ?? seller.termsDays
        let due = request.dueDate ?? request.issueDate.adding(days: termsDays)
        var document = InvoiceDocument(
            kind: .invoice, number: number, series: series, key: request.key, issueDate: request.issueDate, dueDate: due,
            deliveryDate: request.deliveryDate, currency: currency, pricesIncludeTax: request.pricesIncludeTax,
            seller: seller.party, clientID: client.id, buyer: client.party,
            buyerReference: request.buyerReference ?? client.buyerReference ?? (request.orderReference == nil ? client.id : nil),
            orderReference: request.orderReference, notes: request.notes,
            paymentTerms: "Payable by \(due) without deduction",
            payment: nil, lines: lines, allowances: allowances, charges: charges, breakdown: [],
            totals: InvoiceTotals(lineTotal: 0, allowanceTotal: 0, chargeTotal: 0, taxExclusive: 0, taxTotal: 0, taxInclusive: 0, payable: 0))
        try complete(&document, exemptions: request.lines, at: at)
        try InvoiceCalculator.checkParties(document, at: at)
        guard document.totals.payable >= 0 else {
            throw KontorError(.badInput, "invoice \(request.key) would total \(document.money(document.totals.payable).decimalString) \(currency): an invoice cannot be negative",
                              hint: "credit an issued invoice with a change request (action credit) instead", at: at)
        }
        if let iban = seller.iban {
            let reference = seller.referenceStyle == .rf ? (CreditorReference.make(from: number)?.formatted ?? number) : number
            document.payment = PaymentInstructions(iban: iban, bic: seller.bic, accountName: seller.party.name, reference: reference)
        }
        return document
    }

    /// A credit note for `invoice`: all of it (`lines == nil`) or the lines given.
    public func creditNote(for invoice: InvoiceDocument, lines requested: [LineRequest]?, number: String, series: String,
                           date: LocalDate, reason: String, key: String) throws(KontorError) -> InvoiceDocument {
        var note = invoice
        note.kind = .creditNote
        note.number = number
        note.series = series
        note.key = key
        note.issueDate = date
        note.dueDate = date
        note.creditedInvoice = InvoiceReference(number: invoice.number, issueDate: invoice.issueDate)
        note.notes = [reason]
        note.paymentTerms = nil
        // The account stays (refunds and offsets name it, and German rules ask for payment
        // instructions on every document); the reference is the credit note's number.
        note.payment = invoice.payment.map { PaymentInstructions(iban: $0.iban, bic: $0.bic, accountName: $0.accountName, reference: number) }
        note.deliveryDate = nil
        let at = SourcePosition(recordID: key)
        if let requested {
            note.lines = []
            for (index, line) in requested.enumerated() {
                note.lines.append(try computeLine(line, id: index + 1, currency: invoice.currency, inclusive: invoice.pricesIncludeTax, at: at))
            }
            note.allowances = []
            note.charges = []
            try complete(&note, exemptions: requested + exemptionCarriers(of: invoice), at: at)
        }
        guard note.totals.payable > 0 else {
            throw KontorError(.badInput, "the credit note for \(invoice.number) would not be positive", hint: "credit lines with positive quantities and prices", at: at)
        }
        return note
    }

    /// The exemption reasons of an invoice's breakdown, as lines that carry them (a partial
    /// credit note of exempt lines repeats the invoice's reasons).
    private func exemptionCarriers(of invoice: InvoiceDocument) -> [LineRequest] {
        invoice.breakdown.compactMap { row in
            guard row.exemptionReason != nil || row.exemptionCode != nil else { return nil }
            var line = LineRequest(description: "", quantity: ExactDecimal(1), unitPrice: ExactDecimal(0), taxCategory: row.category, taxRate: row.rate)
            line.exemptionReason = row.exemptionReason
            line.exemptionCode = row.exemptionCode
            return line
        }
    }

    /// Fills the breakdown and totals from lines, allowances and charges.
    func complete(_ document: inout InvoiceDocument, exemptions: [LineRequest], at: SourcePosition) throws(KontorError) {
        struct Group { var category: TaxCategory; var rate: ExactDecimal?; var taxable: Int128 = 0 }
        var groups: [String: Group] = [:]
        func key(_ category: TaxCategory, _ rate: ExactDecimal?) -> String { "\(category.rawValue)/\(rate?.description ?? "-")" }
        for line in document.lines {
            groups[key(line.taxCategory, line.taxRate), default: Group(category: line.taxCategory, rate: line.taxRate)].taxable += Int128(line.netAmount)
        }
        for item in document.allowances {
            groups[key(item.taxCategory, item.taxRate), default: Group(category: item.taxCategory, rate: item.taxRate)].taxable -= Int128(item.amount)
        }
        for item in document.charges {
            groups[key(item.taxCategory, item.taxRate), default: Group(category: item.taxCategory, rate: item.taxRate)].taxable += Int128(item.amount)
        }
        let step = InvoiceCalculator.step(document.currency)
        var breakdown: [TaxSubtotal] = []
        let ordered = groups.values.sorted { a, b in
            a.category.rawValue != b.category.rawValue ? a.category.rawValue < b.category.rawValue
                : (a.rate ?? ExactDecimal(0)) > (b.rate ?? ExactDecimal(0))
        }
        for group in ordered {
            var tax: Int128 = 0
            if group.category == .standard, let rate = group.rate {
                let units = group.taxable / Int128(step)
                tax = Rounding.divide(units * Int128(rate.significand), by: 100 * ExactDecimal.power128(rate.scale), mode: seller.rounding) * Int128(step)
            }
            var row = TaxSubtotal(category: group.category, rate: group.rate, taxableAmount: try InvoiceCalculator.fit(group.taxable, at: at),
                                  taxAmount: try InvoiceCalculator.fit(tax, at: at))
            if group.category.needsExemptionReason {
                let carrier = exemptions.first { $0.taxCategory == group.category && ($0.exemptionReason != nil || $0.exemptionCode != nil) }
                if let carrier {
                    row.exemptionReason = carrier.exemptionReason
                    row.exemptionCode = carrier.exemptionCode
                } else if let fallback = group.category.defaultExemption {
                    row.exemptionCode = fallback.code
                    row.exemptionReason = fallback.text
                } else {
                    throw KontorError(.badInput, "lines in category \(group.category.label) need an exemption reason (BR-E-10)",
                                      hint: "add \"exemption_reason\" (the law that exempts the supply) or \"exemption_code\" (a VATEX code such as VATEX-EU-132-1I) to the line", at: at)
                }
            }
            breakdown.append(row)
        }
        document.breakdown = breakdown
        var totals = InvoiceTotals(lineTotal: 0, allowanceTotal: 0, chargeTotal: 0, taxExclusive: 0, taxTotal: 0, taxInclusive: 0, payable: 0)
        totals.lineTotal = try InvoiceCalculator.fit(document.lines.reduce(Int128(0)) { $0 + Int128($1.netAmount) }, at: at)
        totals.allowanceTotal = try InvoiceCalculator.fit(document.allowances.reduce(Int128(0)) { $0 + Int128($1.amount) }, at: at)
        totals.chargeTotal = try InvoiceCalculator.fit(document.charges.reduce(Int128(0)) { $0 + Int128($1.amount) }, at: at)
        totals.taxExclusive = try InvoiceCalculator.fit(Int128(totals.lineTotal) - Int128(totals.allowanceTotal) + Int128(totals.chargeTotal), at: at)
        totals.taxTotal = try InvoiceCalculator.fit(breakdown.reduce(Int128(0)) { $0 + Int128($1.taxAmount) }, at: at)
        totals.taxInclusive = try InvoiceCalculator.fit(Int128(totals.taxExclusive) + Int128(totals.taxTotal), at: at)
        totals.payable = totals.taxInclusive
        document.totals = totals
    }

    func computeLine(_ line: LineRequest, id: Int, currency: CurrencyCode, inclusive: Bool, at: SourcePosition) throws(KontorError) -> InvoiceLine {
        let digits = InvoiceCalculator.digits(currency)
        let step = Int128(InvoiceCalculator.step(currency))
        var position = at
        position.field = "lines[\(id - 1)]"
        // quantity × price in document units (10^-digits).
        let product = Int128(line.quantity.significand) * Int128(line.unitPrice.significand) * ExactDecimal.power128(digits)
        let scale = ExactDecimal.power128(line.quantity.scale + line.unitPrice.scale)
        let raw = Rounding.divide(product, by: scale, mode: seller.rounding)
        // Peppol (R120) accepts 0.02 between quantity × price and the line amount. Only a
        // currency without decimals can round further than that: refuse, don't misstate.
        if digits == 0 && !inclusive, (raw * scale - product).magnitude * 50 > scale.magnitude {
            throw KontorError(.badInput, "line \(id): \(line.quantity) × \(line.unitPrice) is not a whole amount of \(currency), which has no decimals",
                              hint: "give a price that makes the line a whole amount of \(currency)", at: position)
        }
        var discount: Int128 = 0
        if let amount = line.discount {
            discount = try InvoiceCalculator.units(amount, currency: currency, what: "discount", at: position)
        } else if let percent = line.discountPercent {
            discount = Rounding.divide(raw * Int128(percent.significand), by: 100 * ExactDecimal.power128(percent.scale), mode: seller.rounding)
        }
        var gross = raw, net = raw - discount, netPrice = line.unitPrice
        if inclusive, let rate = line.taxRate, !rate.isZero {
            // net = gross × 100 / (100 + rate)
            let numerator = 100 * ExactDecimal.power128(rate.scale)
            let denominator = numerator + Int128(rate.significand)
            gross = Rounding.divide(raw * numerator, by: denominator, mode: seller.rounding)
            net = Rounding.divide((raw - discount) * numerator, by: denominator, mode: seller.rounding)
            discount = gross - net
            let priceScale = ExactDecimal.maximumScale
            let scaled = Int128(line.unitPrice.significand) * ExactDecimal.power128(priceScale - line.unitPrice.scale)
            // The net price keeps eight decimals: a huge gross price may not fit that in 64 bits.
            guard let significand = Int64(exactly: Rounding.divide(scaled * numerator, by: denominator, mode: seller.rounding)) else {
                throw KontorError(.badInput, "line \(id): the unit price \(line.unitPrice) is too large to convert to a net price",
                                  hint: "check the unit price", at: position)
            }
            netPrice = ExactDecimal(significand: significand, scale: priceScale)
        }
        guard discount <= gross || line.quantity.isNegative else {
            throw KontorError(.badInput, "the discount of line \(id) is larger than the line", hint: "a discount cannot exceed quantity × unit price", at: position)
        }
        return InvoiceLine(id: id, description: line.description, itemID: line.itemID, quantity: line.quantity, unit: line.unit,
                           requestedPrice: line.unitPrice, netPrice: netPrice,
                           grossAmount: try InvoiceCalculator.fit(gross * step, at: position),
                           discount: try InvoiceCalculator.fit(discount * step, at: position),
                           netAmount: try InvoiceCalculator.fit(net * step, at: position),
                           taxCategory: line.taxCategory, taxRate: line.taxRate)
    }

    func documentLevel(_ item: AllowanceChargeRequest, currency: CurrencyCode, at: SourcePosition) throws(KontorError) -> DocumentAllowanceCharge {
        let units = try InvoiceCalculator.units(item.amount, currency: currency, what: "allowance or charge '\(item.reason)'", at: at)
        return DocumentAllowanceCharge(reason: item.reason, reasonCode: item.reasonCode,
                                       amount: try InvoiceCalculator.fit(units * Int128(InvoiceCalculator.step(currency)), at: at),
                                       taxCategory: item.taxCategory, taxRate: item.taxRate)
    }

    /// The party data the document's categories require (Peppol R010/R020, BR-AE-02,
    /// BR-IC-02, BR-G-02, BR-S-02), checked before anything is numbered.
    static func checkParties(_ document: InvoiceDocument, at: SourcePosition) throws(KontorError) {
        guard document.seller.electronicAddress != nil else {
            throw KontorError(.config, "the business has no Peppol electronic address (and none can be derived from its VAT id)",
                              hint: "add invoicing.peppol_id (SCHEME:ID, e.g. 9930:DE123456789) to the business profile")
        }
        guard document.buyer.electronicAddress != nil else {
            throw KontorError(.badInput, "client \(document.clientID) has no Peppol electronic address (and none can be derived from its tax id)",
                              hint: "add peppol_id (SCHEME:ID, e.g. 0088:4012345000009) to the client in inbox/<business>/clients/", at: at)
        }
        let categories = Set(document.breakdown.map(\.category))
        if !categories.isDisjoint(with: [.standard, .zeroRated, .exempt, .reverseCharge, .intraCommunity, .export]), document.seller.vatID == nil {
            throw KontorError(.config, "VAT categories other than O need the seller's VAT id", hint: "set tax_id in the business profile", at: at)
        }
        if !categories.isDisjoint(with: [.reverseCharge, .intraCommunity]), document.buyer.vatID == nil, document.buyer.legalID == nil || categories.contains(.intraCommunity) {
            throw KontorError(.badInput, "reverse charge and intra-community supplies need the client's VAT id (BR-AE-02, BR-IC-02)",
                              hint: "add tax_id to client \(document.clientID)", at: at)
        }
        if document.seller.address.country == "DE" && document.buyer.address.country == "DE" {
            // The German national rules of Peppol BIS 3 (DE-R-002 … DE-R-009).
            let seller = document.seller, buyer = document.buyer
            let missing = [
                seller.address.city == nil ? "the business's city" : nil, seller.address.postalCode == nil ? "the business's postal code" : nil,
                seller.phone == nil ? "the business's phone" : nil, seller.email == nil ? "the business's e-mail" : nil,
                buyer.address.city == nil ? "client \(document.clientID)'s city" : nil,
                buyer.address.postalCode == nil ? "client \(document.clientID)'s postal code" : nil,
            ].compactMap { $0 }
            if !missing.isEmpty {
                throw KontorError(.badInput, "an invoice between two German parties needs \(missing.joined(separator: ", ")) (Peppol DE-R rules)",
                                  hint: "add them to the business profile's invoicing section or the client's master data", at: at)
            }
        }
        if categories.contains(.outsideScope) && categories.count > 1 {
            throw KontorError(.badInput, "category O (outside the scope of VAT) cannot be mixed with other categories on one invoice (BR-O-11)",
                              hint: "put those lines on a separate invoice", at: at)
        }
    }

    /// Minor units per document unit: 1 for EUR and JPY, 10 for BHD.
    public static func step(_ currency: CurrencyCode) -> Int64 { ExactDecimal.power(currency.exponent - digits(currency)) }

    /// An amount written in a request, in document units; more decimals than the
    /// document allows is an error (no silent rounding of what a person typed).
    static func units(_ amount: ExactDecimal, currency: CurrencyCode, what: String, at: SourcePosition) throws(KontorError) -> Int128 {
        let digits = digits(currency)
        guard amount.scale <= digits else {
            throw KontorError(.badInput, "the \(what) \(amount) has more decimals than \(currency) invoices allow (\(digits))",
                              hint: "EN 16931 amounts have at most \(digits) decimals in \(currency)", at: at)
        }
        return Int128(amount.significand) * ExactDecimal.power128(digits - amount.scale)
    }

    static func fit(_ value: Int128, at: SourcePosition) throws(KontorError) -> Int64 {
        guard value.magnitude <= Money.maximumMinorUnits.magnitude else {
            throw KontorError(.badInput, "an amount of this invoice is too large (more than 10^15 minor units)", hint: "check quantities and prices", at: at)
        }
        return Int64(value)
    }
}
