import KontorClassify
import KontorConfig
import KontorCore
import KontorRead
import KontorStore

/// Turns bank and gateway lines into balanced ledger entries for one business.
///
/// Bank line of amount A on bank account B: B +A, and the counter account −A: the
/// account of the category a rule gave (splitting input tax out of a debit when the rule
/// has a tax rate), a gateway's transit account when the line is that gateway's payout
/// reaching the bank, or else the business's uncategorized expense or income account,
/// with the line listed for review.
///
/// Gateway line of gross G with fee F on clearing account C: C +(G − F), fees +F, and
/// income (or the rule's category) −G. A payout moves C −P to the gateway's transit
/// account, which the bank line of the same payout clears: the payout is a transfer, never
/// income.
struct StatementBooking {
    let business: BusinessProfile
    private(set) var rules: RuleEngine
    /// The gateway whose file this is (gateway channel), nil for bank statements.
    let gateway: (name: String, setting: GatewaySetting)?
    let idScheme: String
    /// The gateway's income, fees and held-money accounts, resolved once per file.
    private let gatewayAccounts: (income: AccountPath, fees: AccountPath, held: AccountPath)?
    private let categoryAccounts: [CategoryKey: AccountPath]
    private let inputTax: AccountPath
    private let uncategorizedExpense: AccountPath
    private let uncategorizedIncome: AccountPath
    /// The business's gateways, in the order a bank line's text is searched for them.
    private let gatewayNames: [String]
    private let vendors = VendorNormalizer()
    private var vendorCache: [String: NormalizedVendor] = [:]
    /// Per rule (by index): the evidence it gives, serialized once, and its category's
    /// account (nil when the business lacks the category: an error on the first line the
    /// rule matches).
    private let ruleBookings: [(evidence: JSONValue, evidenceJSON: String, counter: AccountPath?)]
    /// The last statement account and its normalized form (`BankAccountBinding.normalize`).
    private var normalizedAccount: (account: String?, normalized: String?) = (nil, nil)
    /// `bank:<account>:` for the last account.
    private var recordPrefix: (account: AccountPath, prefix: String)?
    /// Vendor defaults and the learned model: asked only for lines no rule decided.
    var learned = LearnedCategorizer()

    init(business: BusinessProfile, configuration: Configuration, gateway: String?, idScheme: String) throws(KontorError) {
        self.business = business
        rules = try RuleEngine(configuration.rules(for: business.id))
        if let gateway {
            guard let setting = business.gateways[gateway] else {
                throw KontorError(.badInput, "this is a \(gateway) file, but business \(business.id) has no \(gateway) gateway",
                                  hint: "add 'gateways: {\(gateway): {clearing: Assets:\(gateway.prefix(1).uppercased() + gateway.dropFirst()), fees: Expenses:Fees:Payment}}' to pipelines/businesses/\(business.id).yaml (and those accounts to its chart)")
            }
            self.gateway = (gateway, setting)
            let clearing = try ExpenseBooking.path(setting.clearing, business: business)
            guard let held = AccountPath(clearing.rawValue + ":Held") else {
                throw KontorError(.config, "account '\(clearing):Held' of business \(business.id) is not a valid ledger account name")
            }
            gatewayAccounts = (try ExpenseBooking.path(setting.income, business: business),
                               try ExpenseBooking.path(setting.fees, business: business), held)
        } else {
            self.gateway = nil
            gatewayAccounts = nil
        }
        self.idScheme = idScheme
        var accounts: [CategoryKey: AccountPath] = [:]
        for category in configuration.categories(for: business.id) {
            accounts[category.key] = try ExpenseBooking.path(category.account, business: business)
        }
        categoryAccounts = accounts
        var ruleBookings: [(evidence: JSONValue, evidenceJSON: String, counter: AccountPath?)] = []
        for index in 0..<rules.count {
            let rule = rules.rule(at: index)
            let evidence = CategoryEvidence(.rule(id: rule.id)).json
            ruleBookings.append((evidence, evidence.serialized(pretty: false), accounts[rule.category]))
        }
        self.ruleBookings = ruleBookings
        inputTax = try ExpenseBooking.path(business.inputTaxAccount, business: business)
        uncategorizedExpense = try ExpenseBooking.path(business.uncategorizedExpense, business: business)
        uncategorizedIncome = try ExpenseBooking.path(business.uncategorizedIncome, business: business)
        gatewayNames = business.gateways.keys.sorted()
    }

