import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// `kontor report … --package` and `--format html` through the real binary, on the golden
/// ledger in a workspace's database.
@Suite struct EndToEndReportPackageTests {
    static func workspace() throws -> EndToEndWorkspace {
        let workspace = try EndToEndWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.workspace.state, withIntermediateDirectories: true)
        try ReportGoldenLedger.post(into: try LedgerStore.open(path: workspace.workspace.database))
        return workspace
    }

    @Test func theSameLedgerStateGivesAByteIdenticalPackage() async throws {
        let workspace = try Self.workspace()
        let first = try await workspace.kontor("report", "all", "--business", "acme", "--period", "2026-Q3", "--package")
        try #require(first.exited && first.status == 0, "\(first)")
        let path = workspace.workspace.reports(.acme) + "/reports-2026-Q3-accrual.zip"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let second = try await workspace.kontor("report", "all", "--business", "acme", "--period", "2026-Q3", "--package")
        #expect(second.stdout == first.stdout)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)

        let listing = try await PeerTool.run("unzip", ["-Z1", path])
        let names = Set(listing.stdout.split(separator: "\n").map(String.init))
        for report in ["pnl", "expenses", "tax", "vendors", "aging"] {
            for format in ["csv", "json", "html"] { #expect(names.contains("reports/\(report).\(format)"), "\(report).\(format)") }
        }
        #expect(names.isSuperset(of: ["ledger/ledger.journal", "ledger/ledger.beancount", "sources.json", "manifest.json"]))
        let manifestText = try await PeerTool.run("unzip", ["-p", path, "manifest.json"])
        let manifest = try JSONParser.parse(Array(manifestText.stdout.utf8)).value
        #expect(manifest["basis"] == "accrual")
        #expect(manifest["kind"] == "report")
        #expect(manifest["period"]?["from"] == "2026-07-01")
        #expect(manifest["generator"]?["version"]?.stringValue?.isEmpty == false)
        #expect(manifest["ledger_sha256"]?.stringValue?.count == 64)
        #expect(manifest["entries"]?.arrayValue?.count == names.count - 1)
        // The package's own ledger export checks in hledger.
        let extracted = workspace.root + "/ledger.journal"
        let journal = try await PeerTool.run("unzip", ["-p", path, "ledger/ledger.journal"])
        try Data(journal.stdout.utf8).write(to: URL(fileURLWithPath: extracted))
        let check = try await PeerTool.run("hledger", ["-f", extracted, "check"])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func aChangedLedgerGivesAnotherLedgerHash() async throws {
        let workspace = try Self.workspace()
        _ = try await workspace.kontor("report", "tax", "--business", "acme", "--period", "2026-Q3", "--package", "--format", "json")
        let path = workspace.workspace.reports(.acme)
        let name = try #require(workspace.files(in: path).first)
        let before = try await PeerTool.run("unzip", ["-p", path + "/" + name, "manifest.json"])
        let store = try LedgerStore.open(path: workspace.workspace.database)
        _ = try LedgerFixture(business: .acme, scale: 0).post(into: store, name: "more")
        _ = try await workspace.kontor("report", "tax", "--business", "acme", "--period", "2026-Q3", "--package", "--format", "json")
        let after = try await PeerTool.run("unzip", ["-p", path + "/" + name, "manifest.json"])
        let hashBefore = try JSONParser.parse(Array(before.stdout.utf8)).value["ledger_sha256"]
        let hashAfter = try JSONParser.parse(Array(after.stdout.utf8)).value["ledger_sha256"]
        #expect(hashBefore != nil && hashBefore != hashAfter)
    }

    @Test(arguments: ["pnl", "expenses", "tax", "vendors", "aging"])
    func htmlIsWellFormedAndSelfContained(_ report: String) async throws {
        let workspace = try Self.workspace()
        let result = try await workspace.kontor("report", report, "--business", "acme", "--period", "2026-Q3", "--compare", "previous",
                                                "--format", "html")
        try #require(result.exited && result.status == 0, "\(result)")
        let file = workspace.root + "/\(report).html"
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let lint = try await PeerTool.run("xmllint", ["--noout", "--nonet", file])
        #expect(lint.status == 0 && lint.stderr.isEmpty, "xmllint: \(lint.stderr)")
        // No reference leaves the page: the only URLs are the XML namespaces.
        let withoutNamespaces = result.stdout.replacingOccurrences(of: "http://www.w3.org/1999/xhtml", with: "")
            .replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://") && !withoutNamespaces.contains("<script"))
        #expect(result.stdout.contains("<svg") == (report != "tax" && report != "vendors"))
    }

    @Test func csvCellsCannotRunAsFormulas() async throws {
        let workspace = try Self.workspace()
        let result = try await workspace.kontor("report", "vendors", "--business", "acme", "--period", "2026-Q3", "--format", "csv")
        try #require(result.exited && result.status == 0, "\(result)")
        let export = try await workspace.kontor("export", "csv", "--business", "acme")
        for text in [result.stdout, export.stdout] {
            for line in text.split(separator: "\r\n") {
                for cell in PeerTool.csvRows(String(line) + "\n").first ?? [] {
                    #expect(!(cell.first.map { "=+@\t\r".contains($0) } ?? false), "cell \(cell)")
                }
            }
        }
        #expect(export.stdout.contains("'=HYPERLINK"))
    }

    @Test func aRequestDroppedIntoTheInboxGetsAPackageAndAReceipt() async throws {
        let workspace = try Self.workspace()
        let request = #"{"reports": ["pnl", "tax"], "period": "2026-Q3", "formats": ["json", "html"], "basis": "cash"}"#
        try workspace.temporary.drop(request, named: "q3-accountant.json", into: .acme, channel: .requests)
        try workspace.temporary.drop(#"{"reports": ["pnl"], "period": "2026-Q5"}"#, named: "bad.json", into: .acme, channel: .requests)
        try await workspace.runOnce(expecting: 1)
        let receipts = try workspace.receipts()
        let receipt = try #require(receipts.values.first { $0["file"] == "q3-accountant.json" })
        #expect(receipt["status"] == "imported")
        let package = try #require(receipt["package"]?["path"]?.stringValue)
        #expect(package.hasPrefix("outbox/acme/reports/q3-accountant-reports-2026-Q3-cash-") && package.hasSuffix(".zip"))
        let listing = try await PeerTool.run("unzip", ["-Z1", workspace.root + "/" + package])
        #expect(listing.stdout.split(separator: "\n").sorted() == ["ledger/ledger.beancount", "ledger/ledger.journal", "manifest.json",
                                                                   "reports/pnl.html", "reports/pnl.json", "reports/tax.html",
                                                                   "reports/tax.json", "sources.json"])
        let error = try JSONParser.parse(Array(workspace.read("outbox/acme/rejected/bad.json.error.json").utf8)).value
        #expect(error["message"]?.stringValue?.contains("2026-Q5") == true, "\(error)")
        #expect(error["field"] == "period")

        // The same request again is a duplicate: no second package.
        try workspace.temporary.drop(request, named: "q3-accountant.json", into: .acme, channel: .requests)
        try await workspace.runOnce()
        let again = try workspace.receipts().values.filter { $0["file"] == "q3-accountant.json" }
        #expect(again.map { $0["status"]?.stringValue ?? "" }.sorted() == ["duplicate", "imported"])
        #expect(workspace.files(in: workspace.workspace.reports(.acme)).count == 1)
    }

    @Test func aBusinessWithAnEmptyLedgerReportsZeroInItsOwnCurrency() async throws {
        let workspace = try EndToEndWorkspace()
        let report = try await workspace.json("report", "pnl", "--business", "nordlicht", "--period", "2026", "--format", "json")
        #expect(report["currency"] == "SEK")
        // Nordlicht's fiscal year starts on 1 July.
        #expect(report["period"]?["from"] == "2026-07-01" && report["period"]?["to"] == "2027-06-30")
        #expect(report["totals"]?["net"]?["amount"] == "0.00")
        let usage = try await workspace.kontor("report", "pnl", "--business", "nordlicht")
        #expect(usage.status == 64 && usage.stderr.contains("which period"), "\(usage)")
        // Stdout redirected to a file (not a terminal): the PDF's bytes go there, unchanged.
        let file = workspace.root + "/pnl.pdf"
        let command = [try KontorProcess.binary(), "report", "pnl", "--business", "nordlicht", "--period", "2026", "--format", "pdf",
                       "--workspace", workspace.root].map { "'\($0)'" }.joined(separator: " ") + " > '\(file)'"
        let pdf = try ExternalTool.run("/bin/sh", ["-c", command])
        #expect(pdf.status == 0, "\(pdf.output)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(bytes.starts(with: Array("%PDF-".utf8)) && String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF"), "\(bytes.count) bytes")
    }

    @Test func hostileDescriptionsStillExportToValidJournals() async throws {
        let workspace = try Self.workspace()
        let store = try LedgerStore.open(path: workspace.workspace.database)
        let arrival = FileArrival(business: .acme, digest: FileDigest(hex: String(repeating: "b", count: 64)), name: "hostile",
                                  channel: .invoices, size: 0, receivedAt: "2026-10-05T00:00:00Z", spoolPath: "/hostile")
        _ = try store.importFile(arrival, format: "test", plan: { FilePlan(finalPath: "/a/\($0)", receiptPath: "/r/\($0)") }) { batch in
            let text = "Line one\nline two ; not a comment \"quoted\" back\\slash\ttab | pipe"
            try batch.post(try LedgerTransaction(date: LocalDate(iso: "2026-09-29")!, description: text, recordID: "x;\"\n",
                                                 postings: [Posting(AccountPath("Expenses:Office:Supplies")!, Money(minorUnits: 1, currency: .EUR)),
                                                            Posting(AccountPath("Assets:Cash")!, Money(minorUnits: -1, currency: .EUR))]))
        } outputs: { _, _ in [] }
        let journal = workspace.root + "/hostile.journal", beans = workspace.root + "/hostile.beancount"
        for (format, path) in [("hledger", journal), ("beancount", beans)] {
            let result = try await workspace.kontor("export", format, "--business", "acme", "--output", path)
            try #require(result.exited && result.status == 0, "\(result)")
        }
        let check = try await PeerTool.run("bean-check", [beans])
        #expect(check.status == 0, "bean-check: \(check.stdout)\(check.stderr)")
        let hledger = try await PeerTool.run("hledger", ["-f", journal, "print", "desc:pipe"])
        #expect(hledger.status == 0 && hledger.stdout.contains("Line one line two , not a comment"), "\(hledger.stdout)\(hledger.stderr)")
        let query = try await PeerTool.run("bean-query", ["-f", "csv", beans, "SELECT narration WHERE account = 'Assets:Cash'"])
        #expect(query.stdout.contains("line two ; not a comment \"\"quoted\"\""), "\(query.stdout)")
    }
}
