import ArgumentParser
import KontorConfig
import KontorCore
import KontorReport
import KontorStore

/// What `kontor export hledger|beancount|csv` share: the business, the period and where
/// the journal goes.
struct LedgerExportOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: ReportPeriodOptions
    @Option(help: "Write to this file (temp file + rename) instead of stdout.")
    var output: String?
    @Flag(help: "Replace descriptions, vendors, clients, party accounts and record ids by keyed pseudonyms.")
    var anonymize = false

    func run(_ format: LedgerExport.Format) throws {
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        var journal = try store.journal(business: business.id)
        journal.baseCurrency = business.baseCurrency
        if anonymize { journal = try AnonymizationKey.anonymizer(workspace).anonymize(journal) }
        let export = LedgerExport(journal: journal, period: try period.resolve(business, required: false),
                                  title: business.name, generator: "kontor \(KontorVersion.current)")
        let text = export.render(format)
        if let output {
            try DurableFile.write(Array(text.utf8), to: output)
            Terminal.note("wrote \(output)")
        } else {
            Swift.print(text, terminator: "")
        }
    }

    static let discussion = """
        Prints the ledger of the business (all time, or --period / --from --to) to stdout, or writes it \
        to --output. A period export begins with an "Opening balances" transaction on its first day: \
        balance-sheet accounts carry their earlier balance and earlier income and expenses are summed \
        into Equity:Retained-Earnings. The same ledger state always gives the same bytes. \
        --anonymize replaces every description, vendor, client, the party part of receivable and payable \
        accounts and every record id (invoice numbers excepted) by a pseudonym keyed with var/anonymize.key \
        (made on first use): amounts, dates, accounts and tax stay, so the totals are those of the plain export.
        """
}

struct ExportHledgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hledger", abstract: "Export the ledger as an hledger journal.", discussion: LedgerExportOptions.discussion)
    @OptionGroup var options: LedgerExportOptions
    func run() throws { try options.run(.hledger) }
}

struct ExportBeancountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beancount", abstract: "Export the ledger as a beancount file (with open and commodity directives).",
        discussion: LedgerExportOptions.discussion)
    @OptionGroup var options: LedgerExportOptions
    func run() throws { try options.run(.beancount) }
}

struct ExportCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv", abstract: "Export the ledger's postings as CSV, one row per posting.",
        discussion: LedgerExportOptions.discussion)
    @OptionGroup var options: LedgerExportOptions
    func run() throws { try options.run(.csv) }
}
