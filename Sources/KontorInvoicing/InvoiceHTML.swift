import KontorCore

/// The HTML version of an invoice or credit note: one self-contained page (inline CSS,
/// no scripts, no external resources), every text escaped.
public struct InvoiceHTML: Sendable {
    public init() {}

    public func html(_ document: InvoiceDocument) -> [UInt8] {
        let d = document
        let cur = d.currency.code
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(esc(d.title)) \(esc(d.number))</title>
            <style>
            body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; margin: 2em; color: #222; }
            table { border-collapse: collapse; width: 100%; margin: 1em 0; }
            th, td { padding: 3px 6px; border-bottom: 1px solid #ccc; text-align: left; vertical-align: top; }
            td.n, th.n { text-align: right; white-space: nowrap; }
            .parties { display: flex; justify-content: space-between; }
            .totals td { border: none; }
            </style>
            </head>
            <body>

            """
        out += "<header><strong>\(esc(d.seller.name))</strong><br>\(d.seller.address.lines.map(esc).joined(separator: "<br>"))"
        if let vat = d.seller.vatID { out += "<br>VAT \(esc(vat))" }
        out += "</header>\n"
        out += "<h1>\(esc(d.title)) \(esc(d.number))</h1>\n"
        out += "<div class=\"parties\"><div><strong>Bill to</strong><br>\(esc(d.buyer.name))<br>\(d.buyer.address.lines.map(esc).joined(separator: "<br>"))"
        if let vat = d.buyer.vatID { out += "<br>VAT \(esc(vat))" }
        out += "</div><div><table>"
        var facts: [(String, String)] = [("Issue date", d.issueDate.description)]
        if d.kind == .invoice { facts.append(("Due date", d.dueDate.description)) }
        if let credited = d.creditedInvoice { facts.append(("Credits invoice", "\(credited.number) of \(credited.issueDate)")) }
        if let reference = d.buyerReference { facts.append(("Your reference", reference)) }
        if let order = d.orderReference { facts.append(("Order", order)) }
        facts.append(("Currency", cur))
        for (label, value) in facts { out += "<tr><td>\(esc(label))</td><td>\(esc(value))</td></tr>" }
        out += "</table></div></div>\n"
        for note in d.notes { out += "<p>\(esc(note))</p>\n" }
        out += "<table>\n<thead><tr><th class=\"n\">#</th><th>Description</th><th class=\"n\">Quantity</th><th>Unit</th><th class=\"n\">Unit price</th><th class=\"n\">Discount</th><th class=\"n\">VAT</th><th class=\"n\">Net amount</th></tr></thead>\n<tbody>\n"
        for line in d.lines {
            let rate = line.taxRate.map { "\($0)% " } ?? ""
            out += "<tr><td class=\"n\">\(line.id)</td><td>\(esc(line.description))</td><td class=\"n\">\(esc(line.quantity.description))</td><td>\(esc(line.unit))</td>"
            out += "<td class=\"n\">\(esc(line.requestedPrice.formatted(minimumFraction: InvoiceCalculator.digits(d.currency))))</td>"
            out += "<td class=\"n\">\(line.discount == 0 ? "" : esc(d.text(line.discount)))</td><td class=\"n\">\(esc(rate + line.taxCategory.rawValue))</td>"
            out += "<td class=\"n\">\(esc(d.text(line.netAmount)))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n<table class=\"totals\">\n"
        var rows: [(String, Int64)] = [("Sum of lines", d.totals.lineTotal)]
        for item in d.allowances { rows.append(("Allowance: \(item.reason)", -item.amount)) }
        for item in d.charges { rows.append(("Charge: \(item.reason)", item.amount)) }
        rows.append(("Total without VAT", d.totals.taxExclusive))
        for row in d.breakdown {
            let rate = row.rate.map { " \($0)%" } ?? ""
            let reason = row.exemptionReason.map { " (\($0))" } ?? ""
            rows.append(("VAT \(row.category.rawValue)\(rate) on \(d.text(row.taxableAmount))\(reason)", row.taxAmount))
        }
        rows.append(("Total with VAT", d.totals.taxInclusive))
        for (label, value) in rows { out += "<tr><td>\(esc(label))</td><td class=\"n\">\(esc(d.text(value))) \(cur)</td></tr>\n" }
        out += "<tr><td><strong>Amount due</strong></td><td class=\"n\"><strong>\(esc(d.text(d.totals.payable))) \(cur)</strong></td></tr>\n</table>\n"
        if let payment = d.payment {
            out += d.kind == .invoice
                ? "<p><strong>Payment</strong><br>Please transfer \(esc(d.text(d.totals.payable))) \(cur) by \(d.dueDate) to \(esc(payment.accountName)), IBAN \(esc(payment.iban))"
                : "<p><strong>Credit</strong><br>\(esc(d.text(d.totals.payable))) \(cur) are credited to you (refunded or set off). Our account: \(esc(payment.accountName)), IBAN \(esc(payment.iban))"
            if let bic = payment.bic { out += ", BIC \(esc(bic))" }
            out += ", quoting the reference <strong>\(esc(payment.reference))</strong>.</p>\n"
        }
        if let terms = d.paymentTerms { out += "<p>\(esc(terms))</p>\n" }
        out += "</body>\n</html>\n"
        return Array(out.utf8)
    }

    private func esc(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
