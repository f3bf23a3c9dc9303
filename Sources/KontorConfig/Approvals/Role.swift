import KontorCore

/// What a person is to one business. The permission matrix (``Role/allows(_:)``) says
/// what each role may do; `docs/approvals.md` prints it.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case owner, accountant, approver, clerk, auditor

    public var description: String { rawValue }
}

/// Something a user does that needs a permission.
public enum Action: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Submit expenses (and later bills) for booking.
    case submit
    /// Decide an approval request (approve or reject), up to the user's approval limit.
    case approve
    case issueInvoices = "issue-invoices"
    case runPayments = "run-payments"
    case readReports = "read-reports"
    case export

    public var description: String { rawValue }

    /// The words used in messages: "approve", "issue invoices".
    public var phrase: String { rawValue.replacingHyphens() }
}

extension Role {
    /// The permission matrix: true when this role may do `action` at all (approving is
    /// further bounded by the user's approval limit, see ``UserDirectory/check(_:by:in:amount:)``).
    ///
    /// | action         | owner | accountant | approver | clerk | auditor |
    /// | submit         |  yes  |    yes     |   yes    |  yes  |   no    |
    /// | approve        |  yes (no limit) | up to limit | up to limit | no | no |
    /// | issue invoices |  yes  |    yes     |    no    |  no   |   no    |
    /// | run payments   |  yes  |    no      |    no    |  no   |   no    |
    /// | read reports   |  yes  |    yes     |   yes    |  no   |   yes   |
    /// | export         |  yes  |    yes     |    no    |  no   |   yes   |
    public func allows(_ action: Action) -> Bool {
        switch (self, action) {
        case (.owner, _): true
        case (.accountant, .runPayments): false
        case (.accountant, _): true
        case (.approver, .submit), (.approver, .approve), (.approver, .readReports): true
        case (.approver, _): false
        case (.clerk, .submit): true
        case (.clerk, _): false
        case (.auditor, .readReports), (.auditor, .export): true
        case (.auditor, _): false
        }
    }

    /// True when approving is bounded by the user's `approval_limit` (everyone but the owner).
    public var approvesUpToLimit: Bool { self != .owner }
}

extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? " " : $0 }) }
}
