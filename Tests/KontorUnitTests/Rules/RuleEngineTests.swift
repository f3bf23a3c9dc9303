import KontorClassify
import KontorConfig
import KontorCore
import Testing

@Suite struct RuleEngineTests {
    static func line(_ amount: Int64, _ currency: String = "EUR", payee: String?, memo: String? = nil) -> BankTransaction {
        BankTransaction(position: SourcePosition(line: 2), date: LocalDate(year: 2026, month: 11, day: 20)!,
                        amount: Money(minorUnits: amount, currency: CurrencyCode(currency)!), payee: payee, memo: memo)
    }

    let rules = [
        CategorizationRule(id: "rent", payeePattern: "^Fastighets AB", direction: .debit, category: CategoryKey("rent")),
        CategorizationRule(id: "small-fees", payeeContains: "bank", minimum: "-10.00", maximum: "0", category: CategoryKey("bank-fees")),
        CategorizationRule(id: "telia-memo", memoPattern: "mobil", category: CategoryKey("utilities.phone")),
        CategorizationRule(id: "on-savings", account: "SE99", category: CategoryKey("income.interest")),
    ]

    @Test func theFirstMatchingRuleDecides() throws {
        var engine = try RuleEngine(rules)
        #expect(engine.match(Self.line(-1_250_000, payee: "FASTIGHETS AB LJUS"), account: nil)?.id == "rent", "case-insensitive")
        #expect(engine.match(Self.line(1_250_000, payee: "Fastighets AB Ljus"), account: nil) == nil, "rent is a debit rule")
        #expect(engine.match(Self.line(-500, payee: "Swedbank"), account: nil)?.id == "small-fees")
        #expect(engine.match(Self.line(-1500, payee: "Swedbank"), account: nil) == nil, "below the minimum of -10.00")
        #expect(engine.match(Self.line(-389, payee: "Telia", memo: "Mobilabonnemang"), account: nil)?.id == "telia-memo")
        #expect(engine.match(Self.line(120, payee: "Interest"), account: "SE99")?.id == "on-savings")
        #expect(engine.match(Self.line(120, payee: "Interest"), account: "SE11") == nil)
    }

    @Test func patternsMatchCharactersNotBytes() throws {
        var engine = try RuleEngine([CategorizationRule(id: "insurance", payeePattern: "F.rs.kringar$", category: CategoryKey("insurance"))])
        #expect(engine.match(Self.line(-231_000, "SEK", payee: "LÄNSFÖRSÄKRINGAR"), account: nil)?.id == "insurance")
        #expect(engine.match(Self.line(-231_000, "SEK", payee: "Länsförsäkringar AB"), account: nil) == nil)
    }

    @Test func boundsAreReadInTheLinesCurrency() throws {
        var engine = try RuleEngine([CategorizationRule(id: "fee", payeeContains: "fee", minimum: "-10", maximum: "0",
                                                        category: CategoryKey("bank-fees"))])
        #expect(engine.match(Self.line(-9, "JPY", payee: "fee"), account: nil)?.id == "fee", "-9 yen is within -10…0")
        #expect(engine.match(Self.line(-11, "JPY", payee: "fee"), account: nil) == nil)
        #expect(engine.match(Self.line(-999, "EUR", payee: "fee"), account: nil)?.id == "fee", "-9.99 EUR")
        #expect(engine.match(Self.line(-10_001, "BHD", payee: "fee"), account: nil) == nil, "-10.001 BHD")
    }

    @Test func aBrokenPatternNamesTheRule() {
        #expect(throws: KontorError.self) {
            try RuleEngine([CategorizationRule(id: "broken", payeePattern: "([", category: CategoryKey("rent"))])
        }
    }

    static let catalog = """
        categories:
          - { key: rent, name: Rent, account: "Expenses:Rent" }
          - key: utilities
            name: Utilities
            account: "Expenses:Utilities"
            children:
              - { key: phone, name: Phone, account: "Expenses:Utilities:Phone" }

        """

    static func configuration() throws -> Configuration {
        Configuration(businesses: [], catalog: try CategoryCatalog.parse(yaml: catalog, file: "pipelines/categories.yaml"))
    }

    @Test(arguments: [
        ("rules:\n  - { id: a, payee: \"([\", category: rent }\n", "rule a: '([' is not a valid regular expression"),
        ("rules:\n  - { id: b, payee: x, category: office }\n", "rule b: category 'office' is not in the catalog"),
        ("rules:\n  - { id: c, category: rent }\n", "rule c has no condition: it would match every line"),
        ("rules:\n  - { id: d, min: lots, category: rent }\n", "rule d: 'lots' is not an amount"),
        ("rules:\n  - { id: e, direction: out, category: rent }\n", "rule e: direction must be debit or credit, found 'out'"),
    ])
    func badRulesStopTheConfiguration(yaml: String, message: String) throws {
        let configuration = try Self.configuration()
        do {
            _ = try RuleFile.parse(yaml: yaml, file: "pipelines/rules/x.yaml", configuration: configuration)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.code == .config)
            #expect(error.message == message)
            #expect(error.position?.file == "pipelines/rules/x.yaml")
            #expect(error.position?.line == 2)
        }
    }

    @Test func aGoodRuleFileParses() throws {
        let rules = try RuleFile.parse(yaml: "rules:\n  - { id: phone, payee_contains: Telia, max: \"0\", category: utilities.phone }\n",
                                       file: "pipelines/rules/x.yaml", configuration: try Self.configuration())
        #expect(rules == [CategorizationRule(id: "phone", position: rules[0].position, payeeContains: "Telia", maximum: "0",
                                             category: CategoryKey("utilities.phone"))])
    }
}
