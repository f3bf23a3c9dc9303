import KontorClassify
import KontorConfig
import KontorCore
import KontorIntake
import KontorPublish
import KontorRead
import KontorStore
import Logging

/// The one place that knows the order of the stages (STYLE.md 1): a settled inbox file is
/// claimed, hashed, checked for a duplicate, detected, read, classified and posted in one
/// transaction, then its original goes to its terminal place and its receipt is written.
///
/// Content errors become a `rejected` outcome; only a failing workspace (disk, database)
/// throws.
public struct Pipeline: InboxProcessor {
    public let workspace: Workspace
    public let configuration: Configuration
    let store: LedgerStore
    let spool: Spool
    let outbox = OutboxWriter()
    let logger: Logger
    let timestamp: @Sendable () -> String
    /// The fingerprint of `pipelines/` as loaded: a rejected file dropped again is judged
    /// again only when this changed.
    let configurationDigest: FileDigest
    /// Nanoseconds since the epoch: when approval requests start waiting, when decision
    /// tokens are checked, when escalations and expiry fall due.
    let now: @Sendable () -> Int64
    /// The version written into the manifests of report packages made for requests.
    public var generatorVersion = "unknown"
    /// Looks up environment variables (the webhook signing secrets); the process
    /// environment unless a test injects another.
    public var environment: @Sendable (String) -> String? = Pipeline.processEnvironment

    /// - Parameter timestamp: the time stamp written into receipts (`received_at`);
    ///   injected so tests control it.
    /// - Parameter now: the approval clock (nanoseconds since the epoch); injected so
    ///   tests run days of escalations in an instant.
    public init(workspace: Workspace, configuration: Configuration, store: LedgerStore, logger: Logger,
                timestamp: @escaping @Sendable () -> String,
                now: @escaping @Sendable () -> Int64 = Pipeline.systemNanoseconds) throws(KontorError) {
        self.workspace = workspace
        self.now = now
        self.configuration = configuration
        self.store = store
        self.spool = Spool(root: workspace.spool)
        self.logger = logger
        self.timestamp = timestamp
        self.configurationDigest = try ConfigurationDigest.of(directory: workspace.pipelines)
        for business in configuration.businesses {
            try store.register(business: business.id, name: business.name, baseCurrency: business.baseCurrency)
        }
    }

    public func process(_ file: InboxFile) async throws(KontorError) -> FileOutcome? {
        guard configuration.business(file.business) != nil else { return nil }
        if file.channel == .gateway {
            // A signature sidecar waits for its event and travels with it.
            if SignatureSidecar.isSidecar(file.name) { return nil }
            try claimSidecar(of: file)
        }
        guard let claimed = try spool.claim(file) else { return nil }
        return try take(claimed)
    }

