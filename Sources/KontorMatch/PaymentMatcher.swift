import KontorCore

/// Matches incoming payments to open invoices (pure: no I/O, no clock).
///
/// The evidence, strongest first (docs/decisions/payment-matching.md):
///
/// | evidence | score |
/// |---|---|
/// | ISO 11649 creditor reference (field or text) | 1.00 |
/// | end-to-end id = number or reference | 0.98 |
/// | invoice number in the text (with its letters) | 0.95 |
/// | invoice number in the text (digits part, ≥ 6 digits) | 0.92 |
/// | digit groups only (`Invoice 2024-3`), confirmed by name or amount | 0.85 (0.60 unconfirmed) |
/// | exact open amount + payer name ~ client name (similarity s) | 0.50 + 0.40·s |
/// | exact sum of the client's open invoices + name | 0.45 + 0.40·s |
/// | open amount within tolerance + name | 0.40 + 0.35·s (below the default threshold: review) |
///
/// A payment is matched only when its best evidence reaches the threshold and singles out
/// one invoice, or several invoices of one client that the amount pays together; two
/// invoices fitting equally, or fitting below the threshold, send it to review.
///
/// Every lookup goes through a dictionary (number, reference, digit groups, amount and
/// currency, client name word), so matching n payments against m invoices costs about
/// n + m, not n · m.
public struct PaymentMatcher: Sendable {
    public let settings: MatchSettings

    private struct Entry: Sendable {
        var invoice: OpenInvoice
        var name: ClientName
    }

    private struct AmountKey: Hashable, Sendable {
        var currency: String
        var amount: Int64
    }

    private var entries: [Entry] = []
    private var byID: [Int64: Int] = [:]
    /// Compact number (`INV2024000123`) and its digits part (`2024000123`).
    private var byCompact: [String: [Int]] = [:]
    /// Reference body (the compact number behind `RFnn`) and full compact reference.
    private var byReference: [String: [Int]] = [:]
    private var byDigitGroups: [[Int64]: [Int]] = [:]
    private var groupCounts: Set<Int> = []
    private var byAmount: [AmountKey: [Int]] = [:]
    private var byClient: [String: [Int]] = [:]
    private var clientsByWord: [String: Set<String>] = [:]
    private var clientNames: [String: ClientName] = [:]
    /// The letters numbers start with (`INV`), to tell a mistyped number from other text.
    private var numberPrefixes: Set<String> = []

    public init(settings: MatchSettings = MatchSettings(), invoices: some Sequence<OpenInvoice> = [OpenInvoice]()) {
        self.settings = settings
        for invoice in invoices { add(invoice) }
    }

    /// How many invoices are indexed (open or settled in this run).
    public var count: Int { entries.count }

    /// The open amount of an indexed invoice.
    public func open(_ invoiceID: Int64) -> Int64? { byID[invoiceID].map { entries[$0].invoice.open } }

    /// Adds an invoice to the index (an invoice already indexed is replaced).
    public mutating func add(_ invoice: OpenInvoice) {
        if let index = byID[invoice.id] {
            setOpen(index, to: invoice.open)
            return
        }
        let index = entries.count
        let name = ClientName(invoice.clientName)
        entries.append(Entry(invoice: invoice, name: name))
        byID[invoice.id] = index
        let compact = RemittanceText.compact(invoice.number)
        byCompact[compact, default: []].append(index)
        if let digits = RemittanceText.digitPart(of: invoice.number, compact: compact) { byCompact[digits, default: []].append(index) }
        let letters = String(compact.prefix { !$0.isNumber })
        if letters.count >= 2 { numberPrefixes.insert(letters) }
        if let reference = invoice.reference {
            let key = RemittanceText.compact(reference)
            byReference[key, default: []].append(index)
            if CreditorCheck.isValid(key) { byReference[CreditorCheck.body(key), default: []].append(index) }
        }
        let groups = RemittanceText.digitGroups(of: invoice.number)
        if !groups.isEmpty {
            byDigitGroups[groups, default: []].append(index)
            groupCounts.insert(groups.count)
        }
        if invoice.open > 0 { byAmount[AmountKey(currency: invoice.currency.code, amount: invoice.open), default: []].append(index) }
        byClient[invoice.clientID, default: []].append(index)
        if clientNames[invoice.clientID] == nil {
            clientNames[invoice.clientID] = name
            for word in name.keyWords { clientsByWord[word, default: []].insert(invoice.clientID) }
        }
    }

