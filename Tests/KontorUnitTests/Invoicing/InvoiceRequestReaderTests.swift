import KontorCore
import KontorInvoicing
import Testing

@Suite struct InvoiceRequestReaderTests {
    @Test func readsYAMLWithSeveralInvoicesAndChanges() throws {
        let file = try InvoiceRequestReader().requests(from: """
            invoices:
              - key: a
                client: globex
                issue_date: 2026-11-02
                terms_days: 14
                lines:
                  - { description: Consulting, quantity: 10, unit: HUR, unit_price: 120.00, tax_category: S, tax_rate: 19 }
              - key: b
                client: globex
                issue_date: 2026-11-03
                prices: inclusive
                status: draft
                lines:
                  - { description: Book, quantity: 1, unit_price: 10.70, tax_category: S, tax_rate: 7, discount_percent: 10 }
            changes:
              - { key: c, action: change_due_date, invoice: INV-2026-00001, date: 2026-11-05, due_date: 2026-12-31 }
            """)
        #expect(file.invoices.count == 2)
        #expect(file.invoices[0].lines[0].unit == "HUR")
        #expect(file.invoices[0].lines[0].unitPrice == ExactDecimal("120")!)
        #expect(file.invoices[1].pricesIncludeTax)
        #expect(!file.invoices[1].issue)
        #expect(file.changes[0].action == .changeDueDate)
    }

    @Test func readsJSON() throws {
        let file = try InvoiceRequestReader().requests(from: """
            {"invoices": [{"key": "j1", "client": "globex", "issue_date": "2026-11-02",
              "lines": [{"description": "Widget", "quantity": 2.5, "unit_price": "9.99", "tax_category": "AE"}]}]}
            """)
        #expect(file.invoices[0].lines[0].quantity == ExactDecimal("2.5")!)
        #expect(file.invoices[0].lines[0].taxRate == ExactDecimal(0))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var line: Int?
        var testDescription: String { message }
    }

    static let bad: [BadCase] = [
        BadCase(text: "invoices:\n  - key: a\n    client: x\n    issue_date: 2026-13-01\n    lines: []\n", message: "is not a date", line: 4),
        BadCase(text: "invoices:\n  - key: a\n    client: x\n    issue_date: 2026-11-01\n    lines:\n      - { description: d, quantity: 1, unit_price: 1, tax_category: S }\n",
                message: "category S needs a positive tax_rate", line: 6),
        BadCase(text: "invoices:\n  - key: a\n    client: x\n    issue_date: 2026-11-01\n    lines:\n      - { description: d, quantity: 1, unit_price: 1, tax_category: X }\n",
                message: "is not a VAT category", line: 6),
        BadCase(text: "invoices:\n  - key: a\n    client: x\n    issue_date: 2026-11-01\n    lines:\n      - { description: d, quantity: 1, unit_price: 1.5.0, tax_category: Z }\n",
                message: "is not a number", line: 6),
        BadCase(text: "invoices:\n  - key: a\n    client: x\n    issue_date: 2026-11-01\n    colour: red\n    lines: []\n", message: "unknown key 'colour'", line: 5),
        BadCase(text: "{\"invoices\": [", message: "neither valid JSON nor valid YAML", line: nil),
        BadCase(text: "changes:\n  - { key: c, action: credit, invoice: INV-1, date: 2026-11-01 }\n", message: "a credit needs a reason", line: 2),
    ]

    @Test(arguments: bad)
    func badRequestsNamePositionAndFix(_ testCase: BadCase) {
        do {
            _ = try InvoiceRequestReader().requests(from: testCase.text)
            Issue.record("accepted a bad request")
        } catch {
            #expect(error.message.contains(testCase.message), "\(error.message)")
            #expect(error.code == .badInput)
            if let line = testCase.line { #expect(error.position?.line == line, "\(String(describing: error.position))") }
        }
    }

    @Test func clientsFile() throws {
        let clients = try ClientFileReader().clients(from: """
            clients:
              - id: globex
                name: Globex B.V.
                address: { street: Kade 5, city: Amsterdam, postal_code: 1011 AA, country: NL }
                tax_id: NL123456789B01
                email: ap@globex.example
                language: nl
                payment_terms_days: 14
                peppol_id: "0088:4012345000009"
            """)
        #expect(clients.count == 1)
        #expect(clients[0].party.endpoint?.scheme == "0088")
        #expect(clients[0].paymentTermsDays == 14)
        #expect(throws: KontorError.self) {
            try ClientFileReader().clients(from: "clients:\n  - { id: Bad Id, name: x, address: { country: DE } }\n")
        }
        #expect(throws: KontorError.self) {
            try ClientFileReader().clients(from: "clients:\n  - { id: x, name: x, address: { country: Germany } }\n")
        }
    }
}
