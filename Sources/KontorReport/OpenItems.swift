import KontorCore

/// Receivables and payables as open items, derived from postings alone (there is no
/// invoice table to ask): a debit to a receivable account (or a credit to a payable
/// account) opens an item — the document, identified by its transaction's record id —
/// and a posting the other way settles the oldest open items of the same account and
/// currency first (FIFO). A settlement larger than what is open stays as an unapplied
/// credit that the next document of that account consumes.
///
/// Receivable accounts are asset accounts with a component `Receivable` or `Receivables`;
/// payable accounts are liability accounts with a component `Payable` or `Payables`. The
/// client (or vendor) is the entry's ``JournalEntry/party`` when the ledger knows it (an
/// issued invoice or credit note names its client), else what follows that component
/// (`Assets:Receivables:Fjallraven` → `Fjallraven`), else the account itself.
///
/// Items are kept per account, currency and party. A settlement that names a party
/// (a credit note) settles that party's items only, the document it names first
/// (``JournalEntry/settles``: the invoice a credit note credits); one that names none (a payment
/// booked against the account) settles the account's oldest items whatever their party.
/// See docs/decisions/reports.md.
struct OpenItems {
    enum Side: Sendable { case receivable, payable }

    struct Item {
        var entry: Int
        var date: LocalDate
        var account: Int32
        var currency: CurrencyCode
        /// The counterparty the entry names (nil: the account's sub-account is the party).
        var party: String?
        /// The document's amount, positive, in its natural direction.
        var gross: Int64
        var settled: Int64 = 0
        /// The postings a cash basis recognizes as the item is paid: (account, amount, recognized so far).
        var deferred: [(account: Int32, amount: Int64, currency: CurrencyCode, recognized: Int64)]
        var open: Int64 { gross - settled }
    }

    struct Key: Hashable {
        var account: Int32
        var currency: CurrencyCode
        var party: String?

        /// The key without a party, which payments that name none settle against.
        var anyParty: Key { Key(account: account, currency: currency, party: nil) }
    }

    let journal: Journal
    /// Side per account ordinal (nil: not a settlement account).
    let sides: [Side?]
    let isTax: [Bool]
    private(set) var open: [Key: [Item]] = [:]
    private(set) var unapplied: [Key: Int64] = [:]
    /// Accounts (as party-less keys) that hold items of named parties.
    private var partied: Set<Key> = []
    /// While an entry is applied: the transaction id of the document it settles, if it names one.
    private var settlementTarget: Int64?
    /// While an entry is applied: its date.
    private var currentDate = LocalDate(daysSinceEpoch: 0)
    /// When set, every document opened is kept in ``documents`` and the day each was
    /// settled in full in ``settledOn`` (for payment terms); off for the hot paths.
    var tracksDocuments = false
    private(set) var documents: [Item] = []
    /// Entry index of a document → the date of the entry that settled it in full.
    private(set) var settledOn: [Int: LocalDate] = [:]

    init(journal: Journal, isTax: [Bool]) {
        self.journal = journal
        self.isTax = isTax
        sides = journal.accounts.map(OpenItems.side)
    }

    static func side(of account: AccountPath) -> Side? {
        let components = account.rawValue.split(separator: ":").dropFirst()
        switch account.kind {
        case .asset where components.contains(where: { $0 == "Receivable" || $0 == "Receivables" }): return .receivable
        case .liability where components.contains(where: { $0 == "Payable" || $0 == "Payables" }): return .payable
        default: return nil
        }
    }

    /// The counterparty of a settlement account: the components after `Receivable(s)` /
    /// `Payable(s)`, else the account name.
    static func party(of account: AccountPath, named: String? = nil) -> String {
        if let named { return named }
        let components = account.rawValue.split(separator: ":")
        guard let index = components.firstIndex(where: { AccountRoles.partyComponents.contains(String($0)) }),
              index + 1 < components.count else { return account.rawValue }
        return components[(index + 1)...].joined(separator: ":")
    }

    /// Whether an entry touches a settlement account.
    func touchesSettlement(_ entry: JournalEntry) -> Bool {
        entry.postings.contains { sides[Int($0.account)] != nil }
    }

