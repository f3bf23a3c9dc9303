import KontorCore

extension Reporter {
    /// What one transaction contributes to the tax report within the period.
    struct TaxFacts {
        var income: Int64 = 0
        var expenses: Int64 = 0
        var tax: [Int32: Int64] = [:]
    }

    /// Per tax account and rate: output tax collected and input tax paid with their taxable
    /// bases; reverse-charge entries and entries without tax listed apart; the net payable.
    ///
    /// A transaction with postings on a tax account is output tax when the account is not
    /// the input tax account; its base is the transaction's income. It is input tax when
    /// the account is the input tax account; its base is its expenses. Tax postings that
    /// cancel within a transaction (the same tax as input and output) are reverse charge.
    func taxReport() -> ReportDocument {
        var document = document(.tax)
        let current = taxLines(request.period)
        let previous = request.comparisonPeriod.map(taxLines)
        let columns = [ReportColumn("account", "Tax account"), ReportColumn("rate", "Rate %"), ReportColumn("base", "Taxable base", .amount),
                       ReportColumn("tax", "Tax", .amount), ReportColumn("entries", "Entries", .count)]
        func rows(_ lines: [TaxLine], _ direction: TaxLine.Direction) -> [[ReportCell]] {
            var grouped: [String: (account: String, rate: String, base: Int64, tax: Int64, count: Int64)] = [:]
            for line in lines where line.direction == direction {
                let key = line.account + "|" + line.rate
                grouped[key, default: (line.account, line.rate, 0, 0, 0)].base += line.base
                grouped[key, default: (line.account, line.rate, 0, 0, 0)].tax += line.tax
                grouped[key, default: (line.account, line.rate, 0, 0, 0)].count += 1
            }
            return grouped.keys.sorted().map { key in
                let value = grouped[key]!
                return [.text(value.account), .text(value.rate), .amount(value.base), .amount(value.tax), .count(value.count)]
            }
        }
        document.sections = [
            ReportSection(key: "output", title: "Output tax collected", columns: columns, rows: rows(current, .output)),
            ReportSection(key: "input", title: "Input tax paid", columns: columns, rows: rows(current, .input)),
            ReportSection(key: "reverse_charge", title: "Reverse charge (tax owed and deducted at once)", columns: columns,
                          rows: rows(current, .reverseCharge)),
            ReportSection(key: "untaxed_income", title: "Income without tax (exempt, zero-rated or outside scope)",
                          columns: [ReportColumn("account", "Account"), ReportColumn("base", "Amount", .amount), ReportColumn("entries", "Entries", .count)],
                          rows: untaxed(current, .untaxedIncome)),
            ReportSection(key: "untaxed_expenses", title: "Expenses without input tax",
                          columns: [ReportColumn("account", "Account"), ReportColumn("base", "Amount", .amount), ReportColumn("entries", "Entries", .count)],
                          rows: untaxed(current, .untaxedExpense)),
        ]
        func sum(_ lines: [TaxLine], _ direction: TaxLine.Direction) -> Int64 {
            lines.filter { $0.direction == direction }.map(\.tax).reduce(0, +)
        }
        let output = sum(current, .output)
        let input = sum(current, .input)
        document.totals = [
            ReportTotal(key: "output_tax", label: "Output tax collected", amount: output, comparison: previous.map { sum($0, .output) }),
            ReportTotal(key: "input_tax", label: "Input tax paid", amount: input, comparison: previous.map { sum($0, .input) }),
            ReportTotal(key: "reverse_charge_tax", label: "Reverse-charge tax (owed and deducted)", amount: sum(current, .reverseCharge),
                        comparison: previous.map { sum($0, .reverseCharge) }),
            ReportTotal(key: "net_payable", label: "Net tax payable (negative: refundable)", amount: output - input,
                        comparison: previous.map { sum($0, .output) - sum($0, .input) }),
        ]
        document.notes.append("Rates come from expense rows and from invoices' VAT breakdowns (per category and rate); otherwise they are derived from tax ÷ base and matched to the business's category rates (≈ marks a rate that matched none).")
        if request.basis == .cash {
            document.notes.append("Cash basis: tax on invoices and bills counts when they are paid, in proportion to the payment.")
        }
        return document
    }

