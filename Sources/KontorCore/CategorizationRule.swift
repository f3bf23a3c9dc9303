
/// An explicit categorization rule (`pipelines/rules/*.yaml`): when a bank line matches
/// every condition given, it gets the rule's category (and vendor, tax rate).
public struct CategorizationRule: Hashable, Sendable {
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Money out (negative amounts).
        case debit
        /// Money in (positive amounts).
        case credit
    }

    /// Unique within the workspace; receipts and `expenses show` cite it as evidence.
    public var id: String
    /// The business the rule is for; nil for a shared rule.
    public var business: BusinessID?
    /// Where the rule is written (file and line), for messages.
    public var position: SourcePosition
    /// A regular expression the payee must match (case-insensitive).
    public var payeePattern: String?
    /// Text the payee must contain (case-insensitive).
    public var payeeContains: String?
    /// A regular expression the memo (remittance text) must match (case-insensitive).
    public var memoPattern: String?
    /// Signed bounds on the amount as decimal text (`-100.00`), compared in each line's
    /// currency: both inclusive.
    public var minimum: String?
    public var maximum: String?
    /// The bank account (as statements name it) the line must be on.
    public var account: String?
    public var direction: Direction?
    public var category: CategoryKey
    public var vendor: String?
    public var taxRate: TaxRate?

    public init(id: String, business: BusinessID? = nil, position: SourcePosition = SourcePosition(),
                payeePattern: String? = nil, payeeContains: String? = nil, memoPattern: String? = nil,
                minimum: String? = nil, maximum: String? = nil, account: String? = nil, direction: Direction? = nil,
                category: CategoryKey, vendor: String? = nil, taxRate: TaxRate? = nil) {
        self.id = id
        self.business = business
        self.position = position
        self.payeePattern = payeePattern
        self.payeeContains = payeeContains
        self.memoPattern = memoPattern
        self.minimum = minimum
        self.maximum = maximum
        self.account = account
        self.direction = direction
        self.category = category
        self.vendor = vendor
        self.taxRate = taxRate
    }
}

/// Why a line got its category: the rule that decided, or the model's score and the
/// features that weighed most. Stored with every categorized line.
public struct CategoryEvidence: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        case rule(id: String)
        case model(score: Double, features: [String])
        case manual(by: String)
    }

    public var source: Source

    public init(_ source: Source) {
        self.source = source
    }

    public var json: JSONValue {
        switch source {
        case .rule(let id): ["source": "rule", "rule": .string(id)]
        case .model(let score, let features):
            ["source": "model", "score": .number(String(Double(Int(score * 1000)) / 1000)), "features": .array(features.map(JSONValue.string))]
        case .manual(let by): ["source": "manual", "by": .string(by)]
        }
    }
}
