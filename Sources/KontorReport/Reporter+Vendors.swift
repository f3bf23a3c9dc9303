import KontorCore

extension Reporter {
    /// Per vendor: entries, net expenses, input tax and gross; every item; and the payables
    /// still open at the end of the period.
    func vendorReport() -> ReportDocument {
        var document = document(.vendors)
        document.comparison = nil
        struct Item { var entry: Int32; var date: LocalDate; var net: Int64 = 0; var tax: Int64 = 0 }
        var items: [Int32: Item] = [:]
        for posting in recognition.within(request.period) {
            guard journal.entries[Int(posting.entry)].vendor != nil else { continue }
            if kind(posting.account) == .expense {
                items[posting.entry, default: Item(entry: posting.entry, date: posting.date)].net += posting.amount
            } else if isInputTax[Int(posting.account)] {
                items[posting.entry, default: Item(entry: posting.entry, date: posting.date)].tax += posting.amount
            }
        }
        let sorted = items.values.filter { $0.net != 0 || $0.tax != 0 }.sorted {
            let a = journal.entries[Int($0.entry)], b = journal.entries[Int($1.entry)]
            return (a.vendor!, $0.date, $0.entry) < (b.vendor!, $1.date, $1.entry)
        }
        var totals: [String: (count: Int64, net: Int64, tax: Int64)] = [:]
        for item in sorted {
            let vendor = journal.entries[Int(item.entry)].vendor!
            totals[vendor, default: (0, 0, 0)].count += 1
            totals[vendor, default: (0, 0, 0)].net += item.net
            totals[vendor, default: (0, 0, 0)].tax += item.tax
        }
        let amountColumns = [ReportColumn("net", "Net", .amount), ReportColumn("tax", "Input tax", .amount), ReportColumn("gross", "Gross", .amount)]
        document.sections = [
            ReportSection(key: "vendors", title: "Per vendor",
                          columns: [ReportColumn("vendor", "Vendor"), ReportColumn("entries", "Entries", .count)] + amountColumns,
                          rows: totals.keys.sorted().map { vendor in
                              let value = totals[vendor]!
                              return [.text(vendor), .count(value.count), .amount(value.net), .amount(value.tax), .amount(value.net + value.tax)]
                          }),
            ReportSection(key: "items", title: "Items",
                          columns: [ReportColumn("vendor", "Vendor"), ReportColumn("date", "Date"), ReportColumn("description", "Description"),
                                    ReportColumn("record", "Record")] + amountColumns,
                          rows: sorted.map { item in
                              let entry = journal.entries[Int(item.entry)]
                              return [.text(entry.vendor!), .text(item.date.description), .text(entry.description), .text(entry.recordID),
                                      .amount(item.net), .amount(item.tax), .amount(item.net + item.tax)]
                          }),
        ]
        let (open, credits) = openItems(side: .payable)
        var payables: [String: (amount: Int64, oldest: LocalDate)] = [:]
        for item in open {
            let party = OpenItems.party(of: journal.accounts[Int(item.account)], named: item.party)
            let current = payables[party]
            payables[party] = ((current?.amount ?? 0) + item.open, min(current?.oldest ?? item.date, item.date))
        }
        for (account, named, credit) in credits {
            let party = OpenItems.party(of: journal.accounts[Int(account)], named: named)
            let current = payables[party]
            payables[party] = ((current?.amount ?? 0) - credit, current?.oldest ?? request.period.to)
        }
        document.sections.append(ReportSection(
            key: "open_payables", title: "Open payables at \(request.period.to)",
            columns: [ReportColumn("vendor", "Vendor"), ReportColumn("open", "Open", .amount), ReportColumn("oldest", "Oldest document")],
            rows: payables.keys.sorted().map { [.text($0), .amount(payables[$0]!.amount), .text(payables[$0]!.oldest.description)] }))
        document.totals = [
            ReportTotal(key: "net", label: "Vendor expenses (net)", amount: totals.values.map(\.net).reduce(0, +)),
            ReportTotal(key: "tax", label: "Input tax", amount: totals.values.map(\.tax).reduce(0, +)),
            ReportTotal(key: "open_payables", label: "Open payables", amount: payables.values.map(\.amount).reduce(0, +)),
        ]
        document.sections += paymentTermsSections(payableDocuments())
        document.notes.append("Open payables come from payable accounts (Liabilities:…:Payable…), oldest document settled first.")
        document.notes.append("Payment terms come from the vendor master data (payment_terms in inbox/<business>/vendors/). A payable document booked in the period is due that many days after its date and counts as paid on the day payments settle it in full; kept: paid by the due date, late: paid after it, open: unpaid and not due at \(request.period.to), overdue: unpaid and past due then. Documents of vendors without terms say 'no terms'.")
        return document
    }

    /// The open items of one side at the end of the period, in the report's currency, and
    /// the unapplied credits per account.
    func openItems(side: OpenItems.Side) -> ([OpenItems.Item], [(account: Int32, party: String?, amount: Int64)]) {
        var engine = OpenItems(journal: journal, isTax: isTax)
        for (index, entry) in journal.entries.enumerated() {
            guard entry.date <= request.period.to else { break }
            guard engine.touchesSettlement(entry) else { continue }
            _ = engine.apply(index) { _, _, _, _ in }
        }
        let items = engine.open.filter { $0.key.currency == currency && engine.sides[Int($0.key.account)] == side }
            .sorted { ($0.key.account, $0.key.party ?? "") < ($1.key.account, $1.key.party ?? "") }
            .flatMap(\.value)
        let credits = engine.unapplied.filter { $0.key.currency == currency && $0.value > 0 && engine.sides[Int($0.key.account)] == side }
            .map { ($0.key.account, $0.key.party, $0.value) }.sorted { ($0.0, $0.1 ?? "") < ($1.0, $1.1 ?? "") }
        return (items, credits)
    }
}
