import ArgumentParser
import KontorConfig
import KontorCore
import KontorPipeline
import KontorStore

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Show what importing a file would post, without posting it.",
        discussion: """
            A dry run: reads FILE where it lies, detects its format and books it as an import would \
            (statement balances checked, rules applied), but posts nothing and leaves the inbox, \
            the spool and the ledger alone. Lines the ledger already has are listed too. \
            The JSON layout is published as a JSON Schema: `kontor schema read`.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(
        "Read the file as bank, gateway or expenses.",
        discussion: "Default: what the format implies (gateway exports and events: gateway; expense logs: expenses; else bank)."))
    var channel: ReadChannel?
    @Option(help: "Output format: table or json.")
    var format: RunSummaryFormat = .table
    @Argument(help: "The file to read.", completion: .file())
    var file: String

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, configuration, business) = try global.resolve()
        // What earlier imports left (categories they created, so they do not show as new;
        // history, vendors and open invoices), read only when a ledger exists (a dry run
        // never creates one).
        var dryRun = DryRun(configuration: configuration, business: business)
        if DurableFile.exists(workspace.database) {
            let store = try global.openStore(workspace)
            dryRun = DryRun(configuration: configuration, business: business,
                            importedCategories: try store.importedCategories(business: business.id))
            dryRun.history = try store.classifierHistory(business: business.id)
            dryRun.vendors = try store.declaredVendors(business: business.id)
            if business.invoicing != nil { dryRun.openInvoices = try store.matchableInvoices(business: business.id) }
        }
        let preview = try dryRun.preview(path: file, channel: channel.map { Channel($0.rawValue) })
        switch format {
        case .json: Terminal.print(preview.json.serialized().trimmingTrailingNewline())
        case .table: Terminal.print(preview.table)
        }
    }
}

/// The channels a file can be read as.
enum ReadChannel: String, ExpressibleByArgument, CaseIterable {
    case bank, gateway, expenses
}

extension FilePreview {
    /// The preview for people: a heading, then per statement its figures and a table of
    /// its lines, or a table of expenses.
    var table: String {
        var blocks = ["\(file): \(format), read as \(channel) for business \(business) (dry run: nothing posted)"]
        for statement in statements {
            let summary = statement.summary
            var heading = "statement \(summary.account ?? "(account not named)") → \(summary.ledgerAccount), \(summary.currency)"
            if let from = summary.from, let to = summary.to { heading += ", \(from) to \(to)" }
            heading += ", \(summary.lineCount) line\(summary.lineCount == 1 ? "" : "s"), sum \(summary.sum.decimalString)"
            if let opening = summary.opening { heading += "\n  opening \(opening.decimalString)" }
            if let closing = summary.closing { heading += (summary.opening == nil ? "\n " : ",") + " closing \(closing.decimalString)" }
            heading += summary.balanceChecked ? "\n  balance check passed" : "\n  balance check: no opening and closing balance stated"
            var table = TextTable(headers: ["DATE", "AMOUNT", "BANK ID", "PAYEE", "CATEGORY", "STATUS", "EVIDENCE", "POSTINGS"],
                                  rightAligned: [1])
            table.rows = statement.lines.map { entry in
                [entry.line.date.description, entry.line.amount.decimalString, entry.line.bankID ?? "",
                 entry.line.payee ?? entry.line.memo ?? "", entry.category?.rawValue ?? "", entry.status.rawValue,
                 FilePreview.evidenceText(entry.evidence), FilePreview.postingsText(entry.transaction.postings)]
            }
            blocks.append(heading + "\n\n" + table.rendered)
        }
        if channel == .expenses {
            var table = TextTable(headers: ["DATE", "AMOUNT", "CUR", "VENDOR", "CATEGORY", "POSTINGS"], rightAligned: [1])
            table.rows = expenses.map { expense in
                let entry = expense.entry
                return [entry.record.date.description, entry.record.amount.decimalString, entry.record.amount.currency.code,
                        entry.vendorName, entry.category.rawValue + (expense.newCategory ? " (would create)" : ""),
                        FilePreview.postingsText(entry.transaction.postings)]
            }
            var footer = "\(expenses.count) expense\(expenses.count == 1 ? "" : "s")"
            if !newCategories.isEmpty {
                footer += "; would create categories: " + newCategories.map { "\($0.key) (\($0.account))" }.joined(separator: ", ")
            }
            blocks.append(table.rendered + "\n" + footer)
        }
        return blocks.joined(separator: "\n\n")
    }

    /// `Assets:Bank:Checking -12.00; Expenses:Office 12.00`.
    static func postingsText(_ postings: [Posting]) -> String {
        postings.map { "\($0.account) \($0.amount.decimalString)" }.joined(separator: "; ")
    }

    /// `rule groceries`, `gateway stripe`, `none: no rule matched`.
    static func evidenceText(_ evidence: JSONValue) -> String {
        EvidenceText.describe(evidence)
    }
}
