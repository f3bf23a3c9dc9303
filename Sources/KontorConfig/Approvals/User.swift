import KontorCore

/// A person of `pipelines/users.yaml`: their role per business, approval limits, keys and
/// an optional delegation while away.
public struct User: Hashable, Sendable {
    /// A stand-in while the user is away: from `from` to `until` (both inclusive) `delegate`
    /// may decide what waits for this user.
    public struct Absence: Hashable, Sendable {
        public var from: LocalDate
        public var until: LocalDate
        public var delegate: UserID

        public init(from: LocalDate, until: LocalDate, delegate: UserID) {
            self.from = from
            self.until = until
            self.delegate = delegate
        }

        public func covers(_ date: LocalDate) -> Bool { from <= date && date <= until }
    }

    public var id: UserID
    public var name: String
    public var email: String?
    public var roles: [BusinessID: Role]
    /// The most this user may approve per business (in its base currency); absent for an
    /// owner (no limit) or a user who may not approve.
    public var approvalLimits: [BusinessID: Money]
    public var keys: [UserKey]
    public var away: Absence?
    public var position: SourcePosition

    public init(id: UserID, name: String, email: String? = nil, roles: [BusinessID: Role], approvalLimits: [BusinessID: Money] = [:],
                keys: [UserKey] = [], away: Absence? = nil, position: SourcePosition = SourcePosition()) {
        self.id = id
        self.name = name
        self.email = email
        self.roles = roles
        self.approvalLimits = approvalLimits
        self.keys = keys
        self.away = away
        self.position = position
    }
}
