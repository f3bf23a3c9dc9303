import KontorCore

/// Reads a Stripe API list of balance transactions (`GET /v1/balance_transactions`):
/// `{"object": "list", "data": [{"object": "balance_transaction", …}]}`, or a bare array of
/// them. A top-level `account` (an id or `{"id": …}`) names the Stripe account.
///
/// One statement per currency. Each balance transaction becomes one line: `amount` is the
/// **gross** (`amount`), `fee` the fee withheld, and `amount − fee = net` is checked against
/// the stated `net`; bankID is the `txn_…` id, dates are `created` (UTC) and `available_on`
/// the value date. Integer amounts are read in Stripe's minor units (``StripeAmount``).
public struct StripeBalanceJSONReader: StatementReader {
    public init() {}

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let document: JSONNode
        do { document = try JSONParser.parse(&source, maximumBytes: GatewayJSON.maximumBytes) } catch {
            throw error.inFile(fileName)
        }
        let hint = "export balance transactions with the Stripe API (GET /v1/balance_transactions) and drop the JSON as returned"
        var items: [GatewayJSON]
        var account: String?
        if document.elements != nil {
            items = try GatewayJSON.objects(in: document, path: "", fileName: fileName)
        } else {
            let top = GatewayJSON(node: document, path: "", fileName: fileName)
            guard document.members != nil else {
                throw KontorError(.badInput, "the document is \(document.typeDescription), not a list of balance transactions",
                                  hint: hint, at: top.position)
            }
            if let object = try top.string("object"), object != "list" {
                throw top.error("object", "the document is a Stripe \(object), not a list of balance transactions", hint: hint)
            }
            guard let data = try top.objects("data") else {
                throw KontorError(.badInput, "the object has no \"data\" array of balance transactions", hint: hint, at: top.position)
            }
            items = data
            account = try top.reference("account")
        }
        var statements = GatewayStatements(account: account)
        for item in items { statements.add(try transaction(item)) }
        items = []
        try statements.emit(fileName: fileName, sink)
    }

    /// One balance transaction.
    func transaction(_ item: GatewayJSON) throws(KontorError) -> BankTransaction {
        if let object = try item.string("object"), object != "balance_transaction" {
            throw item.error("object", "\(item.path) is a Stripe \(object), not a balance transaction",
                             hint: "a balance-transaction list holds only objects of type balance_transaction")
        }
        let id = try item.requiredString("id")
        let currency = try item.currency("currency")
        let amount = try item.requiredStripeMoney("amount", currency)
        let fee = try item.stripeMoney("fee", currency) ?? .zero(currency)
        if let net = try item.stripeMoney("net", currency), net.minorUnits != amount.minorUnits - fee.minorUnits {
            throw item.error("net", "\(item.path) (\(id)): net \(net.decimalString) is not amount \(amount.decimalString) − fee \(fee.decimalString)",
                             hint: "the file is inconsistent; download it again from Stripe")
        }
        guard let date = try item.unixDate("created") else {
            throw item.error("created", "\(item.childPath("created")) is missing", hint: "Stripe always sends created; was the file edited?")
        }
        let type = try item.string("type")
        let category = try item.string("reporting_category")
        let sourceObject = item.object("source")
        var payee = try sourceObject?.object("billing_details")?.string("name")
        if payee == nil { payee = try sourceObject?.string("name") }
        var description = try item.string("description")
        if description == nil { description = try sourceObject?.string("description") }
        var position = item.position
        position.recordID = id
        return BankTransaction(
            position: position, date: date, valueDate: try item.unixDate("available_on"), amount: amount, bankID: id,
            payee: payee.flatMap { $0.isEmpty ? nil : $0 }, memo: description.flatMap { $0.isEmpty ? nil : $0 },
            endToEndID: try item.reference("source"), kind: type, fee: fee,
            gatewayKind: StripeBalanceKind.of(type: type, reportingCategory: category).rawValue)
    }
}
