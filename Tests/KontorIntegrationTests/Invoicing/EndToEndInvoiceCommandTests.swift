import Foundation
import KontorCore
import KontorTesting
import Testing

/// `kontor clients list|show` and `kontor invoices list|show` on the real binary, in
/// every output format, after the demo's clients, requests and changes were run.
@Suite struct EndToEndInvoiceCommandTests {
    static let demo = KontorProcess.packageRoot + "/demo/inbox/acme"

    func workspace() async throws -> EndToEndWorkspace {
        let temp = try EndToEndWorkspace()
        for (channel, name) in [(Channel.clients, "clients.yaml"), (.invoices, "2026-10-01-requests.yaml"), (.invoices, "2026-11-20-changes.yaml")] {
            let text = try String(contentsOfFile: EndToEndInvoiceCommandTests.demo + "/\(channel)/\(name)", encoding: .utf8)
            try temp.temporary.drop(text, named: name, into: .acme, channel: channel)
        }
        try await temp.runOnce()
        return temp
    }

    /// `kontor read` of a statement shows which invoices each payment would settle, or
    /// that it would wait for review, and posts nothing.
    @Test func theDryRunShowsWhatEachPaymentWouldSettle() async throws {
        let temp = try await workspace()
        let statement = EndToEndInvoiceCommandTests.demo + "/bank/2026-11-commerzbank.camt053.xml"
        let preview = try await temp.json("read", statement, "--business", "acme", "--format", "json")
        let lines = (preview["statements"]?.arrayValue ?? []).flatMap { $0["lines"]?.arrayValue ?? [] }
        var settles: [String: [String]] = [:]
        var review: [String] = []
        for line in lines {
            let payee = line["payee"]?.stringValue ?? ""
            switch line["evidence"]?["source"]?.stringValue {
            case "payment-match": settles[payee] = line["evidence"]?["invoices"]?.arrayValue?.compactMap(\.stringValue)
            case "payment-review": review.append(payee)
            default: break
            }
        }
        #expect(settles == ["Globex B.V.": ["INV-2026-00002"], "Initech GmbH": ["INV-2026-00005"], "UMBRELLA INC": ["INV-2026-00003"]])
        #expect(review == ["Hooli Labs GmbH"])
        let table = try await temp.kontor("read", statement, "--business", "acme")
        #expect(table.stdout.contains("pays INV-2026-00005 of initech (rf-reference, score 1.00)"), "\(table.stdout)")
        // A dry run: nothing was paid.
        let paid = try await temp.json("invoices", "list", "--business", "acme", "--status", "paid", "--format", "json")
        #expect(paid["invoices"]?.arrayValue?.isEmpty == true)
    }