    /// Records that `match` was booked: each invoice's open amount shrinks (write-offs
    /// included), so the next payment sees what is left.
    public mutating func apply(_ match: PaymentMatch) {
        for allocation in match.allocations { reduce(allocation.invoiceID, by: allocation.amount + allocation.writeOff) }
    }

    /// Lowers (or, with a negative amount, raises) an invoice's open amount.
    public mutating func reduce(_ invoiceID: Int64, by amount: Int64) {
        guard let index = byID[invoiceID] else { return }
        setOpen(index, to: max(0, entries[index].invoice.open - amount))
    }

    private mutating func setOpen(_ index: Int, to open: Int64) {
        let invoice = entries[index].invoice
        if invoice.open > 0 {
            let key = AmountKey(currency: invoice.currency.code, amount: invoice.open)
            byAmount[key]?.removeAll { $0 == index }
            if byAmount[key]?.isEmpty == true { byAmount[key] = nil }
        }
        entries[index].invoice.open = open
        if open > 0 { byAmount[AmountKey(currency: invoice.currency.code, amount: open), default: []].append(index) }
    }

    // MARK: - Matching

    private struct Candidate {
        var index: Int
        var evidence: MatchEvidence
        var score: Double
    }

    public func match(_ payment: IncomingPayment) -> MatchOutcome {
        let amount = payment.amount.minorUnits
        guard amount > 0 else { return .unrelated }
        let currency = payment.amount.currency.code
        let text = RemittanceText(payment.text ?? "")
        let payerWords = Set(ClientName.words(payment.counterparty ?? payment.text ?? ""))

        var candidates: [Int: Candidate] = [:]
        func consider(_ indices: [Int]?, _ evidence: MatchEvidence, _ score: Double) {
            for index in indices ?? [] where entries[index].invoice.currency.code == currency {
                if let known = candidates[index], known.score >= score { continue }
                candidates[index] = Candidate(index: index, evidence: evidence, score: score)
            }
        }
        // 1. Structured creditor reference: the field, then references in the text.
        var references = text.references
        if let field = payment.reference { references.insert(RemittanceText.compact(field), at: 0) }
        for reference in references {
            consider(byReference[reference], .reference, 1.0)
            if CreditorCheck.isValid(reference) {
                let body = CreditorCheck.body(reference)
                consider(byReference[body], .reference, 1.0)
                consider(byCompact[body], .reference, 1.0)
            }
        }
        // 2. End-to-end id naming the number or the reference.
        if let e2e = payment.endToEndID.map(RemittanceText.compact), !e2e.isEmpty, e2e != "NOTPROVIDED" {
            consider(byCompact[e2e], .endToEnd, 0.98)
            consider(byReference[e2e], .endToEnd, 0.98)
        }
        // 3. The number in the remittance text.
        for key in text.compactKeys where key.count >= 4 {
            consider(byCompact[key], .number, key.first?.isNumber == true ? 0.92 : 0.95)
        }
        // 4. Its digit groups only, confirmed by the name or the amount.
        let groups = text.digitGroups
        for length in groupCounts where length >= 2 && groups.count >= length {
            for start in 0...(groups.count - length) {
                let window = Array(groups[start..<(start + length)])
                var found = byDigitGroups[window] ?? []
                if length == 2 { found += byDigitGroups[[window[1], window[0]]] ?? [] }
                for index in found where entries[index].invoice.currency.code == currency && candidates[index] == nil {
                    let invoice = entries[index].invoice
                    let confirmed = entries[index].name.similarity(toPayer: payerWords) >= settings.nameThreshold
                        || (invoice.open > 0 && abs(invoice.open - amount) <= settings.tolerance(for: invoice.open, exponent: invoice.currency.exponent))
                    candidates[index] = Candidate(index: index, evidence: .looseNumber, score: confirmed ? 0.85 : 0.6)
                }
            }
        }
        if !candidates.isEmpty {
            let outcome = decide(among: Array(candidates.values), amount: amount)
            if case .unrelated = outcome {} else { return outcome }
        }

        // 5. No number: the amount and the payer's name.
        if let exact = byAmount[AmountKey(currency: currency, amount: amount)], !exact.isEmpty {
            let scored = exact.map { ($0, entries[$0].name.similarity(toPayer: payerWords)) }
                .filter { $0.1 >= settings.nameThreshold }
                .sorted { $0.1 > $1.1 }
            if let best = scored.first {
                if scored.count > 1, scored[1].1 == best.1 {
                    return .review(reason: "several open invoices of the same amount fit the payer equally",
                                   candidates: scored.filter { $0.1 == best.1 }.map { entries[$0.0].invoice.number }.sorted())
                }
                let score = 0.5 + 0.4 * best.1
                if score >= settings.threshold {
                    return .matched(single(best.0, amount: amount, evidence: .amountAndName, score: score))
                }
            }
        }
        // 6. The client by name: all its open invoices together, or one within tolerance.
        let clients = clientCandidates(payerWords)
        if let best = clients.first {
            if clients.count > 1, clients[1].similarity == best.similarity {
                return .review(reason: "the payer's name fits several clients equally (\(clients.prefix(3).map(\.id).joined(separator: ", ")))",
                               candidates: [])
            }
            let open = (byClient[best.id] ?? []).filter {
                entries[$0].invoice.open > 0 && entries[$0].invoice.currency.code == currency
            }
            let sum = open.reduce(Int64(0)) { $0 + entries[$1].invoice.open }
            if open.count >= 2, sum == amount, 0.45 + 0.4 * best.similarity >= settings.threshold {
                let ordered = open.sorted { entries[$0].invoice.dueDate < entries[$1].invoice.dueDate }
                return .matched(PaymentMatch(
                    evidence: .clientSum, score: 0.45 + 0.4 * best.similarity, clientID: best.id,
                    allocations: ordered.map { Allocation(invoiceID: entries[$0].invoice.id, number: entries[$0].invoice.number,
                                                          amount: entries[$0].invoice.open) },
                    excess: 0))
            }
            let near = open.filter {
                let invoice = entries[$0].invoice
                return abs(invoice.open - amount) <= settings.tolerance(for: invoice.open, exponent: invoice.currency.exponent)
            }
            // A near amount and a name are weak together: client advances often come within a
            // few euros of an open invoice. At the default threshold this is a review hint.
            let score = 0.4 + 0.35 * best.similarity
            if near.count == 1, score >= settings.threshold {
                return .matched(single(near[0], amount: amount, evidence: .tolerance, score: score))
            }
            if near.count == 1 {
                return .review(reason: "the amount is within the tolerance of an open invoice of \(best.id), without a reference",
                               candidates: [entries[near[0]].invoice.number])
            }
            if near.count > 1 {
                return .review(reason: "several open invoices of \(best.id) are within the tolerance of the amount",
                               candidates: near.map { entries[$0].invoice.number }.sorted())
            }
            if !open.isEmpty {
                return .review(reason: "the payer looks like client \(best.id), but no open invoice fits the amount",
                               candidates: open.sorted { entries[$0].invoice.dueDate < entries[$1].invoice.dueDate }
                                   .prefix(5).map { entries[$0].invoice.number })
            }
        }
        if !candidates.isEmpty {
            return .review(reason: "the text names invoices that are settled or only loosely match",
                           candidates: candidates.values.map { entries[$0.index].invoice.number }.sorted())
        }
        if let mentioned = mentionedNumber(text) {
            let written = RemittanceText.written(mentioned, in: payment.text ?? "") ?? mentioned
            return .review(reason: "the text names \(written), which is not an open invoice", candidates: [])
        }
        return .unrelated
    }

