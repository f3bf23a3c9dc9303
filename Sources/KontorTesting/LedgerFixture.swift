import KontorCore
import KontorStore

/// A generated, deterministic year of bookkeeping for one business, posted straight
/// through the store (as the pipeline would): expenses at 19 %, 7 % and 0 % (with
/// refunds), card and gateway charges with fees, refunds and payouts, invoices to three
/// clients on receivable sub-accounts with partial payments (some left open for the aging
/// report), monthly rent bills on a payable account paid a few days later, reverse-charge
/// software purchases and tax-exempt interest income.
///
/// The same `seed` and `scale` always give the same ledger. `scale` multiplies the number
/// of expenses and gateway charges per day (scale 1: 1,097 transactions, 2,974 postings
/// with the default seed; each further step adds about 2,050 postings).
public struct LedgerFixture: Sendable {
    public let business: BusinessID
    public let year: Int
    public let scale: Int
    public var seed: UInt64

    public init(business: BusinessID, year: Int = 2026, scale: Int = 1, seed: UInt64 = 42) {
        self.business = business
        self.year = year
        self.scale = scale
        self.seed = seed
    }

    public static let clients = ["Fjallraven", "Globex", "Initech"]
    public static let vendors = ["Bürohaus Schmidt", "DHL Paket", "Deutsche Bahn", "Lufthansa", "Hotel Adler", "Adobe", "Telekom",
                          "Staples", "Amazon", "Café Central", "Shell", "Conrad"]
    static let categories: [(key: String, account: String, rate: Int)] = [
        ("office.supplies", "Expenses:Office:Supplies", 19_000), ("shipping", "Expenses:Shipping", 19_000),
        ("travel", "Expenses:Travel", 7_000), ("travel.lodging", "Expenses:Travel:Lodging", 7_000),
        ("software", "Expenses:Software", 19_000), ("meals", "Expenses:Meals", 19_000), ("insurance", "Expenses:Insurance", 0),
        ("books", "Expenses:Office:Books", 7_000),
    ]

    /// Posts the year into `store` as one imported file; returns the number of transactions.
    @discardableResult
    public func post(into store: LedgerStore, name: String = "fixture") throws -> Int {
        try store.register(business: business, name: "Fixture", baseCurrency: .EUR)
        let arrival = FileArrival(business: business, digest: FileDigest(hex: Fingerprint.hex(of: [name, String(seed), String(scale)])
                                      .padding(toLength: 64)), name: name, channel: .invoices, size: 0,
                                  receivedAt: "\(year + 1)-01-01T00:00:00Z", spoolPath: "/fixture/\(name)")
        let (file, _) = try store.importFile(arrival, format: "fixture", plan: { id in
            FilePlan(finalPath: "/fixture/archive/\(id)", receiptPath: "/fixture/receipts/\(id).json")
        }) { batch in
            var generator = self
            try generator.generate(into: batch)
        } outputs: { _, _ in [] }
        return file.postedCount
    }

    private mutating func next(_ bound: Int) -> Int {
        // SplitMix64: the same sequence on every machine.
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }

    static func account(_ name: String) -> AccountPath {
        guard let path = AccountPath(name) else { preconditionFailure("\(name) is an account name") }
        return path
    }

    static func tax(on net: Int64, rate: Int) -> Int64 { (net * Int64(rate) * 2 / 100_000 + 1) / 2 }

