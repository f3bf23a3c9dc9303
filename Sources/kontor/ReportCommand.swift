#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import KontorConfig
import KontorCore
import KontorPackage
import KontorPipeline
import KontorReport
import KontorStore

/// `kontor report NAME`: one report over the ledger, printed in a format.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print a report: pnl, expenses, tax, vendors or aging.",
        discussion: """
            pnl: profit and loss by account; expenses: by category, vendor and month with shares and top \
            vendors; tax: output and input tax per tax account and rate, with bases and the net payable; \
            vendors: per-vendor totals, items and open payables; aging: open receivables per client in \
            0–30, 31–60, 61–90 and 90+ days at the end of the period. --basis cash counts invoices and \
            bills when payments settle them. --format pdf writes a PDF (charts, tables across pages) to \
            --output FILE or to a redirected stdout, never to a terminal. See docs/decisions/reports.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "pnl, expenses, tax, vendors or aging; with --package several, or all.")
    var names: [ReportNameArgument]
    @OptionGroup var period: ReportPeriodOptions
    @OptionGroup var shape: ReportShapeOptions
    @Option(help: "Output format: table, csv, json, html or pdf. With --package, repeat it for several (default: csv, json and html).")
    var format: [ReportFormatArgument] = []
    @Option(help: "Write the report to this file (temp file + rename) instead of stdout.")
    var output: String?
    @Flag(help: "Write one archive with the reports, the period's ledger and a manifest to outbox/<business>/reports/.")
    var package = false
    @Option(help: "Archive format of the package: zip or tar.gz.")
    var archive: ArchiveFormat = .zip
    @Flag(help: "CSV with ';' between cells and ',' as decimal mark, for spreadsheets in locales that write 1234,56.")
    var decimalComma = false

    func run() throws {
        Terminal.jsonErrors = format.count == 1 && format[0].value == .json
        var reports: [ReportName] = []
        for name in names {
            for report in name.values where !reports.contains(report) { reports.append(report) }
        }
        let (workspace, configuration, business) = try global.resolve()
        let chosen = try period.resolve(business, required: true)!
        let store = try global.openStore(workspace)
        if package {
            if output != nil {
                throw KontorError(.usage, "--output does not go with --package, which writes its archive into outbox/<business>/reports/",
                                  hint: "drop --output, or drop --package to write one report")
            }
            var spec = ReportPackageSpec(reports: reports, formats: format.isEmpty ? ReportPackageSpec.defaultFormats : format.map(\.value),
                                         period: chosen, basis: shape.basis.value, comparison: shape.compare?.value,
                                         depth: shape.depth, currency: try shape.currencyCode(), archive: archive)
            spec.decimalComma = decimalComma
            let summary = try ReportPackager.write(spec, workspace: workspace, store: store, business: business,
                                                   configuration: configuration, generatorVersion: KontorVersion.current)
            Terminal.print("wrote \(workspace.relative(summary.path)) (\(summary.manifest.entries.count) files, sha256 \(summary.sha256.hex))")
            return
        }
        guard reports.count == 1, format.count <= 1 else {
            throw KontorError(.usage, "without --package, kontor report prints one report in one format",
                              hint: "name one report and at most one --format, or add --package to write several into an archive")
        }
        let chosenFormat = format.first?.value ?? .table
        if chosenFormat == .pdf && output == nil && isatty(1) == 1 {
            throw KontorError(.usage, "a PDF is binary and is not written to a terminal",
                              hint: "add --output \(reports[0].rawValue).pdf, or redirect: > \(reports[0].rawValue).pdf")
        }
        let request = try shape.request(business, configuration, period: chosen,
                                        paymentTerms: try ReportPackager.paymentTerms(store: store, business: business.id, for: reports))
        var journal = try store.journal(business: business.id)
        journal.baseCurrency = business.baseCurrency
        let document = Reporter(journal: journal, request: request).report(reports[0])
        let bytes = try document.bytes(chosenFormat, decimalComma: decimalComma)
        if let output {
            try DurableFile.write(bytes, to: output)
            Terminal.note("wrote \(output)")
        } else {
            try Terminal.writeBytes(bytes)
        }
    }
}

/// Basis, comparison, depth and currency of a report.
struct ReportShapeOptions: ParsableArguments {
    @Option(help: "accrual (when booked) or cash (when paid).")
    var basis: BasisArgument = BasisArgument(value: .accrual)
    @Option(help: "Add a comparison column: previous (the period before) or last-year (the same period a year earlier).")
    var compare: ComparisonArgument?
    @Option(help: "Collapse accounts to this many levels (Expenses:Office is 2).")
    var depth: Int?
    @Option(help: "Report on postings in this currency (default: the business's base currency).")
    var currency: String?

    func currencyCode() throws(KontorError) -> CurrencyCode? {
        guard let currency else { return nil }
        guard let parsed = CurrencyCode(currency) else {
            throw KontorError(.usage, "'\(currency)' is not an ISO 4217 currency code", hint: "write it like EUR or SEK")
        }
        return parsed
    }

    func request(_ business: BusinessProfile, _ configuration: Configuration, period: ReportPeriod,
                 paymentTerms: [VendorTerms] = []) throws(KontorError) -> ReportRequest {
        if let depth, depth < 1 { throw KontorError(.usage, "--depth must be 1 or more", hint: "for example --depth 2") }
        let spec = ReportPackageSpec(period: period, basis: basis.value, comparison: compare?.value, depth: depth,
                                     currency: try currencyCode())
        return try ReportPackager.request(spec, business: business, configuration: configuration, paymentTerms: paymentTerms)
    }
}

struct ReportNameArgument: ExpressibleByArgument {
    let values: [ReportName]
    init?(argument: String) {
        if argument == "all" {
            values = ReportName.allCases
            return
        }
        guard let value = ReportName(rawValue: argument) else { return nil }
        values = [value]
    }
    static var allValueStrings: [String] { ReportName.allCases.map(\.rawValue) + ["all"] }
}

struct ReportFormatArgument: ExpressibleByArgument {
    let value: ReportFormat
    init(value: ReportFormat) { self.value = value }
    init?(argument: String) {
        guard let value = ReportFormat(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { ReportFormat.allCases.map(\.rawValue) }
    var defaultValueDescription: String { value.rawValue }
}

struct BasisArgument: ExpressibleByArgument {
    let value: Basis
    init(value: Basis) { self.value = value }
    init?(argument: String) {
        guard let value = Basis(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { Basis.allCases.map(\.rawValue) }
    var defaultValueDescription: String { value.rawValue }
}

struct ComparisonArgument: ExpressibleByArgument {
    let value: ReportRequest.Comparison
    init?(argument: String) {
        guard let value = ReportRequest.Comparison(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { ReportRequest.Comparison.allCases.map(\.rawValue) }
}
