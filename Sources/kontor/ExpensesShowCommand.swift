import ArgumentParser
import KontorConfig
import KontorCore
import KontorStore

struct ExpensesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one expense or bank line: postings, category, vendor and why.",
        discussion: """
            ID is the id `kontor expenses list` (or `expenses list --bank`) shows: a ledger transaction id. \
            The evidence says why the item has its category: the rule and its pattern, the model's score \
            and the features that decided, the vendor's default category, the expense log, or the \
            corrections file that changed it. Corrections are listed with their reclassification postings.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table or json.")
    var format: RunSummaryFormat = .table
    @Argument(help: "The item's id.")
    var id: Int64

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, configuration, business) = try global.resolve()
        let store = try global.openStore(workspace)
        guard let item = try store.item(business: business.id, id: id) else {
            throw KontorError(.notFound, "business \(business.id) has no expense or bank line with id \(id)",
                              hint: "`kontor expenses list` and `kontor expenses list --bank` show the ids")
        }
        let rules = configuration.rules(for: business.id)
        switch format {
        case .json: Terminal.print(ItemView(item: item, rules: rules).json.serialized().trimmingTrailingNewline())
        case .table: Terminal.print(ItemView(item: item, rules: rules).table)
        }
    }
}

/// An item as `expenses show` prints it.
struct ItemView {
    var item: ItemDetail
    var rules: [CategorizationRule]

    var rule: CategorizationRule? {
        guard item.evidence["source"]?.stringValue == "rule", let id = item.evidence["rule"]?.stringValue else { return nil }
        return rules.first { $0.id == id }
    }

    var json: JSONValue {
        var evidence = item.evidence
        if let rule, case .object(var object) = evidence {
            object["rule_conditions"] = EvidenceText.json(of: rule)
            evidence = .object(object)
        }
        var object: JSONValue = [
            "id": .int(item.id), "kind": .string(item.kind == .bank ? "bank-line" : "expense"),
            "date": .string(item.date.description), "amount": .string(item.amount.decimalString),
            "currency": .string(item.amount.currency.code), "payee": .optional(item.payee), "memo": .optional(item.memo),
            "description": .string(item.description), "vendor": .optional(item.vendor), "category": .optional(item.category?.rawValue),
            "status": .string(item.status), "paid_from": .string(item.paidFrom), "record_id": .string(item.recordID),
            "source": ["file": .string(item.file), "position": .optional(item.position)],
            "evidence": evidence, "explanation": .string(EvidenceText.describe(item.evidence, rules: rules)),
            "postings": ItemView.postingsJSON(item.postings),
            "corrections": .array(item.corrections.map { audit in
                [
                    "file": .string(audit.file), "line": .int(Int64(audit.line)), "at": .string(audit.at),
                    "by": .optional(audit.submittedBy), "old_category": .optional(audit.oldCategory),
                    "new_category": .string(audit.newCategory), "old_vendor": .optional(audit.oldVendor),
                    "new_vendor": .optional(audit.newVendor), "old_account": .string(audit.oldAccount),
                    "new_account": .string(audit.newAccount),
                    "reclassification": audit.reclassification.map { .int($0) } ?? .null,
                    "reclassification_postings": ItemView.postingsJSON(audit.reclassificationPostings),
                ]
            }),
        ]
        if let line = item.paidByBankLine, case .object(var fields) = object {
            fields["paid_by_bank_line"] = ["id": .int(line.id), "source": .string(line.source)]
            object = .object(fields)
        }
        return object
    }

    static func postingsJSON(_ postings: [Posting]) -> JSONValue {
        .array(postings.map { ["account": .string($0.account.rawValue), "amount": .string($0.amount.decimalString),
                               "currency": .string($0.amount.currency.code)] })
    }

    var table: String {
        var fields: [(String, String)] = [
            ("date", item.date.description), ("amount", item.amount.description),
        ]
        if let payee = item.payee { fields.append(("payee", payee)) }
        if let memo = item.memo, !memo.isEmpty { fields.append(("memo", memo)) }
        if item.kind == .expense { fields.append(("description", item.description)) }
        fields += [
            ("vendor", item.vendor ?? "(none)"), ("category", item.category?.rawValue ?? "(none)"), ("status", item.status),
            ("paid from", item.paidFrom), ("source", item.position ?? item.file), ("record id", item.recordID),
            ("evidence", EvidenceText.describe(item.evidence, rules: rules)),
        ]
        if let line = item.paidByBankLine { fields.append(("bank line", "\(line.id) (\(line.source))")) }
        let width = fields.map(\.0.count).max() ?? 0
        var lines = ["\(item.kind == .bank ? "Bank line" : "Expense") \(item.id)"]
        lines += fields.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1.printable }
        lines.append("")
        lines.append("postings")
        lines += ItemView.postingLines(item.postings)
        if !item.corrections.isEmpty {
            lines.append("")
            lines.append("corrections")
            for audit in item.corrections {
                var line = "  \(audit.at) \(audit.file) line \(audit.line)"
                if let by = audit.submittedBy { line += " by \(by)" }
                line += ": \(audit.oldCategory ?? "(none)") → \(audit.newCategory)"
                if audit.oldVendor != audit.newVendor, let vendor = audit.newVendor { line += ", vendor \(vendor)" }
                if let reclass = audit.reclassification { line += " (transaction \(reclass))" }
                lines.append(line.printable)
                lines += ItemView.postingLines(audit.reclassificationPostings).map { "  " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func postingLines(_ postings: [Posting]) -> [String] {
        let width = postings.map(\.account.rawValue.count).max() ?? 0
        let amountWidth = postings.map(\.amount.decimalString.count).max() ?? 0
        return postings.map { posting in
            let account = posting.account.rawValue
            let amount = posting.amount.decimalString
            return "  " + account + String(repeating: " ", count: width - account.count) + "  "
                + String(repeating: " ", count: amountWidth - amount.count) + amount + " " + posting.amount.currency.code
        }
    }
}
