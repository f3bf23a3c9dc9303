import GRDB

extension LedgerStore {
    /// The schema, as migrations that are never edited once landed (add new ones).
    ///
    /// The balance guarantee lives in SQL, so no writer can commit an unbalanced entry:
    /// postings are inserted first and reference their transaction through a *deferred*
    /// foreign key; inserting the transaction row checks that its postings exist and sum
    /// to zero per currency; postings of an existing transaction cannot be added, changed
    /// or removed. A posting left without its transaction fails the foreign key at COMMIT.
    /// Kontor's own import batches run with these triggers off on their connection and
    /// check the same rules once per batch (``LedgerBatch/run(in:business:fileID:_:)``).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: """
                CREATE TABLE business (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    base_currency TEXT NOT NULL CHECK (length(base_currency) = 3)
                ) STRICT;

                CREATE TABLE account (
                    id INTEGER PRIMARY KEY,
                    business_id TEXT NOT NULL REFERENCES business(id),
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'income', 'expense')),
                    UNIQUE (business_id, name)
                ) STRICT;

                CREATE TABLE input_file (
                    id INTEGER PRIMARY KEY,
                    business_id TEXT NOT NULL REFERENCES business(id),
                    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                    name TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    format TEXT,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    status TEXT NOT NULL CHECK (status IN ('imported', 'duplicate', 'rejected')),
                    duplicate_of INTEGER REFERENCES input_file(id),
                    posted_count INTEGER NOT NULL DEFAULT 0,
                    skipped_count INTEGER NOT NULL DEFAULT 0,
                    received_at TEXT NOT NULL,
                    spool_path TEXT NOT NULL,
                    final_path TEXT NOT NULL,
                    receipt_path TEXT NOT NULL,
                    finished INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1)),
                    error TEXT,
                    configuration_sha256 TEXT
                ) STRICT;
                CREATE UNIQUE INDEX input_file_imported_once ON input_file(business_id, sha256) WHERE status = 'imported';
                CREATE INDEX input_file_by_hash ON input_file(business_id, sha256);
                CREATE INDEX input_file_unfinished ON input_file(finished) WHERE finished = 0;

                CREATE TABLE ledger_transaction (
                    id INTEGER PRIMARY KEY,
                    business_id TEXT NOT NULL REFERENCES business(id),
                    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                    description TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    file_id INTEGER REFERENCES input_file(id),
                    UNIQUE (business_id, record_id)
                ) STRICT;

                CREATE TABLE posting (
                    id INTEGER PRIMARY KEY,
                    transaction_id INTEGER NOT NULL REFERENCES ledger_transaction(id) DEFERRABLE INITIALLY DEFERRED,
                    account_id INTEGER NOT NULL REFERENCES account(id),
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL CHECK (length(currency) = 3)
                ) STRICT;
                CREATE INDEX posting_by_transaction ON posting(transaction_id);

                CREATE TRIGGER posting_only_before_its_transaction BEFORE INSERT ON posting
                WHEN EXISTS (SELECT 1 FROM ledger_transaction WHERE id = NEW.transaction_id)
                BEGIN SELECT RAISE(ABORT, 'postings of a recorded transaction cannot change'); END;
                CREATE TRIGGER posting_immutable_update BEFORE UPDATE ON posting
                BEGIN SELECT RAISE(ABORT, 'postings of a recorded transaction cannot change'); END;
                CREATE TRIGGER posting_immutable_delete BEFORE DELETE ON posting
                BEGIN SELECT RAISE(ABORT, 'postings of a recorded transaction cannot change'); END;
                CREATE TRIGGER transaction_balances BEFORE INSERT ON ledger_transaction
                WHEN (SELECT CASE
                        WHEN count(*) < 2 THEN 1
                        WHEN min(currency) = max(currency) THEN sum(amount) <> 0
                        ELSE EXISTS (SELECT 1 FROM posting WHERE transaction_id = NEW.id GROUP BY currency HAVING sum(amount) <> 0)
                      END
                      FROM posting WHERE transaction_id = NEW.id)
                BEGIN SELECT RAISE(ABORT, '\(LedgerStore.unbalancedMessage)'); END;

                CREATE TRIGGER transaction_immutable_update BEFORE UPDATE ON ledger_transaction
                BEGIN SELECT RAISE(ABORT, 'a recorded transaction cannot change; post a correcting one'); END;
                CREATE TRIGGER transaction_immutable_delete BEFORE DELETE ON ledger_transaction
                BEGIN SELECT RAISE(ABORT, 'a recorded transaction cannot change; post a correcting one'); END;

                CREATE TABLE vendor (
                    id INTEGER PRIMARY KEY,
                    business_id TEXT NOT NULL REFERENCES business(id),
                    key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    UNIQUE (business_id, key)
                ) STRICT;

                CREATE TABLE expense (
                    transaction_id INTEGER PRIMARY KEY REFERENCES ledger_transaction(id),
                    business_id TEXT NOT NULL REFERENCES business(id),
                    date TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    tax_amount INTEGER,
                    tax_rate INTEGER,
                    vendor_id INTEGER NOT NULL REFERENCES vendor(id),
                    category TEXT NOT NULL,
                    description TEXT NOT NULL,
                    payment_account TEXT NOT NULL,
                    receipt TEXT,
                    status TEXT NOT NULL CHECK (status IN ('posted', 'held')),
                    file_id INTEGER NOT NULL REFERENCES input_file(id),
                    line INTEGER
                ) STRICT;

                CREATE TRIGGER expense_kept BEFORE DELETE ON expense
                BEGIN SELECT RAISE(ABORT, 'an expense cannot be deleted; post a correcting entry'); END;

                CREATE TABLE custom_category (
                    business_id TEXT NOT NULL REFERENCES business(id),
                    key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    account TEXT NOT NULL,
                    file_id INTEGER REFERENCES input_file(id),
                    PRIMARY KEY (business_id, key)
                ) STRICT;

                CREATE TABLE outbox_item (
                    id INTEGER PRIMARY KEY,
                    file_id INTEGER REFERENCES input_file(id),
                    path TEXT NOT NULL,
                    content BLOB NOT NULL
                ) STRICT;
                """)
        }
        migrator.registerMigration("v2-bank-lines") { db in
            try db.execute(sql: """
                CREATE TABLE bank_line (
                    transaction_id INTEGER PRIMARY KEY REFERENCES ledger_transaction(id),
                    business_id TEXT NOT NULL REFERENCES business(id),
                    account TEXT NOT NULL,
                    statement_account TEXT,
                    date TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    fee INTEGER,
                    payee TEXT,
                    memo TEXT,
                    bank_id TEXT,
                    id_scheme TEXT NOT NULL,
                    kind TEXT,
                    category TEXT,
                    vendor_id INTEGER REFERENCES vendor(id),
                    evidence TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('categorized', 'review', 'transfer')),
                    file_id INTEGER NOT NULL REFERENCES input_file(id),
                    position TEXT
                ) STRICT;
                CREATE INDEX bank_line_by_amount ON bank_line(business_id, account, date, amount);
                CREATE INDEX bank_line_by_bank_id ON bank_line(business_id, account, id_scheme, bank_id) WHERE bank_id IS NOT NULL;
                CREATE TRIGGER bank_line_kept BEFORE DELETE ON bank_line
                BEGIN SELECT RAISE(ABORT, 'a bank line cannot be deleted; post a correcting entry'); END;
                """)
        }
        migrator.registerMigration("v3-corrections-and-vendor-profiles") { db in
            try db.execute(sql: LedgerStore.correctionsAndVendorProfilesSchema)
        }
        migrator.registerMigration("v3-invoices", migrate: LedgerStore.invoicesMigration)
        migrator.registerMigration("v3-report-runs") { db in
            // Scheduled report packages: when the daemon first saw each schedule (runs due
            // before that are not made), and every run made, exactly once per period.
            try db.execute(sql: """
                CREATE TABLE report_schedule_start (
                    schedule_id TEXT NOT NULL,
                    business_id TEXT NOT NULL REFERENCES business(id),
                    started_at INTEGER NOT NULL,
                    PRIMARY KEY (schedule_id, business_id)
                ) STRICT;
                CREATE TABLE report_run (
                    schedule_id TEXT NOT NULL,
                    business_id TEXT NOT NULL REFERENCES business(id),
                    period TEXT NOT NULL,
                    due_at INTEGER NOT NULL,
                    ran_at INTEGER NOT NULL,
                    package TEXT NOT NULL,
                    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                    PRIMARY KEY (schedule_id, business_id, period)
                ) STRICT;
                """)
        }
        migrator.registerMigration("v4-approvals") { db in
            // Items held for approval stay out of the ledger: the entry to post waits in
            // approval_request.payload and is posted in the transaction of the decision
            // that completes the chain. approval_token makes every jti usable once.
            try db.execute(sql: """
                CREATE TABLE approval_request (
                    business_id TEXT NOT NULL REFERENCES business(id),
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('expense', 'bill', 'payment-batch', 'invoice')),
                    record_id TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL CHECK (length(currency) = 3),
                    submitter TEXT,
                    status TEXT NOT NULL CHECK (status IN ('waiting', 'approved', 'rejected', 'expired')),
                    item TEXT NOT NULL,
                    route TEXT NOT NULL,
                    state TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    waiting_since INTEGER NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES input_file(id),
                    transaction_id INTEGER REFERENCES ledger_transaction(id),
                    PRIMARY KEY (business_id, id),
                    UNIQUE (business_id, record_id)
                ) STRICT;
                CREATE INDEX approval_request_waiting ON approval_request(business_id, status);

                CREATE TABLE approval_event (
                    id INTEGER PRIMARY KEY,
                    business_id TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    user_id TEXT,
                    tier INTEGER,
                    comment TEXT,
                    jti TEXT,
                    file_id INTEGER REFERENCES input_file(id),
                    FOREIGN KEY (business_id, request_id) REFERENCES approval_request(business_id, id)
                ) STRICT;
                CREATE INDEX approval_event_by_request ON approval_event(business_id, request_id, id);

                CREATE TABLE approval_token (
                    business_id TEXT NOT NULL REFERENCES business(id),
                    jti TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES input_file(id),
                    PRIMARY KEY (business_id, jti)
                ) STRICT;

                CREATE TRIGGER approval_event_kept_update BEFORE UPDATE ON approval_event
                BEGIN SELECT RAISE(ABORT, 'the approval history cannot change'); END;
                CREATE TRIGGER approval_event_kept_delete BEFORE DELETE ON approval_event
                BEGIN SELECT RAISE(ABORT, 'the approval history cannot change'); END;
                CREATE TRIGGER approval_token_kept BEFORE DELETE ON approval_token
                BEGIN SELECT RAISE(ABORT, 'a used jti stays used'); END;
                """)
        }
        migrator.registerMigration("v5-payment-matching", migrate: LedgerStore.paymentMatchingMigration)
        migrator.registerMigration("v6-expense-bank-lines") { db in
            // An expense paid from a bank account and that payment's bank line are one
            // payment (docs/decisions/expense-bank-lines.md). A line imported after its
            // expense is stored as a bank line of the expense's own transaction (no posting
            // of its own); an expense imported after its line names the line in
            // `bank_transaction_id`. `expense_bank_payment` holds the bank movement of each
            // expense paid from an account that receives statements, so a statement finds
            // them by account, date and amount (expenses paid otherwise get no row).
            try db.execute(sql: """
                ALTER TABLE expense ADD COLUMN bank_transaction_id INTEGER REFERENCES ledger_transaction(id);
                CREATE UNIQUE INDEX expense_by_bank_line ON expense(bank_transaction_id) WHERE bank_transaction_id IS NOT NULL;
                CREATE TABLE expense_bank_payment (
                    transaction_id INTEGER PRIMARY KEY REFERENCES expense(transaction_id),
                    business_id TEXT NOT NULL REFERENCES business(id),
                    account TEXT NOT NULL,
                    date TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL CHECK (length(currency) = 3)
                ) STRICT;
                CREATE INDEX expense_bank_payment_by_amount ON expense_bank_payment(business_id, account, date, amount);
                """)
        }
        return migrator
    }
}
