import KontorCore

/// Makes reports from one journal: every figure is a sum of ledger postings, recognized
/// on the requested basis (see ``Recognition``). Pure: values in, a document out.
public struct Reporter: Sendable {
    public let journal: Journal
    public let request: ReportRequest
    let currency: CurrencyCode
    let isTax: [Bool]
    let isInputTax: [Bool]
    let recognition: Recognition

    public init(journal: Journal, request: ReportRequest) {
        self.journal = journal
        self.request = request
        currency = request.currency ?? journal.baseCurrency
        let input = request.inputTaxAccount.rawValue
        isInputTax = journal.accounts.map { $0.rawValue == input || $0.rawValue.hasPrefix(input + ":") }
        isTax = journal.accounts.enumerated().map { index, account in
            if account.rawValue == input || account.rawValue.hasPrefix(input + ":") { return true }
            guard account.kind == .asset || account.kind == .liability else { return false }
            return account.rawValue.split(separator: ":").dropFirst().contains { $0 == "Tax" || $0 == "Taxes" || $0 == "VAT" }
        }
        recognition = Recognition(journal: journal, basis: request.basis, currency: currency, isTax: isTax)
    }

    /// The report called `name`.
    public func report(_ name: ReportName) -> ReportDocument {
        switch name {
        case .pnl: profitAndLoss()
        case .expenses: expenseBreakdown()
        case .tax: taxReport()
        case .vendors: vendorReport()
        case .aging: agingReport()
        }
    }

    func document(_ name: ReportName) -> ReportDocument {
        ReportDocument(name: name, title: name.title, business: journal.business, businessName: request.businessName,
                       period: request.period, comparison: request.comparisonPeriod, basis: request.basis, currency: currency)
    }

    /// The account name cut to the requested depth.
    func collapsed(_ account: Int32) -> String {
        let name = journal.accounts[Int(account)].rawValue
        guard let depth = request.depth, depth > 0 else { return name }
        return name.split(separator: ":").prefix(depth).joined(separator: ":")
    }

    /// Sum per account of the postings recognized in `period`.
    func balances(_ period: ReportPeriod) -> [Int32: Int64] {
        var sums = [Int64](repeating: 0, count: journal.accounts.count)
        var used = [Bool](repeating: false, count: journal.accounts.count)
        for posting in recognition.within(period) {
            sums[Int(posting.account)] += posting.amount
            used[Int(posting.account)] = true
        }
        var result: [Int32: Int64] = [:]
        for index in sums.indices where used[index] { result[Int32(index)] = sums[index] }
        return result
    }

    func kind(_ account: Int32) -> AccountPath.Kind { journal.accounts[Int(account)].kind }

    /// Amounts grouped by collapsed account name for accounts of `kind`, signed so that the
    /// natural balance is positive (income as a credit, expenses as a debit).
    func grouped(_ sums: [Int32: Int64], kind: AccountPath.Kind) -> [String: Int64] {
        var result: [String: Int64] = [:]
        let sign: Int64 = kind == .income ? -1 : 1
        for (account, amount) in sums where self.kind(account) == kind {
            result[collapsed(account), default: 0] += sign * amount
        }
        return result
    }

    /// Rows of name, amount and, with a comparison, the earlier amount and the change.
    func comparedRows(_ current: [String: Int64], _ previous: [String: Int64]?) -> [[ReportCell]] {
        let names = Set(current.keys).union(previous?.keys ?? [:].keys).sorted()
        return names.map { name in
            let amount = current[name] ?? 0
            var row: [ReportCell] = [.text(name), .amount(amount)]
            if let previous {
                let before = previous[name] ?? 0
                row += [.amount(before), .amount(amount - before)]
            }
            return row
        }
    }

    func amountColumns(_ first: ReportColumn) -> [ReportColumn] {
        [first, ReportColumn("amount", "Amount", .amount)]
            + (request.comparisonPeriod == nil ? [] : [ReportColumn("comparison", "Comparison", .amount), ReportColumn("change", "Change", .amount)])
    }

    static func monthLabel(_ year: Int, _ month: Int) -> String {
        LocalDate(year: year, month: month, day: 1)!.description.prefix(7).description
    }

    /// Per month of the period, the sum of `value` over the postings recognized then.
    func perMonth(_ value: (RecognizedPosting) -> Int64) -> [(label: String, amount: Int64)] {
        let months = request.period.months
        let first = (months.first?.year ?? 0) * 12 + (months.first?.month ?? 1)
        var sums = [Int64](repeating: 0, count: months.count)
        for posting in recognition.within(request.period) {
            let index = posting.date.year * 12 + posting.date.month - first
            if sums.indices.contains(index) { sums[index] += value(posting) }
        }
        return months.enumerated().map { index, month in (Reporter.monthLabel(month.year, month.month), sums[index]) }
    }
}
