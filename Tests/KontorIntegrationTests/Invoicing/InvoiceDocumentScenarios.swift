import KontorCore
import KontorInvoicing
import Testing

/// The documents the validator and PDF tests check: one per feature of issue 4's test
/// table (several rates, inclusive prices, exempt with reason, reverse charge, document
/// allowance and charge, foreign currency, a 3-decimal currency, 100+ lines, credit notes).
enum InvoiceDocumentScenarios {
    static let seller = SellerSettings(
        party: Party(name: "ACME Labor GmbH", address: PostalAddress(street: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE"),
                     vatID: "DE123456789", legalID: "HRB 123456 B", email: "billing@acme.example", phone: "+49 30 1234567",
                     endpoint: ElectronicAddress("9930:DE123456789"), contactName: "Accounts receivable"),
        iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX")

    static let client = Client(id: "globex", party: Party(
        name: "Globex B.V. & Søn <Holding>", address: PostalAddress(street: "Kade 5", city: "Amsterdam", postalCode: "1011 AA", country: "NL"),
        vatID: "NL123456789B01", email: "ap@globex.example", endpoint: ElectronicAddress("0088:4012345000009")), paymentTermsDays: 14)

    static func line(_ description: String, _ quantity: String, _ price: String, rate: String? = "19", category: TaxCategory = .standard,
                     unit: String = "C62") -> LineRequest {
        var line = LineRequest(description: description, quantity: ExactDecimal(quantity)!, unitPrice: ExactDecimal(price)!,
                               taxCategory: category, taxRate: rate.map { ExactDecimal($0)! })
        line.unit = unit
        return line
    }

    static func request(_ key: String, _ lines: [LineRequest], currency: String? = nil) -> InvoiceRequest {
        var request = InvoiceRequest(key: key, client: "globex", issueDate: LocalDate(iso: "2026-11-02")!, lines: lines)
        request.currency = currency.flatMap(CurrencyCode.init)
        request.orderReference = "PO-4711"
        request.notes = ["Thank you for your order."]
        return request
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var document: InvoiceDocument
        var testDescription: String { name }
    }

    static func invoice(_ request: InvoiceRequest, number: String) throws -> InvoiceDocument {
        try InvoiceCalculator(seller: seller).invoice(request, client: client, number: number, series: "INV", defaultCurrency: .EUR)
    }

    static func all() throws -> [Scenario] {
        var scenarios: [Scenario] = []
        let rates = try invoice(request("rates", [
            line("Consulting", "10", "120", unit: "HUR"), line("Handbook", "2", "24.95", rate: "7"),
            line("Sample kit", "1", "50", rate: "0", category: .zeroRated),
        ]), number: "INV-2026-00001")
        scenarios.append(Scenario(name: "several rates", document: rates))
        var inclusive = request("inclusive", [line("Coffee beans 1 kg", "3", "11.90", unit: "KGM"), line("Cookbook", "1", "21.40", rate: "7"),
                                              line("Espresso cups", "7", "3.33")])
        inclusive.pricesIncludeTax = true
        inclusive.lines[2].discountPercent = ExactDecimal(10)
        scenarios.append(Scenario(name: "inclusive prices", document: try invoice(inclusive, number: "INV-2026-00002")))
        var exemptLine = line("Training course", "1", "800", rate: "0", category: .exempt, unit: "DAY")
        exemptLine.exemptionReason = "Exempt under § 4 Nr. 21 UStG"
        scenarios.append(Scenario(name: "exempt with reason", document: try invoice(request("exempt", [exemptLine, line("Course material", "1", "40")]),
                                                                                  number: "INV-2026-00003")))
        scenarios.append(Scenario(name: "reverse charge", document: try invoice(request("reverse", [
            line("Audit services", "16", "150", rate: "0", category: .reverseCharge, unit: "HUR"),
        ]), number: "INV-2026-00004")))
        var levels = request("levels", [line("Widget", "3", "33.33"), line("Gadget", "1.5", "10.01", rate: "7")])
        levels.lines[0].discount = ExactDecimal("5.00")
        levels.allowances = [AllowanceChargeRequest(reason: "Loyalty discount", reasonCode: "95", amount: ExactDecimal("5.00")!, taxCategory: .standard, taxRate: ExactDecimal(19))]
        levels.charges = [AllowanceChargeRequest(reason: "Freight", reasonCode: "FC", amount: ExactDecimal("7.50")!, taxCategory: .standard, taxRate: ExactDecimal(19))]
        scenarios.append(Scenario(name: "document allowance and charge", document: try invoice(levels, number: "INV-2026-00005")))
        scenarios.append(Scenario(name: "foreign currency", document: try invoice(request("usd", [line("Licence", "12", "99.99", unit: "MON")], currency: "USD"),
                                                                                number: "INV-2026-00006")))
        scenarios.append(Scenario(name: "3-decimal currency", document: try invoice(request("bhd", [line("Service", "3", "1.234", rate: "10")], currency: "BHD"),
                                                                                  number: "INV-2026-00007")))
        scenarios.append(Scenario(name: "0-decimal currency", document: try invoice(request("jpy", [line("Service", "3", "333", rate: "10"), line("Hours", "1.5", "5000", rate: "10", unit: "HUR")], currency: "JPY"),
                                                                                  number: "INV-2026-00008")))
        let many = (1...120).map { index in
            line("Part \(index): stainless fitting type \(index % 7)", "\(index % 5 + 1)", "\(index).\(index % 100)", rate: index % 3 == 0 ? "7" : "19")
        }
        scenarios.append(Scenario(name: "120 lines", document: try invoice(request("many", many), number: "INV-2026-00009")))
        let domesticClient = Client(id: "initech", party: Party(
            name: "Initech GmbH", address: PostalAddress(street: "Ringstraße 9", city: "München", postalCode: "80331", country: "DE"),
            vatID: "DE987654321"), buyerReference: "04011000-12345-34")
        var domesticRequest = request("domestic", [line("Water analysis", "12", "85"), line("Lab handbook", "2", "24.95", rate: "7")])
        domesticRequest.client = "initech"
        let domestic = try InvoiceCalculator(seller: seller).invoice(domesticRequest, client: domesticClient, number: "INV-2026-00010",
                                                                    series: "INV", defaultCurrency: .EUR)
        scenarios.append(Scenario(name: "domestic German (national rules)", document: domestic))
        let calculator = InvoiceCalculator(seller: seller)
        scenarios.append(Scenario(name: "domestic German credit note", document: try calculator.creditNote(
            for: domestic, lines: nil, number: "CN-2026-00003", series: "credit-note", date: LocalDate(iso: "2026-11-22")!,
            reason: "Cancelled", key: "cn3")))
        scenarios.append(Scenario(name: "full credit note", document: try calculator.creditNote(
            for: rates, lines: nil, number: "CN-2026-00001", series: "credit-note", date: LocalDate(iso: "2026-11-20")!,
            reason: "Order cancelled", key: "cn1")))
        scenarios.append(Scenario(name: "partial credit note", document: try calculator.creditNote(
            for: rates, lines: [line("Handbook", "1", "24.95", rate: "7")], number: "CN-2026-00002", series: "credit-note",
            date: LocalDate(iso: "2026-11-21")!, reason: "One handbook returned", key: "cn2")))
        return scenarios
    }
}
