import GRDB
import KontorCore

extension LedgerBatch {
    /// Creates or updates a client's master data. Returns the version now stored (1 for
    /// new, +1 when the data changed, unchanged when identical).
    @discardableResult
    public func upsertClient(id: String, name: String, country: String, data: String) throws(KontorError) -> Int {
        do {
            if let row = try Row.fetchOne(db, sql: "SELECT data, version FROM client WHERE business_id = ? AND id = ?",
                                          arguments: [business.rawValue, id]) {
                let old: String = row["data"]
                let version: Int = row["version"]
                guard old != data else { return version }
                try db.execute(sql: "UPDATE client SET name = ?, country = ?, data = ?, file_id = ?, version = ? WHERE business_id = ? AND id = ?",
                               arguments: [name, country, data, fileID, version + 1, business.rawValue, id])
                return version + 1
            }
            try db.execute(sql: "INSERT INTO client (business_id, id, name, country, data, file_id) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [business.rawValue, id, name, country, data, fileID])
            return 1
        } catch {
            throw LedgerStore.map(error, doing: "store client \(id)")
        }
    }

    /// The stored master data of a client.
    public func client(_ id: String) throws(KontorError) -> StoredClient? {
        do {
            return try StoredClient.fetchOne(db, sql: "SELECT * FROM client WHERE business_id = ? AND id = ?", arguments: [business.rawValue, id])
        } catch {
            throw LedgerStore.map(error, doing: "read client \(id)")
        }
    }

    /// Advances the counter of `series` in `period` and returns the new sequence number.
    /// Inside the file's transaction: when anything later fails, the counter rolls back
    /// with it, so no number is ever skipped.
    public func nextInvoiceSequence(series: String, period: String) throws(KontorError) -> Int64 {
        do {
            try db.execute(sql: """
                INSERT INTO invoice_counter (business_id, series, period, last) VALUES (?, ?, ?, 1)
                ON CONFLICT (business_id, series, period) DO UPDATE SET last = last + 1
                """, arguments: [business.rawValue, series, period])
            guard let last = try Int64.fetchOne(db, sql: "SELECT last FROM invoice_counter WHERE business_id = ? AND series = ? AND period = ?",
                                                arguments: [business.rawValue, series, period]) else {
                throw KontorError(.internal, "the invoice counter vanished")
            }
            return last
        } catch {
            throw LedgerStore.map(error, doing: "number an invoice")
        }
    }

    /// The invoice with this number or request key.
    public func invoice(_ numberOrKey: String) throws(KontorError) -> StoredInvoice? {
        do {
            return try StoredInvoice.fetchOne(db, sql: """
                SELECT * FROM invoice WHERE business_id = ? AND (number = ? OR request_key = ?) ORDER BY number IS NULL LIMIT 1
                """, arguments: [business.rawValue, numberOrKey, numberOrKey])
        } catch {
            throw LedgerStore.map(error, doing: "look up invoice \(numberOrKey)")
        }
    }

    /// Whether a request or change with this key was handled before.
    public func invoiceKeyExists(_ key: String) throws(KontorError) -> Bool {
        do {
            let invoice = try Bool.fetchOne(db, sql: "SELECT 1 FROM invoice WHERE business_id = ? AND request_key = ?",
                                            arguments: [business.rawValue, key]) ?? false
            if invoice { return true }
            return try Bool.fetchOne(db, sql: """
                SELECT 1 FROM invoice_event e JOIN invoice i ON i.id = e.invoice_id
                WHERE i.business_id = ? AND json_extract(e.detail, '$.request') = ?
                """, arguments: [business.rawValue, key]) ?? false
        } catch {
            throw LedgerStore.map(error, doing: "look up request \(key)")
        }
    }

    /// Inserts an invoice, credit note or draft and returns its id.
    public func insert(_ invoice: NewInvoice) throws(KontorError) -> Int64 {
        do {
            try db.execute(sql: """
                INSERT INTO invoice (business_id, request_key, kind, series, number, client_id, issue_date, due_date, currency,
                                     payable, tax_total, status, credits_invoice_id, document, transaction_id, file_id, package_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [business.rawValue, invoice.key, invoice.kind, invoice.series, invoice.number, invoice.clientID,
                                 invoice.issueDate.description, invoice.dueDate.description, invoice.currency.code, invoice.payable,
                                 invoice.taxTotal, invoice.status, invoice.creditsInvoiceID, invoice.document, invoice.transactionID,
                                 fileID, invoice.packagePath])
            return db.lastInsertedRowID
        } catch {
            throw LedgerStore.map(error, doing: "store invoice \(invoice.number ?? invoice.key)")
        }
    }

    /// Replaces a draft by its issued form (same row, so its history stays attached).
    public func issueDraft(_ id: Int64, as invoice: NewInvoice) throws(KontorError) {
        do {
            try db.execute(sql: """
                UPDATE invoice SET series = ?, number = ?, issue_date = ?, due_date = ?, payable = ?, tax_total = ?, status = ?,
                                   document = ?, transaction_id = ?, package_path = ?
                WHERE id = ? AND number IS NULL AND status = 'draft'
                """, arguments: [invoice.series, invoice.number, invoice.issueDate.description, invoice.dueDate.description,
                                 invoice.payable, invoice.taxTotal, invoice.status, invoice.document, invoice.transactionID,
                                 invoice.packagePath, id])
            guard db.changesCount == 1 else { throw KontorError(.conflict, "invoice \(id) is no longer a draft") }
        } catch {
            throw LedgerStore.map(error, doing: "issue draft \(invoice.key)")
        }
    }

    /// Moves an invoice's lifecycle columns (never its content).
    public func updateLifecycle(_ id: Int64, status: String, paid: Int64, credited: Int64, dueDate: LocalDate? = nil) throws(KontorError) {
        do {
            try db.execute(sql: "UPDATE invoice SET status = ?, paid = ?, credited = ?, due_date = coalesce(?, due_date) WHERE id = ?",
                           arguments: [status, paid, credited, dueDate?.description, id])
        } catch {
            throw LedgerStore.map(error, doing: "update invoice \(id)")
        }
    }

    /// Appends to an invoice's history.
    public func recordInvoiceEvent(_ id: Int64, event: String, date: LocalDate, recordedAt: String, from: String?, to: String,
                                   detail: JSONValue) throws(KontorError) {
        do {
            try db.execute(sql: """
                INSERT INTO invoice_event (invoice_id, date, recorded_at, event, from_status, to_status, detail, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, date.description, recordedAt, event, from, to, detail.serialized(pretty: false), fileID])
        } catch {
            throw LedgerStore.map(error, doing: "record the history of invoice \(id)")
        }
    }

    /// Records that `amount` of a payment (posted as `transactionID`) settles part of an
    /// invoice, with the evidence of the match. The caller moves the lifecycle with
    /// ``updateLifecycle(_:status:paid:credited:dueDate:)`` in the same transaction.
    public func recordPayment(invoice id: Int64, amount: Money, date: LocalDate, transactionID: Int64?, evidence: JSONValue) throws(KontorError) {
        do {
            try db.execute(sql: """
                INSERT INTO invoice_payment (invoice_id, transaction_id, date, amount, currency, evidence, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, transactionID, date.description, amount.minorUnits, amount.currency.code,
                                 evidence.serialized(pretty: false), fileID])
        } catch {
            throw LedgerStore.map(error, doing: "apply a payment to invoice \(id)")
        }
    }
}
