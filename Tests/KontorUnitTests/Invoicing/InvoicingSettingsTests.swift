import KontorConfig
import KontorCore
import Testing

@Suite struct InvoicingSettingsTests {
    static let catalog = CategoryCatalog(categories: [])

    static func profile(_ invoicing: String) throws(KontorError) -> BusinessProfile {
        try BusinessProfile.parse(yaml: """
            id: acme
            name: ACME Labor GmbH
            base_currency: EUR
            tax_id: DE123456789
            accounts:
              - { name: Assets:Tax:Input }
            invoicing:
            \(invoicing)
            """, id: BusinessID("acme")!, catalog: catalog)
    }

    @Test func readsTheInvoicingSection() throws {
        let settings = try #require(try InvoicingSettingsTests.profile("""
              address: { street: Hauptstraße 1, city: Berlin, postal_code: "10115", country: DE }
              iban: DE89 3704 0044 0532 0130 00
              rounding: half-even
              series: { INV: "INV-{yyyy}-{seq:5}", X: "X{seq}" }
            """).invoicing)
        #expect(settings.series.map(\.name) == ["INV", "X"])
        #expect(settings.defaultSeries == "INV")
        #expect(settings.rounding == .halfEven)
        #expect(settings.receivableAccount.rawValue == "Assets:Receivables")
    }

    @Test(arguments: [
        ("  address: { country: DE }\n  iban: DE89 3704 0044 0532 0130 01\n", "not a valid IBAN"),
        ("  address: { country: DE }\n  series: { INV: \"INV-{yyyy}\" }\n", "is not a numbering pattern"),
        ("  address: { country: Germany }\n", "is not an ISO 3166-1 alpha-2 code"),
        ("  address: { country: DE }\n  rounding: up\n", "half-up or half-even"),
        ("  address: { country: DE }\n  revenue_account: Assets:Sales\n", "must be under Income"),
        ("  city: Berlin\n", "unknown key 'city'"),
    ])
    func badSettingsAreConfigErrors(_ text: String, _ message: String) {
        do {
            _ = try InvoicingSettingsTests.profile(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == .config)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.position?.line != nil)
        }
    }
}
