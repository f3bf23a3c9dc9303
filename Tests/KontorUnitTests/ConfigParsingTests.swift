import KontorConfig
import KontorCore
import Testing

@Suite struct ConfigParsingTests {
    static let catalogYAML = """
        categories:
          - key: office
            name: Office
            account: Expenses:Office
            children:
              - { key: software, name: Software, account: Expenses:Office:Software, tax_rate: 19 }
          - key: income
            name: Income
            account: Income:Other
            children:
              - { key: sales, name: Sales, account: Income:Sales }
        """

    static let acmeYAML = """
        id: acme
        name: ACME GmbH
        base_currency: EUR
        tax_id: DE123456789
        fiscal_year_start: 07-01
        accounts:
          - { name: Assets:Bank:Checking, code: "1200" }
          - { name: Assets:Tax:Input }
          - { name: Liabilities:CreditCard }
        payment_accounts:
          bank: Assets:Bank:Checking
          card: Liabilities:CreditCard
        default_payment_account: card
        categories:
          - key: research
            name: Research
            account: Expenses:Research
            children:
              - { key: lab-supplies, name: Lab supplies, account: Expenses:Research:Lab-Supplies, tax_rate: 7.7 }
        import:
          allow_new_categories: true
          decimal_separator: ","
          date_format: DD.MM.YYYY
        """

    static func acme() throws -> BusinessProfile {
        let id = try #require(BusinessID("acme"))
        return try BusinessProfile.parse(yaml: acmeYAML, id: id, catalog: CategoryCatalog.parse(yaml: catalogYAML))
    }

