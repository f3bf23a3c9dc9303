/// A hierarchical ledger account name in the beancount/hledger style:
/// `Expenses:Office:Software`. The root says what kind of account it is.
public struct AccountPath: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case asset, liability, equity, income, expense
    }

    public let rawValue: String
    public let kind: Kind

    /// Accepts `Root:Component…` where Root is Assets, Liabilities, Equity, Income or
    /// Expenses and each component starts with an upper-case letter or a digit and holds
    /// letters, digits and `-` (what beancount accepts, so exports load unchanged).
    public init?(_ text: some StringProtocol) {
        let value = String(text)
        let components = value.split(separator: ":", omittingEmptySubsequences: false)
        guard let root = components.first, let kind = AccountPath.kinds[String(root)] else { return nil }
        for component in components.dropFirst() {
            guard let first = component.unicodeScalars.first,
                  (first.properties.isUppercase || ("0"..."9").contains(first)),
                  component.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" })
            else { return nil }
        }
        rawValue = value
        self.kind = kind
    }

    static let kinds: [String: Kind] = [
        "Assets": .asset, "Liabilities": .liability, "Equity": .equity, "Income": .income, "Expenses": .expense,
    ]

    public var description: String { rawValue }
    public static func < (lhs: AccountPath, rhs: AccountPath) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let path = AccountPath(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an account name")
        }
        self = path
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One leg of a ledger transaction: an amount booked to an account. Positive amounts are
/// debits, negative amounts credits.
public struct Posting: Hashable, Sendable {
    public var account: AccountPath
    public var amount: Money

    public init(_ account: AccountPath, _ amount: Money) {
        self.account = account
        self.amount = amount
    }
}

/// A balanced double-entry transaction. It cannot be constructed unbalanced: the
/// initializer checks that the postings sum to zero per currency (the store checks it
/// again in SQL before anything commits).
public struct LedgerTransaction: Hashable, Sendable {
    public let date: LocalDate
    public let description: String
    /// The stable id of the record this transaction books (a bank id or a fingerprint),
    /// unique per business: the same record is never posted twice.
    public let recordID: String
    public let postings: [Posting]

    public init(date: LocalDate, description: String, recordID: String, postings: [Posting]) throws(KontorError) {
        guard postings.count >= 2 else {
            throw KontorError(.internal, "a transaction needs at least two postings", at: SourcePosition(recordID: recordID))
        }
        // The usual transaction has one currency: sum it without a dictionary.
        let currency = postings[0].amount.currency
        if postings.allSatisfy({ $0.amount.currency == currency }) {
            var sum: Int64 = 0
            for posting in postings { sum = try LedgerTransaction.add(posting, to: sum, recordID: recordID) }
            if sum != 0 { throw LedgerTransaction.unbalanced(currency, sum: sum, recordID: recordID) }
        } else {
            var sums: [CurrencyCode: Int64] = [:]
            for posting in postings {
                sums[posting.amount.currency] = try LedgerTransaction.add(posting, to: sums[posting.amount.currency, default: 0],
                                                                          recordID: recordID)
            }
            if let (currency, sum) = sums.first(where: { $0.value != 0 }) {
                throw LedgerTransaction.unbalanced(currency, sum: sum, recordID: recordID)
            }
        }
        self.date = date
        self.description = description
        self.recordID = recordID
        self.postings = postings
    }

    private static func add(_ posting: Posting, to sum: Int64, recordID: String) throws(KontorError) -> Int64 {
        let (next, overflow) = sum.addingReportingOverflow(posting.amount.minorUnits)
        guard !overflow else {
            throw KontorError(.badInput, "the amounts of this record are too large to add up", at: SourcePosition(recordID: recordID))
        }
        return next
    }

    private static func unbalanced(_ currency: CurrencyCode, sum: Int64, recordID: String) -> KontorError {
        KontorError(.internal, "transaction does not balance: \(currency) postings sum to \(Money(minorUnits: sum, currency: currency).decimalString)",
                    at: SourcePosition(recordID: recordID))
    }

    private init(copying other: LedgerTransaction, recordID: String) {
        date = other.date
        description = other.description
        self.recordID = recordID
        postings = other.postings
    }

    /// The same balanced transaction under another record id.
    public func withRecordID(_ recordID: String) -> LedgerTransaction {
        LedgerTransaction(copying: self, recordID: recordID)
    }
}
