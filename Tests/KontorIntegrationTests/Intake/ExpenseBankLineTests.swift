import Foundation
import KontorConfig
import KontorCore
import KontorReport
import KontorStore
import KontorTesting
import Testing

/// An expense paid from the bank and that payment's bank line are one payment, in either
/// order of arrival (docs/decisions/expense-bank-lines.md): the bank account is credited
/// once, the expense's category carries the amount, and each receipt says what it paired.
@Suite struct ExpenseBankLineTests {
    static let header = "Buchungstag;Wertstellung;Beguenstigter/Zahlungspflichtiger;Verwendungszweck;Betrag;Waehrung;Kontonummer\n"

    static func harness() throws -> IntakeHarness {
        try OverlapIntakeTests.harness()
    }

    static func bankLine(_ date: String, _ payee: String, _ amount: String, memo: String = "Abrechnung") -> String {
        "\(date);\(date);\(payee);\(memo);\(amount);EUR;\(IntakeHarness.iban)\n"
    }

    static let expenseHeader = "date,amount,currency,vendor,category,description,payment_account\n"

    func balance(_ harness: IntakeHarness, _ account: String) throws -> Int64 {
        try harness.ledger().accountBalance(business: .acme, account: account)[.EUR] ?? 0
    }

    @Test("a bank line that arrives after its expense posts nothing; a later overlapping statement skips it as known")
    func lineAfterExpense() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.expenseHeader + "2026-11-18,12.50,EUR,Sparkasse,bank-fees,Account fee November,bank\n",
                         named: "fees.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        let expense = try #require(try harness.ledger().expenses(ExpenseQuery(business: .acme)).first)
        #expect(try balance(harness, "Assets:Bank:Checking") == -1250)

