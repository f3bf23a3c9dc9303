import KontorConfig
import KontorCore

/// One approval request as the store keeps it: the item, its lifecycle, when it started
/// waiting and what happened so far.
public struct ApprovalRecord: Sendable, Hashable {
    /// One step of the history.
    public typealias Entry = ApprovalEvent

    /// `EXP-000001`: the kind's prefix and a number per business.
    public var id: String
    public var item: ApprovalItem
    public var process: ApprovalProcess
    public var createdAt: Int64
    /// When the current tier (or step) started waiting.
    public var waitingSince: Int64
    public var history: [Entry]

    public init(id: String, item: ApprovalItem, process: ApprovalProcess, createdAt: Int64, waitingSince: Int64, history: [Entry]) {
        self.id = id
        self.item = item
        self.process = process
        self.createdAt = createdAt
        self.waitingSince = waitingSince
        self.history = history
    }

    /// `waiting`, `approved`, `rejected` or `expired`.
    public var status: String { process.stateName }

    /// The id prefix of a kind.
    public static func prefix(_ kind: ApprovalKind) -> String {
        switch kind {
        case .expense: "EXP"
        case .bill: "BILL"
        case .paymentBatch: "PAY"
        case .invoice: "INV"
        }
    }

    /// The timer events due at `now` under `policy`: escalation after the current tier
    /// waited `escalate_after_days`, expiry after the request waited `expire_after_days`.
    public func dueEvents(now: Int64, policy: ApprovalPolicy) -> [ApprovalProcess.Event] {
        guard case .waiting(let tier, _) = process.state else { return [] }
        let day: Int64 = 86_400 * 1_000_000_000
        var events: [ApprovalProcess.Event] = []
        if let days = policy.escalateAfterDays, !process.escalatedTiers.contains(tier), now - waitingSince >= Int64(days) * day {
            events.append(.escalationDue)
        }
        if let days = policy.expireAfterDays, now - createdAt >= Int64(days) * day {
            events.append(.expiryDue)
        }
        return events
    }

    /// The users who may decide now: named users, and everyone with a named role in the
    /// business whose approval limit covers the item; a user away today is replaced by
    /// their delegate.
    public func waitingFor(_ users: UserDirectory, on date: LocalDate) -> [User] {
        var result: [User] = []
        func add(_ user: User) {
            var person = user
            if let away = user.away, away.covers(date), let delegate = users[away.delegate] { person = delegate }
            // Only those whose role and approval limit cover the item (an owner for the delegator).
            guard users.may(.approve, by: person.id, in: item.business, amount: item.amount)
                || (person.id != user.id && users.may(.approve, by: user.id, in: item.business, amount: item.amount)) else { return }
            if person.id != item.submitter, !process.approvedBy.contains(person.id), !result.contains(where: { $0.id == person.id }) {
                result.append(person)
            }
        }
        for approver in process.currentApprovers {
            switch approver {
            case .user(let id): if let user = users[id] { add(user) }
            case .role(let role): users.users(with: role, in: item.business).forEach(add)
            }
        }
        return result
    }
}
