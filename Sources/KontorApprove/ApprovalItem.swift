import KontorConfig
import KontorCore

/// An item that may need approval, with the evidence an approver sees.
public struct ApprovalItem: Sendable, Hashable {
    public var kind: ApprovalKind
    public var business: BusinessID
    /// The ledger record id the item will be posted under.
    public var recordID: String
    public var amount: Money
    public var date: LocalDate
    public var vendor: String?
    public var category: CategoryKey?
    public var receipt: String?
    public var description: String
    /// Who submitted it (the `submitted_by` of an expense log), if known.
    public var submitter: UserID?

    public init(kind: ApprovalKind, business: BusinessID, recordID: String, amount: Money, date: LocalDate, vendor: String? = nil,
                category: CategoryKey? = nil, receipt: String? = nil, description: String = "", submitter: UserID? = nil) {
        self.kind = kind
        self.business = business
        self.recordID = recordID
        self.amount = amount
        self.date = date
        self.vendor = vendor
        self.category = category
        self.receipt = receipt
        self.description = description
        self.submitter = submitter
    }
}

/// The chain an item passes: the rule that chose it and its tiers, in order.
public struct ApprovalRoute: Sendable, Hashable {
    public var rule: String
    public var tiers: [ApprovalTier]

    public init(rule: String, tiers: [ApprovalTier]) {
        self.rule = rule
        self.tiers = tiers
    }
}

extension ApprovalPolicy {
    /// The route for `item`: the first rule that matches decides; nil when the item is
    /// approved automatically (an `auto` rule, or no rule matches).
    ///
    /// Amount limits are in the business's currency unless written with another
    /// (`up_to: 2200 USD`). For an item in a currency other than a limit's (no exchange
    /// rates here) an `over` limit counts as exceeded and an `up_to` limit as not met, so
    /// such items fall through to a rule for their currency or to the strictest rule.
    public func route(_ item: ApprovalItem) -> ApprovalRoute? {
        guard let rule = rules.first(where: { $0.matches(item) }), !rule.tiers.isEmpty else { return nil }
        return ApprovalRoute(rule: rule.id, tiers: rule.tiers)
    }
}

extension ApprovalRule {
    public func matches(_ item: ApprovalItem) -> Bool {
        if !kinds.isEmpty, !kinds.contains(item.kind) { return false }
        if !categories.isEmpty {
            guard let category = item.category, categories.contains(where: { category.isWithin($0) }) else { return false }
        }
        if !vendors.isEmpty {
            guard let vendor = item.vendor?.lowercased(), vendors.contains(where: { $0.lowercased() == vendor }) else { return false }
        }
        let amount = item.amount.minorUnits.magnitude
        if let over {
            if over.currency == item.amount.currency, amount <= over.minorUnits.magnitude { return false }
        }
        if let upTo {
            if upTo.currency != item.amount.currency || amount > upTo.minorUnits.magnitude { return false }
        }
        return true
    }
}