    @Test func emptySettingsFileMeansDefaults() throws {
        let settings = try WorkspaceSettings.parse(yaml: "# nothing here\n")
        #expect(settings == WorkspaceSettings(settleSeconds: 2, rescanSeconds: 30,
                                              limits: .init(maxFileBytes: 268_435_456)))
        #expect(settings.settleInterval == .seconds(2))
    }

    @Test func settingsValuesAndSizeUnits() throws {
        let settings = try WorkspaceSettings.parse(yaml: "settle_seconds: 5\nrescan_seconds: 1_200\nlimits:\n  max_file_bytes: 8 MiB\n")
        #expect(settings.settleSeconds == 5)
        #expect(settings.rescanSeconds == 1200)
        #expect(settings.limits.maxFileBytes == 8_388_608)
    }

    @Test func catalogFlattensTheTreeParentsFirst() throws {
        let catalog = try CategoryCatalog.parse(yaml: Self.catalogYAML)
        #expect(catalog.categories.map(\.key.rawValue) == ["office", "office.software", "income", "income.sales"])
        let software = try #require(catalog[CategoryKey("office.software")])
        #expect(software.account.rawValue == "Expenses:Office:Software")
        #expect(software.taxRate == TaxRate(millipercent: 19_000))
        #expect(software.owner == nil)
        #expect(software.definedAt?.line == 6)
        #expect(software.depth == 2)
        #expect(catalog.children(of: nil).map(\.key.rawValue) == ["office", "income"])
        #expect(catalog.children(of: CategoryKey("income")).map(\.name) == ["Sales"])
    }

    @Test func businessProfileReadsEveryField() throws {
        let acme = try Self.acme()
        #expect(acme.name == "ACME GmbH")
        #expect(acme.baseCurrency == .EUR)
        #expect(acme.taxID == "DE123456789")
        #expect(acme.fiscalYearStart.description == "07-01")
        #expect(acme.accounts.map(\.name.rawValue) == ["Assets:Bank:Checking", "Assets:Tax:Input", "Liabilities:CreditCard"])
        #expect(acme.accounts.map(\.type) == [.assets, .assets, .liabilities])
        #expect(acme.accounts.first?.code == "1200")
        #expect(acme.defaultPaymentMethod == "card")
        #expect(acme.defaultPaymentAccount?.rawValue == "Liabilities:CreditCard")
        #expect(acme.paymentAccount(for: "bank")?.rawValue == "Assets:Bank:Checking")
        #expect(acme.paymentAccount(for: "Liabilities:CreditCard")?.rawValue == "Liabilities:CreditCard")
        #expect(acme.paymentAccount(for: "Assets:Elsewhere") == nil)
        #expect(acme.inputTaxAccount.rawValue == "Assets:Tax:Input")
        #expect(acme.customCategories.map(\.key.rawValue) == ["research", "research.lab-supplies"])
        #expect(acme.customCategories.last?.taxRate == TaxRate(millipercent: 7_700))
        #expect(acme.customCategories.allSatisfy { $0.owner == acme.id })
        #expect(acme.importSettings == ImportSettings(allowNewCategories: true, decimalSeparator: .comma, dateFormat: .dayMonthYearDotted))
    }

    @Test func singlePaymentAccountIsTheDefault() throws {
        let yaml = "id: solo\nname: Solo\nbase_currency: SEK\naccounts:\n  - name: Assets:Cash\n  - name: Assets:Tax:Input\npayment_accounts:\n  cash: Assets:Cash\n"
        let id = try #require(BusinessID("solo"))
        let profile = try BusinessProfile.parse(yaml: yaml, id: id, catalog: .empty)
        #expect(profile.defaultPaymentMethod == "cash")
        #expect(profile.fiscalYearStart == .januaryFirst)
        #expect(profile.importSettings == ImportSettings())
    }

    @Test func customCategoriesAreVisibleOnlyToTheirOwner() throws {
        let catalog = try CategoryCatalog.parse(yaml: Self.catalogYAML)
        let other = try BusinessProfile.parse(
            yaml: "id: other\nname: Other\nbase_currency: EUR\naccounts:\n  - name: Assets:Tax:Input\n",
            id: #require(BusinessID("other")), catalog: catalog)
        let configuration = Configuration(businesses: [try Self.acme(), other], catalog: catalog)
        #expect(configuration.businesses.map(\.id.rawValue) == ["acme", "other"])
        let acmeKeys = configuration.categories(for: try #require(BusinessID("acme"))).map(\.key.rawValue)
        #expect(acmeKeys == ["office", "office.software", "income", "income.sales", "research", "research.lab-supplies"])
        let otherKeys = configuration.categories(for: other.id).map(\.key.rawValue)
        #expect(otherKeys == ["office", "office.software", "income", "income.sales"])
        #expect(configuration.category(CategoryKey("research"), for: other.id) == nil)
        #expect(configuration.category(CategoryKey("research"), for: try #require(BusinessID("acme")))?.name == "Research")
    }

    @Test(arguments: [
        ("Assets:Bank:Checking", true), ("Expenses:Office:Software", true), ("Liabilities:Credit-Card", true),
        ("Income:2026", true), ("Assets", false), ("Asset:Bank", false), ("Assets:bank", false),
        ("Assets::Bank", false), ("Assets:Bank Account", false), ("", false),
    ])
    func accountNameGrammar(_ text: String, valid: Bool) {
        #expect((AccountName(text) != nil) == valid)
    }

    @Test func accountNameTypeAndHierarchy() throws {
        let card = try #require(AccountName("Liabilities:CreditCard:Visa"))
        let parent = try #require(AccountName("Liabilities:CreditCard"))
        #expect(card.type == .liabilities)
        #expect(card.components == ["Liabilities", "CreditCard", "Visa"])
        #expect(card.isWithin(parent))
        #expect(!parent.isWithin(card))
    }

    @Test(arguments: [("01-01", true), ("07-01", true), ("12-31", true), ("02-29", false), ("13-01", false), ("1-1", false)])
    func monthDay(_ text: String, valid: Bool) {
        #expect((MonthDay(text) != nil) == valid)
    }
}