    private mutating func generate(into batch: LedgerBatch) throws {
        let eur = CurrencyCode.EUR
        func money(_ units: Int64) -> Money { Money(minorUnits: units, currency: eur) }
        let bank = Self.account("Assets:Bank:Checking"), card = Self.account("Liabilities:CreditCard")
        let inputTax = Self.account("Assets:Tax:Input"), outputTax = Self.account("Liabilities:Tax:Output")
        let stripe = Self.account("Assets:Stripe"), transit = Self.account("Assets:Transit:Stripe")
        let fees = Self.account("Expenses:Fees:Payment")
        let sales = Self.account("Income:Sales"), services = Self.account("Income:Services"), interest = Self.account("Income:Interest")
        let rent = Self.account("Expenses:Rent"), landlord = Self.account("Liabilities:Payables:Immobilien-Weber")
        let software = Self.account("Expenses:Software:Cloud")
        var counter = 0
        func post(_ date: LocalDate, _ description: String, _ postings: [Posting]) throws {
            counter += 1
            try batch.post(try LedgerTransaction(date: date, description: description, recordID: "fx:\(counter)", postings: postings))
        }
        /// Payments due later: (date, description, postings), posted in date order among the rest.
        var scheduled: [(LocalDate, String, [Posting])] = []
        let start = LocalDate(year: year, month: 1, day: 1)!
        let days = LocalDate.isLeap(year) ? 366 : 365
        var stripeBalance: Int64 = 0
        for offset in 0..<days {
            let date = start.adding(days: offset)
            for due in scheduled.filter({ $0.0 == date }) { try post(due.0, due.1, due.2) }
            scheduled.removeAll { $0.0 == date }
            // Expenses from the log, with vendor and rate.
            for _ in 0..<(next(3) * scale) {
                let category = Self.categories[next(Self.categories.count)]
                let vendor = Self.vendors[next(Self.vendors.count)]
                var gross = Int64(100 + next(200_000))
                if next(33) == 0 { gross = -gross / 4 - 1 }
                let rate = category.rate
                let included = Int64((Int128(gross.magnitude) * Int128(rate) * 2 / Int128(100_000 + rate) + 1) / 2)
                let tax = gross < 0 ? -included : included
                let payment = next(2) == 0 ? bank : card
                counter += 1
                var postings = [Posting(Self.account(category.account), money(gross - tax))]
                if tax != 0 { postings.append(Posting(inputTax, money(tax))) }
                postings.append(Posting(payment, money(-gross)))
                let transaction = try LedgerTransaction(date: date, description: "\(vendor) \(category.key)", recordID: "fx:\(counter)",
                                                        postings: postings)
                let record = ExpenseRecord(position: SourcePosition(line: counter), date: date, amount: money(gross), vendor: vendor,
                                           category: category.key, taxRate: rate == 0 ? nil : TaxRate(millipercent: rate))
                try batch.post(ExpenseEntry(record: record, category: CategoryKey(category.key), vendorName: vendor,
                                            vendorKey: vendor.lowercased(), paymentAccount: payment == bank ? "bank" : "card",
                                            taxAmount: tax == 0 ? nil : money(tax), transaction: transaction))
            }
            // Gateway charges with fees, the odd refund, a weekly payout.
            for _ in 0..<(next(3) * scale) {
                let gross = Int64(500 + next(50_000))
                let fee = gross * 14 / 1000 + 25
                stripeBalance += gross - fee
                try post(date, "Stripe charge", [Posting(stripe, money(gross - fee)), Posting(fees, money(fee)), Posting(sales, money(-gross))])
            }
            if next(20) == 0, stripeBalance > 3_000 {
                let refund = Int64(1_000 + next(2_000))
                stripeBalance -= refund
                try post(date, "Stripe refund", [Posting(stripe, money(-refund)), Posting(sales, money(refund))])
            }
            if date.isoWeekday == 5, stripeBalance > 0 {
                let payout = stripeBalance
                stripeBalance = 0
                try post(date, "Stripe payout", [Posting(stripe, money(-payout)), Posting(transit, money(payout))])
                scheduled.append((date.adding(days: 2), "STRIPE PAYOUT", [Posting(bank, money(payout)), Posting(transit, money(-payout))]))
            }
            // Invoices: one client every few days, 19 % services or 7 % sales, paid in two parts or left open.
            if next(4) == 0 {
                let client = Self.clients[next(Self.clients.count)]
                let receivable = Self.account("Assets:Receivables:\(client)")
                let net = Int64(10_000 + next(500_000))
                let (income, rate) = next(3) == 0 ? (sales, 7_000) : (services, 19_000)
                let tax = Self.tax(on: net, rate: rate)
                try post(date, "Invoice to \(client)", [Posting(receivable, money(net + tax)), Posting(income, money(-net)), Posting(outputTax, money(-tax))])
                let first = (net + tax) * Int64(30 + next(40)) / 100
                let firstDate = date.adding(days: 10 + next(40))
                scheduled.append((firstDate, "Payment from \(client)", [Posting(bank, money(first)), Posting(receivable, money(-first))]))
                if next(5) != 0 {
                    let rest = net + tax - first
                    scheduled.append((firstDate.adding(days: 15 + next(60)), "Payment from \(client)",
                                      [Posting(bank, money(rest)), Posting(receivable, money(-rest))]))
                }
            }
            if date.day == 1 {
                // Rent billed on the 1st, paid on the 5th.
                let net: Int64 = 145_000
                let tax = Self.tax(on: net, rate: 19_000)
                try post(date, "Rent \(date.description.prefix(7))", [Posting(rent, money(net)), Posting(inputTax, money(tax)), Posting(landlord, money(-net - tax))])
                scheduled.append((date.adding(days: 4), "Rent payment", [Posting(landlord, money(net + tax)), Posting(bank, money(-net - tax))]))
                // A reverse-charge cloud bill from abroad: tax owed and deducted in the same entry.
                let cloud = Int64(20_000 + next(30_000))
                let rc = Self.tax(on: cloud, rate: 19_000)
                try post(date, "Cloud hosting (reverse charge)", [Posting(software, money(cloud)), Posting(inputTax, money(rc)),
                                                                   Posting(outputTax, money(-rc)), Posting(card, money(-cloud))])
            }
            if date.day == 28, date.month % 3 == 0 {
                let amount = Int64(1_000 + next(5_000))
                try post(date, "Interest", [Posting(bank, money(amount)), Posting(interest, money(-amount))])
            }
        }
        // Payments scheduled after the year stay unposted: those invoices are open at year end.
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        String((self + String(repeating: "0", count: max(0, length - count))).prefix(length))
    }
}