        // Two debits of 12.50: the one nearest the expense's date pays it, the other is a
        // payment of its own.
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Sparkasse", "-12,50") + Self.bankLine("28.11.2026", "Sparkasse", "-12,50"),
                         named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let receipt = try harness.receipt("november.csv")
        #expect(receipt["posted"]?.intValue == 1)
        let paid = try #require(receipt["expense_payments"]?.arrayValue)
        #expect(paid.count == 1)
        #expect(paid.first?["expense"]?.intValue == expense.id)
        #expect(paid.first?["position"]?.stringValue == "november.csv:2")
        #expect(try balance(harness, "Assets:Bank:Checking") == -2500, "12.50 for the expense, 12.50 for the second fee")
        let lines = try harness.ledger().bankLines(ExpenseQuery(business: .acme))
        #expect(lines.map(\.id).contains(expense.id), "the paying line is kept as the bank line of the expense's transaction")
        #expect(lines.first { $0.id == expense.id }?.category == CategoryKey("bank-fees"))
        #expect(try harness.ledger().item(business: .acme, id: expense.id)?.paidByBankLine
                == PairedBankLine(id: expense.id, source: "november.csv:2"))

        // The same lines again, in another file with one more: only the new one posts.
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Sparkasse", "-12,50") + Self.bankLine("28.11.2026", "Sparkasse", "-12,50")
                         + Self.bankLine("29.11.2026", "Kiosk", "-3,00"), named: "november-again.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let again = try harness.receipt("november-again.csv")
        #expect(again["posted"]?.intValue == 1)
        #expect(again["skipped"]?.arrayValue?.count == 2)
        #expect(again["expense_payments"] == nil)
        #expect(try balance(harness, "Assets:Bank:Checking") == -2800)
    }

    @Test("an expense that arrives after its bank line is posted as usual, and the line's own booking is taken back on the line's date")
    func expenseAfterLine() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Unbekannt GmbH", "-12,50") + Self.bankLine("20.11.2026", "Unbekannt GmbH", "-99,00"),
                         named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let lines = try harness.ledger().bankLines(ExpenseQuery(business: .acme))
        let fee = try #require(lines.first { $0.amount.minorUnits == -1250 })
        #expect(fee.status == "review", "no rule knows the payee")
        let review = try harness.ledger().item(business: .acme, id: fee.id)?.postings.first { $0.amount.minorUnits > 0 }?.account.rawValue
        let reviewAccount = try #require(review)
        #expect(try balance(harness, reviewAccount) == 11_150)

        // 12.50 paid from the bank pairs with the line; the same amount by card does not;
        // 99.00 from the bank 50 days before the line is outside the window.
        try harness.drop(Self.expenseHeader + """
            2026-11-18,12.50,EUR,Sparkasse,bank-fees,Account fee November,bank
            2026-11-18,12.50,EUR,Kiosk,bank-fees,Card fee,card
            2026-10-01,99.00,EUR,Verlag,office.supplies,Books,bank

            """, named: "expenses.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        let receipt = try harness.receipt("expenses.csv")
        #expect(receipt["posted"]?.intValue == 3)
        let paid = try #require(receipt["paid_by_bank_lines"]?.arrayValue)
        #expect(paid.map { $0["bank_line"]?.intValue } == [fee.id])
        #expect(paid.first?["position"]?.stringValue == "expenses.csv:2")

        #expect(try balance(harness, "Assets:Bank:Checking") == -1250 - 9900 - 9900, "the two lines and the unpaired 99.00")
        #expect(try balance(harness, reviewAccount) == 9900, "the fee left review; the 99.00 line is still there")
        // The expense books as any other (out of the bank, on its date); the entry that
        // takes the line's booking back is dated like the line.
        let expenseID = try #require(paid.first?["expense"]?.intValue)
        let posted = try #require(try harness.ledger().item(business: .acme, id: expenseID))
        #expect(posted.postings.contains { $0.account.rawValue == "Assets:Bank:Checking" && $0.amount.minorUnits == -1250 })
        #expect(posted.paidByBankLine == PairedBankLine(id: fee.id, source: "november.csv:2"))
        let journal = try harness.ledger().journal(business: .acme)
        let reversal = try #require(journal.entries.first { $0.description.hasPrefix("Bank line #\(fee.id) paid an expense") })
        #expect(reversal.date == LocalDate(year: 2026, month: 11, day: 20))
        #expect(try balance(harness, "Liabilities:CreditCard") == -1250)
        let line = try #require(try harness.ledger().bankLines(ExpenseQuery(business: .acme)).first { $0.id == fee.id })
        #expect(line.status == "categorized")
        #expect(line.category == CategoryKey("bank-fees"))
        #expect(line.vendor == "Sparkasse")

        // The same expense log again under another name is a duplicate row by row: nothing
        // pairs twice.
        try harness.drop(Self.expenseHeader + "2026-11-18,12.50,EUR,Sparkasse,bank-fees,Account fee November,bank\n",
                         named: "expenses-again.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("expenses-again.csv")["posted"]?.intValue == 0)
        #expect(try balance(harness, "Assets:Bank:Checking") == -1250 - 9900 - 9900)

        // A correction that names the line corrects the expense, which books the amount;
        // the line shows the new category too.
        #expect(try balance(harness, "Expenses:Office:Supplies") == 9900)
        try harness.drop("id,category\n\(fee.id),office.supplies\n", named: "fix.csv", channel: .corrections)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\(outcomes) \((try? harness.errorReport("fix.csv")) as Any)")
        #expect(try balance(harness, "Expenses:Office:Supplies") == 9900 + 1250)
        #expect(try balance(harness, reviewAccount) == 9900, "the review account is not touched again")
        let expense = try #require(try harness.ledger().expenses(ExpenseQuery(business: .acme)).first { $0.id == paid.first?["expense"]?.intValue })
        #expect(expense.category == CategoryKey("office.supplies"))
        let corrected = try #require(try harness.ledger().bankLines(ExpenseQuery(business: .acme)).first { $0.id == fee.id })
        #expect(corrected.category == CategoryKey("office.supplies"))
    }

    @Test("a line a rule put in the expense's own category pairs too, and the expense can still be corrected")
    func lineInTheSameCategory() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Commerzbank AG", "-12,50", memo: "Entgelt Kontoführung"),
                         named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try balance(harness, "Expenses:Fees:Bank") == 1250, "the acme-account-fee rule")
        try harness.drop(Self.expenseHeader + "2026-11-18,12.50,EUR,Commerzbank,bank-fees,Account fee November,bank\n",
                         named: "fees.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("fees.csv")["paid_by_bank_lines"]?.arrayValue?.count == 1)
        #expect(try balance(harness, "Expenses:Fees:Bank") == 1250, "one fee, not two")
        #expect(try balance(harness, "Assets:Bank:Checking") == -1250)

        let expense = try #require(try harness.ledger().expenses(ExpenseQuery(business: .acme)).first)
        try harness.drop("id,category\n\(expense.id),office.supplies\n", named: "fix.csv", channel: .corrections)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\(outcomes)")
        #expect(try balance(harness, "Expenses:Fees:Bank") == 0)
        #expect(try balance(harness, "Expenses:Office:Supplies") == 1250)
        #expect(try balance(harness, "Assets:Bank:Checking") == -1250)
    }

    @Test("the vendor and expense reports show a payment whose line came first once, under the expense's vendor")
    func reportsAfterExpenseAfterLine() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Unbekannt GmbH", "-12,50"), named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        try harness.drop(Self.expenseHeader + "2026-11-18,12.50,EUR,Sparkasse,bank-fees,Account fee November,bank\n",
                         named: "fees.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("fees.csv")["paid_by_bank_lines"]?.arrayValue?.count == 1)

        let journal = try harness.ledger().journal(business: .acme)
        let request = ReportRequest(period: try ReportPeriod.parse("2026-11"), businessName: "ACME", inputTaxAccount: AccountPath("Assets:Tax:Input")!)
        let reporter = Reporter(journal: journal, request: request)
        // The line, the entry that took its booking back and the expense: +12.50 − 12.50 + 12.50.
        let vendors = try #require(reporter.report(.vendors).sections.first { $0.key == "vendors" })
        #expect(vendors.rows == [[.text("Sparkasse"), .count(3), .amount(1250), .amount(0), .amount(1250)]])
        let byVendor = try #require(reporter.report(.expenses).sections.first { $0.key == "by_vendor" })
        #expect(byVendor.rows.map { $0.prefix(2) } == [[.text("Sparkasse"), .amount(1250)]], "nothing left under (no vendor)")
        let pnl = reporter.report(.pnl)
        #expect(pnl.totals.first { $0.key == "expenses" }?.amount == 1250)
    }

    /// acme's rules plus one that books Telekom debits as phone costs with 19 % input tax.
    static func harnessWithTaxRule() throws -> IntakeHarness {
        let harness = try Self.harness()
        let rules = harness.workspace.rulesDirectory + "/acme.yaml"
        let text = try String(contentsOfFile: rules, encoding: .utf8) + """
              - id: acme-telekom
                payee: "^Telekom"
                direction: debit
                category: utilities.phone
                tax_rate: 19

            """
        try text.write(toFile: rules, atomically: true, encoding: .utf8)
        return harness
    }

    static let phoneExpense = "date,amount,currency,vendor,category,description,payment_account,tax_rate\n"
        + "2026-11-18,119.00,EUR,Telekom,utilities.phone,Phone November,bank,19\n"

    @Test("a line a rule books with input tax pays its expense: the expense first, the line posts nothing")
    func taxedLineAfterExpense() async throws {
        let harness = try Self.harnessWithTaxRule()
        try harness.drop(Self.phoneExpense, named: "phone.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Telekom Deutschland GmbH", "-119,00"), named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let receipt = try harness.receipt("november.csv")
        #expect(receipt["posted"]?.intValue == 0)
        #expect(receipt["expense_payments"]?.arrayValue?.count == 1)
        #expect(try balance(harness, "Assets:Bank:Checking") == -11_900)
        #expect(try balance(harness, "Assets:Tax:Input") == 1900, "input tax claimed once")
        #expect(try balance(harness, "Expenses:Utilities:Phone") == 10_000)
    }

    @Test("a line a rule booked with input tax pays its expense: the line first, its tax leg is taken back too")
    func taxedLineBeforeExpense() async throws {
        let harness = try Self.harnessWithTaxRule()
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Telekom Deutschland GmbH", "-119,00"), named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try balance(harness, "Assets:Tax:Input") == 1900, "the rule's tax rate")
        try harness.drop(Self.phoneExpense, named: "phone.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("phone.csv")["paid_by_bank_lines"]?.arrayValue?.count == 1)
        #expect(try balance(harness, "Assets:Bank:Checking") == -11_900)
        #expect(try balance(harness, "Assets:Tax:Input") == 1900, "input tax claimed once")
        #expect(try balance(harness, "Expenses:Utilities:Phone") == 10_000)
        let journal = try harness.ledger().journal(business: .acme)
        let reversal = try #require(journal.entries.first { $0.recordID.hasPrefix(ExpenseBankLinePairing.reversalRecordPrefix) })
        #expect(reversal.postings.count == 3, "bank, phone and input tax")
    }

    @Test("a line corrected before its expense arrives is taken back from where the correction moved it")
    func lineCorrectedBeforeTheExpense() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.header + Self.bankLine("20.11.2026", "Unbekannt GmbH", "-12,50"), named: "november.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let line = try #require(try harness.ledger().bankLines(ExpenseQuery(business: .acme)).first)
        try harness.drop("id,category\n\(line.id),office.supplies\n", named: "fix.csv", channel: .corrections)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try balance(harness, "Expenses:Office:Supplies") == 1250)

        try harness.drop(Self.expenseHeader + "2026-11-18,12.50,EUR,Sparkasse,bank-fees,Account fee November,bank\n",
                         named: "fees.csv", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("fees.csv")["paid_by_bank_lines"]?.arrayValue?.count == 1)
        #expect(try balance(harness, "Expenses:Office:Supplies") == 0, "taken back from the corrected category")
        #expect(try balance(harness, "Expenses:Fees:Bank") == 1250)
        #expect(try balance(harness, "Assets:Bank:Checking") == -1250)
        let review = try harness.ledger().item(business: .acme, id: line.id)?.postings.first { $0.amount.minorUnits > 0 }?.account.rawValue
        #expect(try balance(harness, try #require(review)) == 0, "the review account is back at zero")
    }
}
