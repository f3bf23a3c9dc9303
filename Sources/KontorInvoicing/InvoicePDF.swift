import KontorCore
import KontorRender

/// The PDF of an invoice or credit note: letterhead from the business profile, the
/// parties, the line table (breaking across pages with its header repeated), the totals
/// and VAT breakdown, and payment instructions with IBAN and creditor reference.
public struct InvoicePDF: Sendable {
    public init() {}

    public func pdf(_ document: InvoiceDocument) throws(KontorError) -> [UInt8] {
        let d = document
        let cur = d.currency.code
        let canvas = try PDFCanvas(metadata: PDFMetadata(title: "\(d.title) \(d.number)", author: d.seller.name,
                                                         date: "\(d.issueDate)T00:00:00Z"))
        canvas.footer = { page in
            page.text("\(d.title) \(d.number) · page \(page.pageNumber)", font: .small, x: page.margin, y: page.pageHeight - page.margin,
                      width: page.contentWidth, alignment: .right, color: .gray)
        }
        canvas.continuationHeader = { page in
            page.paragraph("\(d.seller.name) · \(d.title) \(d.number) (continued)", font: .small)
        }
        // Letterhead.
        canvas.paragraph(d.seller.name, font: PDFFont(size: 13, bold: true), spacing: 2)
        var letterhead = d.seller.address.lines.joined(separator: " · ")
        if let vat = d.seller.vatID { letterhead += " · VAT \(vat)" }
        if let email = d.seller.email { letterhead += " · \(email)" }
        if let phone = d.seller.phone { letterhead += " · \(phone)" }
        canvas.paragraph(letterhead, font: .small, spacing: 8)
        canvas.rule()
        canvas.cursor += 14
        // Parties and facts side by side.
        let top = canvas.cursor
        let half = canvas.contentWidth / 2
        var buyer = "Bill to\n\(d.buyer.name)\n" + d.buyer.address.lines.joined(separator: "\n")
        if let vat = d.buyer.vatID { buyer += "\nVAT \(vat)" }
        let buyerHeight = canvas.text(buyer, font: .body, x: canvas.margin, width: half - 10)
        var facts = ["Number: \(d.number)", "Issue date: \(d.issueDate)"]
        if d.kind == .invoice { facts.append("Due date: \(d.dueDate)") }
        if let credited = d.creditedInvoice { facts.append("Credits invoice \(credited.number) of \(credited.issueDate)") }
        if let reference = d.buyerReference { facts.append("Your reference: \(reference)") }
        if let order = d.orderReference { facts.append("Order: \(order)") }
        let factsHeight = canvas.text(facts.joined(separator: "\n"), font: .body, x: canvas.margin + half, width: half)
        canvas.cursor = top + max(buyerHeight, factsHeight) + 16
        canvas.paragraph("\(d.title) \(d.number)", font: .title, spacing: 8)
        for note in d.notes { canvas.paragraph(note, font: .body) }
        // Lines.
        let digits = InvoiceCalculator.digits(d.currency)
        var table = PDFTable(columns: [
            .init("#", weight: 5, alignment: .right), .init("Description", weight: 31), .init("Qty", weight: 8, alignment: .right),
            .init("Unit", weight: 7), .init("Price", weight: 11, alignment: .right), .init("Discount", weight: 14, alignment: .right),
            .init("VAT", weight: 11, alignment: .right), .init("Net \(cur)", weight: 14, alignment: .right),
        ], rows: [])
        table.rows = d.lines.map { line in
            [String(line.id), line.description, line.quantity.description, line.unit, line.requestedPrice.formatted(minimumFraction: digits),
             line.discount == 0 ? "" : d.text(line.discount), (line.taxRate.map { "\($0)% " } ?? "") + line.taxCategory.rawValue,
             d.text(line.netAmount)]
        }
        table.headerFont = PDFFont(size: 8, bold: true)
        canvas.cursor += 4
        canvas.draw(table)
        // Totals and VAT breakdown.
        var totals: [[String]] = [["Sum of lines", "\(d.text(d.totals.lineTotal)) \(cur)"]]
        for item in d.allowances { totals.append(["Allowance: \(item.reason) (\(item.taxCategory.rawValue))", "-\(d.text(item.amount)) \(cur)"]) }
        for item in d.charges { totals.append(["Charge: \(item.reason) (\(item.taxCategory.rawValue))", "\(d.text(item.amount)) \(cur)"]) }
        totals.append(["Total without VAT", "\(d.text(d.totals.taxExclusive)) \(cur)"])
        for row in d.breakdown {
            let rate = row.rate.map { " \($0)%" } ?? ""
            let reason = row.exemptionReason.map { " — \($0)" } ?? ""
            totals.append(["VAT \(row.category.rawValue)\(rate) on \(d.text(row.taxableAmount))\(reason)", "\(d.text(row.taxAmount)) \(cur)"])
        }
        totals.append(["Total VAT", "\(d.text(d.totals.taxTotal)) \(cur)"])
        totals.append(["Total with VAT", "\(d.text(d.totals.taxInclusive)) \(cur)"])
        totals.append(["Amount due", "\(d.text(d.totals.payable)) \(cur)"])
        var summary = PDFTable(columns: [.init("Totals", weight: 70), .init(cur, weight: 30, alignment: .right)], rows: totals)
        summary.font = .body
        canvas.draw(summary)
        // Payment instructions.
        if let payment = d.payment {
            var text = d.kind == .invoice
                ? "Please transfer \(d.text(d.totals.payable)) \(cur) by \(d.dueDate) to \(payment.accountName)\nIBAN \(payment.iban)"
                : "\(d.text(d.totals.payable)) \(cur) are credited to you (refunded or set off). Our account: \(payment.accountName)\nIBAN \(payment.iban)"
            if let bic = payment.bic { text += " · BIC \(bic)" }
            text += "\nReference: \(payment.reference)"
            canvas.paragraph("Payment", font: .bold, spacing: 2)
            canvas.paragraph(text, font: .body)
        }
        if let terms = d.paymentTerms { canvas.paragraph(terms, font: .small) }
        return try canvas.finish()
    }
}
