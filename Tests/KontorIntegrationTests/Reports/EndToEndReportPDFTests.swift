import Foundation
import KontorConfig
import KontorCore
import KontorReport
import KontorStore
import KontorTesting
import Testing

/// `kontor report … --format pdf` through the real binary on the golden ledger: the PDF's
/// text (pdftotext) holds the totals of the JSON output, its fonts are embedded
/// (pdffonts), page 1 renders with ink (pdftoppm), the charts carry the same labels as the
/// HTML's SVG, and the same ledger gives the same bytes. Packages and request files carry
/// PDFs too. Runs external tools: a subprocess suite (`EndToEnd`).
@Suite(.serialized) struct EndToEndReportPDFTests {
    static let reports = ["pnl", "expenses", "tax", "vendors", "aging"]

    static func workspace() throws -> EndToEndWorkspace {
        try EndToEndReportPackageTests.workspace()
    }

    /// pdftotext's text with every run of white space made one space.
    static func text(_ pdf: String, _ arguments: [String] = ["-layout"]) throws -> String {
        let result = try ExternalTool.run("/usr/bin/pdftotext", arguments + [pdf, "-"])
        #expect(result.status == 0, "\(result.output)")
        return result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(.enabled(if: ExternalTool.hasPoppler, "poppler-utils (pdftotext, pdffonts, pdftoppm) are missing"), arguments: reports)
    func pdfCarriesTheTotalsWithEmbeddedFontsAndInk(_ report: String) async throws {
        let workspace = try Self.workspace()
        let arguments = [report, "--business", "acme", "--period", "2026-Q3", "--compare", "previous"]
        let json = try await KontorProcess.run(["report"] + arguments + ["--format", "json", "--workspace", workspace.root])
        try #require(json.exited && json.status == 0, "\(json)")
        let document = try JSONParser.parse(Array(json.stdout.utf8)).value
        let pdf = workspace.root + "/\(report).pdf"
        let result = try await KontorProcess.run(["report"] + arguments + ["--format", "pdf", "--output", pdf, "--workspace", workspace.root])
        try #require(result.exited && result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty && result.stderr.contains("wrote"), "\(result)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Array("%PDF-".utf8)))

        // Every total of the JSON, label and amount (and the comparison), is in the PDF's text.
        let flat = try Self.text(pdf)
        let totals = try #require(document["totals"]?.objectValue)
        #expect(!totals.isEmpty)
        for (key, total) in totals {
            let label = try #require(total["label"]?.stringValue), amount = try #require(total["amount"]?.stringValue)
            let comparison = total["comparison"]?.stringValue.map { " " + $0 } ?? ""
            #expect(flat.contains("\(label) \(amount)\(comparison)"), "total \(key): '\(label) \(amount)\(comparison)' missing from \(flat.prefix(600))")
        }
        for section in document["sections"]?.arrayValue ?? [] {
            #expect(flat.contains(section["title"]?.stringValue ?? "?"), "section \(section["title"] ?? .null) missing")
        }

        // The charts are the HTML's drawings: every label of the SVG is text in the PDF.
        let html = try await KontorProcess.run(["report"] + arguments + ["--format", "html", "--workspace", workspace.root])
        let svgTexts = Self.svgTexts(html.stdout)
        #expect(svgTexts.isEmpty == (report == "tax" || report == "vendors"), "\(report): \(svgTexts)")
        let raw = try Self.text(pdf, ["-raw"])
        for label in svgTexts { #expect(raw.contains(label), "chart text '\(label)' missing from the PDF") }

        let fonts = try ExternalTool.run("/usr/bin/pdffonts", [pdf])
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty, "no fonts: \(fonts.output)")
        for row in rows {
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count >= 7 && fields[fields.count - 5] == "yes", "font not embedded: \(row)")
        }

        let image = workspace.root + "/page"
        let render = try ExternalTool.run("/usr/bin/pdftoppm", ["-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", pdf, image])
        #expect(render.status == 0, "\(render.output)")
        let pgm = try Data(contentsOf: URL(fileURLWithPath: image + ".pgm"))
        #expect(EndToEndInvoiceDocumentTests.inkedPixels(pgm) > 500, "page 1 is blank")
        // A report with charts has coloured drawing on page 1, far more ink than text alone.
        if report == "pnl" || report == "expenses" {
            #expect(EndToEndInvoiceDocumentTests.inkedPixels(pgm) > 3_000, "page 1 has no chart")
        }

        // The same ledger state gives the same bytes, to a file or through stdout.
        let again = try await KontorProcess.run(["report"] + arguments + ["--format", "pdf", "--output", pdf, "--workspace", workspace.root])
        try #require(again.status == 0, "\(again)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == bytes, "a rerun changed the PDF")
    }