    private func untaxed(_ lines: [TaxLine], _ direction: TaxLine.Direction) -> [[ReportCell]] {
        var grouped: [String: (Int64, Int64)] = [:]
        for line in lines where line.direction == direction {
            grouped[line.account, default: (0, 0)].0 += line.base
            grouped[line.account, default: (0, 0)].1 += 1
        }
        return grouped.keys.sorted().map { [.text($0), .amount(grouped[$0]!.0), .count(grouped[$0]!.1)] }
    }

    struct TaxLine {
        enum Direction { case output, input, reverseCharge, untaxedIncome, untaxedExpense }
        var direction: Direction
        /// The tax account, or for untaxed lines the income or expense account.
        var account: String
        var rate: String
        var base: Int64
        var tax: Int64
    }

    /// One line per transaction (and tax account) with postings recognized in `period`.
    func taxLines(_ period: ReportPeriod) -> [TaxLine] {
        var facts: [Int32: TaxFacts] = [:]
        var order: [Int32] = []
        // Untaxed amounts are listed per account, so they are kept per account too.
        var untaxedAccounts: [Int32: [Int32: Int64]] = [:]
        for posting in recognition.within(period) {
            if facts[posting.entry] == nil { order.append(posting.entry) }
            var fact = facts[posting.entry] ?? TaxFacts()
            if isTax[Int(posting.account)] {
                fact.tax[posting.account, default: 0] += posting.amount
            } else if kind(posting.account) == .income {
                fact.income -= posting.amount
                untaxedAccounts[posting.entry, default: [:]][posting.account, default: 0] -= posting.amount
            } else if kind(posting.account) == .expense {
                fact.expenses += posting.amount
                untaxedAccounts[posting.entry, default: [:]][posting.account, default: 0] += posting.amount
            }
            facts[posting.entry] = fact
        }
        var lines: [TaxLine] = []
        for entryIndex in order {
            let fact = facts[entryIndex]!
            let entry = journal.entries[Int(entryIndex)]
            let taxes = fact.tax.filter { $0.value != 0 }
            if !entry.taxBreakdown.isEmpty,
               let invoiceLines = breakdownLines(entry, taxes: taxes, income: fact.income) {
                lines += invoiceLines
                continue
            }
            if taxes.isEmpty {
                for (account, amount) in (untaxedAccounts[entryIndex] ?? [:]).sorted(by: { $0.key < $1.key }) where amount != 0 {
                    let direction: TaxLine.Direction = kind(account) == .income ? .untaxedIncome : .untaxedExpense
                    lines.append(TaxLine(direction: direction, account: collapsed(account), rate: "", base: amount, tax: 0))
                }
                continue
            }
            let debits = taxes.values.filter { $0 > 0 }.reduce(0, +)
            let credits = taxes.values.filter { $0 < 0 }.reduce(0, +)
            if debits != 0, debits + credits == 0 {
                let base = fact.expenses != 0 ? fact.expenses : fact.income
                let account = taxes.keys.filter { isInputTax[Int($0)] }.min() ?? taxes.keys.min()!
                lines.append(TaxLine(direction: .reverseCharge, account: journal.accounts[Int(account)].rawValue,
                                     rate: rateText(entry.taxRate, tax: debits, base: base), base: base, tax: debits))
                continue
            }
            for (account, amount) in taxes.sorted(by: { $0.key < $1.key }) {
                if isInputTax[Int(account)] {
                    lines.append(TaxLine(direction: .input, account: journal.accounts[Int(account)].rawValue,
                                         rate: rateText(entry.taxRate, tax: amount, base: fact.expenses), base: fact.expenses, tax: amount))
                } else {
                    lines.append(TaxLine(direction: .output, account: journal.accounts[Int(account)].rawValue,
                                         rate: rateText(entry.taxRate, tax: -amount, base: fact.income), base: fact.income, tax: -amount))
                }
            }
        }
        return lines
    }