    /// The ledger account a statement is for.
    func account(for header: StatementHeader) throws(KontorError) -> AccountPath {
        if let gateway { return try ExpenseBooking.path(gateway.setting.clearing, business: business) }
        let named = header.account.map(BankAccountBinding.normalize)
        let binding = named.flatMap { business.bankAccount(named: $0) } ?? (named == nil ? unnamedAccount : nil)
        guard let binding else {
            throw KontorError(.badInput, "the statement is for account \(header.account ?? "(not named)"), which is not among the bank accounts of business \(business.id)",
                              hint: "add it under bank_accounts (id: \(header.account ?? "…"), account: Assets:Bank:…) in pipelines/businesses/\(business.id).yaml",
                              at: header.position)
        }
        if let currency = binding.currency, currency != header.currency {
            throw KontorError(.badInput, "the statement for \(binding.id) is in \(header.currency), but that account is kept in \(currency)",
                              hint: "check the file, or the currency of the bank account in pipelines/businesses/\(business.id).yaml",
                              at: header.position)
        }
        return try ExpenseBooking.path(binding.account, business: business)
    }

    /// The bank account of a statement that names none (a bank CSV without an account
    /// column or `account:`): the one whose `source` is this file's mapping, else the
    /// business's only bank account.
    private var unnamedAccount: BankAccountBinding? {
        if idScheme.hasPrefix("csv:") {
            let bySource = business.bankAccounts.filter { $0.source == String(idScheme.dropFirst(4)) }
            if bySource.count == 1 { return bySource[0] }
        }
        return business.bankAccounts.count == 1 ? business.bankAccounts.first : nil
    }

    /// The balanced entry for one line of the statement on `account`.
    mutating func entry(for line: BankTransaction, account: AccountPath, statementAccount: String?) throws(KontorError) -> BankEntry {
        let recordID = self.recordID(for: line, account: account)
        var category: CategoryKey?
        var vendorName = line.payee
        var status = BankEntry.Status.review
        var evidence = StatementBooking.noRule
        var evidenceJSON: String? = StatementBooking.noRuleJSON
        var counter: AccountPath
        var taxRate: TaxRate?
        if statementAccount != normalizedAccount.account {
            normalizedAccount = (statementAccount, statementAccount.map(BankAccountBinding.normalize))
        }
        if let index = rules.matchIndex(line, account: normalizedAccount.normalized) {
            let rule = rules.rule(at: index)
            let booking = ruleBookings[index]
            category = rule.category
            vendorName = rule.vendor ?? vendorName
            status = .categorized
            (evidence, evidenceJSON) = (booking.evidence, booking.evidenceJSON)
            taxRate = rule.taxRate
            guard let mapped = booking.counter else {
                throw KontorError(.config, "rule \(rule.id) names category \(rule.category), which business \(business.id) does not have",
                                  at: rule.position)
            }
            counter = mapped
        } else if let transit = try transitAccount(for: line) {
            counter = transit
            status = .transfer
            evidence = ["source": "gateway-payout", "gateway": .string(gateway?.name ?? payoutGateway(of: line) ?? "")]
            evidenceJSON = nil
        } else {
            counter = line.amount.isNegative ? uncategorizedExpense : uncategorizedIncome
            if let gateway, let booked = gatewayCounter(for: line) {
                (counter, status) = booked
                evidence = ["source": "gateway", "gateway": .string(gateway.name), "kind": .optional(line.gatewayKind)]
                evidenceJSON = nil
            } else if let decision = try learned.decide(payee: line.payee, memo: line.memo, amount: line.amount, date: line.date,
                                                        account: account.rawValue, vendorKey: vendorName.map { normalized($0).key }) {
                evidence = decision.evidence
                evidenceJSON = nil
                if let decided = decision.category, let mapped = categoryAccounts[decided] {
                    (category, status, counter) = (decided, .categorized, mapped)
                }
            }
        }
        let postings = try postings(for: line, account: account, counter: counter, taxRate: taxRate)
        let vendor = vendorName.map { normalized($0) }
        let transaction = try LedgerTransaction(
            date: line.date, description: line.payee ?? line.memo ?? line.kind ?? "bank line", recordID: recordID, postings: postings)
        return BankEntry(line: line, account: account, statementAccount: statementAccount, idScheme: idScheme, category: category,
                         vendorName: vendor?.displayName, vendorKey: vendor?.key, evidence: evidence,
                         evidenceJSON: evidenceJSON ?? evidence.serialized(pretty: false), status: status, transaction: transaction)
    }

