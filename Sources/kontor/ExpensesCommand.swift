import ArgumentParser
import KontorConfig
import KontorCore
import KontorPublish
import KontorReport
import KontorStore

struct ExpensesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expenses", abstract: "Query the expenses in the ledger.",
        subcommands: [ExpensesListCommand.self, ExpensesShowCommand.self])
}

/// The filters and sort order shared by `expenses list` and `export expenses`.
struct ExpenseFilterOptions: ParsableArguments {
    @Option(help: "Only expenses on or after this date (YYYY-MM-DD).")
    var from: String?
    @Option(help: "Only expenses on or before this date (YYYY-MM-DD).")
    var to: String?
    @Option(help: "Only this category and the categories below it (e.g. travel includes travel.lodging).")
    var category: String?
    @Option(help: "Only vendors whose name contains this text (case-insensitive).")
    var vendor: String?
    @Option(help: "Only gross amounts of at least this much, in each expense's currency, compared exactly (e.g. 100 or 99.50; a refund is negative).")
    var min: String?
    @Option(help: "Only gross amounts of at most this much, in each expense's currency, compared exactly.")
    var max: String?
    @Option(help: "Only expenses with this status: posted (expense-log rows); categorized, review or transfer (bank lines, implies --bank).")
    var status: ExpenseStatus?
    @Option(help: "Only expenses whose description, vendor, category or receipt contains this text.")
    var search: String?
    @Option(help: "Sort by date, amount (by currency, then amount), category or vendor (ties: in ledger order, reversed by --desc).")
    var sort: ExpenseQuery.SortKey = .date
    @Flag(help: "Sort in descending order.")
    var desc = false

    func query(for business: BusinessID) throws(KontorError) -> ExpenseQuery {
        var query = ExpenseQuery(business: business)
        query.from = try from.map { text throws(KontorError) in try ExpenseFilterOptions.date(text, option: "--from") }
        query.to = try to.map { text throws(KontorError) in try ExpenseFilterOptions.date(text, option: "--to") }
        if let from = query.from, let to = query.to, from > to {
            throw KontorError(.usage, "--from \(from) is after --to \(to)", hint: "give the earlier date as --from")
        }
        query.category = category.map(CategoryKey.init)
        query.vendor = vendor
        query.minimum = min
        query.maximum = max
        query.status = status?.rawValue
        query.search = search
        query.sort = sort
        query.descending = desc
        return query
    }

    /// The filters other than the date range, as `option=value` pairs (for package names
    /// and the package's filters.json), sorted.
    var narrowing: [(String, String)] {
        var pairs: [(String, String)] = []
        if let category { pairs.append(("category", category)) }
        if let vendor { pairs.append(("vendor", vendor)) }
        if let min { pairs.append(("min", min)) }
        if let max { pairs.append(("max", max)) }
        if let status { pairs.append(("status", status.rawValue)) }
        if let search { pairs.append(("search", search)) }
        return pairs
    }

    static func date(_ text: String, option: String) throws(KontorError) -> LocalDate {
        guard let date = LocalDate(iso: text) else {
            throw KontorError(.usage, "\(option) '\(text)' is not a date", hint: "write dates as YYYY-MM-DD, e.g. 2026-11-01")
        }
        return date
    }
}

extension ExpenseQuery.SortKey: ExpressibleByArgument {}

/// The statuses an item can have: every imported expense-log row is posted; a bank or
/// gateway line is categorized, waiting for review, or a transfer.
enum ExpenseStatus: String, ExpressibleByArgument, CaseIterable {
    case posted, categorized, review, transfer

    /// Whether the status is one of bank lines (so the listing shows bank lines).
    var isBankStatus: Bool { self != .posted }
}

