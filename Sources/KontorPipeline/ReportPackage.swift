import KontorConfig
import KontorCore
import KontorPackage
import KontorReport
import KontorStore

/// What a report package holds: which reports, in which formats, for which period and basis.
public struct ReportPackageSpec: Sendable, Hashable {
    public var reports: [ReportName]
    public var formats: [ReportFormat]
    public var period: ReportPeriod
    public var basis: Basis
    public var comparison: ReportRequest.Comparison?
    public var depth: Int?
    public var currency: CurrencyCode?
    public var archive: ArchiveFormat
    /// CSV with `;` between cells and `,` as decimal mark.
    public var decimalComma = false

    public static let defaultFormats: [ReportFormat] = [.csv, .json, .html]

    public init(reports: [ReportName] = ReportName.allCases, formats: [ReportFormat] = ReportPackageSpec.defaultFormats,
                period: ReportPeriod, basis: Basis = .accrual, comparison: ReportRequest.Comparison? = nil, depth: Int? = nil,
                currency: CurrencyCode? = nil, archive: ArchiveFormat = .zip) {
        self.reports = reports
        self.formats = formats
        self.period = period
        self.basis = basis
        self.comparison = comparison
        self.depth = depth
        self.currency = currency
        self.archive = archive
    }

    /// `reports-2026-Q3-accrual.zip`; a package that is not the default set (all reports in
    /// CSV, JSON and HTML, no comparison) gets a tag from what it holds, so it never
    /// replaces another kind.
    public var fileName: String {
        var name = "reports-\(period.label)-\(basis.rawValue)"
        let isDefault = reports == ReportName.allCases && formats == ReportPackageSpec.defaultFormats && comparison == nil
            && depth == nil && currency == nil && !decimalComma
        if !isDefault {
            name += "-" + Fingerprint.hex(of: [reports.map(\.rawValue).joined(separator: ","), formats.map(\.rawValue).joined(separator: ","),
                                               comparison?.rawValue ?? "", depth.map(String.init) ?? "", currency?.code ?? "",
                                               decimalComma ? "decimal-comma" : ""]).prefix(8)
        }
        return name + "." + archive.fileExtension
    }
}

/// Builds report packages: every requested report in every requested format, the period's
/// ledger as hledger and beancount journals, the imported source files with their SHA-256,
/// and a manifest with the period, basis, generator version and a hash of the ledger state.
/// The same ledger state and spec give byte-identical archives (nothing reads the clock).
public enum ReportPackager {
    /// The package's bytes and manifest, without touching disk.
    public static func build(_ spec: ReportPackageSpec, journal: Journal, sources: [StoredFile], business: BusinessProfile,
                             configuration: Configuration, paymentTerms: [VendorTerms] = [],
                             generatorVersion: String) throws(KontorError) -> (bytes: [UInt8], summary: PackageSummary) {
        let request = try ReportPackager.request(spec, business: business, configuration: configuration, paymentTerms: paymentTerms)
        let reporter = Reporter(journal: journal, request: request)
        // The ledger state: a hash of every posting of the business, whatever the period.
        let fullExport = LedgerExport(journal: journal, period: nil, title: business.name, generator: "kontor \(generatorVersion)")
        let ledgerHash = SHA256Digest.of(Array(fullExport.render(.csv).utf8)).hex
        let latest = journal.entries.last?.date ?? spec.period.to
        var builder = PackageBuilder(kind: .report, business: business.id,
                                     period: PackagePeriod(from: spec.period.from, to: spec.period.to),
                                     generatorVersion: generatorVersion, created: "\(latest)T00:00:00Z")
        builder.metadata = [
            "basis": .string(spec.basis.rawValue),
            "ledger_sha256": .string(ledgerHash),
            "period_label": .string(spec.period.label),
            "reports": .array(spec.reports.map { .string($0.rawValue) }),
            "formats": .array(spec.formats.map { .string($0.rawValue) }),
            "comparison": spec.comparison.map { .string($0.rawValue) } ?? .null,
            "currency": .string((spec.currency ?? journal.baseCurrency).code),
            "csv_decimal_mark": .string(spec.decimalComma ? "," : "."),
        ]
        for name in spec.reports {
            let document = reporter.report(name)
            for format in spec.formats {
                try builder.add(path: "reports/\(name.rawValue).\(format.fileExtension)",
                                bytes: document.bytes(format, decimalComma: spec.decimalComma))
            }
        }
        let export = LedgerExport(journal: journal, period: spec.period, title: business.name, generator: "kontor \(generatorVersion)")
        try builder.add(path: "ledger/ledger.journal", text: export.render(.hledger))
        try builder.add(path: "ledger/ledger.beancount", text: export.render(.beancount))
        try builder.add(path: "sources.json", text: JSONValue.array(sources.map { file in
            ["name": .string(file.name), "channel": .string(file.channel.rawValue), "sha256": .string(file.digest.hex),
             "size": .int(file.size), "format": .optional(file.format), "received_at": .string(file.receivedAt)]
        }).serialized())
        return try builder.build(format: spec.archive)
    }

    /// Builds the package from the store and writes it durably into `outbox/<b>/reports/`.
    public static func write(_ spec: ReportPackageSpec, workspace: Workspace, store: LedgerStore, business: BusinessProfile,
                             configuration: Configuration, generatorVersion: String) throws(KontorError) -> PackageSummary {
        var journal = try store.journal(business: business.id)
        journal.baseCurrency = business.baseCurrency
        let sources = try store.importedFiles(business: business.id)
        var (bytes, summary) = try build(spec, journal: journal, sources: sources, business: business, configuration: configuration,
                                         paymentTerms: try paymentTerms(store: store, business: business.id, for: spec.reports),
                                         generatorVersion: generatorVersion)
        try DurableFile.makeDirectory(workspace.reports(business.id))
        let path = workspace.reports(business.id) + "/" + spec.fileName
        try DurableFile.write(bytes, to: path)
        summary.path = path
        return summary
    }

    /// The payment terms the business's vendor master data states, when `reports` hold the
    /// vendor report (the only one that reads them); else none, without asking the store.
    public static func paymentTerms(store: LedgerStore, business: BusinessID, for reports: [ReportName]) throws(KontorError) -> [VendorTerms] {
        guard reports.contains(.vendors) else { return [] }
        return try store.vendors(business: business).compactMap { row in
            row.profile?.paymentTermsDays.map { VendorTerms(name: row.name, aliases: row.aliases, days: $0) }
        }
    }

    /// The report request a spec and a business profile make.
    public static func request(_ spec: ReportPackageSpec, business: BusinessProfile, configuration: Configuration,
                               paymentTerms: [VendorTerms] = []) throws(KontorError) -> ReportRequest {
        guard let inputTax = AccountPath(business.inputTaxAccount.rawValue) else {
            throw KontorError(.config, "the input tax account of \(business.id) is not a ledger account name")
        }
        let rates = Set(configuration.categories(for: business.id).compactMap(\.taxRate)).sorted()
        var request = ReportRequest(period: spec.period, comparison: spec.comparison, basis: spec.basis,
                                    currency: spec.currency ?? business.baseCurrency,
                                    depth: spec.depth, businessName: business.name, inputTaxAccount: inputTax, knownRates: rates)
        request.paymentTerms = paymentTerms
        return request
    }
}
