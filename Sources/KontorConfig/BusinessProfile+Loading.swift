import KontorCore
import Yams

extension BusinessProfile {
    /// The keys a business profile may have, in the order the documentation lists them.
    static let allowedKeys = ["id", "name", "base_currency", "tax_id", "fiscal_year_start", "accounts",
                              "payment_accounts", "default_payment_account", "input_tax_account",
                              "categories", "import", "bank_accounts", "gateways", "uncategorized_expense_account",
                              "uncategorized_income_account", "classifier", "invoicing"]

    /// Parses the text of `pipelines/businesses/<id>.yaml`.
    ///
    /// - Parameters:
    ///   - id: the id the file name gives; the profile's `id` must equal it.
    ///   - file: the name errors show (workspace-relative).
    ///   - catalog: the shared catalog: custom categories must not reuse its keys, and
    ///     its accounts count as known accounts.
    public static func parse(yaml text: String, id: BusinessID, file: String? = nil,
                             catalog: CategoryCatalog) throws(KontorError) -> BusinessProfile {
        let file = file ?? "pipelines/businesses/\(id).yaml"
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "a business profile", allowed: allowedKeys)

        let idNode = try top.required("id", expected: "the business id, equal to the file name")
        let idText = try idNode.nonEmptyString(expected: "a business id")
        guard idText == id.rawValue else {
            throw idNode.error("id '\(idText)' does not match the file name '\(id).yaml'",
                               hint: "write 'id: \(id)', or rename the file to '\(idText).yaml'")
        }
        let name = try top.required("name", expected: "the business's name").nonEmptyString(expected: "a name")
        let currency = try top.required("base_currency", expected: "an ISO 4217 code such as EUR").currencyCode()
        var profile = BusinessProfile(id: id, name: name, baseCurrency: currency)
        profile.taxID = try top.optional("tax_id")?.nonEmptyString(expected: "a tax id")
        if let node = top.optional("fiscal_year_start") {
            profile.fiscalYearStart = try node.monthDay()
        }
        if let node = top.optional("accounts") {
            profile.accounts = try chart(from: node)
        }
        var parser = CategoryTreeParser(owner: id, reserved: catalog)
        if let node = top.optional("categories") {
            try parser.parse(list: node, parent: nil, depth: 1)
        }
        profile.customCategories = parser.categories
        if let node = top.optional("import") {
            profile.importSettings = try ImportSettings.parse(node)
        }