    @Test(.enabled(if: ExternalTool.hasPoppler, "poppler-utils are missing"))
    func longTablesBreakAcrossPagesWithTheirHeaderRepeated() throws {
        let store = try LedgerStore.inMemory()
        try LedgerFixture(business: .acme).post(into: store)
        var journal = try store.journal(business: .acme)
        journal.baseCurrency = .EUR
        let request = try ReportGoldenLedger.request("2026", comparison: nil)
        let document = Reporter(journal: journal, request: request).report(.vendors)
        let items = try #require(document.sections.first { $0.key == "items" })
        #expect(items.rows.count > 300)
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pdf = directory + "/vendors.pdf"
        let bytes = try document.pdf()
        try Data(bytes).write(to: URL(fileURLWithPath: pdf))
        #expect(try document.pdf() == bytes)
        let header = items.columns.map(\.label).joined(separator: " ")
        var pages = 0
        for page in 2...6 {
            // Raw order keeps a wrapped header cell ("Input tax") together.
            let text = try Self.text(pdf, ["-raw", "-f", String(page), "-l", String(page)])
            guard !text.isEmpty else { break }
            pages = page
            #expect(text.contains("(continued)"), "page \(page) has no running header")
            #expect(text.contains(header), "page \(page) does not repeat the table header '\(header)'")
            #expect(text.contains("page \(page)"), "page \(page) has no footer")
        }
        #expect(pages == 6, "expected more than 5 pages")
    }

    /// The text of every `<text>` element of the page's SVG charts, unescaped.
    static func svgTexts(_ html: String) -> [String] {
        var texts: [String] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<text ") {
            guard let start = rest[open.upperBound...].range(of: ">"), let close = rest[start.upperBound...].range(of: "</text>") else { break }
            let text = rest[start.upperBound..<close.lowerBound].replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            texts.append(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            rest = rest[close.upperBound...]
        }
        return texts
    }

    @Test func vendorMasterDataTermsAreJudgedInTheVendorReport() async throws {
        let workspace = try Self.workspace()
        let arguments = ["report", "vendors", "--business", "acme", "--period", "2026-Q3", "--workspace", workspace.root]
        let before = try await KontorProcess.run(arguments + ["--format", "json"])
        let beforeRows = try JSONParser.parse(Array(before.stdout.utf8)).value["sections"]?.arrayValue?
            .first { $0["key"] == "payable_documents" }?["rows"]?.arrayValue
        #expect(beforeRows?.first?["status"] == "no terms", "\(before)")
        // The landlord's master data: 3 days; July's rent (1 July) was paid on 5 July.
        try workspace.temporary.drop(#"[{"name": "Immobilien Weber", "payment_terms": "net 3"}]"#, named: "landlord.json", into: .acme,
                                     channel: .vendors)
        try await workspace.runOnce()
        let after = try await KontorProcess.run(arguments + ["--format", "json"])
        let rows = try JSONParser.parse(Array(after.stdout.utf8)).value["sections"]?.arrayValue?
            .first { $0["key"] == "payable_documents" }?["rows"]?.arrayValue
        let row = try #require(rows?.first, "\(after)")
        #expect(row["vendor"] == "Immobilien Weber" && row["due"] == "2026-07-04" && row["paid"] == "2026-07-05")
        #expect(row["status"] == "late" && row["days_late"] == .int(1), "\(row)")
        let table = try await KontorProcess.run(arguments + ["--format", "table"])
        #expect(table.stdout.contains("Payment terms kept"), "\(table.stdout)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "script(1) (bsdutils) is missing"))
    func aPDFIsNotWrittenToATerminal() async throws {
        let workspace = try Self.workspace()
        // script(1) gives the command a pseudo-terminal as stdout.
        let command = [try KontorProcess.binary(), "report", "pnl", "--business", "acme", "--period", "2026-Q3", "--format", "pdf",
                       "--workspace", workspace.root].map { "'\($0)'" }.joined(separator: " ")
        let result = try ExternalTool.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("not written to a terminal") && result.output.contains("--output"), "\(result.output)")
        #expect(!result.output.contains("%PDF"))
        let both = try await workspace.kontor("report", "pnl", "--business", "acme", "--period", "2026-Q3", "--package", "--output", "x.zip")
        #expect(both.status == 64 && both.stderr.contains("--output"), "\(both)")
    }