    /// Runs the stages on a claimed file, in flow order.
    func take(_ claimed: ClaimedFile) throws(KontorError) -> FileOutcome {
        let digest: FileDigest, size: Int64
        do {
            // A file over the size limit is refused by its size, without being read or hashed.
            let (computed, bytes) = try FileByteSource.digest(of: claimed.path, unlessLargerThan: configuration.settings.limits.maxFileBytes)
            (digest, size) = (computed ?? .notComputed, bytes)
        } catch where error.code == .badInput {
            // Not a regular file: nothing to read, but it still gets a terminal place.
            let arrival = FileArrival(business: claimed.business, digest: Pipeline.emptyDigest, name: claimed.name,
                                      channel: claimed.channel, size: 0, receivedAt: timestamp(), spoolPath: claimed.path,
                                      configurationDigest: configurationDigest)
            return try finish(try recordRejection(arrival, error: error.inFile(claimed.name)))
        }
        let arrival = FileArrival(business: claimed.business, digest: digest, name: claimed.name, channel: claimed.channel,
                                  size: size, receivedAt: timestamp(), spoolPath: claimed.path,
                                  configurationDigest: configurationDigest)
        var log = logger
        log[metadataKey: "business.id"] = "\(claimed.business)"
        log[metadataKey: "file.name"] = "\(claimed.name)"
        log[metadataKey: "file.sha256"] = "\(digest.isComputed ? digest.hex : "not-computed")"

        if digest.isComputed, let original = try store.importedFile(business: claimed.business, digest: digest) {
            let stored = try recordDuplicate(arrival, of: original)
            log.info("duplicate file: nothing posted", metadata: ["file.duplicate_of": "\(original.id)"])
            return try finish(stored)
        }
        // An event with a signature sidecar is judged again: its verdict depends on the sidecar too.
        let signed = claimed.channel == .gateway && DurableFile.exists(SignatureSidecar.path(of: claimed.path))
        // Only an expense log's or a statement's verdict depends on its bytes and pipelines/
        // alone. Invoice requests, corrections, decisions, vendor and client master data and
        // payment requests are also judged by the ledger (an item or invoice that is not
        // imported yet, a category an import creates later): dropped again, they are judged again.
        if digest.isComputed, !signed, Pipeline.judgedByContentAndConfiguration.contains(claimed.channel),
           let earlier = try store.rejectedFile(business: claimed.business, digest: digest, configuration: configurationDigest) {
            let stored = try recordDuplicate(arrival, of: earlier)
            log.info("duplicate of a rejected file, configuration unchanged: nothing posted",
                     metadata: ["file.duplicate_of": "\(earlier.id)"])
            return try finish(stored)
        }
        let stored: StoredFile
        do {
            stored = try importFile(IntakeInput(arrival: arrival, content: .file(arrival.spoolPath), recorder: store), log: log)
        } catch where error.code != .io {
            let rejected = try recordRejection(arrival, error: error.inFile(claimed.name))
            var metadata: Logger.Metadata = ["error.message": "\(error.message)"]
            if let line = error.position?.line { metadata["error.line"] = "\(line)" }
            if let column = error.position?.column { metadata["error.column"] = "\(column)" }
            if let field = error.position?.field { metadata["error.field"] = "\(field)" }
            log.warning("rejected", metadata: metadata)
            return try finish(rejected)
        }
        log.info("imported", metadata: ["rows.posted": "\(stored.postedCount)", "rows.skipped": "\(stored.skippedCount)"])
        return try finish(stored)
    }

    /// The SHA-256 of no bytes, recorded for an input that has no content to hash.
    /// The channels whose files a rejection judges by their bytes and `pipelines/` alone, so
    /// that the same bytes under the same configuration are a duplicate of the rejection.
    static let judgedByContentAndConfiguration: Set<Channel> = [.expenses, .bank, .gateway]

