import GRDB

extension LedgerStore {
    /// Clients, invoices (and credit notes), their numbering counters, their audit trail
    /// and the allocations of payments to them.
    ///
    /// - An issued document (number set) never changes: its content columns are guarded
    ///   by a trigger; only its status, paid/credited amounts and effective due date move,
    ///   each move with an `invoice_event` row. Events and allocations are append-only.
    /// - `invoice_counter` holds the last number per business, series and period; it is
    ///   advanced in the same transaction that inserts the invoice and posts it, so a
    ///   rolled-back issue leaves no gap.
    /// - `invoice_payment` is where payment matching records which payment settled how
    ///   much of which invoice, with its evidence; the open balance is
    ///   `payable − paid − credited`.
    static func invoicesMigration(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE client (
                business_id TEXT NOT NULL REFERENCES business(id),
                id TEXT NOT NULL,
                name TEXT NOT NULL,
                country TEXT NOT NULL CHECK (length(country) = 2),
                data TEXT NOT NULL,
                file_id INTEGER REFERENCES input_file(id),
                version INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (business_id, id)
            ) STRICT;

            CREATE TABLE invoice (
                id INTEGER PRIMARY KEY,
                business_id TEXT NOT NULL REFERENCES business(id),
                request_key TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit-note')),
                series TEXT NOT NULL,
                number TEXT,
                client_id TEXT NOT NULL,
                issue_date TEXT NOT NULL,
                due_date TEXT NOT NULL,
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                payable INTEGER NOT NULL,
                tax_total INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'partially-paid', 'paid', 'void', 'credited')),
                paid INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
                credited INTEGER NOT NULL DEFAULT 0 CHECK (credited >= 0),
                credits_invoice_id INTEGER REFERENCES invoice(id),
                document TEXT NOT NULL,
                transaction_id INTEGER REFERENCES ledger_transaction(id),
                file_id INTEGER NOT NULL REFERENCES input_file(id),
                package_path TEXT,
                UNIQUE (business_id, request_key),
                UNIQUE (business_id, number),
                CHECK (number IS NOT NULL OR status IN ('draft', 'void')),
                CHECK (kind = 'invoice' OR paid + credited <= payable)
            ) STRICT;
            CREATE INDEX invoice_by_client ON invoice(business_id, client_id);
            CREATE INDEX invoice_open ON invoice(business_id, status) WHERE status IN ('issued', 'partially-paid');

            CREATE TRIGGER invoice_issued_immutable BEFORE UPDATE OF business_id, request_key, kind, series, number, client_id,
                issue_date, currency, payable, tax_total, document, transaction_id, credits_invoice_id ON invoice
            WHEN OLD.number IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'an issued invoice cannot be edited; credit it with a credit note'); END;
            CREATE TRIGGER invoice_kept BEFORE DELETE ON invoice
            BEGIN SELECT RAISE(ABORT, 'an invoice cannot be deleted; void a draft or credit an issued invoice'); END;

            CREATE TABLE invoice_counter (
                business_id TEXT NOT NULL REFERENCES business(id),
                series TEXT NOT NULL,
                period TEXT NOT NULL,
                last INTEGER NOT NULL CHECK (last > 0),
                PRIMARY KEY (business_id, series, period)
            ) STRICT;

            CREATE TABLE invoice_event (
                id INTEGER PRIMARY KEY,
                invoice_id INTEGER NOT NULL REFERENCES invoice(id),
                date TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                event TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                detail TEXT NOT NULL,
                file_id INTEGER REFERENCES input_file(id)
            ) STRICT;
            CREATE INDEX invoice_event_by_invoice ON invoice_event(invoice_id);
            CREATE TRIGGER invoice_event_kept_update BEFORE UPDATE ON invoice_event
            BEGIN SELECT RAISE(ABORT, 'the invoice history is append-only'); END;
            CREATE TRIGGER invoice_event_kept_delete BEFORE DELETE ON invoice_event
            BEGIN SELECT RAISE(ABORT, 'the invoice history is append-only'); END;

            CREATE TABLE invoice_payment (
                id INTEGER PRIMARY KEY,
                invoice_id INTEGER NOT NULL REFERENCES invoice(id),
                transaction_id INTEGER REFERENCES ledger_transaction(id),
                date TEXT NOT NULL,
                amount INTEGER NOT NULL CHECK (amount > 0),
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                evidence TEXT NOT NULL,
                file_id INTEGER REFERENCES input_file(id)
            ) STRICT;
            CREATE INDEX invoice_payment_by_invoice ON invoice_payment(invoice_id);
            CREATE TRIGGER invoice_payment_kept_update BEFORE UPDATE ON invoice_payment
            BEGIN SELECT RAISE(ABORT, 'a payment allocation cannot change; record a correcting one'); END;
            CREATE TRIGGER invoice_payment_kept_delete BEFORE DELETE ON invoice_payment
            BEGIN SELECT RAISE(ABORT, 'a payment allocation cannot change; record a correcting one'); END;
            """)
    }
}
