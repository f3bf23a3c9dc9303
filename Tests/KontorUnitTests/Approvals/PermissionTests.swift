import KontorConfig
import KontorCore
import Testing

/// The permission matrix as the issue and docs/approvals.md state it, written out here
/// independently of ``Role/allows(_:)``: every role is refused every action it lacks, with
/// a message that names the user, the role and the action.
@Suite struct PermissionTests {
    static let acme = BusinessID("acme")!
    static let eur = CurrencyCode("EUR")!

    /// Role → the actions it may do (approving within its limit).
    static let matrix: [Role: Set<Action>] = [
        .owner: [.submit, .approve, .issueInvoices, .runPayments, .readReports, .export],
        .accountant: [.submit, .approve, .issueInvoices, .readReports, .export],
        .approver: [.submit, .approve, .readReports],
        .clerk: [.submit],
        .auditor: [.readReports, .export],
    ]

    static let users = UserDirectory(users: Role.allCases.map { role in
        User(id: UserID(role.rawValue + "-user")!, name: role.rawValue, roles: [acme: role],
             approvalLimits: role.approvesUpToLimit && role.allows(.approve) ? [acme: Money(minorUnits: 500_000, currency: eur)] : [:])
    })

    struct Case: CustomTestStringConvertible, Sendable {
        var role: Role
        var action: Action
        var testDescription: String { "\(role) \(action)" }
    }

    static let cases = Role.allCases.flatMap { role in Action.allCases.map { Case(role: role, action: $0) } }

    @Test(arguments: cases)
    func roleAndAction(_ test: Case) {
        let user = UserID(test.role.rawValue + "-user")!
        let allowed = PermissionTests.matrix[test.role]!.contains(test.action)
        do {
            try PermissionTests.users.check(test.action, by: user, in: PermissionTests.acme)
            #expect(allowed, "\(test.role) must be refused \(test.action)")
        } catch {
            #expect(!allowed, "\(test.role) must be allowed \(test.action): \(error.message)")
            #expect(error.code == .forbidden)
            #expect(error.code.exitCode == 77)
            #expect(error.message == "\(user) is \(test.role.article) \(test.role) of acme; \(test.role)s may not \(test.action.phrase)")
            #expect(error.hint?.hasPrefix("only these roles may \(test.action.phrase): ") == true)
        }
    }

    @Test func approvalLimits() throws {
        let users = PermissionTests.users
        let within = Money(minorUnits: 500_000, currency: PermissionTests.eur)
        let above = Money(minorUnits: 500_001, currency: PermissionTests.eur)
        try users.check(.approve, by: UserID("approver-user")!, in: PermissionTests.acme, amount: within)
        try users.check(.approve, by: UserID("owner-user")!, in: PermissionTests.acme, amount: Money(minorUnits: 10_000_000_000, currency: PermissionTests.eur))
        #expect(throws: KontorError(.forbidden, "approver-user may approve up to 5000.00 EUR for acme; this item is 5000.01 EUR",
                                    hint: "an owner, or a user with a higher approval_limit, must decide it")) {
            try users.check(.approve, by: UserID("approver-user")!, in: PermissionTests.acme, amount: above)
        }
        let usd = Money(minorUnits: 100, currency: CurrencyCode("USD")!)
        #expect(!users.may(.approve, by: UserID("accountant-user")!, in: PermissionTests.acme, amount: usd), "a limit in EUR does not cover USD")
    }

    @Test func strangersAndOtherBusinesses() {
        #expect(throws: KontorError(.forbidden, "'mallory' is not a user of this workspace, so may not export for acme",
                                    hint: "add them to pipelines/users.yaml with a role for acme")) {
            try PermissionTests.users.check(.export, by: UserID("mallory")!, in: PermissionTests.acme)
        }
        #expect(throws: KontorError(.forbidden, "owner-user has no role in business other, so may not read reports there",
                                    hint: "give them a role under roles: in pipelines/users.yaml, or act as a user of other")) {
            try PermissionTests.users.check(.readReports, by: UserID("owner-user")!, in: BusinessID("other")!)
        }
    }
}
