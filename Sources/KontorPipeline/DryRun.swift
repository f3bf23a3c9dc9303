import KontorClassify
import KontorConfig
import KontorCore
import KontorIntake
import KontorRead
import KontorStore

/// Reads a file the way an import would and books it in memory, posting nothing: the
/// logic of `kontor read`, callable from any front end (DESIGN.md 5).
///
/// It touches no inbox, spool or ledger: the file is read where it lies, and the bookings
/// (``StatementBooking``, ``ExpenseBooking``) run without a ledger batch. Lines the ledger
/// already has are not looked up, so a preview lists every line of the file. Incoming
/// payments are matched against the open invoices the caller read from the ledger.
///
/// The whole preview is kept in memory (one entry per line): meant for a file a person
/// reads, not for the million-line workloads the import streams.
public struct DryRun: Sendable {
    public let configuration: Configuration
    public let business: BusinessProfile
    /// The categories earlier imports created for the business (from the ledger, when it
    /// exists), so they are not reported as new again.
    public let importedCategories: [ImportedCategory]
    /// The business's categorized history and declared vendors (from the ledger), so the
    /// preview categorizes as an import would: vendor defaults, then the model.
    public var history: [ClassifierExample] = []
    public var vendors: [DeclaredVendor] = []
    /// The business's open invoices (from the ledger), so incoming payments show the
    /// invoices they would settle, or that they would wait for review.
    public var openInvoices: [OpenInvoiceRow] = []

    public init(configuration: Configuration, business: BusinessProfile, importedCategories: [ImportedCategory] = []) {
        self.configuration = configuration
        self.business = business
        self.importedCategories = importedCategories
    }

    /// The declared vendors as booking uses them.
    var directory: VendorDirectory {
        var directory = VendorDirectory()
        for vendor in vendors {
            directory.add(VendorDirectory.Entry(key: vendor.key, name: vendor.name, defaultCategory: vendor.defaultCategory),
                          aliasKeys: vendor.aliasKeys)
        }
        return directory
    }

    /// The preview of the file at `path`, read as `channel` (nil: the channel its format
    /// implies, see ``impliedChannel(prefix:fileName:)``). Errors carry the file's name.
    public func preview(path: String, channel: Channel? = nil) throws(KontorError) -> FilePreview {
        let name = String(path.split(separator: "/").last ?? Substring(path))
        guard DurableFile.exists(path) else {
            throw KontorError(.notFound, "there is no file at \(path)", hint: "check the path of the file to read")
        }
        do throws(KontorError) {
            let prefix = try FileByteSource.prefix(of: path)
            let channel = channel ?? impliedChannel(prefix: prefix, fileName: name)
            switch channel {
            case .bank, .gateway:
                let reading = try StatementReading.detect(prefix: prefix, fileName: name, channel: channel,
                                                          business: business, configuration: configuration)
                return try statements(path: path, name: name, channel: channel, reading: reading)
            case .expenses:
                return try expenses(path: path, name: name, format: FormatDetector.detect(prefix: prefix, fileName: name))
            default:
                throw KontorError(.usage, "files in the \(channel) channel cannot be read by this version of Kontor",
                                  hint: "read statements as bank or gateway, expense logs as expenses")
            }
        } catch where error.code == .badInput {
            throw error.inFile(name)
        }
    }

    /// The channel a file belongs in by its content: gateway exports and events →
    /// gateway; expense logs → expenses (unless a bank CSV mapping claims the header);
    /// everything else → bank.
    public func impliedChannel(prefix: [UInt8], fileName: String) -> Channel {
        if GatewayFormat.detect(prefix: prefix) != nil { return .gateway }
        switch FormatDetector.detect(prefix: prefix, fileName: fileName) {
        case .expenseJSON:
            return .expenses
        case .expenseCSV:
            let mappings = configuration.sources.keys.sorted().compactMap { configuration.sources[$0] }
            return BankCSVRecognizer.matching(prefix: prefix, among: mappings).isEmpty ? .expenses : .bank
        default:
            return .bank
        }
    }

    /// Reads statements, checks each one's balances and books its lines.
    func statements(path: String, name: String, channel: Channel, reading: StatementReading) throws(KontorError) -> FilePreview {
        var booking = try StatementBooking(business: business, configuration: configuration, gateway: reading.gateway,
                                           idScheme: reading.idScheme)
        let history = history
        booking.learn(directory: directory) { () throws(KontorError) in history }
        var preview = FilePreview(file: name, business: business.id, channel: channel, format: reading.format)
        var source = try FileByteSource(path: path, limit: configuration.settings.limits.maxFileBytes)
        defer { source.close() }
        var lines: [BankEntry] = []
        var payments = try PaymentBooking(business: business, openInvoices: openInvoices, recordedAt: "")
        let gateway = reading.gateway != nil
        try booking.book(reading.reader, from: &source, fileName: name) { (entry: BankEntry) throws(KontorError) -> Void in
            lines.append(try payments?.preview(entry, gateway: gateway) ?? entry)
        } statement: { (summary: StatementSummary) throws(KontorError) -> Void in
            preview.statements.append(FilePreview.Statement(summary: summary, lines: lines))
            lines = []
        }
        return preview
    }

    /// Reads an expense log and books its expenses, planning the categories it would create.
    func expenses(path: String, name: String, format: InputFormat) throws(KontorError) -> FilePreview {
        guard format == .expenseCSV || format == .expenseJSON else {
            throw KontorError(.badInput, "this is not an expense log: expected CSV with a header row or JSON, found \(format.rawValue)",
                              hint: "expense logs are CSV files with a header such as date,amount,vendor,category or JSON arrays of expense objects")
        }
        var booking = try ExpenseBooking(business: business, configuration: configuration, imported: importedCategories)
        booking.directory = directory
        var preview = FilePreview(file: name, business: business.id, channel: .expenses, format: format.rawValue)
        var source = try FileByteSource(path: path, limit: configuration.settings.limits.maxFileBytes)
        defer { source.close() }
        let options = booking.readOptions
        let book = { (record: ExpenseRecord) throws(KontorError) -> Void in
            let entry = try booking.entry(for: record)
            preview.expenses.append(FilePreview.Expense(
                entry: entry, newCategory: booking.newCategories.contains { $0.key == entry.category }))
        }
        if format == .expenseCSV {
            try ExpenseCSVReader(options: options).read(&source, fileName: name, book)
        } else {
            try ExpenseJSONReader(options: options).read(&source, fileName: name, book)
        }
        preview.newCategories = booking.newCategories
        return preview
    }
}
