import KontorConfig
import KontorCore
import KontorPublish
import KontorStore

/// Bank and gateway lines in each output format (`kontor expenses list --bank`).
struct BankLineListing {
    var business: BusinessID
    var rows: [BankLineRow]
    var rules: [CategorizationRule]

    static func load(_ global: GlobalOptions, _ filters: ExpenseFilterOptions) throws(KontorError) -> BankLineListing {
        let (workspace, configuration, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let query = try filters.query(for: business.id)
        if let category = query.category {
            try CategoryListing.check(category, business: business.id, configuration: configuration, store: store)
        }
        return BankLineListing(business: business.id, rows: try store.bankLines(query), rules: configuration.rules(for: business.id))
    }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object(["business": .string(business.rawValue), "bank_lines": .array(rows.map { row in
                [
                    "id": .int(row.id), "date": .string(row.date.description), "amount": .string(row.amount.decimalString),
                    "currency": .string(row.amount.currency.code), "payee": .optional(row.payee), "vendor": .optional(row.vendor),
                    "category": .optional(row.category?.rawValue), "status": .string(row.status), "account": .string(row.account),
                    "evidence": row.evidence, "source": ["file": .string(row.file)],
                ]
            })]).serialized().trimmingTrailingNewline()
        case .csv:
            var writer = CSVWriter()
            writer.header(["id", "date", "amount", "currency", "payee", "vendor", "category", "status", "evidence", "account", "source_file"])
            for row in rows {
                writer.row([
                    .number(String(row.id)), .text(row.date.description), .number(row.amount.decimalString),
                    .text(row.amount.currency.code), .text(row.payee ?? ""), .text(row.vendor ?? ""),
                    .text(row.category?.rawValue ?? ""), .text(row.status), .text(EvidenceText.describe(row.evidence, rules: rules)),
                    .text(row.account), .text(row.file),
                ])
            }
            return writer.output.trimmingTrailingNewline()
        case .table:
            var table = TextTable(headers: ["ID", "DATE", "AMOUNT", "CUR", "PAYEE", "CATEGORY", "STATUS", "EVIDENCE"], rightAligned: [0, 2])
            table.rows = rows.map { row in
                [String(row.id), row.date.description, row.amount.decimalString, row.amount.currency.code,
                 row.vendor ?? row.payee ?? "", row.category?.rawValue ?? "", row.status,
                 EvidenceText.describe(row.evidence, rules: rules)]
            }
            let review = rows.filter { $0.status == "review" }.count
            return table.rendered + "\n" + "\(rows.count) bank line\(rows.count == 1 ? "" : "s"), \(review) waiting for review"
        }
    }
}
