import KontorCore

extension Reporter {
    /// Receivables open at the end of the period, per client, by age of the document:
    /// 0–30, 31–60, 61–90 and over 90 days. Payments settle the oldest documents first.
    func agingReport() -> ReportDocument {
        var document = document(.aging)
        document.comparison = nil
        let asOf = request.period.to
        let (items, credits) = openItems(side: .receivable)
        var clients: [String: [Int64]] = [:]
        var documents: [[ReportCell]] = []
        for item in items {
            let client = OpenItems.party(of: journal.accounts[Int(item.account)], named: item.party)
            let age = asOf.daysSinceEpoch - item.date.daysSinceEpoch
            let bucket = age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2 : 3
            var row = clients[client] ?? [0, 0, 0, 0, 0]
            row[bucket] += item.open
            clients[client] = row
            let entry = journal.entries[item.entry]
            documents.append([.text(client), .text(entry.recordID), .text(entry.description), .text(item.date.description),
                              .count(Int64(age)), .amount(item.gross), .amount(item.open)])
        }
        for (account, named, credit) in credits {
            let client = OpenItems.party(of: journal.accounts[Int(account)], named: named)
            var row = clients[client] ?? [0, 0, 0, 0, 0]
            row[4] += credit
            clients[client] = row
        }
        let bucketColumns = [ReportColumn("days_0_30", "0–30", .amount), ReportColumn("days_31_60", "31–60", .amount),
                             ReportColumn("days_61_90", "61–90", .amount), ReportColumn("days_over_90", "90+", .amount),
                             ReportColumn("unapplied", "Unapplied credit", .amount), ReportColumn("total", "Total open", .amount)]
        var sums: [Int64] = [0, 0, 0, 0, 0]
        let clientRows: [[ReportCell]] = clients.keys.sorted().map { client in
            let row = clients[client]!
            for index in 0..<5 { sums[index] += row[index] }
            return [.text(client)] + row.map(ReportCell.amount) + [.amount(row[0] + row[1] + row[2] + row[3] - row[4])]
        }
        document.sections = [
            ReportSection(key: "clients", title: "Per client at \(asOf)", columns: [ReportColumn("client", "Client")] + bucketColumns,
                          rows: clientRows),
            ReportSection(key: "documents", title: "Open documents",
                          columns: [ReportColumn("client", "Client"), ReportColumn("record", "Document"), ReportColumn("description", "Description"),
                                    ReportColumn("date", "Date"), ReportColumn("age_days", "Age (days)", .count),
                                    ReportColumn("gross", "Amount", .amount), ReportColumn("open", "Open", .amount)],
                          rows: documents),
        ]
        document.totals = [
            ReportTotal(key: "days_0_30", label: "0–30 days", amount: sums[0]),
            ReportTotal(key: "days_31_60", label: "31–60 days", amount: sums[1]),
            ReportTotal(key: "days_61_90", label: "61–90 days", amount: sums[2]),
            ReportTotal(key: "days_over_90", label: "over 90 days", amount: sums[3]),
            ReportTotal(key: "open", label: "Total open receivables", amount: sums[0] + sums[1] + sums[2] + sums[3] - sums[4]),
        ]
        document.charts = [ReportChart(kind: .bars, title: "Open receivables by age", labels: ["0–30", "31–60", "61–90", "90+"],
                                       series: [("Open", Array(sums.prefix(4)))])]
        document.notes.append("Receivables are the postings on asset accounts named …:Receivable(s)…; the client is the one an issued invoice or credit note names, else the sub-account below the receivable account. Age counts from the document's booking date to \(asOf); payments settle the oldest document first.")
        return document
    }
}
