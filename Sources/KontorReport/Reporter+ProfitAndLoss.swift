import KontorCore

extension Reporter {
    /// Income and expenses by account (collapsed to the requested depth), their totals and
    /// the net result; per month as a bar chart.
    func profitAndLoss() -> ReportDocument {
        var document = document(.pnl)
        let current = balances(request.period)
        let previous = request.comparisonPeriod.map(balances)
        let income = grouped(current, kind: .income)
        let expenses = grouped(current, kind: .expense)
        let previousIncome = previous.map { grouped($0, kind: .income) }
        let previousExpenses = previous.map { grouped($0, kind: .expense) }
        document.sections = [
            ReportSection(key: "income", title: "Income", columns: amountColumns(ReportColumn("account", "Account")),
                          rows: comparedRows(income, previousIncome)),
            ReportSection(key: "expenses", title: "Expenses", columns: amountColumns(ReportColumn("account", "Account")),
                          rows: comparedRows(expenses, previousExpenses)),
        ]
        let totalIncome = income.values.reduce(0, +)
        let totalExpenses = expenses.values.reduce(0, +)
        let beforeIncome = previousIncome.map { $0.values.reduce(0, +) }
        let beforeExpenses = previousExpenses.map { $0.values.reduce(0, +) }
        document.totals = [
            ReportTotal(key: "income", label: "Total income", amount: totalIncome, comparison: beforeIncome),
            ReportTotal(key: "expenses", label: "Total expenses", amount: totalExpenses, comparison: beforeExpenses),
            ReportTotal(key: "net", label: "Net profit", amount: totalIncome - totalExpenses,
                        comparison: beforeIncome.flatMap { income in beforeExpenses.map { income - $0 } }),
        ]
        let kinds = journal.accounts.map(\.kind)
        let monthlyIncome = perMonth { kinds[Int($0.account)] == .income ? -$0.amount : 0 }
        let monthlyExpenses = perMonth { kinds[Int($0.account)] == .expense ? $0.amount : 0 }
        document.sections.append(ReportSection(
            key: "months", title: "Per month",
            columns: [ReportColumn("month", "Month"), ReportColumn("income", "Income", .amount),
                      ReportColumn("expenses", "Expenses", .amount), ReportColumn("net", "Net", .amount)],
            rows: zip(monthlyIncome, monthlyExpenses).map { income, expense in
                [.text(income.label), .amount(income.amount), .amount(expense.amount), .amount(income.amount - expense.amount)]
            }))
        document.charts = [ReportChart(kind: .bars, title: "Profit and loss per month", labels: monthlyIncome.map(\.label), series: [
            ("Income", monthlyIncome.map(\.amount)), ("Expenses", monthlyExpenses.map(\.amount)),
            ("Net", zip(monthlyIncome, monthlyExpenses).map { $0.amount - $1.amount }),
        ])]
        if request.basis == .cash {
            document.notes.append("Cash basis: documents booked against a receivable or payable account count when payments settle them (oldest open item first, in proportion to the amount paid); all other entries count on their booking date.")
        }
        return document
    }
}
