import KontorCore

/// One business of the workspace (`pipelines/businesses/<id>.yaml`): its currency, tax
/// id, fiscal year, chart of accounts, payment accounts, custom categories and how its
/// inputs are read. A loaded profile is valid: every account it refers to exists.
public struct BusinessProfile: Hashable, Sendable {
    public var id: BusinessID
    public var name: String
    public var baseCurrency: CurrencyCode
    /// The VAT or tax number printed on invoices (`DE123456789`), if any.
    public var taxID: String?
    public var fiscalYearStart: MonthDay
    /// The chart of accounts, in file order.
    public var accounts: [ChartAccount]
    /// Payment method name (`bank`, `card`, `cash`) → the account it pays from.
    public var paymentAccounts: [String: AccountName]
    /// The payment method used when a record names none; nil when there are no payment accounts.
    public var defaultPaymentMethod: String?
    /// Where input tax (VAT paid on expenses) is booked.
    public var inputTaxAccount: AccountName
    /// Categories only this business sees, parents before children.
    public var customCategories: [CategoryDefinition]
    public var importSettings: ImportSettings
    /// The bank and card accounts its statements name, and their ledger accounts.
    public var bankAccounts: [BankAccountBinding] = []
    /// The ledger accounts of ``bankAccounts``, by name: an expense paid from one of them
    /// pairs with its statement line (docs/decisions/expense-bank-lines.md).
    public var statementAccounts: Set<String> { Set(bankAccounts.map(\.account.rawValue)) }
    /// Payment gateways by name (`stripe`, `paypal`).
    public var gateways: [String: GatewaySetting] = [:]
    /// Where bank lines go that no rule or model could categorize: they wait for review.
    public var uncategorizedExpense = BusinessProfile.defaultUncategorizedExpense
    public var uncategorizedIncome = BusinessProfile.defaultUncategorizedIncome
    /// The learned classifier's threshold and minimum history (`classifier:`).
    public var classifier = ClassifierSettings()
    /// How the business invoices; nil when the profile has no `invoicing:` section (then
    /// invoice requests are rejected with a hint to add it).
    public var invoicing: InvoicingSettings?

    public init(id: BusinessID, name: String, baseCurrency: CurrencyCode, taxID: String? = nil,
                fiscalYearStart: MonthDay = .januaryFirst, accounts: [ChartAccount] = [],
                paymentAccounts: [String: AccountName] = [:], defaultPaymentMethod: String? = nil,
                inputTaxAccount: AccountName = BusinessProfile.defaultInputTaxAccount,
                customCategories: [CategoryDefinition] = [], importSettings: ImportSettings = ImportSettings()) {
        self.id = id
        self.name = name
        self.baseCurrency = baseCurrency
        self.taxID = taxID
        self.fiscalYearStart = fiscalYearStart
        self.accounts = accounts
        self.paymentAccounts = paymentAccounts
        self.defaultPaymentMethod = defaultPaymentMethod
        self.inputTaxAccount = inputTaxAccount
        self.customCategories = customCategories
        self.importSettings = importSettings
    }

    /// `Assets:Tax:Input`, the input tax account when the profile names none.
    public static let defaultInputTaxAccount = AccountName(rawValue: "Assets:Tax:Input", type: .assets)

    public static let defaultUncategorizedExpense = AccountName(rawValue: "Expenses:Uncategorized", type: .expenses)
    public static let defaultUncategorizedIncome = AccountName(rawValue: "Income:Uncategorized", type: .income)

    /// The binding of the account a statement names, if the business has one.
    public func bankAccount(named id: String) -> BankAccountBinding? {
        let key = BankAccountBinding.normalize(id)
        return bankAccounts.first { $0.id == key }
    }

    /// The account of the default payment method.
    public var defaultPaymentAccount: AccountName? { defaultPaymentMethod.flatMap { paymentAccounts[$0] } }

    /// The account a record's payment field refers to: a payment method name (`card`) or
    /// an account of the chart written out (`Liabilities:CreditCard`). Nil when neither.
    public func paymentAccount(for text: String) -> AccountName? {
        if let account = paymentAccounts[text] { return account }
        guard let name = AccountName(text), accounts.contains(where: { $0.name == name }) else { return nil }
        return name
    }

    /// The chart account with this name.
    public func account(named name: AccountName) -> ChartAccount? { accounts.first { $0.name == name } }
}