    static let emptyDigest = FileDigest(hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    /// Detects the format, reads, classifies and posts, all inside one ledger transaction
    /// (for an archive member: one savepoint of the archive's transaction).
    func importFile(_ input: IntakeInput, log: Logger) throws(KontorError) -> StoredFile {
        let arrival = input.arrival
        guard let business = configuration.business(arrival.business) else {
            throw KontorError(.config, "business \(arrival.business) is not configured")
        }
        guard arrival.size <= configuration.settings.limits.maxFileBytes else {
            throw KontorError(.badInput, "the file has \(arrival.size) bytes, more than the limit of \(configuration.settings.limits.maxFileBytes)",
                              hint: "split it, or raise limits.max_file_bytes in pipelines/kontor.yaml")
        }
        let prefix = try input.content.prefix()
        let format = FormatDetector.detect(prefix: prefix, fileName: arrival.name)
        if format == .zip || format == .gzip {
            guard input.archive == nil, case .file = input.content else {
                throw KontorError(.badInput, "this archive member is an archive itself; archives inside archives are not opened",
                                  hint: "put the statement files themselves into the archive")
            }
            guard [.expenses, .bank, .gateway].contains(arrival.channel) else {
                throw KontorError(.badInput, "archives are opened in expenses/, bank/ and gateway/ only, not in \(arrival.channel)/",
                                  hint: "drop the \(arrival.channel) files themselves")
            }
            return try importArchive(arrival, format: format, log: log)
        }
        switch arrival.channel {
        case .expenses:
            return try importExpenses(input, business: business, format: format)
        case .bank, .gateway:
            let reading = try statementReader(for: arrival, prefix: prefix)
            var details: [String: JSONValue] = [:]
            if let signature = try checkSignature(input, business: business, reading: reading) {
                details["signature"] = signature
            }
            return try importStatements(input, business: business, reading: reading, details: details)
        case .corrections:
            if PaymentCorrectionCSVReader.recognizes(prefix: prefix) {
                return try importPaymentCorrections(arrival, business: business)
            }
            return try importCorrections(arrival, business: business)
        case .vendors:
            return try importVendors(arrival, business: business, prefix: prefix)
        case .clients:
            return try importClients(arrival, business: business)
        case .invoices:
            return try importInvoiceRequests(arrival, business: business)
        case .approvals:
            return try importDecision(arrival, business: business)
        case .requests:
            return try importRequest(arrival, business: business)
        default:
            throw KontorError(.badInput, "files in the \(arrival.channel) channel cannot be imported by this version of Kontor",
                              hint: "expense logs go into inbox/\(arrival.business)/expenses/, statements into bank/ or gateway/")
        }
    }

    /// Reads an expense log (CSV or JSON) and posts its expenses.
    func importExpenses(_ input: IntakeInput, business: BusinessProfile, format: InputFormat) throws(KontorError) -> StoredFile {
        let arrival = input.arrival
        var booking = try ExpenseBooking(business: business, configuration: configuration,
                                         imported: try input.recorder.importedCategories(business: business.id))
        booking.directory = try vendorDirectory(for: business.id)
        guard format == .expenseCSV || format == .expenseJSON else {
            throw KontorError(.badInput, "this is not an expense log: expected CSV with a header row or JSON, found \(format.rawValue)",
                              hint: "expense logs are CSV files with a header such as date,amount,vendor,category or JSON arrays of expense objects")
        }
        let options = booking.readOptions
        let prepared = booking
        let source = Handed(try input.content.open(limit: configuration.settings.limits.maxFileBytes))
        defer { source.value.close() }
        let now = self.now()
        let fileName = arrival.name
        let (stored, _) = try input.recorder.importFile(arrival, format: format.rawValue, plan: { plan(for: input, status: .imported, id: $0) }) { (batch: LedgerBatch) throws -> ([Receipt.SkippedRecord], ApprovalIntake, [JSONValue]) in
            var skipped: [Receipt.SkippedRecord] = []
            // Expenses whose payment came in before as a bank line (docs/decisions/expense-bank-lines.md).
            var paidByBankLines: [JSONValue] = []
            batch.statementAccounts = business.statementAccounts
            var approvals = ApprovalIntake(business: business, configuration: configuration, now: now)
            // Reading and booking on one core, posting on the other (Handoff).
            try Handoff.run { (emit: (ExpenseStep) throws(KontorError) -> Void) throws(KontorError) in
                var booking = prepared
                let book = { (record: ExpenseRecord) throws(KontorError) -> Void in
                    let known = booking.newCategories.count
                    let entry = try booking.entry(for: record)
                    for category in booking.newCategories.dropFirst(known) { try emit(.category(category)) }
                    try emit(.entry(entry))
                }
                if format == .expenseCSV {
                    try ExpenseCSVReader(options: options).read(&source.value, fileName: fileName, book)
                } else {
                    try ExpenseJSONReader(options: options).read(&source.value, fileName: fileName, book)
                }
            } consume: { (step: ExpenseStep) throws(KontorError) in
                switch step {
                case .category(let category):
                    try batch.createCategory(category.key, name: category.name, account: category.account)
                case .entry(let entry):
                    if try approvals.hold(entry, in: batch) { return }
                    switch try batch.post(entry) {
                    case .alreadyPosted(let existing):
                        skipped.append(Receipt.SkippedRecord(recordID: entry.transaction.recordID, position: entry.record.position,
                                                             existingTransaction: existing))
                    case .posted(let id):
                        if let line = batch.bankLineOfLastExpense {
                            paidByBankLines.append([
                                "record_id": .string(entry.transaction.recordID), "position": .string(entry.record.position.label),
                                "expense": .int(id), "bank_line": .int(line),
                            ])
                        }
                    }
                }
            }
            return (skipped, approvals, paidByBankLines)
        } outputs: { (file: StoredFile, result: ([Receipt.SkippedRecord], ApprovalIntake, [JSONValue])) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = file.postedCount
            receipt.skipped = result.0
            receipt.details.merge(result.1.receiptDetails) { _, new in new }
            if !result.2.isEmpty { receipt.details["paid_by_bank_lines"] = .array(result.2) }
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
                + result.1.held.flatMap { approvalOutputs($0, notify: "waiting", at: now) }
        }
        return stored
    }
}

/// What the reading thread of an expense import hands to the posting one: a custom
/// category made on import (created before the first entry that uses it), or an entry.
enum ExpenseStep: Sendable {
    case category(ImportedCategory)
    case entry(ExpenseEntry)
}

/// A value handed to the reading thread of an import (the input's byte source, a booking
/// prepared on the calling thread, a database read to run back on it). Only one thread
/// uses it at a time: the reading thread until ``Handoff`` returns, or the posting thread
/// for work the reading thread waits on.
final class Handed<Value>: @unchecked Sendable {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
