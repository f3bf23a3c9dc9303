import Foundation
import KontorCore
import KontorInvoicing
import Testing

/// The canonical JSON and the UBL of fixed requests, as golden files: any change to
/// amounts, rounding or document layout shows up as a reviewed diff.
@Suite struct InvoiceDocumentGoldenTests {
    static let cases = ["mixed.yaml"]

    @Test(arguments: cases)
    func canonicalJSONAndUBL(_ name: String) throws {
        let text = String(decoding: try Golden.input("invoice-documents", name), as: UTF8.self)
        let request = try #require(try InvoiceRequestReader().requests(from: text).invoices.first)
        let document = try InvoiceFixtures.invoice(request)
        try Golden.check(String(decoding: document.jsonBytes, as: UTF8.self), folder: "invoice-documents", name: name + ".json")
        try Golden.check(String(decoding: try UBLWriter().xml(document), as: UTF8.self), folder: "invoice-documents", name: name + ".xml")
        // The stored form decodes to the same document.
        #expect(try StorageCodec.decode(InvoiceDocument.self, from: try StorageCodec.encode(document)) == document)
    }
}
