import ArgumentParser
import KontorConfig
import KontorCore
import KontorInvoicing
import KontorPublish
import KontorStore
#if canImport(Glibc)
import Glibc
#endif

struct InvoicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices", abstract: "Query invoices and credit notes.",
        subcommands: [InvoicesListCommand.self, InvoicesShowCommand.self])
}

/// The status filter: a lifecycle state, or `overdue` / `open` (derived).
enum InvoiceStatusFilter: String, ExpressibleByArgument, CaseIterable {
    case draft, issued
    case partiallyPaid = "partially-paid"
    case paid, void, credited, overdue, open
}

extension InvoiceQuery.SortKey: ExpressibleByArgument {}

/// The date overdue is judged against: `--as-of`, else today (UTC).
func invoiceToday(_ asOf: String?) throws(KontorError) -> LocalDate {
    if let asOf { return try ExpenseFilterOptions.date(asOf, option: "--as-of") }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return LocalDate(daysSinceEpoch: Int(now.tv_sec / 86_400))
}

/// One invoice as listed: its row and its displayed status (overdue derived).
struct InvoiceListEntry {
    var row: StoredInvoice
    var status: String
    var overdue: Bool

    init(_ row: StoredInvoice, today: LocalDate) {
        self.row = row
        let state = InvoiceLifecycle.State(rawValue: row.status) ?? .issued
        let lifecycle = InvoiceLifecycle(state: state, payable: row.payable, paid: row.paid, credited: row.credited)
        overdue = row.kind == "invoice" && LocalDate(iso: row.dueDate).map { lifecycle.isOverdue(dueDate: $0, today: today) } == true
        status = overdue ? "overdue" : row.status
    }

    func money(_ minor: Int64) -> String { UBLWriter.amount(minor, currency: row.currency) }

    var json: JSONValue {
        [
            "number": .optional(row.number), "key": .string(row.key), "kind": .string(row.kind), "client": .string(row.clientID),
            "issue_date": .string(row.issueDate), "due_date": .string(row.dueDate), "currency": .string(row.currency.code),
            "total": .string(money(row.payable)), "tax": .string(money(row.taxTotal)), "paid": .string(money(row.paid)),
            "credited": .string(money(row.credited)), "open": .string(money(row.kind == "invoice" ? row.open : 0)),
            "status": .string(row.status), "overdue": .bool(overdue), "package": .optional(row.packagePath),
        ]
    }
}

struct InvoicesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List invoices and credit notes, filtered and sorted.",
        discussion: "Overdue is derived: an issued or partially paid invoice with an open balance past its due date (judged on --as-of, default today). Amounts are exact decimals in each invoice's currency.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this status: draft, issued, partially-paid, paid, void, credited, overdue or open (repeatable).")
    var status: [InvoiceStatusFilter] = []
    @Option(help: "Only this client (its id).")
    var client: String?
    @Option(help: "Only issued on or after this date (YYYY-MM-DD).")
    var from: String?
    @Option(help: "Only issued on or before this date (YYYY-MM-DD).")
    var to: String?
    @Flag(help: "Only overdue invoices (same as --status overdue).")
    var overdue = false
    @Option(help: "Only totals of at least this much (in each invoice's currency).")
    var min: String?
    @Option(help: "Only totals of at most this much.")
    var max: String?
    @Option(help: "Judge overdue as of this date instead of today (YYYY-MM-DD).")
    var asOf: String?
    @Option(help: "Sort by number, date, due, amount, client or status.")
    var sort: InvoiceQuery.SortKey = .number
    @Flag(help: "Sort in descending order.")
    var desc = false
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let today = try invoiceToday(asOf)
        var query = InvoiceQuery(business: business.id)
        query.client = client
        query.from = try from.map { text throws(KontorError) in try ExpenseFilterOptions.date(text, option: "--from") }
        query.to = try to.map { text throws(KontorError) in try ExpenseFilterOptions.date(text, option: "--to") }
        query.sort = sort
        query.descending = desc
        let minimum = try min.map { text throws(KontorError) in try InvoicesListCommand.decimal(text, option: "--min") }
        let maximum = try max.map { text throws(KontorError) in try InvoicesListCommand.decimal(text, option: "--max") }
        var wanted = Set(status)
        if overdue { wanted.insert(.overdue) }
        let entries = try store.invoices(query).map { InvoiceListEntry($0, today: today) }.filter { entry in
            if !wanted.isEmpty {
                let open = (entry.row.status == "issued" || entry.row.status == "partially-paid") && entry.row.kind == "invoice"
                let matches = wanted.contains { filter in
                    switch filter {
                    case .overdue: entry.overdue
                    case .open: open
                    default: entry.row.status == filter.rawValue
                    }
                }
                if !matches { return false }
            }
            let total = ExactDecimal(entry.money(entry.row.payable)) ?? ExactDecimal(0)
            if let minimum, total < minimum { return false }
            if let maximum, total > maximum { return false }
            return true
        }
        Terminal.print(InvoicesListCommand.render(entries, business: business.id, format: format))
    }

    static func decimal(_ text: String, option: String) throws(KontorError) -> ExactDecimal {
        guard let value = ExactDecimal(text) else {
            throw KontorError(.usage, "\(option) '\(text)' is not an amount", hint: "write a plain decimal such as 100 or 99.50")
        }
        return value
    }

    static func render(_ entries: [InvoiceListEntry], business: BusinessID, format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object(["business": .string(business.rawValue), "invoices": .array(entries.map(\.json))])
                .serialized().trimmingTrailingNewline()
        case .csv:
            var writer = CSVWriter()
            writer.header(["number", "key", "kind", "client", "issue_date", "due_date", "currency", "total", "tax", "paid", "credited", "open",
                           "status", "overdue"])
            for entry in entries {
                let row = entry.row
                writer.row([row.number.map(CSVWriter.Cell.text) ?? .empty, .text(row.key), .text(row.kind), .text(row.clientID),
                            .text(row.issueDate), .text(row.dueDate), .text(row.currency.code), .number(entry.money(row.payable)),
                            .number(entry.money(row.taxTotal)), .number(entry.money(row.paid)), .number(entry.money(row.credited)),
                            .number(entry.money(row.kind == "invoice" ? row.open : 0)), .text(row.status), .text(entry.overdue ? "true" : "false")])
            }
            return writer.output.trimmingTrailingNewline()
        case .table:
            var table = TextTable(headers: ["NUMBER", "CLIENT", "ISSUED", "DUE", "TOTAL", "OPEN", "CUR", "STATUS"], rightAligned: [4, 5])
            table.rows = entries.map { entry in
                let row = entry.row
                return [row.number ?? "(draft \(row.key))", row.clientID, row.issueDate, row.kind == "invoice" ? row.dueDate : "",
                        (row.kind == "invoice" ? "" : "-") + entry.money(row.payable), entry.money(row.kind == "invoice" ? row.open : 0),
                        row.currency.code, row.kind == "invoice" ? entry.status : "credit note"]
            }
            return table.rendered + "\n\(entries.count) document\(entries.count == 1 ? "" : "s")"
        }
    }
}

