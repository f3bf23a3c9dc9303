import KontorCore
import KontorRead

/// Renders what ``Camt053Reader`` emits as golden JSON: the events in order, or the
/// error object where reading stopped (events before an error are not shown, since
/// the pipeline discards them: a file is read all or nothing).
enum Camt053Golden {
    static func render(_ bytes: [UInt8], fileName: String, chunkSize: Int = 7,
                       reader: Camt053Reader = Camt053Reader()) -> String {
        var source = MemoryByteSource(bytes, chunkSize: chunkSize)
        var events: [JSONValue] = []
        do {
            try reader.read(&source, fileName: fileName) { event in events.append(json(event)) }
            return JSONValue.array(events).serialized()
        } catch {
            return JSONValue.object(ErrorRenderer.json(error)).serialized()
        }
    }

    static func json(_ event: StatementEvent) -> JSONValue {
        switch event {
        case .begin(let header):
            var object: [String: JSONValue] = [
                "event": .string("begin"), "account": .optional(header.account), "bank": .optional(header.bank),
                "currency": .string(header.currency.code), "statement_id": .optional(header.statementID),
                "account_kind": .optional(header.accountKind), "opening": json(header.opening),
            ]
            add(header.position, to: &object)
            return .object(object)
        case .transaction(let transaction):
            var object: [String: JSONValue] = [
                "event": .string("transaction"), "date": .string(transaction.date.description),
                "value_date": .optional(transaction.valueDate?.description),
                "amount": .string(transaction.amount.decimalString), "currency": .string(transaction.amount.currency.code),
                "bank_id": .optional(transaction.bankID), "payee": .optional(transaction.payee),
                "memo": .optional(transaction.memo), "end_to_end_id": .optional(transaction.endToEndID),
                "creditor_reference": .optional(transaction.creditorReference),
                "counterparty_account": .optional(transaction.counterpartyAccount),
                "counterparty_bank": .optional(transaction.counterpartyBank), "kind": .optional(transaction.kind),
            ]
            add(transaction.position, to: &object)
            return .object(object)
        case .end(let footer):
            var object: [String: JSONValue] = [
                "event": .string("end"), "opening": json(footer.opening), "closing": json(footer.closing),
                "from": .optional(footer.from?.description), "to": .optional(footer.to?.description),
            ]
            add(footer.position, to: &object)
            return .object(object)
        }
    }

    static func json(_ balance: StatedBalance?) -> JSONValue {
        guard let balance else { return .null }
        return .object([
            "amount": .string(balance.amount.decimalString), "currency": .string(balance.amount.currency.code),
            "date": .optional(balance.date?.description), "code": .optional(balance.code),
        ])
    }

    static func add(_ position: SourcePosition, to object: inout [String: JSONValue]) {
        if let line = position.line { object["line"] = .int(Int64(line)) }
        if let path = position.path { object["path"] = .string(path) }
    }
}