    /// Picks among invoices the payment's text or references name.
    private func decide(among all: [Candidate], amount: Int64) -> MatchOutcome {
        let open = all.filter { entries[$0.index].invoice.open > 0 }
        let strong = open.filter { $0.score >= settings.threshold }
        guard !strong.isEmpty else {
            if open.isEmpty {
                return .review(reason: "the invoice the payment names is already settled",
                               candidates: all.map { entries[$0.index].invoice.number }.sorted())
            }
            return .unrelated
        }
        // A structured reference or end-to-end id outranks numbers found in the text; numbers
        // in the text (any form) are one tier, so one payment can name several invoices.
        let best = strong.map(\.score).max() ?? 0
        let floor = best >= 0.98 ? 0.98 : settings.threshold
        let tier = strong.filter { $0.score >= floor }.sorted { entries[$0.index].invoice.dueDate < entries[$1.index].invoice.dueDate }
        if tier.count == 1 {
            return .matched(single(tier[0].index, amount: amount, evidence: tier[0].evidence, score: tier[0].score))
        }
        let names = tier.map { entries[$0.index].invoice.number }.sorted()
        let clients = Set(tier.map { entries[$0.index].invoice.clientID })
        guard clients.count == 1, let client = clients.first else {
            return .review(reason: "the payment names invoices of several clients", candidates: names)
        }
        let sum = tier.reduce(Int64(0)) { $0 + entries[$1.index].invoice.open }
        if amount + settings.tolerance(for: sum, exponent: entries[tier[0].index].invoice.currency.exponent) >= sum {
            var allocations = tier.map {
                Allocation(invoiceID: entries[$0.index].invoice.id, number: entries[$0.index].invoice.number, amount: entries[$0.index].invoice.open)
            }
            if amount < sum, var last = allocations.popLast() {
                last.writeOff = sum - amount
                last.amount -= last.writeOff
                allocations.append(last)
            }
            return .matched(PaymentMatch(evidence: tier.map(\.evidence).min { $0.rank > $1.rank } ?? .number,
                                         score: tier.map(\.score).min() ?? best, clientID: client,
                                         allocations: allocations.filter { $0.amount > 0 || $0.writeOff > 0 },
                                         excess: max(0, amount - sum)))
        }
        return .review(reason: "the payment names \(names.count) invoices but pays less than all of them", candidates: names)
    }

