import Foundation
import KontorCore
import KontorRead
import Testing

/// Corrections and vendor files: every problem of a file is reported at once, with its
/// line and column.
@Suite struct MasterDataReaderTests {
    func corrections(_ text: String) throws(KontorError) -> [CorrectionRecord] {
        var source = MemoryByteSource(Array(text.utf8))
        return try CorrectionCSVReader().read(&source, fileName: "fix.csv")
    }

    func vendors(_ text: String, json: Bool = false) throws(KontorError) -> [VendorFileEntry] {
        var source = MemoryByteSource(Array(text.utf8))
        return try VendorFileReader().read(&source, fileName: json ? "vendors.json" : "vendors.csv", json: json)
    }

    @Test func correctionsWithAndWithoutHeader() throws {
        let withHeader = try corrections("id,category,vendor\n18,income.services,Fjällräven\n19,subscriptions\n")
        #expect(withHeader.map(\.itemID) == [18, 19])
        #expect(withHeader[0].vendor == "Fjällräven" && withHeader[1].vendor == nil)
        #expect(withHeader[0].position.line == 2)
        let reordered = try corrections("category;id\noffice.software;7\n")
        #expect(reordered.first?.itemID == 7 && reordered.first?.category == "office.software")
        let bare = try corrections("7,office.software\n")
        #expect(bare.first?.itemID == 7 && bare.first?.position.line == 1)
    }

    @Test func badCorrectionRowsAreAllReported() {
        #expect {
            _ = try corrections("id,category\nabc,office\n5,\n")
        } throws: { error in
            let error = error as? KontorError
            return error?.message == "2 problems: line 2, column 1: 'abc' is not an item id; line 3, column 2: the category is missing"
                && error?.position?.line == 2 && error?.position?.column == 1
        }
        #expect(throws: KontorError.self) { _ = try corrections("") }
    }

    @Test func vendorCSVReadsEveryField() throws {
        let entries = try vendors("""
            name,aliases,tax_id,iban,bic,email,address,payment_terms,default_category
            Adobe Systems Software Ireland Ltd,ADOBE *CREATIVE CLD|Adobe,IE6364992H,DE89 3704 0044 0532 0130 00,cobadeffxxx,billing@adobe.example,"4-6 Riverwalk, Dublin",net 30,office.software

            """)
        let profile = try #require(entries.first?.profile)
        #expect(profile.name == "Adobe Systems Software Ireland Ltd")
        #expect(profile.aliases == ["ADOBE *CREATIVE CLD", "Adobe"])
        #expect(profile.iban?.rawValue == "DE89370400440532013000")
        #expect(profile.bic == "COBADEFFXXX")
        #expect(profile.paymentTermsDays == 30)
        #expect(entries.first?.categoryText == "office.software")
        #expect(entries.first?.categoryPosition?.column == 9)
    }

    @Test func vendorProblemsNameLineAndColumn() {
        #expect {
            _ = try vendors("name,iban,email,payment_terms\nAcme,DE89370400440532013001,nope,net 30\nBeta,,,forever\n")
        } throws: { error in
            let message = (error as? KontorError)?.message ?? ""
            return message.hasPrefix("3 problems: line 2, column 2: 'DE89370400440532013001' is not a valid IBAN: its check digits are wrong")
                && message.contains("line 2, column 3: 'nope' is not an e-mail address")
                && message.contains("line 3, column 4: 'forever' is not a payment term")
        }
    }

    @Test func vendorJSONWithPaths() throws {
        let entries = try vendors("""
            {"vendors": [{"name": "Telia", "aliases": ["TELIA SVERIGE AB"], "payment_terms": 20, "default_category": "utilities.phone"}]}
            """, json: true)
        #expect(entries.first?.profile.aliases == ["TELIA SVERIGE AB"])
        #expect(entries.first?.profile.paymentTermsDays == 20)
        #expect {
            _ = try vendors(#"[{"name": "X", "colour": "red"}]"#, json: true)
        } throws: { error in
            (error as? KontorError)?.position?.path == "[0].colour"
        }
    }
}

/// Every error message of the master-data readers, pinned by golden files in
/// `Fixtures/master-data/` (STYLE.md 15).
@Suite struct MasterDataGoldenTests {
    static func cases() -> [String] {
        let directory = Golden.fixtures.appendingPathComponent("master-data").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasSuffix(".expected.json") }.sorted()
    }

    @Test(arguments: cases())
    func golden(_ name: String) throws {
        var source = MemoryByteSource(try Golden.input("master-data", name))
        let output: String
        do throws(KontorError) {
            if name.hasPrefix("corrections") {
                let records = try CorrectionCSVReader().read(&source, fileName: name)
                output = JSONValue.array(records.map { ["id": .int($0.itemID), "category": .string($0.category)] }).serialized()
            } else {
                let entries = try VendorFileReader().read(&source, fileName: name, json: name.hasSuffix(".json"))
                output = JSONValue.array(entries.map { ["name": .string($0.profile.name)] }).serialized()
            }
        } catch {
            output = JSONValue.object(ErrorRenderer.json(error)).serialized()
        }
        try Golden.check(output, folder: "master-data", name: name)
    }
}
