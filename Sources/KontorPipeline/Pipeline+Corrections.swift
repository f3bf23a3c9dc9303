#if canImport(Glibc)
import Glibc
#endif
import KontorClassify
import KontorConfig
import KontorCore
import KontorIntake
import KontorPublish
import KontorRead
import KontorStore

extension Pipeline {
    /// Applies a corrections file (`inbox/<b>/corrections/`): every line re-categorizes one
    /// item (an expense-log row or a bank or gateway line, by the id `kontor expenses list`
    /// shows), all in one transaction.
    ///
    /// The ledger stays append-only: a correction posts a *reclassification* transaction
    /// (dated like the item) that moves the item's amount from its current category account
    /// to the new one, writes an audit row (file, line, who dropped it, old → new, when)
    /// and gives the item its new category, vendor and evidence. An unknown id or category
    /// anywhere rejects the whole file, with every problem's line and column. Corrected
    /// items weigh more when the classifier next trains.
    func importCorrections(_ arrival: FileArrival, business: BusinessProfile) throws(KontorError) -> StoredFile {
        var source = try FileByteSource(path: arrival.spoolPath, limit: configuration.settings.limits.maxFileBytes)
        defer { source.close() }
        var readProblems: [KontorError] = []
        let records = try CorrectionCSVReader().read(&source, fileName: arrival.name, problems: &readProblems)
        let categories = try BusinessCategories(business: business, configuration: configuration,
                                                imported: try store.importedCategories(business: business.id))
        let directory = try vendorDirectory(for: business.id)
        let submittedBy = Pipeline.owner(of: arrival.spoolPath)
        let (stored, applied) = try store.importFile(arrival, format: "corrections-csv", plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> [JSONValue] in
            var problems = readProblems
            var resolved: [(CorrectionRecord, CategoryKey, AccountPath)] = []
            for record in records {
                var idPosition = record.position
                idPosition.column = 1
                idPosition.field = "id"
                guard try batch.correctionTarget(id: record.itemID) != nil else {
                    problems.append(KontorError(.badInput, "there is no expense or bank line with id \(record.itemID) in business \(business.id)",
                                                hint: "use an id that `kontor expenses list` (or `--bank`) shows", at: idPosition))
                    continue
                }
                var categoryPosition = record.position
                categoryPosition.column = 2
                categoryPosition.field = "category"
                switch categories.resolve(record.category, at: categoryPosition) {
                case .success(let (key, account)): resolved.append((record, key, account))
                case .failure(let error): problems.append(error)
                }
            }
            if let error = KontorError.combined(problems.sorted(by: Pipeline.byLineAndColumn)) { throw error }
            var applied: [JSONValue] = []
            let normalizer = VendorNormalizer()
            for (record, category, account) in resolved {
                guard let target = try batch.correctionTarget(id: record.itemID) else { continue }
                let line = record.position.line ?? 0
                guard let counter = Pipeline.categoryPosting(of: target, business: business) else {
                    throw KontorError(.badInput, "item \(record.itemID) cannot be re-categorized: its postings do not show one category account",
                                      hint: "correct it with a manual entry instead", at: record.position)
                }
                let current = target.correctedAccount ?? counter.account
                var vendor: (key: String, name: String)?
                if let name = record.vendor {
                    let normalized = normalizer.normalize(name)
                    let declared = directory.vendor(forKey: normalized.key)
                    vendor = (declared?.key ?? normalized.key, declared?.name ?? normalized.displayName)
                }
                let vendorChanges = vendor.map { $0.name != target.vendorName } ?? false
                // A person naming the category the classifier guessed confirms the guess: it is
                // recorded (no money moves) so that the model learns from it as from any
                // correction; a guess is not history the model trains on.
                let confirmsAGuess = target.evidence.map { $0.contains("\"source\":\"model\"") } ?? false
                guard category != target.category || current != account || vendorChanges || confirmsAGuess else {
                    applied.append(["line": .int(Int64(line)), "id": .int(record.itemID), "unchanged": true])
                    continue
                }
                var reclassification: LedgerTransaction?
                if current != account {
                    reclassification = try LedgerTransaction(
                        date: target.date, description: "Correction of #\(target.id): \(target.category?.rawValue ?? "uncategorized") → \(category)",
                        recordID: "correction:\(arrival.digest.hex):\(line)",
                        postings: [Posting(account, counter.amount), Posting(current, counter.amount.negated)])
                }
                let previous = target.evidence.flatMap { try? JSONParser.parse(Array($0.utf8)).value }
                    ?? (target.kind == .expense ? ["source": "expense-log"] : .null)
                let evidence: JSONValue = ["source": "correction", "file": .string(arrival.name), "line": .int(Int64(line)),
                                           "at": .string(arrival.receivedAt), "by": .optional(submittedBy), "previous": previous]
                let reclassID = try batch.record(CorrectionChange(
                    target: target, line: line, category: category, oldAccount: current, newAccount: account, vendor: vendor,
                    reclassification: reclassification, evidence: evidence, submittedBy: submittedBy, at: arrival.receivedAt))
                applied.append([
                    "line": .int(Int64(line)), "id": .int(record.itemID), "from": .optional(target.category?.rawValue),
                    "to": .string(category.rawValue), "from_account": .string(current.rawValue), "to_account": .string(account.rawValue),
                    "vendor": .optional(vendor?.name), "reclassification": reclassID.map { .int($0) } ?? .null,
                ])
            }
            return applied
        } outputs: { (file: StoredFile, applied: [JSONValue]) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = file.postedCount
            receipt.details["corrections"] = .array(applied)
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        _ = applied
        return stored
    }

    /// Problems in file order (line, then column).
    static func byLineAndColumn(_ a: KontorError, _ b: KontorError) -> Bool {
        (a.position?.line ?? 0, a.position?.column ?? 0) < (b.position?.line ?? 0, b.position?.column ?? 0)
    }

    /// The posting that carries an item's category: of its postings, the one not on the
    /// account it was paid from nor on input tax (nor, for a gateway line, on fees).
    static func categoryPosting(of target: CorrectionTarget, business: BusinessProfile) -> Posting? {
        let paidFrom = target.kind == .bank ? target.paidFrom : business.paymentAccount(for: target.paidFrom)?.rawValue
        var candidates = target.postings.filter {
            $0.account.rawValue != paidFrom && $0.account.rawValue != business.inputTaxAccount.rawValue
        }
        if candidates.count > 1 {
            let fees = Set(business.gateways.values.map(\.fees.rawValue))
            candidates.removeAll { fees.contains($0.account.rawValue) }
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// The name of the user who owns the file (who dropped it), for the audit; nil when
    /// the system cannot say.
    static func owner(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(info.st_uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return "uid \(info.st_uid)"
        }
        return String(cString: name)
    }

    /// The business's declared vendors (master data), for booking.
    func vendorDirectory(for business: BusinessID) throws(KontorError) -> VendorDirectory {
        var directory = VendorDirectory()
        for vendor in try store.declaredVendors(business: business) {
            directory.add(VendorDirectory.Entry(key: vendor.key, name: vendor.name, defaultCategory: vendor.defaultCategory),
                          aliasKeys: vendor.aliasKeys)
        }
        return directory
    }
}
