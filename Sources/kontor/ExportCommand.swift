import ArgumentParser
import KontorConfig
import KontorCore
import KontorPackage
import KontorStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export ledger data.",
        subcommands: [ExportExpensesCommand.self, ExportHledgerCommand.self, ExportBeancountCommand.self, ExportCSVCommand.self])
}

struct ExportExpensesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expenses", abstract: "Export the filtered expenses as CSV or JSON, or as a package in outbox/.",
        discussion: """
            Without --package, prints the expenses (--format csv or json) to stdout. With --package, writes \
            outbox/<business>/exports/expenses-<from>-<to>.<zip|tar.gz> holding expenses.csv, expenses.json and \
            manifest.json (sha256 and size of every entry). The same ledger state and filters always give a \
            byte-identical archive. --anonymize replaces vendors, descriptions, receipt references and source file \
            names by pseudonyms keyed with var/anonymize.key (made on first use; the same name always gets the same \
            pseudonym); amounts, dates, categories and tax stay.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: ExpenseFilterOptions
    @Option(help: "Output format without --package: csv or json.")
    var format: ExportFormat = .csv
    @Flag(help: "Write a package (archive + manifest) to outbox/<business>/exports/ instead of printing.")
    var package = false
    @Option(help: "Archive format of the package: zip or tar.gz.")
    var archive: ArchiveFormat = .zip
    @Flag(help: "Replace vendors, descriptions, receipts and source file names by keyed pseudonyms.")
    var anonymize = false

    func run() throws {
        Terminal.jsonErrors = format == .json
        var (workspace, business, query, listing) = try ExpenseListing.load(global, filters)
        if anonymize { listing = listing.anonymized(by: try AnonymizationKey.anonymizer(workspace)) }
        guard package else {
            Terminal.print(listing.render(format == .json ? .json : .csv))
            return
        }
        let dates = listing.rows.map(\.date)
        let from = query.from ?? dates.min()
        let to = query.to ?? dates.max()
        let period = from.flatMap { from in to.flatMap { PackagePeriod(from: from, to: $0) } }
        var builder = PackageBuilder(kind: PackageKind("expenses"), business: business.id, period: period,
                                     generatorVersion: KontorVersion.current, created: ledgerStamp(listing))
        try builder.add(path: "expenses.csv", text: listing.csv)
        try builder.add(path: "expenses.json", text: listing.render(.json) + "\n")
        // The order is part of what a package holds: a package sorted otherwise than by
        // date ascending is named apart too, so it never replaces the default one.
        var narrowing = filters.narrowing
        if filters.sort != .date || filters.desc {
            narrowing.append(("sort", filters.sort.rawValue + (filters.desc ? " desc" : "")))
        }
        var filterObject: [String: JSONValue] = ["from": .optional(query.from?.description), "to": .optional(query.to?.description)]
        if anonymize { filterObject["anonymized"] = .bool(true) }
        for (key, value) in narrowing { filterObject[key] = .string(value) }
        try builder.add(path: "filters.json", text: JSONValue.object(filterObject).serialized())
        // A filtered export gets its own name, so it never replaces the full one.
        let tag = (narrowing.isEmpty ? "" : "-" + Fingerprint.hex(of: narrowing.map { "\($0.0)=\($0.1)" }).prefix(8))
            + (anonymize ? "-anonymized" : "")
        let name = "expenses-\(from?.description ?? "all")-\(to?.description ?? "all")\(tag).\(archive.fileExtension)"
        try DurableFile.makeDirectory(workspace.exports(business.id))
        let summary = try builder.write(to: workspace.exports(business.id) + "/" + name, format: archive)
        Terminal.print("wrote \(workspace.relative(summary.path)) (\(listing.rows.count) expenses, sha256 \(summary.sha256.hex))")
    }

    /// The package's `created` field: the latest date in the data, so the same state
    /// gives the same bytes (a wall-clock time would differ on every run).
    func ledgerStamp(_ listing: ExpenseListing) -> String {
        (listing.rows.map(\.date).max()?.description ?? "1980-01-01") + "T00:00:00Z"
    }
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

extension ArchiveFormat: ExpressibleByArgument {}

/// The version written into manifests and `kontor --version`.
enum KontorVersion {
    static let current = "0.1.0"
}
