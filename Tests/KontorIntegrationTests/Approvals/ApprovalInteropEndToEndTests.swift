import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Decisions across implementations: tokens minted by PyJWT (`jwt-interop.py mint`) for
/// EdDSA, ES256 and HS256 are accepted by `kontor run`; every attack token of
/// `jwt-interop.py attack` is rejected with its specific reason; a decision written by
/// `kontor approve` verifies with `jwt-interop.py verify`; a replayed jti is rejected.
@Suite("ApprovalInteropEndToEnd", .serialized)
struct ApprovalInteropEndToEndTests {
    /// Keys made by the oracle, in a directory outside the workspace.
    final class Keys {
        let directory = FileManager.default.temporaryDirectory.path + "/kontor-keys-" + UUID().uuidString.lowercased()
        init() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = try EvalTool.jwt("keygen", "EdDSA", directory + "/edna")
            _ = try EvalTool.jwt("keygen", "ES256", directory + "/esme")
            _ = try EvalTool.jwt("keygen", "HS256", directory + "/hugo")
        }
        deinit { try? FileManager.default.removeItem(atPath: directory) }
        func path(_ name: String) -> String { directory + "/" + name }
    }

    /// A workspace whose users are edna (EdDSA, registered as JWK), esme (ES256, PEM) and
    /// hugo (HS256, secret in a file outside the workspace), and whose inbox holds six
    /// expenses of 3,000–3,500 EUR, each waiting for one approver (the demo policy).
    static func workspace(_ keys: Keys) async throws -> EndToEndWorkspace {
        let workspace = try EndToEndWorkspace()
        let jwk = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: keys.path("edna.pub.jwk.json"))))).value
        let pem = try String(contentsOfFile: keys.path("esme.pub"), encoding: .utf8)
            .split(separator: "\n").map { "          " + $0 }.joined(separator: "\n")
        try workspace.temporary.write("""
            users:
              - id: edna
                email: edna@acme.example
                roles: { acme: approver }
                approval_limit: { acme: 20000 }
                keys:
                  - { alg: EdDSA, jwk: { kty: OKP, crv: Ed25519, x: \(jwk["x"]?.stringValue ?? "") } }
              - id: esme
                email: esme@acme.example
                roles: { acme: approver }
                approval_limit: { acme: 20000 }
                keys:
                  - alg: ES256
                    public_key: |
            \(pem)
              - id: hugo
                email: hugo@acme.example
                roles: { acme: accountant }
                approval_limit: { acme: 20000 }
                keys:
                  - { alg: HS256, secret_file: \(keys.path("hugo.key")) }
              - { id: olaf, roles: { acme: owner } }
            """, to: "pipelines/users.yaml")
        var csv = "date,amount,vendor,category\n"
        for index in 0..<6 { csv += "2026-11-2\(index),3\(index)00.00,Vendor \(index),office.supplies\n" }
        try workspace.drop(csv, named: "big.csv")
        try await workspace.runOnce()
        return workspace
    }

    static func claims(item: String, issuer: String, jti: String, aud: String = "acme") -> String {
        "{\"iss\":\"\(issuer)\",\"aud\":\"\(aud)\",\"jti\":\"\(jti)\",\"item\":\"\(item)\",\"decision\":\"approve\",\"comment\":\"minted by PyJWT\"}"
    }

    func dropDecision(_ token: String, named name: String, in workspace: EndToEndWorkspace) throws {
        try workspace.temporary.drop(token + "\n", named: name, into: .acme, channel: .approvals)
    }

    func status(_ id: String, in workspace: EndToEndWorkspace) throws -> String? {
        let text = try workspace.read("outbox/acme/approvals/\(id).status.json")
        return try JSONParser.parse(Array(text.utf8)).value["status"]?.stringValue
    }

    func rejection(_ name: String, in workspace: EndToEndWorkspace) throws -> String {
        let text = try workspace.read("outbox/acme/rejected/\(name).error.json")
        return try JSONParser.parse(Array(text.utf8)).value["message"]?.stringValue ?? ""
    }

    @Test func pyJWTTokensAttacksKontorApproveAndReplay() async throws {
        let keys = try Keys()
        let workspace = try await Self.workspace(keys)
        for index in 1...6 { #expect(try status("EXP-00000\(index)", in: workspace) == "waiting") }

        // Minted by PyJWT, one algorithm each: accepted.
        for (index, (user, key)) in [("edna", "edna.key"), ("esme", "esme.key"), ("hugo", "hugo.key")].enumerated() {
            let token = try EvalTool.jwt("mint", "--key", keys.path(key), "--claims",
                                         Self.claims(item: "EXP-00000\(index + 1)", issuer: user, jti: "py-\(user)"), "--iat-now", "--exp-in", "600")
            try dropDecision(token, named: "py-\(user).jwt", in: workspace)
        }
        try await workspace.runOnce()
        #expect(try status("EXP-000001", in: workspace) == "approved", "EdDSA")
        #expect(try status("EXP-000002", in: workspace) == "approved", "ES256")
        #expect(try status("EXP-000003", in: workspace) == "approved", "HS256")

        // Every attack token of the oracle: rejected, each with its reason.
        let claims = Self.claims(item: "EXP-000004", issuer: "edna", jti: "attack")
        let attacks: [(kind: String, extra: [String], reason: String)] = [
            ("none", [], "alg-none"),
            ("hs-pubkey", ["--pubkey", keys.path("esme.pub")], "alg-not-registered"),
            ("expired", ["--key", keys.path("edna.key")], "expired"),
            ("not-yet-valid", ["--key", keys.path("edna.key")], "not-yet-valid"),
            ("wrong-aud", ["--key", keys.path("edna.key")], "wrong-audience"),
            ("tampered", ["--key", keys.path("edna.key")], "bad-signature"),
            ("wrong-key", ["--key", keys.path("edna.key")], "bad-signature"),
        ]
        for attack in attacks {
            let issuerClaims = attack.kind == "hs-pubkey" ? Self.claims(item: "EXP-000004", issuer: "esme", jti: "attack-hs") : claims
            let output = try EvalTool.python("jwt-interop.py", ["attack", attack.kind, "--claims", issuerClaims] + attack.extra)
            try #require(output.status == 0, "attack \(attack.kind): \(output.stderr)")
            try dropDecision(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), named: "attack-\(attack.kind).jwt", in: workspace)
        }
        try await workspace.runOnce(expecting: 1)
        for attack in attacks {
            let message = try rejection("attack-\(attack.kind).jwt", in: workspace)
            #expect(message.hasPrefix("decision refused (\(attack.reason)):"), "\(attack.kind): \(message)")
        }
        #expect(try status("EXP-000004", in: workspace) == "waiting", "no attack moved the request")

        // Written by `kontor approve`: PyJWT verifies it, and Kontor applies it.
        let approve = try await workspace.kontor("approve", "EXP-000004", "--business", "acme", "--user", "edna",
                                                 "--key", keys.path("edna.key"), "--comment", "fine")
        try #require(approve.exited && approve.status == 0, "\(approve)")
        let inbox = workspace.files(in: workspace.workspace.inbox(.acme, .approvals))
        try #require(inbox.count == 1, "\(inbox)")
        let written = try workspace.read(workspace.workspace.inbox(.acme, .approvals) + "/" + inbox[0])
        let verified = try EvalTool.jwt("verify", "--key", keys.path("edna.pub"), "--aud", "acme", "--iss", "edna",
                                        "--require", "exp,iat,jti", written.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(verified.hasSuffix("VALID") && verified.contains("\"typ\": \"kontor-decision+jwt\""), "\(verified)")

        try await workspace.runOnce()
        #expect(try status("EXP-000004", in: workspace) == "approved")

        // A replayed jti: PyJWT mints a fresh token with a jti already used.
        let replay = try EvalTool.jwt("mint", "--key", keys.path("edna.key"), "--claims",
                                      Self.claims(item: "EXP-000005", issuer: "edna", jti: "py-edna"), "--iat-now", "--exp-in", "600")
        try dropDecision(replay, named: "replay.jwt", in: workspace)
        try await workspace.runOnce(expecting: 1)
        #expect(try rejection("replay.jwt", in: workspace).hasPrefix("decision refused (jti-replayed):"))
        #expect(try status("EXP-000005", in: workspace) == "waiting")

        // The approvals CLI: list (json) and show.
        let list = try await workspace.json("approvals", "list", "--business", "acme", "--format", "json")
        #expect(list["approvals"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["EXP-000005", "EXP-000006"])
        let show = try await workspace.json("approvals", "show", "EXP-000004", "--business", "acme", "--format", "json")
        #expect(show["history"]?.arrayValue?.compactMap { $0["event"]?.stringValue } == ["requested", "approved", "posted"])
        #expect(show["history"]?.arrayValue?[1]["comment"] == "fine")
        let summary = try await workspace.json("status", "--business", "acme", "--format", "json")
        #expect(summary["pending_approvals"]?.arrayValue == ["EXP-000005", "EXP-000006"])
        let csv = try await workspace.kontor("approvals", "list", "--business", "acme", "--format", "csv", "--approver", "esme")
        let rows = csv.stdout.split(whereSeparator: \.isNewline)
        #expect(csv.status == 0 && rows.first == "id,status,amount,currency,vendor,category,rule,tier,waiting_for,since,overdue", "\(csv)")
        #expect(rows.count == 3, "two waiting for esme: \(csv.stdout)")
        let overdue = try await workspace.json("approvals", "list", "--business", "acme", "--format", "json", "--overdue")
        #expect(overdue["approvals"]?.arrayValue == [], "nothing waited 3 days")

        // Rejected from the command line: nothing is posted.
        let reject = try await workspace.kontor("reject", "EXP-000006", "--business", "acme", "--user", "esme", "--key", keys.path("esme.key"),
                                                "--comment", "duplicate invoice")
        try #require(reject.exited && reject.status == 0, "\(reject)")
        try await workspace.runOnce()
        #expect(try status("EXP-000006", in: workspace) == "rejected")
        let posted = try await workspace.expenses(.acme).compactMap { $0["amount"]?.stringValue }
        #expect(posted.sorted() == ["3000.00", "3100.00", "3200.00", "3300.00"], "approved ones only")
    }

    /// Validates `instance` against `kontor schema <name>` (see ``EndToEndReadTests/schemaErrors(of:schema:temp:)``).
    func schemaErrors(_ name: String, _ instance: String, in workspace: EndToEndWorkspace) async throws -> String {
        try await EndToEndReadTests.schemaErrors(of: instance, schema: name, temp: workspace)
    }

    @Test(.enabled(if: EndToEndReadTests.hasJSONSchema, "python3's jsonschema module is missing (pip install jsonschema): schema validation skipped"))
    func filesMatchTheirPublishedSchemas() async throws {
        let keys = try Keys()
        let workspace = try await Self.workspace(keys)
        let approve = try await workspace.kontor("approve", "EXP-000001", "--business", "acme", "--user", "edna", "--key", keys.path("edna.key"))
        try #require(approve.exited && approve.status == 0, "\(approve)")
        let name = try #require(workspace.files(in: workspace.workspace.inbox(.acme, .approvals)).first)
        let token = try workspace.read(workspace.workspace.inbox(.acme, .approvals) + "/" + name)
        let verified = try EvalTool.jwt("verify", "--key", keys.path("edna.pub"), "--aud", "acme", token.trimmingCharacters(in: .whitespacesAndNewlines))
        let decoded = String(verified.dropLast("VALID".count)).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await schemaErrors("approval-decision", decoded, in: workspace) == "")
        try await workspace.runOnce()
        for id in ["EXP-000001", "EXP-000002"] {
            #expect(try await schemaErrors("approval-request", try workspace.read("outbox/acme/approvals/\(id).json"), in: workspace) == "")
            #expect(try await schemaErrors("approval-status", try workspace.read("outbox/acme/approvals/\(id).status.json"), in: workspace) == "")
        }
        // The schemas are strict: an unknown member fails.
        #expect(try await schemaErrors("approval-status", "{\"id\": \"EXP-000001\", \"extra\": 1}", in: workspace) != "")
    }

    @Test func notificationsAreRFC5322Messages() async throws {
        let keys = try Keys()
        let workspace = try await Self.workspace(keys)
        let mail = workspace.files(in: workspace.workspace.outbox(.acme) + "/approvals/mail")
        // Each request waits for edna, esme and hugo: one message each.
        #expect(mail.count == 18, "\(mail)")
        for name in mail.prefix(3) {
            let output = try EvalTool.python("inspect-email.py", ["--json", workspace.workspace.outbox(.acme) + "/approvals/mail/" + name])
            #expect(output.status == 0, "\(name): \(output.stdout)\(output.stderr)")
            let parsed = try JSONParser.parse(Array(output.stdout.utf8)).value
            #expect(parsed["defects"]?.arrayValue?.isEmpty ?? true, "\(name): \(output.stdout)")
        }
    }

    @Test func roleRefusalsAtTheCommandLine() async throws {
        let keys = try Keys()
        let workspace = try await Self.workspace(keys)
        // olaf is the owner but has no key; a clerk or unknown user is refused before signing.
        let stranger = try await workspace.kontor("approve", "EXP-000001", "--business", "acme", "--user", "mallory", "--key", keys.path("edna.key"))
        #expect(stranger.status == 77 && stranger.stderr.contains("'mallory' is not a user of pipelines/users.yaml"), "\(stranger)")
        let wrongKey = try await workspace.kontor("approve", "EXP-000001", "--business", "acme", "--user", "esme", "--key", keys.path("edna.key"))
        #expect(wrongKey.status == 64 && wrongKey.stderr.contains("the key does not match any EdDSA key registered for esme"), "\(wrongKey)")
        let missing = try await workspace.kontor("approve", "EXP-000099", "--business", "acme", "--user", "edna", "--key", keys.path("edna.key"))
        #expect(missing.status == 66, "\(missing)")
        let generated = try await workspace.kontor("keys", "generate", "--user", "zed", "--out", workspace.root + "/zed.key")
        #expect(generated.status == 64 && generated.stderr.contains("inside the workspace"), "\(generated)")
        let outside = keys.path("zed.key")
        let made = try await workspace.kontor("keys", "generate", "--user", "zed", "--alg", "ES256", "--out", outside)
        #expect(made.status == 0 && made.stdout.contains("BEGIN PUBLIC KEY"), "\(made)")
        let attributes = try FileManager.default.attributesOfItem(atPath: outside)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        // HS256 from the command line: the secret file signs, PyJWT verifies with the same bytes.
        let hs = try await workspace.kontor("approve", "EXP-000002", "--business", "acme", "--user", "hugo", "--key", keys.path("hugo.key"))
        try #require(hs.exited && hs.status == 0, "\(hs)")
        let name = try #require(workspace.files(in: workspace.workspace.inbox(.acme, .approvals)).first)
        let token = try workspace.read(workspace.workspace.inbox(.acme, .approvals) + "/" + name)
        let verified = try EvalTool.jwt("verify", "--key", keys.path("hugo.key"), "--aud", "acme", token.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(verified.hasSuffix("VALID") && verified.contains("\"alg\": \"HS256\""), "\(verified)")
        try await workspace.runOnce()
        #expect(try status("EXP-000002", in: workspace) == "approved")
    }
}
