import GRDB

extension LedgerStore {
    /// Payment matching (docs/decisions/payment-matching.md), next to `invoice_payment`
    /// (v3), which holds each allocation of a payment to an invoice with its evidence:
    ///
    /// - `payment_review`: incoming payments that look like invoice payments but matched
    ///   none well enough; posted to the unapplied-payments account until a correction
    ///   file resolves them (`resolved_file_id` set, the row itself is kept).
    /// - `client_credit`: movements of a client's credit balance: + what a payment brought
    ///   beyond the invoices it settled, − what a later invoice consumed. The balance is
    ///   the sum per client and currency.
    /// - `payment_reversal`: an allocation taken back by a manual match (the allocation
    ///   row stays; this row and a reversing ledger transaction undo it).
    static func paymentMatchingMigration(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE payment_review (
                transaction_id INTEGER PRIMARY KEY REFERENCES ledger_transaction(id),
                business_id TEXT NOT NULL REFERENCES business(id),
                record_id TEXT NOT NULL,
                date TEXT NOT NULL,
                amount INTEGER NOT NULL CHECK (amount > 0),
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                payer TEXT,
                text TEXT,
                reason TEXT NOT NULL,
                candidates TEXT NOT NULL,
                file_id INTEGER NOT NULL REFERENCES input_file(id),
                resolved_file_id INTEGER REFERENCES input_file(id)
            ) STRICT;
            CREATE INDEX payment_review_open ON payment_review(business_id, date) WHERE resolved_file_id IS NULL;

            CREATE TABLE client_credit (
                id INTEGER PRIMARY KEY,
                business_id TEXT NOT NULL REFERENCES business(id),
                client_id TEXT NOT NULL,
                date TEXT NOT NULL,
                amount INTEGER NOT NULL CHECK (amount <> 0),
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                payment_transaction_id INTEGER REFERENCES ledger_transaction(id),
                invoice_id INTEGER REFERENCES invoice(id),
                file_id INTEGER REFERENCES input_file(id)
            ) STRICT;
            CREATE INDEX client_credit_by_client ON client_credit(business_id, client_id, currency);
            CREATE TRIGGER client_credit_kept_update BEFORE UPDATE ON client_credit
            BEGIN SELECT RAISE(ABORT, 'a credit balance movement cannot change; record a correcting one'); END;
            CREATE TRIGGER client_credit_kept_delete BEFORE DELETE ON client_credit
            BEGIN SELECT RAISE(ABORT, 'a credit balance movement cannot change; record a correcting one'); END;

            CREATE TABLE payment_reversal (
                allocation_id INTEGER PRIMARY KEY REFERENCES invoice_payment(id),
                transaction_id INTEGER NOT NULL REFERENCES ledger_transaction(id),
                reason TEXT NOT NULL,
                file_id INTEGER NOT NULL REFERENCES input_file(id)
            ) STRICT;
            CREATE TRIGGER payment_reversal_kept_update BEFORE UPDATE ON payment_reversal
            BEGIN SELECT RAISE(ABORT, 'a reversal cannot change'); END;
            CREATE TRIGGER payment_reversal_kept_delete BEFORE DELETE ON payment_reversal
            BEGIN SELECT RAISE(ABORT, 'a reversal cannot change'); END;

            CREATE INDEX invoice_payment_by_transaction ON invoice_payment(transaction_id);
            """)
    }
}
