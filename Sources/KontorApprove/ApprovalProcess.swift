import KontorConfig
import KontorCore

/// The approval lifecycle of one item (STYLE.md 13): a value with `enum State` and
/// `mutating func handle(_:) -> Action`; no I/O, no clock. The caller (the pipeline)
/// turns actions into ledger postings, status files and notifications.
///
/// ```
/// waiting(tier 0, step 0) ──approve──▶ waiting(next step or tier) … ──last approve──▶ approved (post)
///        │  ├─reject──▶ rejected (discard)      ├─escalation due──▶ same state, escalated (notify)
///        │  └─expiry due──▶ expired (discard)
/// approved, rejected, expired: final; decisions are refused, timers ignored.
/// ```
public struct ApprovalProcess: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// Waiting at `tier`; in a `sequence` tier, for its `step`-th approver.
        case waiting(tier: Int, step: Int)
        case approved
        case rejected
        case expired
    }

    /// Someone deciding, as the pipeline established from their verified token and
    /// `users.yaml`: who they are, their role, for whom they stand in (delegation), and
    /// whether their approval limit covers the item.
    public struct Decider: Sendable, Hashable {
        public var user: UserID
        public var role: Role?
        /// Absent users (with their roles) this user decides for today.
        public var standingInFor: [Identity]
        /// Why the decider may not approve this item at all (role or limit), if so.
        public var forbidden: String?

        public init(user: UserID, role: Role?, standingInFor: [Identity] = [], forbidden: String? = nil) {
            self.user = user
            self.role = role
            self.standingInFor = standingInFor
            self.forbidden = forbidden
        }
    }

    public struct Identity: Sendable, Hashable {
        public var user: UserID
        public var role: Role?
        public init(user: UserID, role: Role?) {
            self.user = user
            self.role = role
        }
    }

    public enum Event: Sendable, Hashable {
        case decision(Decider, Verdict)
        /// The current tier has waited `escalate_after_days`.
        case escalationDue
        /// The request has waited `expire_after_days`.
        case expiryDue
    }

    public enum Action: Sendable, Hashable {
        /// The item waits (now) for these approvers of `tier`: notify them.
        case waitFor(tier: Int, approvers: [Approver])
        /// The last tier approved: post the held item.
        case post
        /// Rejected: nothing is posted.
        case discard
        /// The tier escalated: these approvers may now decide it too; notify them.
        case escalate(tier: Int, approvers: [Approver])
        /// Expired: nothing is posted.
        case expire
        /// The event is refused; nothing changes.
        case refuse(DecisionRefusal)
        /// Nothing to do.
        case none
    }

    public private(set) var state: State
    public let route: ApprovalRoute
    public let submitter: UserID?
    public let escalateTo: [Approver]
    /// Users who approved so far, in order (nobody approves twice).
    public private(set) var approvedBy: [UserID]
    /// Tiers that escalated.
    public private(set) var escalatedTiers: Set<Int>

    public init(route: ApprovalRoute, submitter: UserID?, escalateTo: [Approver], state: State = .waiting(tier: 0, step: 0),
                approvedBy: [UserID] = [], escalatedTiers: Set<Int> = []) {
        self.route = route
        self.submitter = submitter
        self.escalateTo = escalateTo
        self.state = state
        self.approvedBy = approvedBy
        self.escalatedTiers = escalatedTiers
    }

    /// Who may decide now (empty when not waiting).
    public var currentApprovers: [Approver] {
        guard case .waiting(let tier, let step) = state else { return [] }
        let definition = route.tiers[tier]
        var approvers = definition.mode == .anyOf ? definition.approvers : [definition.approvers[step]]
        if escalatedTiers.contains(tier) {
            for extra in escalateTo where !approvers.contains(extra) { approvers.append(extra) }
        }
        return approvers
    }

    /// The first action: whom the new request waits for.
    public var start: Action {
        guard case .waiting(let tier, _) = state else { return .none }
        return .waitFor(tier: tier, approvers: currentApprovers)
    }

    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.approved, .decision), (.rejected, .decision), (.expired, .decision):
            return .refuse(DecisionRefusal(.notWaiting, "the request is already \(stateName); nothing is waiting for a decision"))
        case (.approved, _), (.rejected, _), (.expired, _):
            return .none
        case (.waiting, .expiryDue):
            state = .expired
            return .expire
        case (.waiting(let tier, _), .escalationDue):
            guard !escalatedTiers.contains(tier) else { return .none }
            escalatedTiers.insert(tier)
            return .escalate(tier: tier, approvers: escalateTo)
        case (.waiting(let tier, let step), .decision(let decider, let verdict)):
            if let refusal = refusal(of: decider, verdict: verdict) { return .refuse(refusal) }
            guard verdict == .approve else {
                state = .rejected
                return .discard
            }
            approvedBy.append(decider.user)
            let definition = route.tiers[tier]
            if definition.mode == .sequence, step + 1 < definition.approvers.count {
                state = .waiting(tier: tier, step: step + 1)
                return .waitFor(tier: tier, approvers: currentApprovers)
            }
            guard tier + 1 < route.tiers.count else {
                state = .approved
                return .post
            }
            state = .waiting(tier: tier + 1, step: 0)
            return .waitFor(tier: tier + 1, approvers: currentApprovers)
        }
    }

    var stateName: String {
        switch state {
        case .waiting: "waiting"
        case .approved: "approved"
        case .rejected: "rejected"
        case .expired: "expired"
        }
    }

    private func refusal(of decider: Decider, verdict: Verdict) -> DecisionRefusal? {
        if let submitter, decider.user == submitter {
            return DecisionRefusal(.segregationOfDuties, "\(decider.user) submitted this item and may not decide it (segregation of duties)",
                                   hint: "another approver must decide it")
        }
        if approvedBy.contains(decider.user) {
            return DecisionRefusal(.alreadyDecided, "\(decider.user) already approved an earlier step of this item; each step needs another person",
                                   hint: "the next approver must be someone else")
        }
        if let forbidden = decider.forbidden { return DecisionRefusal(.forbidden, forbidden) }
        let approvers = currentApprovers
        let identities = [Identity(user: decider.user, role: decider.role)]
            + decider.standingInFor.filter { $0.user != submitter && !approvedBy.contains($0.user) }
        let eligible = identities.contains { identity in
            approvers.contains { approver in
                switch approver {
                case .user(let user): user == identity.user
                case .role(let role): identity.role == role
                }
            }
        }
        guard eligible else {
            let tierName = { if case .waiting(let tier, _) = state { route.tiers[tier].name } else { "" } }()
            return DecisionRefusal(.notEligible, "\(decider.user) (\(decider.role.map(\.rawValue) ?? "no role")) may not decide \(tierName) of this item; it waits for \(approvers.map(\.description).joined(separator: ", "))",
                                   hint: verdict == .approve ? "ask one of them to approve" : "ask one of them to reject")
        }
        return nil
    }
}
