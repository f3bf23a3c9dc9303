import KontorClassify
import KontorConfig
import KontorCore
import KontorIntake
import KontorPublish
import KontorRead
import KontorStore

extension Pipeline {
    /// Imports vendor master data (`inbox/<b>/vendors/`, CSV or JSON): creates or updates
    /// each vendor under its normalized name, records its aliases and merges vendors that
    /// earlier lines created from those aliases into it. A bad IBAN, BIC, e-mail, payment
    /// term or unknown default category anywhere rejects the whole file, with every
    /// problem's line and column.
    func importVendors(_ arrival: FileArrival, business: BusinessProfile, prefix: [UInt8]) throws(KontorError) -> StoredFile {
        let json = prefix.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF })
            .first.map { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") } ?? false
        var source = try FileByteSource(path: arrival.spoolPath, limit: configuration.settings.limits.maxFileBytes)
        defer { source.close() }
        var problems: [KontorError] = []
        let entries = try VendorFileReader().read(&source, fileName: arrival.name, json: json, problems: &problems)
        let categories = try BusinessCategories(business: business, configuration: configuration,
                                                imported: try store.importedCategories(business: business.id))
        let normalizer = VendorNormalizer()
        var planned: [(VendorFileEntry, String, [(key: String, name: String)], CategoryKey?)] = []
        var keys: [String: String] = [:]
        for entry in entries {
            var category: CategoryKey?
            if let text = entry.categoryText {
                switch categories.resolve(text, at: entry.categoryPosition ?? entry.profile.position) {
                case .success(let (key, _)): category = key
                case .failure(let error): problems.append(error)
                }
            }
            let key = normalizer.normalize(entry.profile.name).key
            var aliases: [(key: String, name: String)] = []
            for alias in entry.profile.aliases {
                let aliasKey = normalizer.normalize(alias).key
                if !aliasKey.isEmpty, aliasKey != key, !aliases.contains(where: { $0.key == aliasKey }) {
                    aliases.append((aliasKey, alias))
                }
            }
            for candidate in [key] + aliases.map(\.key) {
                if let other = keys[candidate], other != entry.profile.name {
                    problems.append(KontorError(.badInput, "'\(entry.profile.name)' and '\(other)' both claim the name '\(candidate)'",
                                                hint: "a name or alias may stand for one vendor only", at: entry.profile.position))
                }
                keys[candidate] = entry.profile.name
                // Master data imported before claims names too: an alias of another declared
                // vendor, or the name of one, is not silently moved or merged.
                if let owner = try store.declaredOwner(business: business.id, key: candidate), owner.key != key {
                    problems.append(KontorError(
                        .badInput, "'\(entry.profile.name)' claims the name '\(candidate)', which earlier master data gave to '\(owner.name)'",
                        hint: "a name or alias may stand for one vendor only: remove it from this file (`kontor vendors show` "
                            + "lists the names each vendor has)", at: entry.profile.position))
                }
            }
            planned.append((entry, key, aliases, category))
        }
        if let error = KontorError.combined(problems.sorted(by: Pipeline.byLineAndColumn)) { throw error }
        let (stored, _) = try store.importFile(arrival, format: json ? "vendors-json" : "vendors-csv",
                                               plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> [JSONValue] in
            var saved: [JSONValue] = []
            for (entry, key, aliases, category) in planned {
                let outcome = try batch.save(entry.profile, key: key, aliases: aliases, defaultCategory: category, at: arrival.receivedAt)
                saved.append([
                    "name": .string(entry.profile.name), "id": .int(outcome.vendorID), "created": .bool(outcome.created),
                    "merged": .array(outcome.merged.map(JSONValue.string)),
                ])
            }
            return saved
        } outputs: { (file: StoredFile, saved: [JSONValue]) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.details["vendors"] = .array(saved)
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        return stored
    }
}

extension Pipeline {
    /// The normalized key a vendor name is stored under (`"ACME GmbH"` → `acme`), so a
    /// command can find a vendor however its name is written.
    public static func vendorKey(of name: String) -> String {
        VendorNormalizer().normalize(name).key
    }
}
