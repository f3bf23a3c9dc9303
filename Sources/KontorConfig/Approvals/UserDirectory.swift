import KontorCore

/// The people of `pipelines/users.yaml`, and the one place that decides whether a user
/// may do something for a business (the permission check every feature calls).
public struct UserDirectory: Hashable, Sendable {
    public static let fileName = "pipelines/users.yaml"

    /// Every user, sorted by id.
    public var users: [User]

    public init(users: [User] = []) {
        self.users = users.sorted { $0.id < $1.id }
    }

    public subscript(id: UserID) -> User? { users.first { $0.id == id } }

    /// The users with `role` in `business`, sorted by id.
    public func users(with role: Role, in business: BusinessID) -> [User] {
        users.filter { $0.roles[business] == role }
    }

    /// Checks that `user` may do `action` for `business` (for `approve`, an item of
    /// `amount`). Throws a `.forbidden` error that names the user, their role, what they
    /// tried and who may do it instead.
    public func check(_ action: Action, by user: UserID, in business: BusinessID, amount: Money? = nil) throws(KontorError) {
        guard let person = self[user] else {
            throw KontorError(.forbidden, "'\(user)' is not a user of this workspace, so may not \(action.phrase) for \(business)",
                              hint: "add them to \(UserDirectory.fileName) with a role for \(business)")
        }
        guard let role = person.roles[business] else {
            throw KontorError(.forbidden, "\(user) has no role in business \(business), so may not \(action.phrase) there",
                              hint: "give them a role under roles: in \(UserDirectory.fileName), or act as a user of \(business)")
        }
        guard role.allows(action) else {
            let allowed = Role.allCases.filter { $0.allows(action) }.map(\.rawValue).joined(separator: ", ")
            throw KontorError(.forbidden, "\(user) is \(role.article) \(role) of \(business); \(role)s may not \(action.phrase)",
                              hint: "only these roles may \(action.phrase): \(allowed)")
        }
        guard action == .approve, role.approvesUpToLimit, let amount else { return }
        guard let limit = person.approvalLimits[business] else {
            throw KontorError(.forbidden, "\(user) (\(role) of \(business)) has no approval limit, so may not approve \(amount)",
                              hint: "set approval_limit for \(business) under \(user) in \(UserDirectory.fileName)")
        }
        guard amount.currency == limit.currency, amount.minorUnits.magnitude <= limit.minorUnits.magnitude else {
            throw KontorError(.forbidden, "\(user) may approve up to \(limit) for \(business); this item is \(amount)",
                              hint: "an owner, or a user with a higher approval_limit, must decide it")
        }
    }

    /// True when ``check(_:by:in:amount:)`` passes.
    public func may(_ action: Action, by user: UserID, in business: BusinessID, amount: Money? = nil) -> Bool {
        do { try check(action, by: user, in: business, amount: amount); return true } catch { return false }
    }
}

extension Role {
    /// "an" or "a", for messages.
    public var article: String { self == .owner || self == .accountant || self == .approver || self == .auditor ? "an" : "a" }
}
