import Foundation
import KontorCore
import KontorInvoicing
import Testing

/// Golden tests for the invoicing inbox errors (STYLE.md 15): each fixture in
/// `Fixtures/invoice-errors/` (a clients file `clients-*`, an invoice request file read
/// and, for `calc-*`, also computed) sits beside `<name>.expected.json`, the error
/// object the file's rejection report carries.
@Suite struct InvoiceErrorGoldenTests {
    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Golden.fixtures.appendingPathComponent("invoice-errors").path)) ?? []
        return names.filter { !$0.hasSuffix(".expected.json") }.sorted()
    }

    @Test func thereAreCases() {
        #expect(InvoiceErrorGoldenTests.cases.count >= 15)
    }

    @Test(arguments: cases)
    func error(_ name: String) throws {
        let text = String(decoding: try Golden.input("invoice-errors", name), as: UTF8.self)
        var actual = "(no error)\n"
        do {
            if name.hasPrefix("clients-") {
                _ = try ClientFileReader().clients(from: text)
            } else {
                let file = try InvoiceRequestReader().requests(from: text)
                if name.hasPrefix("calc-") {
                    for request in file.invoices { _ = try InvoiceFixtures.invoice(request) }
                }
            }
            Issue.record("\(name) was accepted")
        } catch let error as KontorError {
            actual = JSONValue.object(ErrorRenderer.json(error.inFile(name))).serialized()
        }
        try Golden.check(actual, folder: "invoice-errors", name: name)
    }
}