    @Test(.enabled(if: ExternalTool.hasPoppler, "poppler-utils are missing"))
    func aPackageWithPDFHoldsEveryReportAsPDFAndIsByteIdentical() async throws {
        let workspace = try Self.workspace()
        let arguments = ["report", "all", "--business", "acme", "--period", "2026-Q3", "--package", "--format", "pdf", "--format", "json"]
        let first = try await KontorProcess.run(arguments + ["--workspace", workspace.root])
        try #require(first.exited && first.status == 0, "\(first)")
        let name = try #require(workspace.files(in: workspace.workspace.reports(.acme)).first)
        let path = workspace.workspace.reports(.acme) + "/" + name
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let listing = try await PeerTool.run("unzip", ["-Z1", path])
        let names = Set(listing.stdout.split(separator: "\n").map(String.init))
        for report in Self.reports {
            #expect(names.contains("reports/\(report).pdf") && names.contains("reports/\(report).json"), "\(report): \(names)")
        }
        let manifest = try JSONParser.parse(Array(try await PeerTool.run("unzip", ["-p", path, "manifest.json"]).stdout.utf8)).value
        #expect(manifest["formats"] == ["pdf", "json"])
        // The packaged PDF is the one `--format pdf` writes.
        let extracted = workspace.root + "/extracted"
        _ = try await PeerTool.run("unzip", ["-o", "-q", path, "reports/tax.pdf", "-d", extracted])
        let direct = workspace.root + "/tax.pdf"
        _ = try await workspace.kontor("report", "tax", "--business", "acme", "--period", "2026-Q3", "--format", "pdf", "--output", direct)
        #expect(try Data(contentsOf: URL(fileURLWithPath: extracted + "/reports/tax.pdf")) == Data(contentsOf: URL(fileURLWithPath: direct)))
        #expect(try Self.text(direct).contains("Net tax payable"))

        let second = try await KontorProcess.run(arguments + ["--workspace", workspace.root])
        #expect(second.stdout == first.stdout)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "the same ledger state gave another package")
    }

    @Test func aRequestFileAsksForPDFsAndMatchesItsSchema() async throws {
        let workspace = try Self.workspace()
        let request = #"{"reports": ["expenses", "aging"], "period": "2026-Q3", "formats": ["pdf", "html"]}"#
        if EndToEndReadTests.hasJSONSchema {
            #expect(try await EndToEndReadTests.schemaErrors(of: request, schema: "report-request", temp: workspace) == "")
            let bad = try await EndToEndReadTests.schemaErrors(of: #"{"period": "2026-Q3", "formats": ["docx"]}"#,
                                                               schema: "report-request", temp: workspace)
            #expect(bad.contains("docx"), "\(bad)")
            let noPeriod = try await EndToEndReadTests.schemaErrors(of: #"{"reports": ["pnl"]}"#, schema: "report-request", temp: workspace)
            #expect(!noPeriod.isEmpty)
        }
        try workspace.temporary.drop(request, named: "q3-pdf.json", into: .acme, channel: .requests)
        try await workspace.runOnce()
        let receipt = try #require(try workspace.receipts().values.first { $0["file"] == "q3-pdf.json" })
        #expect(receipt["status"] == "imported", "\(receipt)")
        let package = try #require(receipt["package"]?["path"]?.stringValue)
        let listing = try await PeerTool.run("unzip", ["-Z1", workspace.root + "/" + package])
        let names = listing.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("reports/") }.sorted()
        #expect(names == ["reports/aging.html", "reports/aging.pdf", "reports/expenses.html", "reports/expenses.pdf"])
    }
}