struct InvoicesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one invoice: lines, totals, payments applied and history.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The invoice's number (or its request key, for a draft).")
    var number: String
    @Option(help: "Judge overdue as of this date instead of today (YYYY-MM-DD).")
    var asOf: String?
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        guard let row = try store.invoice(business: business.id, numberOrKey: number) else {
            throw KontorError(.notFound, "there is no invoice '\(number)' in business \(business.id)", hint: "`kontor invoices list` shows the invoices")
        }
        let entry = InvoiceListEntry(row, today: try invoiceToday(asOf))
        let events = try store.invoiceEvents(invoice: row.id)
        let payments = try store.invoicePayments(invoice: row.id)
        let document: InvoiceDocument? = row.number == nil ? nil : try StorageCodec.decode(InvoiceDocument.self, from: row.document)
        if format == .json {
            var json = entry.json.objectValue ?? [:]
            json["document"] = document?.json ?? .null
            json["payments"] = .array(payments.map { payment in
                ["date": .string(payment.date), "amount": .string(entry.money(payment.amount)), "transaction": payment.transactionID.map { .int($0) } ?? .null,
                 "evidence": .string(payment.evidence)]
            })
            json["history"] = .array(events.map { event in
                ["date": .string(event.date), "recorded_at": .string(event.recordedAt), "event": .string(event.event),
                 "from": .optional(event.fromStatus), "to": .string(event.toStatus), "detail": .string(event.detail), "file": .optional(event.file)]
            })
            Terminal.print(JSONValue.object(json).serialized().trimmingTrailingNewline())
            return
        }
        var out: [String] = []
        let title = row.kind == "invoice" ? "Invoice" : "Credit note"
        out.append("\(title) \(row.number ?? "(draft \(row.key))") · \(row.clientID) · status \(entry.status)")
        out.append("Issued \(row.issueDate), due \(row.dueDate) · total \(entry.money(row.payable)) \(row.currency.code) · paid \(entry.money(row.paid)) · credited \(entry.money(row.credited)) · open \(entry.money(row.kind == "invoice" ? row.open : 0))")
        if let package = row.packagePath { out.append("Package: \(workspace.relative(package))") }
        if let document {
            out.append("")
            var table = TextTable(headers: ["#", "DESCRIPTION", "QTY", "UNIT", "PRICE", "DISCOUNT", "VAT", "NET"], rightAligned: [0, 2, 4, 5, 7])
            table.rows = document.lines.map { line in
                [String(line.id), line.description, line.quantity.description, line.unit, line.requestedPrice.description,
                 line.discount == 0 ? "" : document.text(line.discount), (line.taxRate.map { "\($0)% " } ?? "") + line.taxCategory.rawValue,
                 document.text(line.netAmount)]
            }
            out.append(table.rendered)
            for row in document.breakdown {
                out.append("VAT \(row.category.rawValue)\(row.rate.map { " \($0)%" } ?? ""): \(document.text(row.taxAmount)) on \(document.text(row.taxableAmount))\(row.exemptionReason.map { " (\($0))" } ?? "")")
            }
            out.append("Total without VAT \(document.text(document.totals.taxExclusive)), VAT \(document.text(document.totals.taxTotal)), total \(document.text(document.totals.payable)) \(document.currency.code)")
        }
        out.append("")
        out.append("Payments applied: " + (payments.isEmpty ? "none" : ""))
        for payment in payments { out.append("  \(payment.date)  \(entry.money(payment.amount)) \(payment.currency)  \(payment.evidence)") }
        out.append("History:")
        for event in events {
            out.append("  \(event.date)  \(event.event)  \(event.fromStatus ?? "-") → \(event.toStatus)  \(event.detail)\(event.file.map { "  (\($0))" } ?? "")")
        }
        Terminal.print(out.joined(separator: "\n"))
    }
}