        let known = KnownAccounts(chart: profile.accounts, categories: catalog.categories + profile.customCategories)
        if let node = top.optional("input_tax_account") {
            profile.inputTaxAccount = try node.accountName()
            try requireType(profile.inputTaxAccount, [.assets], at: node, role: "input_tax_account", example: "Assets:Tax:Input")
            try known.check(profile.inputTaxAccount, at: node, role: "input_tax_account")
        } else {
            try known.check(profile.inputTaxAccount, at: top.node, role: "input_tax_account (default \(profile.inputTaxAccount))")
        }
        if let node = top.optional("payment_accounts") {
            profile.paymentAccounts = try paymentAccounts(from: node, known: known)
        }
        profile.defaultPaymentMethod = try defaultPaymentMethod(top.optional("default_payment_account"),
                                                                accounts: profile.paymentAccounts, at: top.node)
        if let node = top.optional("bank_accounts") {
            profile.bankAccounts = try bankAccounts(from: node, known: known)
        }
        if let node = top.optional("gateways") {
            profile.gateways = try gateways(from: node, known: known)
        }
        if let node = top.optional("uncategorized_expense_account") {
            profile.uncategorizedExpense = try node.accountName()
            try requireType(profile.uncategorizedExpense, [.expenses], at: node, role: "uncategorized_expense_account",
                            example: "Expenses:Uncategorized")
            try known.check(profile.uncategorizedExpense, at: node, role: "uncategorized_expense_account")
        }
        if let node = top.optional("uncategorized_income_account") {
            profile.uncategorizedIncome = try node.accountName()
            try requireType(profile.uncategorizedIncome, [.income], at: node, role: "uncategorized_income_account",
                            example: "Income:Uncategorized")
            try known.check(profile.uncategorizedIncome, at: node, role: "uncategorized_income_account")
        }
        if let node = top.optional("classifier") {
            profile.classifier = try ClassifierSettings.parse(node)
        }
        if let node = top.optional("invoicing") {
            profile.invoicing = try InvoicingSettings.parse(node)
        }
        return profile
    }

    static func bankAccounts(from node: ConfigNode, known: KnownAccounts) throws(KontorError) -> [BankAccountBinding] {
        var result: [BankAccountBinding] = []
        for element in try node.sequence(of: "bank_accounts") {
            let mapping = try ConfigMapping(element, what: "a bank account", allowed: ["id", "account", "currency", "source"])
            let idNode = try mapping.required("id", expected: "the account as statements name it (IBAN, account number)")
            let id = try idNode.nonEmptyString(expected: "an account id")
            let accountNode = try mapping.required("account", expected: "a ledger account such as Assets:Bank:Checking")
            let account = try accountNode.accountName()
            guard account.type == .assets || account.type == .liabilities else {
                throw accountNode.error("bank account \(id) posts to \(account), but a bank or card account must be under Assets or Liabilities",
                                        hint: "for example Assets:Bank:Checking or Liabilities:CreditCard")
            }
            try known.check(account, at: accountNode, role: "bank_accounts[\(id)].account")
            let binding = BankAccountBinding(
                id: id, account: account, currency: try mapping.optional("currency")?.currencyCode(),
                source: try mapping.optional("source")?.nonEmptyString(expected: "a source mapping name"))
            guard !result.contains(where: { $0.id == binding.id }) else {
                throw idNode.error("bank account \(id) is listed twice", hint: "remove one of them")
            }
            result.append(binding)
        }
        return result
    }

    static func gateways(from node: ConfigNode, known: KnownAccounts) throws(KontorError) -> [String: GatewaySetting] {
        guard case .mapping(let mapping) = node.node else {
            throw node.error("'gateways' must be a mapping of gateway name to its accounts, such as 'stripe: {clearing: Assets:Stripe, fees: Expenses:Payment-Fees}'; found \(node.kindDescription)")
        }
        var result: [String: GatewaySetting] = [:]
        for (keyNode, valueNode) in mapping {
            let keyAt = ConfigNode(node: keyNode, file: node.file, path: node.path)
            let name = try keyAt.string(expected: "a gateway name")
            guard name == "stripe" || name == "paypal" else {
                throw keyAt.error("gateway '\(name)' is not known", hint: "Kontor reads stripe and paypal")
            }
            let value = node.child(valueNode, key: name)
            let fields = try ConfigMapping(value, what: "a gateway", allowed: ["clearing", "fees", "income", "transit", "signing_secret_env"])
            let clearingNode = try fields.required("clearing", expected: "the clearing account such as Assets:Stripe")
            let feesNode = try fields.required("fees", expected: "the fee expense account such as Expenses:Payment-Fees")
            let component = name.prefix(1).uppercased() + name.dropFirst()
            let setting = GatewaySetting(
                clearing: try clearingNode.accountName(), fees: try feesNode.accountName(),
                income: try fields.optional("income")?.accountName() ?? AccountName(rawValue: "Income:Sales", type: .income),
                transit: try fields.optional("transit")?.accountName()
                    ?? AccountName(rawValue: "Assets:Transit:\(component)", type: .assets),
                signingSecretVariable: try fields.optional("signing_secret_env")?.nonEmptyString(expected: "an environment variable name"))
            if name == "paypal", let secretNode = fields.optional("signing_secret_env") {
                throw secretNode.error("signing_secret_env is not supported for paypal: Kontor verifies only Stripe's webhook signatures",
                                       hint: "remove it; PayPal webhook events are booked without a signature check")
            }
            try requireType(setting.clearing, [.assets], at: clearingNode, role: "gateways.\(name).clearing", example: "Assets:Stripe")
            try requireType(setting.fees, [.expenses], at: feesNode, role: "gateways.\(name).fees", example: "Expenses:Fees:Payment")
            if let node = fields.optional("income") {
                try requireType(setting.income, [.income], at: node, role: "gateways.\(name).income", example: "Income:Sales")
            }
            if let node = fields.optional("transit") {
                try requireType(setting.transit, [.assets], at: node, role: "gateways.\(name).transit", example: "Assets:Transit:Stripe")
            }
            try known.check(setting.clearing, at: clearingNode, role: "gateways.\(name).clearing")
            try known.check(setting.fees, at: feesNode, role: "gateways.\(name).fees")
            try known.check(setting.income, at: fields.optional("income") ?? value, role: "gateways.\(name).income")
            try known.check(setting.transit, at: fields.optional("transit") ?? value, role: "gateways.\(name).transit (default \(setting.transit))")
            result[name] = setting
        }
        return result
    }

    /// An account named for a role must be of a type that role can hold: input tax an
    /// asset, the review accounts an expense and an income account, and so on. Otherwise tax
    /// would be booked into an expense account and counted by the tax report as input tax.
    static func requireType(_ account: AccountName, _ types: [AccountType], at node: ConfigNode, role: String,
                            example: String) throws(KontorError) {
        guard !types.contains(account.type) else { return }
        throw node.error("\(role) is \(account), but it must be under \(types.map(\.rawValue).joined(separator: " or "))",
                         hint: "for example \(example)")
    }

    static func chart(from node: ConfigNode) throws(KontorError) -> [ChartAccount] {
        var accounts: [ChartAccount] = []
        var seenCodes: [String: AccountName] = [:]
        for element in try node.sequence(of: "accounts") {
            let mapping = try ConfigMapping(element, what: "an account", allowed: ["name", "code"])
            let nameNode = try mapping.required("name", expected: "an account name such as Assets:Bank:Checking")
            let name = try nameNode.accountName()
            guard !accounts.contains(where: { $0.name == name }) else {
                throw nameNode.error("account \(name) is listed twice in accounts", hint: "remove one of them")
            }
            let codeNode = mapping.optional("code")
            let code = try codeNode?.nonEmptyString(expected: "an account code")
            if let code, let codeNode, let other = seenCodes[code] {
                throw codeNode.error("account code '\(code)' is used by both \(other) and \(name)",
                                     hint: "give each account its own code")
            }
            if let code { seenCodes[code] = name }
            accounts.append(ChartAccount(name: name, code: code))
        }
        return accounts
    }

    static func paymentAccounts(from node: ConfigNode, known: KnownAccounts) throws(KontorError) -> [String: AccountName] {
        guard case .mapping(let mapping) = node.node else {
            throw node.error("'payment_accounts' must be a mapping of payment method to account, such as 'bank: Assets:Bank:Checking'; found \(node.kindDescription)")
        }
        var result: [String: AccountName] = [:]
        for (keyNode, valueNode) in mapping {
            let keyAt = ConfigNode(node: keyNode, file: node.file, path: node.path)
            let method = try keyAt.string(expected: "a payment method name")
            let value = node.child(valueNode, key: method)
            guard CategoryTreeParser.isValidSegment(method.replacingUnderscores) else {
                throw keyAt.error("payment method '\(method)' must be lower-case letters, digits, '-' and '_'",
                                  hint: "for example bank, card or cash")
            }
            let account = try value.accountName()
            guard account.type == .assets || account.type == .liabilities || account.type == .equity else {
                throw value.error("payment method '\(method)' pays from \(account), but a payment account must be under Assets, Liabilities or Equity",
                                  hint: "for example Assets:Bank:Checking, Liabilities:CreditCard or Assets:Cash")
            }
            try known.check(account, at: value, role: "payment_accounts.\(method)")
            result[method] = account
        }
        return result
    }

    static func defaultPaymentMethod(_ node: ConfigNode?, accounts: [String: AccountName],
                                     at top: ConfigNode) throws(KontorError) -> String? {
        let methods = accounts.keys.sorted()
        guard let node else {
            guard methods.count > 1 else { return methods.first }
            throw top.error("a business profile with several payment accounts is missing 'default_payment_account'",
                            hint: "add 'default_payment_account: …' with one of: \(methods.joined(separator: ", "))")
        }
        let text = try node.nonEmptyString(expected: "a payment method name")
        if accounts[text] != nil { return text }
        if let method = methods.first(where: { accounts[$0]?.rawValue == text }) { return method }
        guard !methods.isEmpty else {
            throw node.error("default_payment_account '\(text)' names a payment method, but 'payment_accounts' is empty",
                             hint: "add payment_accounts such as 'bank: Assets:Bank:Checking'")
        }
        let suggestion = Suggestion.closest(to: text, among: methods).map { "did you mean '\($0)'? " } ?? ""
        throw node.error("default_payment_account '\(text)' is not one of the payment methods in 'payment_accounts'",
                         hint: suggestion + "payment methods: \(methods.joined(separator: ", "))")
    }
}

private extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}

extension ConfigNode {
    /// `MM-DD`, such as `01-01` or `07-01`.
    func monthDay() throws(KontorError) -> MonthDay {
        let text = try nonEmptyString(expected: "a day of the year as MM-DD")
        guard let value = MonthDay(text) else {
            throw error("\(label) '\(text)' is not a day of the year as MM-DD", hint: "for example 01-01 or 07-01")
        }
        return value
    }
}
