extension LedgerStore {
    /// Migration `v3-corrections-and-vendor-profiles` (never edit; add a new migration):
    ///
    /// - `correction`: the audit of every re-categorization (which file and line, who
    ///   dropped it, old → new category, vendor and account, the reclassification
    ///   transaction, when). Rows cannot change or go.
    /// - `expense.evidence`: why an expense-log row has its category when that is not the
    ///   log itself (a correction); NULL means the log said so.
    /// - `vendor_profile`: master data of a vendor (one row per vendor, updated by later
    ///   vendor files); `vendor_alias`: normalized names that stand for a vendor;
    ///   `vendor.merged_into`: a vendor made from a payee that master data declared an
    ///   alias of another (its lines were moved to that vendor).
    static let correctionsAndVendorProfilesSchema = """
        CREATE TABLE correction (
            id INTEGER PRIMARY KEY,
            business_id TEXT NOT NULL REFERENCES business(id),
            file_id INTEGER NOT NULL REFERENCES input_file(id),
            line INTEGER NOT NULL,
            item_id INTEGER NOT NULL REFERENCES ledger_transaction(id),
            item_kind TEXT NOT NULL CHECK (item_kind IN ('bank', 'expense')),
            old_category TEXT,
            new_category TEXT NOT NULL,
            old_vendor TEXT,
            new_vendor TEXT,
            old_account TEXT NOT NULL,
            new_account TEXT NOT NULL,
            old_evidence TEXT,
            reclass_transaction_id INTEGER REFERENCES ledger_transaction(id),
            submitted_by TEXT,
            corrected_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX correction_by_item ON correction(business_id, item_id);
        CREATE TRIGGER correction_kept_update BEFORE UPDATE ON correction
        BEGIN SELECT RAISE(ABORT, 'the correction audit cannot change'); END;
        CREATE TRIGGER correction_kept_delete BEFORE DELETE ON correction
        BEGIN SELECT RAISE(ABORT, 'the correction audit cannot change'); END;

        ALTER TABLE expense ADD COLUMN evidence TEXT;
        ALTER TABLE vendor ADD COLUMN merged_into INTEGER REFERENCES vendor(id);

        CREATE TABLE vendor_profile (
            vendor_id INTEGER PRIMARY KEY REFERENCES vendor(id),
            business_id TEXT NOT NULL REFERENCES business(id),
            tax_id TEXT,
            iban TEXT,
            bic TEXT,
            email TEXT,
            address TEXT,
            payment_terms_days INTEGER CHECK (payment_terms_days BETWEEN 0 AND 365),
            default_category TEXT,
            file_id INTEGER NOT NULL REFERENCES input_file(id),
            line INTEGER,
            updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE vendor_alias (
            business_id TEXT NOT NULL REFERENCES business(id),
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            vendor_id INTEGER NOT NULL REFERENCES vendor(id),
            file_id INTEGER REFERENCES input_file(id),
            PRIMARY KEY (business_id, key)
        ) STRICT;
        """
}
