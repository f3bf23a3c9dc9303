/// One step of an approval request's history, as the ledger keeps it and as
/// `kontor approvals show` and the status file show it.
public struct ApprovalEvent: Sendable, Hashable {
    /// `requested`, `approved`, `rejected`, `escalated`, `expired`, `refused`, `posted`.
    public var event: String
    /// Nanoseconds since the epoch.
    public var at: Int64
    /// The user id (pipelines/users.yaml) who acted, if a person did.
    public var user: String?
    public var tier: Int?
    public var comment: String?
    public var tokenID: String?

    public init(event: String, at: Int64, user: String? = nil, tier: Int? = nil, comment: String? = nil, tokenID: String? = nil) {
        self.event = event
        self.at = at
        self.user = user
        self.tier = tier
        self.comment = comment
        self.tokenID = tokenID
    }
}
