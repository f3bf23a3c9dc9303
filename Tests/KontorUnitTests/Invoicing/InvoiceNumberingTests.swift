import KontorCore
import KontorInvoicing
import Testing

@Suite struct InvoiceNumberingTests {
    @Test func patternFormatsYearAndPaddedSequence() throws {
        let pattern = try #require(InvoiceNumberPattern("INV-{yyyy}-{seq:5}"))
        let date = LocalDate(iso: "2026-11-02")!
        #expect(pattern.number(sequence: 42, date: date) == "INV-2026-00042")
        #expect(pattern.period(of: date) == "2026")
        let monthly = try #require(InvoiceNumberPattern("{yy}{mm}/{seq:3}"))
        #expect(monthly.number(sequence: 7, date: date) == "2611/007")
        #expect(monthly.period(of: date) == "2026-11")
        #expect(InvoiceNumberPattern("R{seq}")!.period(of: date) == "")
    }

    @Test(arguments: ["INV-{yyyy}", "{seq}{seq}", "INV {seq}", "{seq:0}", "{foo}-{seq}", "INV-{seq"])
    func invalidPatternsAreRefused(_ text: String) {
        #expect(InvoiceNumberPattern(text) == nil)
    }

    @Test func creditorReferenceCheckDigits() throws {
        // The ISO 11649 example.
        #expect(CreditorReference("RF18 5390 0754 7034") != nil)
        #expect(CreditorReference("RF18 5390 0754 7035") == nil)
        #expect(CreditorReference("RF19 5390 0754 7034") == nil)
        let made = try #require(CreditorReference.make(from: "539007547034"))
        #expect(made.electronic == "RF18539007547034")
        #expect(made.formatted == "RF18 5390 0754 7034")
        let invoice = try #require(CreditorReference.make(from: "INV-2026-00001"))
        #expect(CreditorReference(invoice.formatted) == invoice)
        #expect(CreditorReference.make(from: String(repeating: "9", count: 22)) == nil)
    }
}
