import KontorCore
import Testing

@Suite struct LedgerTransactionTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!
    let office = AccountPath("Expenses:Office")!
    let bank = AccountPath("Assets:Bank:Checking")!

    @Test func acceptsBalancedPostingsPerCurrency() throws {
        let eur = CurrencyCode.EUR, usd = CurrencyCode.USD
        let transaction = try LedgerTransaction(date: day, description: "x", recordID: "r1", postings: [
            Posting(office, Money(minorUnits: 100, currency: eur)), Posting(bank, Money(minorUnits: -100, currency: eur)),
            Posting(office, Money(minorUnits: 7, currency: usd)), Posting(bank, Money(minorUnits: -7, currency: usd)),
        ])
        #expect(transaction.postings.count == 4)
    }

    @Test func refusesUnbalancedPostings() {
        #expect(throws: KontorError.self) {
            try LedgerTransaction(date: day, description: "x", recordID: "r1", postings: [
                Posting(office, Money(minorUnits: 100, currency: .EUR)), Posting(bank, Money(minorUnits: -99, currency: .EUR)),
            ])
        }
        #expect(throws: KontorError.self) {
            try LedgerTransaction(date: day, description: "x", recordID: "r1", postings: [
                Posting(office, Money(minorUnits: 100, currency: .EUR)), Posting(bank, Money(minorUnits: -100, currency: .USD)),
            ])
        }
    }

    @Test(arguments: ["Expenses:Office:Software", "Assets:Bank:Checking", "Income:Sales", "Liabilities:CreditCard", "Equity:Opening-Balances", "Expenses:Other:2026"])
    func acceptsBeancountAccountNames(text: String) {
        #expect(AccountPath(text) != nil)
    }

    @Test(arguments: ["expenses:office", "Expenses:office", "Expenses::Office", "Stuff:Office", "Expenses:Office Supplies", "Expenses:"])
    func refusesOtherAccountNames(text: String) {
        #expect(AccountPath(text) == nil)
    }

    @Test func fingerprintsAreStable() {
        #expect(Fingerprint.hex(of: ["2026-11-20", "12.50", "EUR", "acme"]) == Fingerprint.hex(of: ["2026-11-20", "12.50", "EUR", "acme"]))
        #expect(Fingerprint.hex(of: ["a", "bc"]) != Fingerprint.hex(of: ["ab", "c"]))
        #expect(Fingerprint.hex(of: []) == "cbf29ce484222325")
    }
}