    /// Applies one entry. `recognize(document entry, account, amount, currency)` receives, on a cash
    /// basis, the deferred postings of documents as their payments arrive (the entry's own
    /// deferred postings are withheld; its other postings are the caller's business).
    /// Returns the indexes of the entry's postings that were deferred.
    mutating func apply(_ entryIndex: Int, recognize: (Int, Int32, Int64, CurrencyCode) -> Void) -> Set<Int> {
        let entry = journal.entries[entryIndex]
        currentDate = entry.date
        var deferredIndexes = Set<Int>()
        // Documents first: an entry that opens and settles on the same day settles its own item.
        var opened: [Key: Int64] = [:]
        for posting in entry.postings {
            guard let side = sides[Int(posting.account)] else { continue }
            let amount = side == .receivable ? posting.amount : -posting.amount
            if amount > 0 { opened[Key(account: posting.account, currency: posting.currency, party: entry.party), default: 0] += amount }
        }
        if let (key, gross) = opened.min(by: { ($0.key.account, $0.key.currency) < ($1.key.account, $1.key.currency) }) {
            var deferred: [(account: Int32, amount: Int64, currency: CurrencyCode, recognized: Int64)] = []
            for (index, posting) in entry.postings.enumerated() {
                let account = journal.accounts[Int(posting.account)]
                guard account.kind == .income || account.kind == .expense || isTax[Int(posting.account)] else { continue }
                deferred.append((posting.account, posting.amount, posting.currency, 0))
                deferredIndexes.insert(index)
            }
            for (otherKey, otherGross) in opened where otherKey != key {
                let item = Item(entry: entryIndex, date: entry.date, account: otherKey.account, currency: otherKey.currency,
                                party: otherKey.party, gross: otherGross, deferred: [])
                open[otherKey, default: []].append(item)
                if tracksDocuments { documents.append(item) }
            }
            let item = Item(entry: entryIndex, date: entry.date, account: key.account, currency: key.currency,
                            party: key.party, gross: gross, deferred: deferred)
            open[key, default: []].append(item)
            if tracksDocuments { documents.append(item) }
        }
        for key in opened.keys.sorted(by: { ($0.account, $0.currency) < ($1.account, $1.currency) }) {
            if key.party != nil { partied.insert(key.anyParty) }
            // The party's own credit first, then what a payment naming no party left over.
            for creditKey in key.party == nil ? [key] : [key, key.anyParty] {
                if let credit = unapplied[creditKey], credit > 0 {
                    unapplied[creditKey] = 0
                    settle(creditKey, credit, recognize: recognize)
                }
            }
        }
        settlementTarget = entry.settles
        defer { settlementTarget = nil }
        for posting in entry.postings {
            guard let side = sides[Int(posting.account)] else { continue }
            let amount = side == .receivable ? posting.amount : -posting.amount
            if amount < 0 {
                settle(Key(account: posting.account, currency: posting.currency, party: entry.party), -amount, recognize: recognize)
            }
        }
        return deferredIndexes
    }

    private mutating func settle(_ key: Key, _ payment: Int64, recognize: (Int, Int32, Int64, CurrencyCode) -> Void) {
        var remaining = payment
        if key.party == nil, partied.contains(key) {
            // A payment naming no party on an account that holds named parties' items: the
            // oldest item of the account first, whoever's it is.
            while remaining > 0 {
                let oldest = open.filter { $0.key.anyParty == key && !$0.value.isEmpty }
                    .min { a, b in (a.value[0].entry, a.key.party ?? "") < (b.value[0].entry, b.key.party ?? "") }
                guard let target = oldest?.key else { break }
                remaining = settleItems(target, remaining, limit: 1, recognize: recognize)
            }
        } else {
            remaining = settleItems(key, remaining, limit: Int.max, recognize: recognize)
        }
        if remaining > 0 { unapplied[key, default: 0] += remaining }
    }

    /// Settles up to `limit` of the oldest items of `key`; returns what is left of `payment`.
    private mutating func settleItems(_ key: Key, _ payment: Int64, limit: Int,
                                      recognize: (Int, Int32, Int64, CurrencyCode) -> Void) -> Int64 {
        var remaining = payment
        var items = open[key] ?? []
        func settleItem(_ index: Int) {
            let applied = min(remaining, items[index].open)
            guard applied > 0 else { return }
            items[index].settled += applied
            remaining -= applied
            let item = items[index]
            if tracksDocuments && item.open == 0 { settledOn[item.entry] = currentDate }
            let targets = OpenItems.allocate(item.deferred.map(\.amount), settled: item.settled, of: item.gross)
            for d in item.deferred.indices {
                let delta = targets[d] - item.deferred[d].recognized
                items[index].deferred[d].recognized = targets[d]
                if delta != 0 { recognize(item.entry, item.deferred[d].account, delta, item.deferred[d].currency) }
            }
        }
        // The document the settlement names (a credit note's invoice) first, then the oldest.
        if let target = settlementTarget, let index = items.firstIndex(where: { journal.entries[$0.entry].id == target }) {
            settleItem(index)
        }
        var index = 0
        while remaining > 0, index < items.count, index < limit {
            settleItem(index)
            index += 1
        }
        items.removeAll { $0.open == 0 }
        open[key] = items
        return remaining
    }

    /// The share `settled / gross` of each amount, rounded so that the shares add up to the
    /// same share of their sum (largest remainder; ties to the earlier posting): a document
    /// paid in parts recognizes exactly what was paid, and all of it once paid in full.
    static func allocate(_ amounts: [Int64], settled: Int64, of gross: Int64) -> [Int64] {
        guard settled != gross, gross != 0 else { return settled == gross ? amounts : amounts.map { _ in 0 } }
        let total = Int128(amounts.reduce(0, +)) * Int128(settled)
        // Floor of each exact share (toward minus infinity), and what it leaves over.
        var floors: [Int64] = []
        var remainders: [(Int128, Int)] = []
        for (index, amount) in amounts.enumerated() {
            let exact = Int128(amount) * Int128(settled)
            var quotient = exact / Int128(gross)
            var remainder = exact % Int128(gross)
            if remainder < 0 { quotient -= 1; remainder += Int128(gross) }
            floors.append(Int64(quotient))
            remainders.append((remainder, index))
        }
        var totalQuotient = total / Int128(gross)
        if total % Int128(gross) < 0 { totalQuotient -= 1 }
        // Rounding the total half-up in magnitude keeps the sum the nearest whole unit.
        let totalRemainder = total - totalQuotient * Int128(gross)
        if totalRemainder * 2 >= Int128(gross) { totalQuotient += 1 }
        var missing = Int(totalQuotient - Int128(floors.reduce(0, +)))
        for (_, index) in remainders.sorted(by: { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }) where missing > 0 {
            floors[index] += 1
            missing -= 1
        }
        return floors
    }
}
