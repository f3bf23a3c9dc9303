import KontorCore

/// Writes an ``InvoiceDocument`` as a UBL 2.1 Invoice or CreditNote following Peppol BIS
/// Billing 3.0 (CustomizationID / ProfileID below). Element order follows the UBL 2.1
/// schema; amounts carry `min(exponent, 2)` decimals (EN 16931 BR-DEC-*).
public struct UBLWriter: Sendable {
    public static let customizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    public static let profileID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

    public init() {}

    public func xml(_ document: InvoiceDocument) throws(KontorError) -> [UInt8] {
        let w = try XMLTextWriter()
        let isCredit = document.kind == .creditNote
        let root = isCredit ? "CreditNote" : "Invoice"
        let amount = { (minor: Int64) -> String in UBLWriter.amount(minor, currency: document.currency) }
        let currencyAttribute = [("currencyID", document.currency.code)]
        func money(_ name: String, _ minor: Int64) { w.element(name, amount(minor), attributes: currencyAttribute) }

        w.start(root)
        w.attribute("xmlns", "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2")
        w.attribute("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2")
        w.attribute("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2")
        w.element("cbc:CustomizationID", UBLWriter.customizationID)
        w.element("cbc:ProfileID", UBLWriter.profileID)
        w.element("cbc:ID", document.number)
        w.element("cbc:IssueDate", document.issueDate.description)
        if !isCredit { w.element("cbc:DueDate", document.dueDate.description) }
        w.element(isCredit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", isCredit ? "381" : "380")
        for note in document.notes { w.element("cbc:Note", note) }
        w.element("cbc:DocumentCurrencyCode", document.currency.code)
        w.element("cbc:BuyerReference", optional: document.buyerReference)
        if let order = document.orderReference {
            w.element("cac:OrderReference") { w.element("cbc:ID", order) }
        }
        if let credited = document.creditedInvoice {
            w.element("cac:BillingReference") {
                w.element("cac:InvoiceDocumentReference") {
                    w.element("cbc:ID", credited.number)
                    w.element("cbc:IssueDate", credited.issueDate.description)
                }
            }
        }
        // BR-O-02: an invoice outside the scope of VAT states no VAT identifiers.
        let showsVAT = !document.breakdown.contains { $0.category == .outsideScope }
        w.element("cac:AccountingSupplierParty") { party(document.seller, showsVAT: showsVAT, w) }
        w.element("cac:AccountingCustomerParty") { party(document.buyer, showsVAT: showsVAT, w) }
        let needsDelivery = document.lines.contains { $0.taxCategory == .intraCommunity }
        if document.deliveryDate != nil || needsDelivery {
            w.element("cac:Delivery") {
                w.element("cbc:ActualDeliveryDate", (document.deliveryDate ?? document.issueDate).description)
                w.element("cac:DeliveryLocation") {
                    w.element("cac:Address") { w.element("cac:Country") { w.element("cbc:IdentificationCode", document.buyer.address.country) } }
                }
            }
        }
        if let payment = document.payment {
            w.element("cac:PaymentMeans") {
                w.element("cbc:PaymentMeansCode", "30", attributes: [("name", "Credit transfer")])
                w.element("cbc:PaymentID", payment.reference)
                w.element("cac:PayeeFinancialAccount") {
                    w.element("cbc:ID", payment.iban.filter { $0 != " " })
                    w.element("cbc:Name", payment.accountName)
                    if let bic = payment.bic {
                        w.element("cac:FinancialInstitutionBranch") { w.element("cbc:ID", bic) }
                    }
                }
            }
        }
        if let terms = document.paymentTerms {
            w.element("cac:PaymentTerms") { w.element("cbc:Note", terms) }
        }
        for item in document.allowances { allowanceCharge(item, charge: false, money: money, w) }
        for item in document.charges { allowanceCharge(item, charge: true, money: money, w) }
        w.element("cac:TaxTotal") {
            money("cbc:TaxAmount", document.totals.taxTotal)
            for row in document.breakdown {
                w.element("cac:TaxSubtotal") {
                    money("cbc:TaxableAmount", row.taxableAmount)
                    money("cbc:TaxAmount", row.taxAmount)
                    w.element("cac:TaxCategory") {
                        w.element("cbc:ID", row.category.rawValue)
                        if let rate = row.rate { w.element("cbc:Percent", rate.description) }
                        w.element("cbc:TaxExemptionReasonCode", optional: row.exemptionCode)
                        w.element("cbc:TaxExemptionReason", optional: row.exemptionReason)
                        w.element("cac:TaxScheme") { w.element("cbc:ID", "VAT") }
                    }
                }
            }
        }
        w.element("cac:LegalMonetaryTotal") {
            money("cbc:LineExtensionAmount", document.totals.lineTotal)
            money("cbc:TaxExclusiveAmount", document.totals.taxExclusive)
            money("cbc:TaxInclusiveAmount", document.totals.taxInclusive)
            if !document.allowances.isEmpty { money("cbc:AllowanceTotalAmount", document.totals.allowanceTotal) }
            if !document.charges.isEmpty { money("cbc:ChargeTotalAmount", document.totals.chargeTotal) }
            money("cbc:PayableAmount", document.totals.payable)
        }
        for line in document.lines {
            w.element(isCredit ? "cac:CreditNoteLine" : "cac:InvoiceLine") {
                w.element("cbc:ID", String(line.id))
                w.element(isCredit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", line.quantity.description, attributes: [("unitCode", line.unit)])
                money("cbc:LineExtensionAmount", line.netAmount)
                if line.discount != 0 {
                    w.element("cac:AllowanceCharge") {
                        w.element("cbc:ChargeIndicator", "false")
                        w.element("cbc:AllowanceChargeReasonCode", "95")
                        w.element("cbc:AllowanceChargeReason", "Discount")
                        money("cbc:Amount", line.discount)
                    }
                }
                w.element("cac:Item") {
                    w.element("cbc:Name", line.description)
                    if let item = line.itemID {
                        w.element("cac:SellersItemIdentification") { w.element("cbc:ID", item) }
                    }
                    w.element("cac:ClassifiedTaxCategory") {
                        w.element("cbc:ID", line.taxCategory.rawValue)
                        if let rate = line.taxRate { w.element("cbc:Percent", rate.description) }
                        w.element("cac:TaxScheme") { w.element("cbc:ID", "VAT") }
                    }
                }
                w.element("cac:Price") {
                    w.element("cbc:PriceAmount", line.netPrice.description, attributes: currencyAttribute)
                }
            }
        }
        w.end()
        return try w.finish()
    }

    private func party(_ party: Party, showsVAT: Bool, _ w: XMLTextWriter) {
        w.element("cac:Party") {
            if let endpoint = party.electronicAddress {
                w.element("cbc:EndpointID", endpoint.identifier, attributes: [("schemeID", endpoint.scheme)])
            }
            w.element("cac:PartyName") { w.element("cbc:Name", party.name) }
            w.element("cac:PostalAddress") {
                w.element("cbc:StreetName", optional: party.address.street)
                w.element("cbc:AdditionalStreetName", optional: party.address.additionalStreet)
                w.element("cbc:CityName", optional: party.address.city)
                w.element("cbc:PostalZone", optional: party.address.postalCode)
                w.element("cac:Country") { w.element("cbc:IdentificationCode", party.address.country) }
            }
            if let vat = party.vatID, showsVAT {
                w.element("cac:PartyTaxScheme") {
                    w.element("cbc:CompanyID", vat)
                    w.element("cac:TaxScheme") { w.element("cbc:ID", "VAT") }
                }
            }
            w.element("cac:PartyLegalEntity") {
                w.element("cbc:RegistrationName", party.name)
                w.element("cbc:CompanyID", optional: party.legalID)
            }
            if party.email != nil || party.phone != nil || party.contactName != nil {
                w.element("cac:Contact") {
                    w.element("cbc:Name", optional: party.contactName)
                    w.element("cbc:Telephone", optional: party.phone)
                    w.element("cbc:ElectronicMail", optional: party.email)
                }
            }
        }
    }

    private func allowanceCharge(_ item: DocumentAllowanceCharge, charge: Bool, money: (String, Int64) -> Void, _ w: XMLTextWriter) {
        w.element("cac:AllowanceCharge") {
            w.element("cbc:ChargeIndicator", charge ? "true" : "false")
            w.element("cbc:AllowanceChargeReasonCode", optional: item.reasonCode)
            w.element("cbc:AllowanceChargeReason", item.reason)
            money("cbc:Amount", item.amount)
            w.element("cac:TaxCategory") {
                w.element("cbc:ID", item.taxCategory.rawValue)
                if let rate = item.taxRate { w.element("cbc:Percent", rate.description) }
                w.element("cac:TaxScheme") { w.element("cbc:ID", "VAT") }
            }
        }
    }

    /// An amount with the document's decimals: `1234.50` (EUR), `1234.56` (BHD, whose
    /// third decimal is always 0 on an EN 16931 document), `1234` (JPY).
    public static func amount(_ minor: Int64, currency: CurrencyCode) -> String {
        let digits = InvoiceCalculator.digits(currency)
        let step = InvoiceCalculator.step(currency)
        return ExactDecimal.format(Int128(minor / step), scale: digits, minimumFraction: digits)
    }
}
