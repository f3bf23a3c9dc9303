import Foundation
import KontorCore
import KontorInvoicing
import Testing

/// Every scenario's UBL passes the Peppol BIS 3 validator (XSD + EN 16931 + Peppol
/// schematron) and its PDF carries the number, totals and every line, with embedded fonts
/// and a page 1 that is not blank. These run external tools, so they sit with the
/// subprocess suites (`EndToEnd` in the name: run one at a time).
@Suite(.serialized) struct EndToEndInvoiceDocumentTests {
    static let scenarios: [InvoiceDocumentScenarios.Scenario] = (try? InvoiceDocumentScenarios.all()) ?? []

    @Test func scenariosAreBuilt() {
        #expect(EndToEndInvoiceDocumentTests.scenarios.count == 13)
    }

    @Test(.enabled(if: ExternalTool.hasUBLValidator, "../shared/eval/validate-ubl.sh is missing: the UBL validation is SKIPPED"),
          arguments: scenarios)
    func ublPassesPeppolValidation(_ scenario: InvoiceDocumentScenarios.Scenario) throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/\(scenario.document.number).xml"
        try Data(try UBLWriter().xml(scenario.document)).write(to: URL(fileURLWithPath: path))
        let result = try ExternalTool.run(ExternalTool.ubl, ["--quiet-warnings", path])
        if result.status == 2 {
            // The validator could not be set up (no network for its Python venv): say so loudly.
            print("SKIPPED UBL validation of \(scenario.name): the validator could not be set up:\n\(result.output)")
            return
        }
        #expect(result.status == 0, "\(scenario.name): \(result.output)")
        #expect(result.output.contains("OK"))
    }

    @Test(.enabled(if: ExternalTool.hasPoppler, "poppler-utils (pdftotext, pdffonts, pdftoppm) are missing"), arguments: scenarios)
    func pdfHasTextFontsAndInk(_ scenario: InvoiceDocumentScenarios.Scenario) throws {
        let document = scenario.document
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pdf = directory + "/invoice.pdf"
        let bytes = try InvoicePDF().pdf(document)
        try Data(bytes).write(to: URL(fileURLWithPath: pdf))
        #expect(try InvoicePDF().pdf(document) == bytes, "rendering twice gives the same bytes")

        let text = try ExternalTool.run("/usr/bin/pdftotext", ["-layout", pdf, "-"])
        #expect(text.status == 0)
        let flat = text.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains(document.number))
        for amount in [document.totals.taxExclusive, document.totals.taxTotal, document.totals.payable] {
            #expect(flat.contains(document.text(amount)), "total \(document.text(amount)) missing")
        }
        // Raw order keeps a wrapped cell's lines together (pango draws a cell as one layout).
        let raw = try ExternalTool.run("/usr/bin/pdftotext", ["-raw", pdf, "-"]).output
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for line in document.lines {
            let words = line.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(raw.contains(words), "line '\(line.description)' missing")
        }
        if let payment = document.payment {
            #expect(flat.contains(payment.reference))
            #expect(flat.contains(payment.iban))
        }

        let fonts = try ExternalTool.run("/usr/bin/pdffonts", [pdf])
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty, "no fonts: \(fonts.output)")
        for row in rows {
            // Columns: name type encoding emb sub uni object ID; "emb" is the 4th-from-last-but-two field.
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count >= 7 && fields[fields.count - 5] == "yes", "font not embedded: \(row)")
        }

        let image = directory + "/page"
        let render = try ExternalTool.run("/usr/bin/pdftoppm", ["-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", pdf, image])
        #expect(render.status == 0, "\(render.output)")
        let pgm = try Data(contentsOf: URL(fileURLWithPath: image + ".pgm"))
        #expect(EndToEndInvoiceDocumentTests.inkedPixels(pgm) > 500, "page 1 is blank")
    }

    @Test func manyLinesBreakAcrossPages() throws {
        let many = try #require(EndToEndInvoiceDocumentTests.scenarios.first { $0.document.lines.count > 100 })
        let bytes = try InvoicePDF().pdf(many.document)
        let text = String(decoding: bytes, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page\n").count - 1 + text.components(separatedBy: "/Type /Page ").count - 1
        #expect(pages >= 3, "expected several pages, found \(pages)")
    }

    /// Pixels darker than light gray in a binary PGM (P5, 8-bit).
    static func inkedPixels(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var fields = 0, index = 0
        while fields < 4 && index < bytes.count {
            while index < bytes.count && (bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == 9) { index += 1 }
            while index < bytes.count && !(bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == 9) { index += 1 }
            fields += 1
        }
        index += 1
        return bytes[min(index, bytes.count)...].reduce(0) { $0 + ($1 < 200 ? 1 : 0) }
    }
}
