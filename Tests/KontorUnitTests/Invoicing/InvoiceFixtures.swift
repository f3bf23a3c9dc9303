import KontorCore
import KontorInvoicing

/// The seller and clients the invoicing unit tests share.
enum InvoiceFixtures {
    static let seller = SellerSettings(
        party: Party(name: "ACME Labor GmbH", address: PostalAddress(street: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE"),
                     vatID: "DE123456789", email: "billing@acme.example", endpoint: ElectronicAddress("9930:DE123456789")),
        iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX")

    static let client = Client(id: "globex", party: Party(
        name: "Globex B.V.", address: PostalAddress(street: "Kade 5", city: "Amsterdam", postalCode: "1011 AA", country: "NL"),
        vatID: "NL123456789B01", endpoint: ElectronicAddress("0088:4012345000009")), paymentTermsDays: 14)

    static func line(_ description: String, _ quantity: String, _ price: String, rate: String? = "19",
                     category: TaxCategory = .standard) -> LineRequest {
        LineRequest(description: description, quantity: ExactDecimal(quantity)!, unitPrice: ExactDecimal(price)!,
                    taxCategory: category, taxRate: rate.map { ExactDecimal($0)! })
    }

    static func request(_ lines: [LineRequest], currency: String? = nil, inclusive: Bool = false) -> InvoiceRequest {
        var request = InvoiceRequest(key: "r1", client: "globex", issueDate: LocalDate(iso: "2026-11-02")!, lines: lines)
        request.currency = currency.flatMap(CurrencyCode.init)
        request.pricesIncludeTax = inclusive
        return request
    }

    static func invoice(_ request: InvoiceRequest, rounding: RoundingMode = .halfUp) throws -> InvoiceDocument {
        var settings = seller
        settings.rounding = rounding
        return try InvoiceCalculator(seller: settings).invoice(request, client: client, number: "INV-2026-00001", series: "INV",
                                                                 defaultCurrency: .EUR)
    }
}