    /// The lines of an invoice or credit note from its VAT breakdown: one output line per
    /// taxed category and rate (on the output tax account), one untaxed-income line per
    /// category without tax (exempt, reverse charge, zero rated, …) named after the income
    /// account and the category. Used only when the breakdown ties to the document's
    /// postings (its taxable amounts sum to the income, its tax to the output tax, all on
    /// one output tax account); nil otherwise, and the tax is derived as for any other
    /// transaction. On a cash basis, `income` and the taxes are what is recognized in the
    /// period, and each row gets its share by largest remainder, so the rows still add up
    /// to the postings.
    private func breakdownLines(_ entry: JournalEntry, taxes: [Int32: Int64], income: Int64) -> [TaxLine]? {
        guard !taxes.keys.contains(where: { isInputTax[Int($0)] }) else { return nil }
        var fullIncome: Int64 = 0
        var fullTax: [Int32: Int64] = [:]
        var incomeAccount: Int32?
        for posting in entry.postings {
            guard posting.currency == currency else { continue }
            if isTax[Int(posting.account)] {
                fullTax[posting.account, default: 0] -= posting.amount
            } else if kind(posting.account) == .income {
                fullIncome -= posting.amount
                incomeAccount = min(incomeAccount ?? posting.account, posting.account)
            }
        }
        fullTax = fullTax.filter { $0.value != 0 }
        guard fullTax.count <= 1, fullTax.keys.allSatisfy({ !isInputTax[Int($0)] }), let incomeAccount,
              entry.taxBreakdown.map(\.taxable).reduce(0, +) == fullIncome,
              entry.taxBreakdown.map(\.tax).reduce(0, +) == fullTax.values.reduce(0, +) else { return nil }
        let taxAccount = fullTax.keys.first ?? taxes.keys.first
        let recognizedTax = -taxes.values.reduce(0, +)
        func share(_ amounts: [Int64], _ recognized: Int64, of full: Int64) -> [Int64] {
            if recognized == full { return amounts }
            guard full != 0 else { return amounts.map { _ in 0 } }
            let sign: Int64 = full < 0 ? -1 : 1
            return OpenItems.allocate(amounts.map { sign * $0 }, settled: sign * recognized, of: sign * full).map { sign * $0 }
        }
        let taxShares = share(entry.taxBreakdown.map(\.tax), recognizedTax, of: fullTax.values.reduce(0, +))
        let baseShares = share(entry.taxBreakdown.map(\.taxable), income, of: fullIncome)
        var lines: [TaxLine] = []
        for (index, row) in entry.taxBreakdown.enumerated() {
            if row.tax != 0, let taxAccount {
                lines.append(TaxLine(direction: .output, account: journal.accounts[Int(taxAccount)].rawValue,
                                     rate: row.rate?.description ?? rateText(nil, tax: taxShares[index], base: baseShares[index]),
                                     base: baseShares[index], tax: taxShares[index]))
            } else if baseShares[index] != 0 {
                lines.append(TaxLine(direction: .untaxedIncome,
                                     account: "\(collapsed(incomeAccount)) (\(Reporter.categoryName(row.category)))",
                                     rate: "", base: baseShares[index], tax: 0))
            }
        }
        return lines
    }

    /// An EN 16931 tax category as the tax report names it.
    static func categoryName(_ code: String) -> String {
        switch code {
        case "S": "standard rate, S"
        case "Z": "zero rated, Z"
        case "E": "exempt, E"
        case "AE": "reverse charge, AE"
        case "K": "intra-community supply, K"
        case "G": "export, G"
        case "O": "outside the scope of VAT, O"
        default: "category \(code)"
        }
    }

    /// The rate as text: the stated one; else the business rate whose tax on `base` is
    /// within one minor unit of `tax`; else tax ÷ base to 0.1 %, plain when that rate gives
    /// the tax to within one minor unit, marked with `≈` when it does not (a blend).
    func rateText(_ stated: TaxRate?, tax: Int64, base: Int64) -> String {
        if let stated { return stated.description }
        guard base != 0 else { return "?" }
        func matches(_ millipercent: Int) -> Bool {
            let exact = Int128(base) * Int128(millipercent)
            let expected = (exact * 2 / 100_000 + (exact < 0 ? -1 : 1)) / 2
            return (expected - Int128(tax)).magnitude <= 1
        }
        for rate in request.knownRates.sorted() where matches(rate.millipercent) { return rate.description }
        let tenths = (Int128(tax) * 2_000 / Int128(base) + ((tax < 0) != (base < 0) ? -1 : 1)) / 2
        let derived = Int(tenths) * 100
        return (matches(derived) ? "" : "≈") + TaxRate(millipercent: derived).description
    }
}
