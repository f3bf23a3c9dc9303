import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// Categories named in an expense log, for a business that may create categories on import.
@Suite struct ExpenseCategoryIntakeTests {
    @Test("a name two categories share is an error listing both, not a new category")
    func ambiguousNameIsNotANewCategory() async throws {
        let harness = try IntakeHarness()
        let profile = harness.workspace.businessFile(.acme)
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        text = text.replacingOccurrences(of: "allow_new_categories: false", with: "allow_new_categories: true")
        text = text.replacingOccurrences(
            of: "      - { key: lab-supplies, name: Lab supplies, account: \"Expenses:Research:Lab-Supplies\", tax_rate: 19 }\n",
            with: "      - { key: lab-supplies, name: Lab supplies, account: \"Expenses:Research:Lab-Supplies\", tax_rate: 19 }\n"
                + "      - { key: other, name: Other research, account: \"Expenses:Research:Other\" }\n")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        try harness.drop("date,amount,vendor,category\n2026-11-02,10.00,Kiosk,Other\n2026-11-03,12.00,Kiosk,Pet supplies\n",
                         named: "expenses.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.rejected])
        let error = try harness.errorReport("expenses.csv")
        #expect(error["message"]?.stringValue?.contains("category 'Other' is ambiguous: income.other, research.other") == true,
                "\(error)")

        // Unambiguous new names still become categories.
        try harness.drop("date,amount,vendor,category\n2026-11-03,12.00,Kiosk,Pet supplies\n", named: "pets.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
    }

    @Test("a corrections file rejected for an item not imported yet is judged again when dropped again")
    func rejectedCorrectionsAreJudgedAgain() async throws {
        let harness = try IntakeHarness()
        let corrections = "id,category\n1,office.supplies\n"
        try harness.drop(corrections, named: "fix.csv", channel: .corrections)
        #expect(try await harness.run().map(\.status) == [.rejected])
        #expect(try harness.errorReport("fix.csv")["message"]?.stringValue?.contains("there is no expense or bank line with id 1") == true)

        try harness.drop("date,amount,vendor,category\n2026-11-02,10.00,Kiosk,bank-fees\n", named: "expenses.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        let expense = try #require(try harness.ledger().expenses(ExpenseQuery(business: .acme)).first)
        #expect(expense.id == 1)
        try harness.drop(corrections, named: "fix-again.csv", channel: .corrections)
        #expect(try await harness.run().map(\.status) == [.imported], "the same bytes, judged against the ledger of now")
        #expect(try harness.ledger().expenses(ExpenseQuery(business: .acme)).first?.category == CategoryKey("office.supplies"))
    }

    @Test("a later vendor file that states fewer fields keeps what an earlier file stored")
    func partialMasterDataKeepsStoredFields() async throws {
        let harness = try IntakeHarness()
        try harness.drop("name,tax_id,email,payment_terms\nDruckerei Nord,DE111111111,rechnung@nord.example,14\n",
                         named: "vendors.csv", channel: .vendors)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\((try? harness.errorReport("vendors.csv")) as Any)")
        try harness.drop("name,iban\nDruckerei Nord,DE89370400440532013000\n", named: "vendors-iban.csv", channel: .vendors)
        #expect(try await harness.run().map(\.status) == [.imported])
        let profile = try #require(try harness.ledger().vendor(business: .acme, named: "Druckerei Nord")?.profile)
        #expect(profile.iban?.rawValue == "DE89370400440532013000")
        #expect(profile.taxID == "DE111111111")
        #expect(profile.email == "rechnung@nord.example")
        #expect(profile.paymentTermsDays == 14)
    }

    @Test("a vendor file that claims a name earlier master data gave another vendor is rejected, naming both")
    func aliasOfAnotherDeclaredVendorIsRefused() async throws {
        let harness = try IntakeHarness()
        try harness.drop("name,aliases\nDruckerei Nord,Nord Druck\nStadtwerke,\n", named: "vendors.csv", channel: .vendors)
        #expect(try await harness.run().map(\.status) == [.imported])
        try harness.drop("name,aliases\nDruckhaus Süd,Nord Druck\n", named: "vendors-2.csv", channel: .vendors)
        try harness.drop("name,aliases\nVersorger,Stadtwerke\n", named: "vendors-3.csv", channel: .vendors)
        #expect(try await harness.run().map(\.status) == [.rejected, .rejected])
        #expect(try harness.errorReport("vendors-2.csv")["message"]?.stringValue?
            .contains("'Druckhaus Süd' claims the name 'nord druck', which earlier master data gave to 'Druckerei Nord'") == true)
        #expect(try harness.errorReport("vendors-3.csv")["message"]?.stringValue?.contains("gave to 'Stadtwerke'") == true)
        // The same file again, or one that restates a vendor's own aliases, is fine.
        try harness.drop("name,aliases,email\nDruckerei Nord,Nord Druck,rechnung@nord.example\n", named: "vendors-4.csv", channel: .vendors)
        #expect(try await harness.run().map(\.status) == [.imported])
    }

    @Test("a policy, rule or mapping file named .yml is an error, not skipped (a skipped policy would approve everything)")
    func ymlFilesAreRefused() throws {
        let harness = try IntakeHarness()
        let policies = harness.workspace.pipelines + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try "business: acme\n".write(toFile: policies + "/acme.yml", atomically: true, encoding: .utf8)
        let error = try #require(throws: KontorError.self) { try Configuration.load(workspace: harness.workspace) }
        #expect(error.message == "pipelines/policies/acme.yml would not be read: Kontor reads files named <name>.yaml")
        #expect(error.hint == "rename it to acme.yaml")
    }
}
