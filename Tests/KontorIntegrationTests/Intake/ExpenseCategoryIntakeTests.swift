import Foundation
import KontorConfig
import KontorCore
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
}