    private static let noRule: JSONValue = ["source": "none", "reason": "no rule matched"]
    private static let noRuleJSON = noRule.serialized(pretty: false)

    /// `bank:<account>:<id scheme>:<bank id>`, or `bank:<account>:fp:<date>:<minor units>:<currency>`
    /// for a line without a bank id.
    private mutating func recordID(for line: BankTransaction, account: AccountPath) -> String {
        let prefix: String
        if let recordPrefix, recordPrefix.account == account {
            prefix = recordPrefix.prefix
        } else {
            prefix = "bank:\(account):"
            recordPrefix = (account, prefix)
        }
        var recordID = prefix
        if let bankID = line.bankID {
            recordID.reserveCapacity(prefix.utf8.count + idScheme.utf8.count + bankID.utf8.count + 1)
            recordID += idScheme
            recordID += ":"
            recordID += bankID
        } else {
            recordID.reserveCapacity(prefix.utf8.count + 40)
            recordID += "fp:"
            recordID += line.date.description
            recordID += ":"
            recordID += String(line.amount.minorUnits)
            recordID += ":"
            recordID += line.amount.currency.code
        }
        return recordID
    }

    private func postings(for line: BankTransaction, account: AccountPath, counter: AccountPath,
                          taxRate: TaxRate?) throws(KontorError) -> [Posting] {
        let amount = line.amount
        if let gatewayAccounts {
            let fee = line.fee ?? .zero(amount.currency)
            var postings = [Posting(account, Money(minorUnits: amount.minorUnits - fee.minorUnits, currency: amount.currency))]
            if !fee.isZero { postings.append(Posting(gatewayAccounts.fees, fee)) }
            postings.append(Posting(counter, amount.negated))
            return postings
        }
        guard let taxRate, amount.isNegative, taxRate.millipercent > 0 else {
            return [Posting(account, amount), Posting(counter, amount.negated)]
        }
        let tax = ExpenseBooking.includedTax(in: amount.negated, rate: taxRate)
        return [Posting(account, amount), Posting(counter, Money(minorUnits: -amount.minorUnits - tax.minorUnits, currency: amount.currency)),
                Posting(inputTax, tax)]
    }