    /// One invoice: partial, full, short within tolerance (written off) or over (credit).
    private func single(_ index: Int, amount: Int64, evidence: MatchEvidence, score: Double) -> PaymentMatch {
        let invoice = entries[index].invoice
        var allocation = Allocation(invoiceID: invoice.id, number: invoice.number, amount: min(amount, invoice.open))
        if amount < invoice.open, invoice.open - amount <= settings.tolerance(for: invoice.open, exponent: invoice.currency.exponent) {
            allocation.writeOff = invoice.open - amount
        }
        return PaymentMatch(evidence: evidence, score: score, clientID: invoice.clientID, allocations: [allocation],
                            excess: max(0, amount - invoice.open))
    }

    private struct ClientCandidate {
        var id: String
        var similarity: Double
    }

    /// Clients whose name the payer's name contains well enough, best first.
    private func clientCandidates(_ payerWords: Set<String>) -> [ClientCandidate] {
        var seen: Set<String> = []
        var found: [ClientCandidate] = []
        for word in payerWords {
            for id in clientsByWord[word] ?? [] where seen.insert(id).inserted {
                guard let name = clientNames[id] else { continue }
                let similarity = name.similarity(toPayer: payerWords)
                if similarity >= settings.nameThreshold { found.append(ClientCandidate(id: id, similarity: similarity)) }
            }
        }
        return found.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
    }

    /// A word that starts like the business's invoice numbers and holds digits (`INV-2024-956326`).
    private func mentionedNumber(_ text: RemittanceText) -> String? {
        guard !numberPrefixes.isEmpty else { return nil }
        var longest: String?
        for key in text.compactKeys where key.count > (longest?.count ?? 0) {
            let letters = key.prefix { !$0.isNumber }
            guard numberPrefixes.contains(String(letters)) else { continue }
            let rest = key.dropFirst(letters.count)
            if rest.count >= 4, rest.allSatisfy(\.isNumber) { longest = key }
        }
        return longest
    }
}

extension MatchEvidence {
    /// 0 is the strongest.
    var rank: Int { MatchEvidence.allCases.firstIndex(of: self) ?? MatchEvidence.allCases.count }
}
