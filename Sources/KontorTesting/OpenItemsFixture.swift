import KontorCore
import KontorStore

/// Loads the open invoices of a generated workload (`gen_workload.py … --invoices M`,
/// its `invoices.json`) into a business's ledger, as opening balances: each invoice is
/// stored as issued (series `opening`) and posts receivable against
/// `Equity:Opening-Balances`. Clients are created from the names (id: the name in lower
/// case with dashes).
///
/// A test and benchmark helper, not a product feature: see
/// docs/decisions/payment-matching.md ("Open items of the generated scenario").
public struct OpenItemsFixture: Sendable {
    public struct Item: Sendable, Equatable {
        public var number: String
        public var client: String
        public var amount: Int64
        public var issueDate: LocalDate
        public var dueDate: LocalDate

        public init(number: String, client: String, amount: Int64, issueDate: LocalDate, dueDate: LocalDate) {
            self.number = number
            self.client = client
            self.amount = amount
            self.issueDate = issueDate
            self.dueDate = dueDate
        }
    }

    public let currency: CurrencyCode
    public let items: [Item]

    public init(currency: CurrencyCode, items: [Item]) {
        self.currency = currency
        self.items = items
    }

    /// Tops the items up to `count` with never-paid invoices of the same clients (series
    /// `PAD-`, amounts 150.00–25,000.00 from a fixed sequence), for workloads that ask for
    /// more open invoices than the generator produced.
    public func padded(to count: Int) -> OpenItemsFixture {
        guard items.count < count, let first = items.first else { return self }
        let clients = Array(Set(items.map(\.client))).sorted()
        var padded = items
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for index in 0..<(count - items.count) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let amount = 15_000 + Int64((state >> 33) % 2_485_000)
            padded.append(Item(number: "PAD-\(String(repeating: "0", count: max(0, 6 - String(index + 1).count)))\(index + 1)",
                               client: clients[index % clients.count], amount: amount, issueDate: first.issueDate, dueDate: first.dueDate))
        }
        return OpenItemsFixture(currency: currency, items: padded)
    }

    public init(json bytes: [UInt8]) throws(KontorError) {
        let root = try JSONParser.parse(bytes)
        guard let code = root["currency"]?.value.stringValue, let currency = CurrencyCode(code), let list = root["invoices"]?.elements else {
            throw KontorError(.badInput, "not an invoices.json of gen_workload.py (currency and invoices expected)")
        }
        self.currency = currency
        var items: [Item] = []
        for node in list {
            guard let number = node["number"]?.value.stringValue, let client = node["client"]?.value.stringValue,
                  let amountText = node["amount"]?.value.stringValue,
                  let amount = try? Money.parse(amountText, currency: currency),
                  let issue = node["issue_date"]?.value.stringValue.flatMap({ LocalDate(iso: $0) }),
                  let due = node["due_date"]?.value.stringValue.flatMap({ LocalDate(iso: $0) }) else {
                throw KontorError(.badInput, "an invoice of invoices.json lacks number, client, amount or dates", at: SourcePosition(line: node.line))
            }
            items.append(Item(number: number, client: client, amount: amount.minorUnits, issueDate: issue, dueDate: due))
        }
        self.items = items
    }

    public static func clientID(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Posts every item into `store` for `business` as one file; returns the invoice count.
    @discardableResult
    public func post(into store: LedgerStore, business: BusinessID, receivable: String = "Assets:Receivables") throws -> Int {
        guard let receivableAccount = AccountPath(receivable), let equity = AccountPath("Equity:Opening-Balances") else {
            throw KontorError(.internal, "invalid account names")
        }
        let arrival = FileArrival(business: business, digest: FileDigest(hex: Fingerprint.hex(of: ["open-items"] + items.map(\.number))
                                      .padding(toLength: 64)), name: "open-items.json", channel: .invoices, size: 0,
                                  receivedAt: "2024-01-01T00:00:00Z", spoolPath: "/fixture/open-items.json")
        _ = try store.importFile(arrival, format: "fixture", plan: { id in
            FilePlan(finalPath: "/fixture/archive/\(id)", receiptPath: "/fixture/receipts/\(id).json")
        }) { batch in
            var clients: Set<String> = []
            for item in items {
                let client = OpenItemsFixture.clientID(item.client)
                if clients.insert(client).inserted {
                    try batch.upsertClient(id: client, name: item.client, country: "DE", data: "{}")
                }
                let money = Money(minorUnits: item.amount, currency: currency)
                let transaction = try LedgerTransaction(date: item.issueDate, description: "Opening: \(item.number) · \(item.client)",
                                                        recordID: "opening:\(item.number)",
                                                        postings: [Posting(receivableAccount, money), Posting(equity, money.negated)])
                guard case .posted(let id) = try batch.post(transaction) else { throw KontorError(.conflict, "\(item.number) posted twice") }
                let invoice = try batch.insert(NewInvoice(
                    key: "opening:\(item.number)", kind: "invoice", series: "opening", number: item.number, clientID: client,
                    issueDate: item.issueDate, dueDate: item.dueDate, currency: currency, payable: item.amount, taxTotal: 0,
                    status: "issued", document: "{}", transactionID: id, packagePath: nil))
                try batch.recordInvoiceEvent(invoice, event: "issued", date: item.issueDate, recordedAt: "2024-01-01T00:00:00Z", from: nil,
                                             to: "issued", detail: ["opening": true])
            }
        } outputs: { _, _ in [] }
        return items.count
    }
}