    /// Where a gateway line that no rule decided goes by its kind (docs/decisions/gateway-lines.md):
    /// charges, refunds and disputes to the gateway's income account (a refund or a lost
    /// dispute takes income back, a won one restores it); the gateway's own fees to its
    /// fees account; money held back or released to `<clearing>:Held`, and each leg of a
    /// currency conversion to `Equity:Conversion` — both stay off the P&L. Other money in
    /// counts as income; other money out (a purchase paid through the gateway, a transfer,
    /// an adjustment) is left to the classifier or review: nil.
    private func gatewayCounter(for line: BankTransaction) -> (AccountPath, BankEntry.Status)? {
        guard let accounts = gatewayAccounts else { return nil }
        switch line.gatewayKind.flatMap(GatewayKind.init(rawValue:)) {
        case .charge, .refund, .dispute: return (accounts.income, .categorized)
        case .fee: return (accounts.fees, .categorized)
        case .hold: return (accounts.held, .transfer)
        case .conversion: return (StatementBooking.conversion, .transfer)
        case .payment, .payout, .adjustment, .transfer, nil:
            return line.amount.isNegative ? nil : (accounts.income, .categorized)
        }
    }

    /// Where each leg of a currency conversion inside a gateway account goes: the account
    /// holds the legs in their currencies, as hledger's and beancount's conversion accounts do.
    static let conversion = AccountPath("Equity:Conversion")!

    /// The transit account of a payout: a gateway file's payout line, or a bank line whose
    /// payee or memo names a gateway of the business and brings money in.
    private func transitAccount(for line: BankTransaction) throws(KontorError) -> AccountPath? {
        let name: String?
        if let gateway {
            name = line.gatewayKind == "payout" ? gateway.name : nil
        } else {
            name = line.amount.isNegative ? nil : payoutGateway(of: line)
        }
        guard let name, let setting = business.gateways[name] else { return nil }
        return try ExpenseBooking.path(setting.transit, business: business)
    }

    private func payoutGateway(of line: BankTransaction) -> String? {
        guard !gatewayNames.isEmpty else { return nil }
        let text = ((line.payee ?? "") + " " + (line.memo ?? "")).lowercased()
        return gatewayNames.first { text.contains($0) }
    }

    private mutating func normalized(_ name: String) -> NormalizedVendor {
        if let cached = vendorCache[name] { return cached }
        var vendor = vendors.normalize(name)
        if let declared = learned.directory.vendor(forKey: vendor.key) {
            vendor = NormalizedVendor(displayName: declared.name, key: declared.key)
        }
        if vendorCache.count < 50_000 { vendorCache[name] = vendor }
        return vendor
    }
}

extension StatementBooking {
    /// Walks a statement file the way import and dry run both need it: resolves each
    /// statement's account, checks its currency and balances, and books each line, handing
    /// every entry and every finished statement to the caller.
    mutating func book(_ reader: any StatementReader, from source: inout some ByteSource, fileName: String,
                       entry handleEntry: (BankEntry) throws(KontorError) -> Void,
                       statement handleStatement: (StatementSummary) throws(KontorError) -> Void) throws(KontorError) {
        var current: (account: AccountPath, check: StatementCheck)?
        try reader.read(&source, fileName: fileName) { (event: StatementEvent) throws(KontorError) -> Void in
            switch event {
            case .begin(let header):
                current = (try account(for: header), StatementCheck(header: header))
            case .transaction(let line):
                // Checked and read in place: copying the statement out and back per line
                // copied its header.
                guard current != nil else {
                    throw KontorError(.internal, "the reader gave a line outside a statement", at: line.position)
                }
                try current?.check.add(line)
                guard let account = current?.account else { return }
                try handleEntry(try entry(for: line, account: account, statementAccount: current?.check.header.account))
            case .end(let footer):
                guard let statement = current else { return }
                try handleStatement(try statement.check.summary(footer, account: statement.account))
                current = nil
            }
        }
    }
}

extension StatementBooking {
    /// Lets vendor master data and the model trained on `history` categorize the lines
    /// no rule decides (with the business's `classifier:` settings).
    mutating func learn(directory: VendorDirectory, history: @escaping () throws(KontorError) -> [ClassifierExample]) {
        let settings = business.classifier
        learned = LearnedCategorizer(directory: directory, allowed: Set(categoryAccounts.keys), enabled: settings.enabled,
                                     threshold: settings.threshold, minimumExamples: settings.minimumExamples, history: history)
    }
}