struct ExpensesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List expenses, filtered and sorted.",
        discussion: "Amounts are exact decimals in the expense's currency. JSON output is an object with the business and an array of expenses.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: ExpenseFilterOptions
    @Flag(help: "List bank and gateway lines (with status and evidence) instead of expense-log rows.")
    var bank = false
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        if bank || filters.status?.isBankStatus == true {
            Terminal.print(try BankLineListing.load(global, filters).render(format))
            return
        }
        let (_, _, _, listing) = try ExpenseListing.load(global, filters)
        Terminal.print(listing.render(format))
    }
}

/// A list of expenses in each output format.
struct ExpenseListing {
    var business: BusinessID
    var rows: [ExpenseRow]

    /// Runs the query the options describe (checking that a category filter names a
    /// category of the business).
    static func load(_ global: GlobalOptions, _ filters: ExpenseFilterOptions)
        throws(KontorError) -> (Workspace, BusinessProfile, ExpenseQuery, ExpenseListing) {
        let (workspace, configuration, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let query = try filters.query(for: business.id)
        if let category = query.category {
            try CategoryListing.check(category, business: business.id, configuration: configuration, store: store)
        }
        return (workspace, business, query, ExpenseListing(business: business.id, rows: try store.expenses(query)))
    }

    /// The listing with what names people and firms replaced by pseudonyms (vendor,
    /// description, receipt reference, source file); amounts, dates, categories and tax kept.
    func anonymized(by anonymizer: Anonymizer) -> ExpenseListing {
        var listing = self
        listing.rows = rows.map { row in
            var row = row
            row.vendor = anonymizer.pseudonym(.vendor, row.vendor)
            row.description = anonymizer.pseudonym(.text, row.description)
            row.receipt = row.receipt.map { anonymizer.pseudonym(.receipt, $0) }
            row.file = anonymizer.pseudonym(.file, row.file)
            return row
        }
        return listing
    }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object(["business": .string(business.rawValue), "expenses": .array(rows.map(\.json))])
                .serialized().trimmingTrailingNewline()
        case .csv:
            return csv.trimmingTrailingNewline()
        case .table:
            var table = TextTable(headers: ["ID", "DATE", "AMOUNT", "CUR", "VENDOR", "CATEGORY", "DESCRIPTION"], rightAligned: [0, 2])
            table.rows = rows.map { row in
                [String(row.id), row.date.description, row.amount.decimalString, row.amount.currency.code, row.vendor,
                 row.category.rawValue, row.description]
            }
            let footer = "\(rows.count) expense\(rows.count == 1 ? "" : "s")" + totals
            return table.rendered + "\n" + footer
        }
    }

    /// The CSV a spreadsheet opens: one row per expense, amounts as plain numbers.
    var csv: String {
        var writer = CSVWriter()
        writer.header(["id", "date", "amount", "currency", "tax_amount", "tax_rate", "vendor", "category", "description",
                       "payment_account", "receipt", "status", "source_file", "source_line"])
        for row in rows {
            writer.row([
                .number(String(row.id)), .text(row.date.description), .number(row.amount.decimalString),
                .text(row.amount.currency.code), row.taxAmount.map { .number($0.decimalString) } ?? .empty,
                row.taxRate.map { .number($0.description) } ?? .empty, .text(row.vendor), .text(row.category.rawValue),
                .text(row.description), .text(row.paymentAccount), row.receipt.map(CSVWriter.Cell.text) ?? .empty,
                .text(row.status), .text(row.file), row.line.map { .number(String($0)) } ?? .empty,
            ])
        }
        return writer.output
    }

    private var totals: String {
        var sums: [CurrencyCode: Int64] = [:]
        for row in rows { sums[row.amount.currency, default: 0] &+= row.amount.minorUnits }
        guard !sums.isEmpty else { return "" }
        return ", total " + sums.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key).description }
            .joined(separator: ", ")
    }
}

extension String {
    func trimmingTrailingNewline() -> String {
        var result = self
        while result.last == "\n" || result.last == "\r\n" { result.removeLast() }
        return result
    }
}
