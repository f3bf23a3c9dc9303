import Foundation
import KontorCore
import KontorStore

/// Bank statements for the invoicing workspace: an OFX 2.2 file of acme's EUR account.
enum PaymentStatement {
    struct Line {
        var date: String
        var amount: String
        var name: String
        var memo: String = ""
        var id: String
    }

    static func ofx(_ lines: [Line]) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
            <OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
            <STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>37040044</BANKID><ACCTID>DE89370400440532013000</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
            <BANKTRANLIST>

            """
        for line in lines {
            let date = line.date.replacingOccurrences(of: "-", with: "")
            text += "<STMTTRN><TRNTYPE>\(line.amount.hasPrefix("-") ? "DEBIT" : "CREDIT")</TRNTYPE><DTPOSTED>\(date)120000</DTPOSTED>"
            text += "<TRNAMT>\(line.amount)</TRNAMT><FITID>\(line.id)</FITID><NAME>\(line.name)</NAME>"
            if !line.memo.isEmpty { text += "<MEMO>\(line.memo)</MEMO>" }
            text += "</STMTTRN>\n"
        }
        text += "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
        return text
    }
}

extension InvoiceWorkspace {
    /// Issues one invoice per (key, client, gross amount at 0 % tax) in one request file;
    /// returns their numbers.
    @discardableResult
    func issue(_ invoices: [(key: String, client: String, amount: String)], date: String = "2026-11-02",
               file: String = "requests.yaml") async throws -> [String] {
        var text = "invoices:\n"
        for invoice in invoices {
            text += """
                  - key: \(invoice.key)
                    client: \(invoice.client)
                    issue_date: \(date)
                    lines:
                      - { description: Work, quantity: 1, unit: C62, unit_price: \(invoice.amount), tax_category: Z, tax_rate: 0 }

                """
        }
        let outcome = try await process(text, named: file, channel: .invoices)
        guard outcome.status == .imported else { throw KontorError(.internal, "issue failed: \(String(describing: outcome.error))") }
        let keys = Set(invoices.map(\.key))
        return try self.invoices().filter { keys.contains($0.key) }.compactMap(\.number)
    }

    func statement(_ lines: [PaymentStatement.Line], named name: String = "statement.ofx") async throws -> FileOutcome {
        try await process(PaymentStatement.ofx(lines), named: name, channel: .bank)
    }

    func invoice(_ number: String) throws -> StoredInvoice {
        guard let invoice = try store.invoice(business: InvoiceWorkspace.acme, numberOrKey: number) else {
            throw KontorError(.internal, "no invoice \(number)")
        }
        return invoice
    }

    func balance(_ account: String) throws -> Int64 {
        try store.accountBalance(business: InvoiceWorkspace.acme, account: account)[.EUR] ?? 0
    }

    /// The receivables account equals the sum of open balances of issued invoices.
    func receivablesMatchOpenBalances() throws -> Bool {
        let open = try invoices().filter { $0.kind == "invoice" && $0.number != nil }.reduce(Int64(0)) { $0 + $1.open }
        return try balance("Assets:Receivables") == open
    }
}
