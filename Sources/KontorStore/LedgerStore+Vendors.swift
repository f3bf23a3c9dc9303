import GRDB
import KontorCore

/// A vendor the business declared in master data, as booking needs it.
public struct DeclaredVendor: Sendable, Equatable {
    public var key: String
    public var name: String
    public var defaultCategory: CategoryKey?
    public var aliasKeys: [String]
}

/// A vendor as `kontor vendors list|show` prints it.
public struct VendorRow: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var name: String
    /// Names that stand for this vendor: declared aliases, and vendors merged into it.
    public var aliases: [String]
    public var profile: VendorProfile?
    /// The master-data file that last declared it.
    public var file: String?
    public var updatedAt: String?
    /// Expense-log rows and bank lines with this vendor.
    public var items: Int
    public var lastDate: LocalDate?
}

/// What saving one declared vendor did.
public struct VendorSaveOutcome: Sendable, Equatable {
    public var vendorID: Int64
    public var created: Bool
    /// Vendors made from payees earlier that the aliases merged into this one.
    public var merged: [String]
}

extension LedgerStore {
    /// The business's declared vendors (those with master data), for booking.
    public func declaredVendors(business: BusinessID) throws(KontorError) -> [DeclaredVendor] {
        try read("read vendor master data") { db in
            var aliases: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT vendor_id, key FROM vendor_alias WHERE business_id = ? ORDER BY key",
                                        arguments: [business.rawValue]) {
                aliases[row["vendor_id"], default: []].append(row["key"])
            }
            return try Row.fetchAll(db, sql: """
                SELECT v.id, v.key, v.name, p.default_category FROM vendor_profile p JOIN vendor v ON v.id = p.vendor_id
                WHERE p.business_id = ? ORDER BY v.key
                """, arguments: [business.rawValue]).map { row in
                DeclaredVendor(key: row["key"], name: row["name"], defaultCategory: (row["default_category"] as String?).map(CategoryKey.init),
                               aliasKeys: aliases[row["id"]] ?? [])
            }
        }
    }

    /// Every vendor of the business not merged into another, by name — leaving out
    /// vendors without master data that no item names any more (a correction gave their
    /// only line another vendor); ``vendor(business:named:)`` still finds them.
    public func vendors(business: BusinessID) throws(KontorError) -> [VendorRow] {
        try read("list vendors") { db in
            try LedgerStore.vendorRows(business: business, id: nil, in: db).filter { $0.items > 0 || $0.profile != nil }
        }
    }

    /// The declared vendor that a master-data file already gave the name key `key`: the
    /// vendor whose alias it is, or the vendor declared under it (with master data). Nil
    /// when no master data claimed it (a vendor made from payees only can still be merged).
    public func declaredOwner(business: BusinessID, key: String) throws(KontorError) -> (key: String, name: String)? {
        try read("look up vendor name \(key)") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT v.key, v.name FROM vendor_alias a JOIN vendor v ON v.id = a.vendor_id WHERE a.business_id = ? AND a.key = ?
                UNION ALL
                SELECT v.key, v.name FROM vendor v JOIN vendor_profile p ON p.vendor_id = v.id
                WHERE v.business_id = ? AND v.key = ? AND v.merged_into IS NULL
                LIMIT 1
                """, arguments: [business.rawValue, key, business.rawValue, key])
            return row.map { (key: $0[0] as String, name: $0[1] as String) }
        }
    }

    /// One vendor by id, by key or by name (case-insensitive); a merged vendor leads to
    /// the one it was merged into.
    public func vendor(business: BusinessID, named text: String) throws(KontorError) -> VendorRow? {
        try read("show a vendor") { db in
            var id = Int64(text)
            if id == nil {
                id = try Int64.fetchOne(db, sql: """
                    SELECT id FROM vendor WHERE business_id = ? AND (key = ? OR lower(name) = lower(?)) ORDER BY id LIMIT 1
                    """, arguments: [business.rawValue, text, text])
            }
            if id == nil {
                id = try Int64.fetchOne(db, sql: "SELECT vendor_id FROM vendor_alias WHERE business_id = ? AND (key = ? OR lower(name) = lower(?))",
                                        arguments: [business.rawValue, text, text])
            }
            guard var found = id else { return nil }
            if let target = try Int64.fetchOne(db, sql: "SELECT merged_into FROM vendor WHERE id = ? AND business_id = ?",
                                               arguments: [found, business.rawValue]) {
                found = target
            }
            return try LedgerStore.vendorRows(business: business, id: found, in: db).first
        }
    }

    static func vendorRows(business: BusinessID, id: Int64?, in db: Database) throws -> [VendorRow] {
        var aliases: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT vendor_id, name FROM vendor_alias WHERE business_id = ?
            UNION SELECT merged_into, name FROM vendor WHERE business_id = ? AND merged_into IS NOT NULL
            ORDER BY 2
            """, arguments: [business.rawValue, business.rawValue]) {
            aliases[row["vendor_id"], default: []].append(row["name"])
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT v.id, v.key, v.name, p.tax_id, p.iban, p.bic, p.email, p.address, p.payment_terms_days, p.default_category,
                   p.line, p.updated_at, f.name AS file,
                   (SELECT count(*) FROM expense e WHERE e.vendor_id = v.id)
                       + (SELECT count(*) FROM bank_line b WHERE b.vendor_id = v.id
                            AND NOT EXISTS (SELECT 1 FROM expense e WHERE e.transaction_id = b.transaction_id)
                            AND NOT EXISTS (SELECT 1 FROM expense e WHERE e.bank_transaction_id = b.transaction_id)) AS items,
                   max(ifnull((SELECT max(date) FROM expense e WHERE e.vendor_id = v.id), ''),
                       ifnull((SELECT max(date) FROM bank_line b WHERE b.vendor_id = v.id), '')) AS last_date
            FROM vendor v LEFT JOIN vendor_profile p ON p.vendor_id = v.id LEFT JOIN input_file f ON f.id = p.file_id
            WHERE v.business_id = ? AND v.merged_into IS NULL AND (? IS NULL OR v.id = ?)
            ORDER BY lower(v.name), v.id
            """, arguments: [business.rawValue, id, id])
        return rows.map { row in
            let vendorID: Int64 = row["id"]
            var profile: VendorProfile?
            if let updated: String = row["updated_at"], !updated.isEmpty {
                var declared = VendorProfile(name: row["name"], aliases: aliases[vendorID] ?? [],
                                             position: SourcePosition(file: row["file"], line: row["line"]))
                declared.taxID = row["tax_id"]
                if let text: String = row["iban"], case .success(let iban) = IBAN.parse(text) { declared.iban = iban }
                declared.bic = row["bic"]
                declared.email = row["email"]
                declared.address = row["address"]
                declared.paymentTermsDays = row["payment_terms_days"]
                declared.defaultCategory = (row["default_category"] as String?).map(CategoryKey.init)
                profile = declared
            }
            return VendorRow(id: vendorID, key: row["key"], name: row["name"], aliases: aliases[vendorID] ?? [], profile: profile,
                             file: row["file"], updatedAt: row["updated_at"], items: row["items"],
                             lastDate: LocalDate(iso: row["last_date"] as String? ?? ""))
        }
    }
}

extension LedgerBatch {
    /// Saves a declared vendor under its normalized `key`: creates it or updates its name
    /// and master data, records its aliases, and merges vendors made earlier from those
    /// aliases into it (their lines now name this vendor). A field the file leaves out or
    /// empty keeps what an earlier file stored: a file of names and IBANs does not wipe the
    /// tax ids and payment terms.
    public func save(_ vendor: VendorProfile, key: String, aliases: [(key: String, name: String)],
                     defaultCategory: CategoryKey?, at time: String) throws(KontorError) -> VendorSaveOutcome {
        do {
            let existed = try Int64.fetchOne(db, sql: "SELECT id FROM vendor WHERE business_id = ? AND key = ?",
                                             arguments: [business.rawValue, key]) != nil
            let id = try vendorID(key: key, name: vendor.name)
            try db.execute(sql: "UPDATE vendor SET name = ?, merged_into = NULL WHERE id = ?", arguments: [vendor.name, id])
            try db.execute(sql: """
                INSERT INTO vendor_profile (vendor_id, business_id, tax_id, iban, bic, email, address, payment_terms_days,
                                            default_category, file_id, line, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (vendor_id) DO UPDATE SET tax_id = coalesce(excluded.tax_id, tax_id), iban = coalesce(excluded.iban, iban),
                    bic = coalesce(excluded.bic, bic), email = coalesce(excluded.email, email), address = coalesce(excluded.address, address),
                    payment_terms_days = coalesce(excluded.payment_terms_days, payment_terms_days),
                    default_category = coalesce(excluded.default_category, default_category), file_id = excluded.file_id,
                    line = excluded.line, updated_at = excluded.updated_at
                """, arguments: [id, business.rawValue, vendor.taxID, vendor.iban?.rawValue, vendor.bic, vendor.email, vendor.address,
                                 vendor.paymentTermsDays, defaultCategory?.rawValue, fileID, vendor.position.line, time])
            var merged: [String] = []
            for alias in aliases where alias.key != key && !alias.key.isEmpty {
                try db.execute(sql: """
                    INSERT INTO vendor_alias (business_id, key, name, vendor_id, file_id) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (business_id, key) DO UPDATE SET name = excluded.name, vendor_id = excluded.vendor_id, file_id = excluded.file_id
                    """, arguments: [business.rawValue, alias.key, alias.name, id, fileID])
                guard let other = try Row.fetchOne(db, sql: "SELECT id, name FROM vendor WHERE business_id = ? AND key = ? AND id <> ?",
                                                   arguments: [business.rawValue, alias.key, id]) else { continue }
                let otherID: Int64 = other["id"]
                try db.execute(sql: "UPDATE expense SET vendor_id = ? WHERE vendor_id = ?", arguments: [id, otherID])
                try db.execute(sql: "UPDATE bank_line SET vendor_id = ? WHERE vendor_id = ?", arguments: [id, otherID])
                try db.execute(sql: "UPDATE vendor SET merged_into = ? WHERE id = ? OR merged_into = ?", arguments: [id, otherID, otherID])
                merged.append(other["name"])
            }
            return VendorSaveOutcome(vendorID: id, created: !existed, merged: merged)
        } catch {
            throw LedgerStore.map(error, doing: "save vendor \(vendor.name)")
        }
    }
}
