import KontorCore

extension InvoiceDocument {
    /// The canonical JSON of the document (schema: `kontor schema invoice`): amounts as
    /// decimal strings with the document's decimals, keys sorted, so the same document
    /// always gives the same bytes.
    public var json: JSONValue {
        let amount = { (minor: Int64) -> JSONValue in .string(UBLWriter.amount(minor, currency: currency)) }
        func party(_ party: Party) -> JSONValue {
            [
                "name": .string(party.name),
                "address": [
                    "street": .optional(party.address.street), "additional_street": .optional(party.address.additionalStreet),
                    "city": .optional(party.address.city), "postal_code": .optional(party.address.postalCode),
                    "country": .string(party.address.country),
                ],
                "tax_id": .optional(party.vatID), "legal_id": .optional(party.legalID), "email": .optional(party.email),
                "phone": .optional(party.phone), "peppol_id": .optional(party.electronicAddress?.description),
            ]
        }
        let lines: [JSONValue] = lines.map { line in
            [
                "id": .int(Int64(line.id)), "description": .string(line.description), "item_id": .optional(line.itemID),
                "quantity": .string(line.quantity.description), "unit": .string(line.unit),
                "unit_price": .string(line.requestedPrice.description), "net_price": .string(line.netPrice.description),
                "gross_amount": amount(line.grossAmount), "discount": amount(line.discount), "net_amount": amount(line.netAmount),
                "tax_category": .string(line.taxCategory.rawValue), "tax_rate": .optional(line.taxRate?.description),
            ]
        }
        func level(_ items: [DocumentAllowanceCharge]) -> JSONValue {
            .array(items.map { item in
                [
                    "reason": .string(item.reason), "reason_code": .optional(item.reasonCode), "amount": amount(item.amount),
                    "tax_category": .string(item.taxCategory.rawValue), "tax_rate": .optional(item.taxRate?.description),
                ]
            })
        }
        return [
            "kind": .string(kind.rawValue), "number": .string(number), "series": .string(series), "key": .string(key),
            "issue_date": .string(issueDate.description), "due_date": .string(dueDate.description),
            "delivery_date": .optional(deliveryDate?.description), "currency": .string(currency.code),
            "prices": .string(pricesIncludeTax ? "inclusive" : "exclusive"),
            "seller": party(seller), "client": .string(clientID), "buyer": party(buyer),
            "buyer_reference": .optional(buyerReference), "order_reference": .optional(orderReference),
            "notes": .array(notes.map(JSONValue.string)), "payment_terms": .optional(paymentTerms),
            "payment": payment.map { payment in
                ["iban": .string(payment.iban), "bic": .optional(payment.bic), "account_name": .string(payment.accountName),
                 "reference": .string(payment.reference)]
            } ?? .null,
            "lines": .array(lines), "allowances": level(allowances), "charges": level(charges),
            "tax_breakdown": .array(breakdown.map { row in
                [
                    "tax_category": .string(row.category.rawValue), "tax_rate": .optional(row.rate?.description),
                    "taxable_amount": amount(row.taxableAmount), "tax_amount": amount(row.taxAmount),
                    "exemption_reason": .optional(row.exemptionReason), "exemption_code": .optional(row.exemptionCode),
                ]
            }),
            "totals": [
                "line_total": amount(totals.lineTotal), "allowance_total": amount(totals.allowanceTotal),
                "charge_total": amount(totals.chargeTotal), "tax_exclusive": amount(totals.taxExclusive),
                "tax_total": amount(totals.taxTotal), "tax_inclusive": amount(totals.taxInclusive), "payable": amount(totals.payable),
            ],
            "credited_invoice": creditedInvoice.map { ["number": .string($0.number), "issue_date": .string($0.issueDate.description)] } ?? .null,
        ]
    }

    /// The canonical JSON's bytes (pretty, final newline).
    public var jsonBytes: [UInt8] { Array(json.serialized(pretty: true).utf8) }

    /// An amount as printed on the document: `1,234.50 EUR`-free plain `1234.50`.
    public func text(_ minor: Int64) -> String { UBLWriter.amount(minor, currency: currency) }

    /// The document's title: `Invoice` or `Credit note`.
    public var title: String { kind == .invoice ? "Invoice" : "Credit note" }
}
