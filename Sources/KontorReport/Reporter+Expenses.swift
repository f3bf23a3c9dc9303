import KontorCore

extension Reporter {
    static let noVendor = "(no vendor)"

    /// Expenses (net of input tax) by category account, by vendor and by month, each with
    /// its share of the total, and the top vendors.
    func expenseBreakdown() -> ReportDocument {
        var document = document(.expenses)
        let current = grouped(balances(request.period), kind: .expense)
        let previous = request.comparisonPeriod.map { grouped(balances($0), kind: .expense) }
        let total = current.values.reduce(0, +)
        var categoryRows: [[ReportCell]] = []
        for name in Set(current.keys).union(previous?.keys ?? [:].keys).sorted() {
            let amount = current[name] ?? 0
            var row: [ReportCell] = [.text(name), .amount(amount), .percent(ReportDocument.share(amount, of: total))]
            if let previous { row += [.amount(previous[name] ?? 0), .amount(amount - (previous[name] ?? 0))] }
            categoryRows.append(row)
        }
        // Summed per transaction first (integers), then per vendor name: one string lookup per transaction.
        let isExpense = journal.accounts.map { $0.kind == .expense }
        var perEntry: [Int32: Int64] = [:]
        for posting in recognition.within(request.period) where isExpense[Int(posting.account)] {
            perEntry[posting.entry, default: 0] += posting.amount
        }
        var vendors: [String: (amount: Int64, entries: Int64)] = [:]
        for (entry, amount) in perEntry {
            let vendor = journal.entries[Int(entry)].vendor ?? Reporter.noVendor
            vendors[vendor, default: (0, 0)].amount += amount
            vendors[vendor, default: (0, 0)].entries += 1
        }
        let vendorRows: [[ReportCell]] = vendors.keys.sorted().map { vendor in
            let value = vendors[vendor]!
            return [.text(vendor), .amount(value.amount), .percent(ReportDocument.share(value.amount, of: total)), .count(value.entries)]
        }
        let top = vendors.filter { $0.key != Reporter.noVendor }
            .sorted { ($0.value.amount, $1.key) > ($1.value.amount, $0.key) }
            .prefix(request.topVendors)
        let months = perMonth { isExpense[Int($0.account)] ? $0.amount : 0 }
        document.sections = [
            ReportSection(key: "by_category", title: "By category",
                          columns: [ReportColumn("account", "Account"), ReportColumn("amount", "Amount", .amount), ReportColumn("share", "Share %", .percent)]
                            + (previous == nil ? [] : [ReportColumn("comparison", "Comparison", .amount), ReportColumn("change", "Change", .amount)]),
                          rows: categoryRows),
            ReportSection(key: "by_vendor", title: "By vendor",
                          columns: [ReportColumn("vendor", "Vendor"), ReportColumn("amount", "Amount", .amount),
                                    ReportColumn("share", "Share %", .percent), ReportColumn("entries", "Entries", .count)],
                          rows: vendorRows),
            ReportSection(key: "by_month", title: "By month",
                          columns: [ReportColumn("month", "Month"), ReportColumn("amount", "Amount", .amount), ReportColumn("share", "Share %", .percent)],
                          rows: months.map { [.text($0.label), .amount($0.amount), .percent(ReportDocument.share($0.amount, of: total))] }),
            ReportSection(key: "top_vendors", title: "Top vendors",
                          columns: [ReportColumn("rank", "#", .count), ReportColumn("vendor", "Vendor"),
                                    ReportColumn("amount", "Amount", .amount), ReportColumn("share", "Share %", .percent)],
                          rows: top.enumerated().map { index, element in
                              [.count(Int64(index + 1)), .text(element.key), .amount(element.value.amount),
                               .percent(ReportDocument.share(element.value.amount, of: total))]
                          }),
        ]
        document.totals = [ReportTotal(key: "expenses", label: "Total expenses", amount: total,
                                       comparison: previous.map { $0.values.reduce(0, +) })]
        // The pie shows the nine largest categories and the rest as "other".
        let largest = current.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        var labels = largest.prefix(9).map(\.key)
        var values = largest.prefix(9).map(\.value)
        if largest.count > 9 {
            labels.append("Other")
            values.append(largest.dropFirst(9).map(\.value).reduce(0, +))
        }
        document.charts = [
            ReportChart(kind: .pie, title: "Expenses by category", labels: labels, series: [("Expenses", values)]),
            ReportChart(kind: .bars, title: "Expenses per month", labels: months.map(\.label), series: [("Expenses", months.map(\.amount))]),
        ]
        document.notes.append("Amounts are net of input tax. Vendors come from expense-log rows and categorized bank lines; other entries count under \(Reporter.noVendor).")
        return document
    }
}
