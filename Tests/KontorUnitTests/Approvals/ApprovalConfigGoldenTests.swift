import Foundation
import KontorConfig
import KontorCore
import Testing

/// Golden tests for every error of `pipelines/users.yaml` and `pipelines/policies/<b>.yaml`:
/// each fixture `Tests/Fixtures/config-errors/{users,policies}/<case>.yaml` sits beside
/// `<case>.yaml.expected.json` (file, line, column, key path, message, hint).
/// `KONTOR_RECORD=1` rewrites the expectations and fails.
@Suite struct ApprovalConfigGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/config-errors").path

    static func cases(_ kind: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + kind)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: directory + "/" + path, encoding: .utf8) }

    static func acme() throws -> (BusinessProfile, CategoryCatalog) {
        let catalog = try CategoryCatalog.parse(yaml: text("shared-catalog.yaml"))
        return (try BusinessProfile.parse(yaml: text("approvals-acme.yaml"), id: BusinessID("acme")!, catalog: catalog), catalog)
    }

    static let users = """
        users:
          - { id: anna, roles: { acme: owner } }
          - { id: ben, roles: { acme: approver }, approval_limit: { acme: 5000 } }
        """

    @Test func everyKindHasCases() {
        #expect(Self.cases("users").count >= 15)
        #expect(Self.cases("policies").count >= 8)
    }

    @Test(arguments: cases("users"))
    func users(_ name: String) throws {
        let (acme, _) = try Self.acme()
        let text = try Self.text("users/\(name).yaml")
        try check("users/\(name).yaml") { () throws(KontorError) in
            _ = try UserDirectory.parse(yaml: text, businesses: [acme], workspaceRoot: "/workspace")
        }
    }

    @Test(arguments: cases("policies"))
    func policy(_ name: String) throws {
        let (acme, catalog) = try Self.acme()
        let users = try UserDirectory.parse(yaml: Self.users, businesses: [acme], workspaceRoot: "/workspace")
        let text = try Self.text("policies/\(name).yaml")
        try check("policies/\(name).yaml") { () throws(KontorError) in
            _ = try ApprovalPolicy.parse(yaml: text, file: "pipelines/policies/acme.yaml", business: acme,
                                         catalog: catalog.categories + acme.customCategories, users: users)
        }
    }

    @Test func theRepositoryUsersAndPolicyLoad() throws {
        let root = URL(fileURLWithPath: Self.directory).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let configuration = try Configuration.load(workspace: Workspace(root: root))
        let users = configuration.users
        #expect(users.users.map(\.id.rawValue) == ["anna", "ben", "carl", "dora", "erik"])
        #expect(users[UserID("ben")!]?.keys.first?.algorithm == .es256)
        #expect(users[UserID("dora")!]?.keys.first?.material == .secretEnvironment("KONTOR_DEMO_DORA_SECRET"))
        let policy = try #require(configuration.policies[BusinessID("acme")!])
        #expect(policy.rules.map(\.id) == ["routine", "routine-usd", "one-approver", "approver-then-owner"])
        #expect(policy.rules[1].upTo == Money(minorUnits: 220_000, currency: CurrencyCode("USD")!))
        #expect(policy.escalateAfterDays == 3 && policy.expireAfterDays == 30)
    }

    private func check(_ fixture: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ load: () throws(KontorError) -> Void) throws {
        try Golden.checkError(fixture, in: Self.directory, sourceLocation: sourceLocation, load)
    }
}
