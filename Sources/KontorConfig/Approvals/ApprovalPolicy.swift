import KontorCore

/// What kind of item waits for approval.
public enum ApprovalKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case expense
    case bill
    case paymentBatch = "payment-batch"
    case invoice

    public var description: String { rawValue }
}

/// Who may decide a tier: everyone with a role in the business, or one named user.
public enum Approver: Hashable, Sendable, CustomStringConvertible {
    case role(Role)
    case user(UserID)

    public var description: String {
        switch self {
        case .role(let role): "role:\(role)"
        case .user(let user): "user:\(user)"
        }
    }

    public init?(_ text: String) {
        if text.hasPrefix("role:"), let role = Role(rawValue: String(text.dropFirst(5))) {
            self = .role(role)
        } else if text.hasPrefix("user:"), let user = UserID(text.dropFirst(5)) {
            self = .user(user)
        } else {
            return nil
        }
    }
}

/// One step of an approval chain.
public struct ApprovalTier: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable, Codable {
        /// One decision by any of the approvers completes the tier.
        case anyOf = "any-of"
        /// Every approver decides, in the order listed.
        case sequence
    }

    public var name: String
    public var mode: Mode
    public var approvers: [Approver]

    public init(name: String, mode: Mode, approvers: [Approver]) {
        self.name = name
        self.mode = mode
        self.approvers = approvers
    }
}

/// A rule of a policy: the items it matches and the chain of tiers they pass. A rule with
/// no tiers approves automatically.
public struct ApprovalRule: Hashable, Sendable {
    public var id: String
    /// Matching kinds; empty matches every kind.
    public var kinds: Set<ApprovalKind>
    /// Matching categories (an item matches a key or anything below it); empty matches all.
    public var categories: [CategoryKey]
    /// Matching vendors, compared case-insensitively with the vendor's name; empty matches all.
    public var vendors: [String]
    /// The amount must be more than this (exclusive).
    public var over: Money?
    /// The amount must be at most this (inclusive).
    public var upTo: Money?
    public var tiers: [ApprovalTier]
    public var position: SourcePosition

    public init(id: String, kinds: Set<ApprovalKind> = [], categories: [CategoryKey] = [], vendors: [String] = [],
                over: Money? = nil, upTo: Money? = nil, tiers: [ApprovalTier], position: SourcePosition = SourcePosition()) {
        self.id = id
        self.kinds = kinds
        self.categories = categories
        self.vendors = vendors
        self.over = over
        self.upTo = upTo
        self.tiers = tiers
        self.position = position
    }
}

/// A business's approval policy (`pipelines/policies/<business>.yaml`): rules tried in
/// order (the first that matches decides), escalation and expiry.
public struct ApprovalPolicy: Hashable, Sendable {
    public static let directory = "pipelines/policies"

    public var rules: [ApprovalRule]
    /// Days a tier may wait before its request is escalated; nil: never.
    public var escalateAfterDays: Int?
    /// Who is added to a tier's deciders when it escalates.
    public var escalateTo: [Approver]
    /// Days after which a request still waiting expires (nothing is posted); nil: never.
    public var expireAfterDays: Int?

    public init(rules: [ApprovalRule], escalateAfterDays: Int? = nil, escalateTo: [Approver] = [.role(.owner)],
                expireAfterDays: Int? = nil) {
        self.rules = rules
        self.escalateAfterDays = escalateAfterDays
        self.escalateTo = escalateTo
        self.expireAfterDays = expireAfterDays
    }
}