    @Test func paymentsUnmatchedListsTheReviewInEveryFormat() async throws {
        let temp = try await workspace()
        let ofx = PaymentStatement.ofx([
            .init(date: "2026-11-24", amount: "2300.00", name: "GLOBEX B.V.", memo: "INV-2026-00002", id: "e1"),
            .init(date: "2026-11-25", amount: "99.00", name: "=HYPERLINK(1)", memo: "INV-2026-99999", id: "e2"),
        ])
        try temp.temporary.drop(ofx, named: "statement.ofx", into: .acme, channel: .bank)
        try await temp.runOnce()
        let json = try await temp.json("payments", "unmatched", "--business", "acme", "--format", "json")
        let rows = json["payments"]?.arrayValue ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["amount"]?.stringValue == "99.00")
        #expect(rows.first?["reason"]?.stringValue?.contains("INV-2026-99999") == true, "\(rows)")
        let csv = try await temp.kontor("payments", "unmatched", "--business", "acme", "--format", "csv")
        #expect(csv.stdout.hasPrefix("payment,date,amount,currency,payer,text,reason,candidates,file"))
        #expect(csv.stdout.contains(",'=HYPERLINK(1),"), "formula-safe")
        let table = try await temp.kontor("payments", "unmatched", "--business", "acme")
        #expect(table.stdout.contains("1 payment to review"))
        let paid = try await temp.json("invoices", "list", "--business", "acme", "--status", "paid", "--format", "json")
        #expect(paid["invoices"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["INV-2026-00002"])
    }

    @Test func clientsListAndShow() async throws {
        let temp = try await workspace()
        let json = try await temp.json("clients", "list", "--business", "acme", "--format", "json")
        #expect(json["clients"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["globex", "initech", "umbrella"])
        let csv = try await temp.kontor("clients", "list", "--business", "acme", "--format", "csv")
        #expect(csv.stdout.hasPrefix("id,name,country,city,tax_id"))
        #expect(csv.stdout.contains("initech,Initech GmbH,DE,München,DE987654321"))
        let table = try await temp.kontor("clients", "list", "--business", "acme")
        #expect(table.stdout.contains("3 clients"))
        let show = try await temp.kontor("clients", "show", "globex", "--business", "acme")
        #expect(show.stdout.contains("Peppol id:     0088:4012345000009"))
        let missing = try await temp.kontor("clients", "show", "nobody", "--business", "acme")
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("there is no client 'nobody'"))
    }

    @Test func invoicesListFiltersSortsAndFormats() async throws {
        let temp = try await workspace()
        let all = try await temp.json("invoices", "list", "--business", "acme", "--as-of", "2026-11-26", "--format", "json")
        let rows = all["invoices"]?.arrayValue ?? []
        #expect(rows.count == 8)
        let statuses = Dictionary(uniqueKeysWithValues: rows.map { ($0["number"]?.stringValue ?? $0["key"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") })
        #expect(statuses["INV-2026-00004"] == "credited")
        #expect(statuses["2026-11-globex-draft"] == "void")
        #expect(statuses["INV-2026-00005"] == "issued")
        let overdue = try await temp.json("invoices", "list", "--business", "acme", "--overdue", "--as-of", "2026-11-26", "--format", "json")
        #expect(overdue["invoices"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["INV-2026-00001", "INV-2026-00002"])
        let early = try await temp.json("invoices", "list", "--business", "acme", "--overdue", "--as-of", "2026-11-14", "--format", "json")
        #expect(early["invoices"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == [])
        let byClient = try await temp.json("invoices", "list", "--business", "acme", "--client", "umbrella", "--format", "json")
        #expect(byClient["invoices"]?.arrayValue?.first?["currency"]?.stringValue == "USD")
        let big = try await temp.json("invoices", "list", "--business", "acme", "--min", "2000", "--sort", "amount", "--desc", "--format", "json")
        #expect(big["invoices"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["INV-2026-00003", "INV-2026-00002"])
        let csv = try await temp.kontor("invoices", "list", "--business", "acme", "--status", "credited", "--format", "csv")
        #expect(csv.stdout.split(whereSeparator: \.isNewline).count == 2)
        #expect(csv.stdout.contains("INV-2026-00004,2026-11-initech-training,invoice,initech,2026-11-10"))
        let table = try await temp.kontor("invoices", "list", "--business", "acme", "--as-of", "2026-11-26")
        #expect(table.stdout.contains("8 documents"))
        #expect(table.stdout.contains("overdue"))
        let bad = try await temp.kontor("invoices", "list", "--business", "acme", "--from", "yesterday")
        #expect(bad.status == 64)
    }

    @Test func invoiceShowHasLinesPaymentsAndHistory() async throws {
        let temp = try await workspace()
        let json = try await temp.json("invoices", "show", "INV-2026-00001", "--business", "acme", "--format", "json")
        #expect(json["credited"]?.stringValue == "202.30")
        #expect(json["document"]?["lines"]?.arrayValue?.count == 3)
        #expect(json["history"]?.arrayValue?.compactMap { $0["event"]?.stringValue } == ["issued", "credited"])
        #expect(json["payments"]?.arrayValue?.isEmpty == true)
        let table = try await temp.kontor("invoices", "show", "INV-2026-00003", "--business", "acme")
        #expect(table.stdout.contains("due-date-changed"))
        #expect(table.stdout.contains("LIMS licence (annual)"))
        #expect(table.stdout.contains("Payments applied: none"))
    }
}
