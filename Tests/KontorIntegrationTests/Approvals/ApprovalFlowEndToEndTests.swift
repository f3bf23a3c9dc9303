import Crypto
import Foundation
import KontorApprove
import KontorConfig
import KontorCore
import KontorDaemon
import KontorPipeline
import KontorStore
import KontorTesting
import Logging
import ServiceLifecycle
import Testing

/// A 12,000 EUR expense through a two-tier chain, in process, with time on a test clock:
/// held (not posted), refused to its own submitter, escalated after the configured days
/// by the daemon's scheduler, approved by an approver and then the owner, posted only then,
/// with the status file showing every step.
@Suite("ApprovalFlowEndToEnd", .timeLimit(.minutes(2)))
struct ApprovalFlowEndToEndTests {
    static let acme = BusinessID("acme")!
    /// 2026-11-24T09:00:00Z: the approval clock starts here and moves with the test clock.
    static let start: Int64 = 1_795_510_800 * 1_000_000_000
    static let day: Duration = .seconds(86_400)

    /// A workspace with the repository's pipelines, its own users (fresh keys) and the
    /// issue's policy: under 500 automatic, up to 5,000 one approver, above that an
    /// approver then the owner; escalation after 3 days.
    final class Flow: Sendable {
        let temp: KontorTesting.TemporaryWorkspace
        let clock = TestClock()
        let pipeline: Pipeline
        let store: LedgerStore
        let anna = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
        let ben = SigningKey.p256(P256.Signing.PrivateKey())
        let bea = SigningKey.ed25519(Curve25519.Signing.PrivateKey())

        /// - Parameter annaAway: an `away:` line for anna (delegation while away), if any.
        init(annaAway: String? = nil) throws {
            temp = try KontorTesting.TemporaryWorkspace(copyingPipelinesFrom: KontorProcess.packageRoot + "/pipelines")
            func key(_ id: String, _ signing: SigningKey) -> String {
                let pem = signing.publicPEM!.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n")
                return "      - id: \(id)\n        alg: \(signing.algorithm)\n        public_key: |\n\(pem)\n"
            }
            try temp.write("""
                users:
                  - id: anna
                    email: anna@acme.example
                    roles: { acme: owner }
                \(annaAway.map { "    away: \($0)" } ?? "")
                    keys:
                \(key("anna-1", anna))
                  - id: ben
                    email: ben@acme.example
                    roles: { acme: approver }
                    approval_limit: { acme: 20000 }
                    keys:
                \(key("ben-1", ben))
                  - id: bea
                    name: Bea Böhm
                    email: bea@acme.example
                    roles: { acme: approver }
                    approval_limit: { acme: 20000 }
                    keys:
                \(key("bea-1", bea))
                  - { id: carl, roles: { acme: clerk } }
                """, to: "pipelines/users.yaml")
            try temp.write("""
                escalate_after_days: 3
                escalate_to: [role:owner]
                expire_after_days: 30
                rules:
                  - { id: small, up_to: 499.99, auto: true }
                  - { id: medium, up_to: 5000, tiers: [{ name: approver, any_of: [role:approver] }] }
                  - id: large
                    tiers:
                      - { name: approver, any_of: [role:approver] }
                      - { name: owner, any_of: [role:owner] }
                """, to: "pipelines/policies/acme.yaml")
            let workspace = temp.workspace
            try DurableFile.makeDirectory(workspace.state)
            store = try LedgerStore.open(path: workspace.database)
            let clock = clock
            pipeline = try Pipeline(workspace: workspace, configuration: try Configuration.load(workspace: workspace), store: store,
                                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                    timestamp: { "2026-11-24T09:00:00Z" },
                                    now: { ApprovalFlowEndToEndTests.start + clock.now.offset.components.seconds * 1_000_000_000 })
        }

        var nowSeconds: Int64 { ApprovalFlowEndToEndTests.start / 1_000_000_000 + clock.now.offset.components.seconds }

        /// Drops a file and runs it through the pipeline; the outcome.
        func take(_ text: String, named name: String, channel: Channel) async throws -> FileOutcome {
            let path = try temp.drop(text, named: name, into: ApprovalFlowEndToEndTests.acme, channel: channel)
            let file = InboxFile(business: ApprovalFlowEndToEndTests.acme, channel: channel, path: path, size: Int64(text.utf8.count),
                                 modifiedNanoseconds: 0)
            return try #require(try await pipeline.process(file))
        }

        /// Signs a decision as `user` and runs it through the pipeline.
        func decide(_ verdict: Verdict, as user: String, key: SigningKey, kid: String, jti: String, comment: String? = nil) async throws -> FileOutcome {
            let claims = DecisionClaims(item: "EXP-000001", verdict: verdict, comment: comment, issuer: UserID(user)!,
                                        business: ApprovalFlowEndToEndTests.acme, issuedAt: nowSeconds, expiresAt: nowSeconds + 3600,
                                        tokenID: jti, algorithm: key.algorithm)
            return try await take(try key.token(for: claims, keyID: kid), named: "\(user)-\(jti).jwt", channel: .approvals)
        }

        func status() throws -> JSONValue {
            let path = temp.workspace.outbox(ApprovalFlowEndToEndTests.acme) + "/approvals/EXP-000001.status.json"
            return try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))).value
        }

        func history() throws -> [String] {
            try (status()["history"]?.arrayValue ?? []).map { entry in
                [entry["event"]?.stringValue, entry["user"]?.stringValue].compactMap { $0 }.joined(separator: ":")
            }
        }

        func postedAmounts() throws -> [String] {
            try store.expenses(ExpenseQuery(business: ApprovalFlowEndToEndTests.acme)).map(\.amount.decimalString).sorted()
        }

        func mail() -> [String] {
            let directory = temp.workspace.outbox(ApprovalFlowEndToEndTests.acme) + "/approvals/mail"
            return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        }

        func rejection(_ name: String) throws -> String {
            let path = temp.workspace.rejected(ApprovalFlowEndToEndTests.acme) + "/\(name).error.json"
            return try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))).value["message"]?.stringValue ?? ""
        }
    }

    @Test func twoTiersEscalationAndPosting() async throws {
        let flow = try Flow()
        let log = """
            date,amount,vendor,category,description,payment_account,receipt,submitted_by
            2026-11-23,12000.00,LabSource AG,research.lab-supplies,Centrifuge,bank,LS-60001,ben
            2026-11-23,120.00,Bürohaus Schmidt,office.supplies,Paper,card,R-1,carl
            """
        let imported = try await flow.take(log, named: "week.csv", channel: .expenses)
        #expect(imported.status == .imported)
        #expect(try flow.postedAmounts() == ["120.00"], "the 12,000 expense is held, not posted")
        var status = try flow.status()
        #expect(status["status"] == "waiting")
        #expect(status["waiting_for"]?.arrayValue?.compactMap { $0["user"]?.stringValue } == ["bea"], "ben submitted it, so only bea")
        #expect(try flow.history() == ["requested:ben"])
        #expect(flow.mail() == ["EXP-000001-1-bea.eml"])
        let request = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath:
            flow.temp.workspace.outbox(Self.acme) + "/approvals/EXP-000001.json")))).value
        #expect(request["item"]?["receipt"] == "LS-60001" && request["item"]?["vendor"] == "LabSource")
        #expect(request["policy_rule"] == "large" && request["tiers"]?.arrayValue?.count == 2)
        let receipt = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: imported.receiptPath)))).value
        #expect(receipt["held_for_approval"]?.arrayValue?.first?["request"] == "EXP-000001")

        // The submitter's own approval is refused (segregation of duties), and changes nothing.
        let own = try await flow.decide(.approve, as: "ben", key: flow.ben, kid: "ben-1", jti: "ben-own")
        #expect(own.status == .rejected)
        #expect(try flow.rejection("ben-ben-own.jwt").hasPrefix("decision refused (segregation-of-duties): ben submitted this item"))
        #expect(try flow.history() == ["requested:ben"])

        // The daemon's scheduler, on the test clock: nothing after 2 days, escalation at 3.
        let daemon = Daemon(workspace: flow.temp.workspace, businesses: [Self.acme], processor: flow.pipeline,
                            settings: DaemonSettings(settle: .milliseconds(100), rescan: .seconds(86_400 * 10)), clock: flow.clock,
                            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let group = daemon.makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        await flow.clock.waitForSleepers(1)
        flow.clock.advance(by: Self.day * 2)
        await flow.clock.waitForSleepers(1)
        #expect(try flow.history() == ["requested:ben"], "not escalated after 2 days")
        flow.clock.advance(by: Self.day)
        await flow.clock.waitForSleepers(1)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try flow.history() == ["requested:ben", "escalated"])
        status = try flow.status()
        #expect(status["waiting_for_approvers"]?.arrayValue == ["role:approver", "role:owner"])
        #expect(flow.mail().contains("EXP-000001-2-anna.eml"), "the owner is told of the escalation")
        #expect(try flow.postedAmounts() == ["120.00"])

        // Tier 1: bea approves. Still not posted; now waiting for the owner.
        #expect(try await flow.decide(.approve, as: "bea", key: flow.bea, kid: "bea-1", jti: "bea-1", comment: "ok").status == .imported)
        #expect(try flow.postedAmounts() == ["120.00"], "not posted after the first tier")
        status = try flow.status()
        #expect(status["waiting_for"]?.arrayValue?.compactMap { $0["user"]?.stringValue } == ["anna"])
        #expect(status["tiers"]?.arrayValue?.map { $0["status"]?.stringValue ?? "" } == ["done", "waiting"])
        #expect(try flow.history() == ["requested:ben", "escalated", "approved:bea"])

        // Tier 2: the owner approves; the expense is posted in that decision's transaction.
        let final = try await flow.decide(.approve, as: "anna", key: flow.anna, kid: "anna-1", jti: "anna-1")
        #expect(final.status == .imported)
        #expect(try flow.postedAmounts() == ["120.00", "12000.00"])
        status = try flow.status()
        #expect(status["status"] == "approved" && status["waiting_for"]?.arrayValue == [])
        #expect(try flow.history() == ["requested:ben", "escalated", "approved:bea", "approved:anna", "posted"])
        let decisionReceipt = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: final.receiptPath)))).value
        #expect(decisionReceipt["posted"] == .int(1) && decisionReceipt["approval"]?["status"] == "approved")

        // A replayed jti (a new file, same jti) is refused and posts nothing.
        let replay = try await flow.decide(.approve, as: "anna", key: flow.anna, kid: "anna-1", jti: "anna-1", comment: "again")
        #expect(replay.status == .rejected)
        #expect(try flow.rejection("anna-anna-1.jwt").hasPrefix("decision refused (jti-replayed): jti 'anna-1' was used before"))
        #expect(try flow.postedAmounts() == ["120.00", "12000.00"])
    }

    @Test func rejectionAndExpiryPostNothing() async throws {
        let flow = try Flow()
        _ = try await flow.take("date,amount,vendor,category,submitted_by\n2026-11-23,900.00,Aral,vehicle.fuel,carl\n",
                                named: "one.csv", channel: .expenses)
        #expect(try flow.status()["status"] == "waiting")
        let outcome = try await flow.decide(.reject, as: "ben", key: flow.ben, kid: "ben-1", jti: "r-1", comment: "not ours")
        #expect(outcome.status == .imported)
        #expect(try flow.status()["status"] == "rejected")
        #expect(try flow.postedAmounts() == [])
        #expect(try flow.history() == ["requested:carl", "rejected:ben"])

        _ = try await flow.take("date,amount,vendor,category\n2026-11-23,950.00,Aral,vehicle.fuel\n", named: "two.csv", channel: .expenses)
        let second = try #require(try flow.store.approval(business: Self.acme, id: "EXP-000002"))
        #expect(second.status == "waiting")
        flow.clock.advance(by: Self.day * 30)
        try flow.pipeline.reviewApprovals()
        let expired = try #require(try flow.store.approval(business: Self.acme, id: "EXP-000002"))
        #expect(expired.status == "expired")
        #expect(expired.history.map(\.event) == ["requested", "escalated", "expired"])
        #expect(try flow.postedAmounts() == [])
    }

    /// An expense held for approval whose payment reaches the bank before the decision:
    /// its bank line posts on its own; the approval posts the expense and takes the line's
    /// booking back (docs/decisions/expense-bank-lines.md), and the history names the line.
    @Test func anApprovedExpensePairsWithItsBankLine() async throws {
        let flow = try Flow()
        _ = try await flow.take("date,amount,vendor,category,submitted_by\n2026-11-23,900.00,Aral,vehicle.fuel,carl\n",
                                named: "one.csv", channel: .expenses)
        #expect(try flow.status()["status"] == "waiting")
        let ofx = try String(contentsOfFile: KontorProcess.packageRoot + "/Tests/Fixtures/overlap/2026-01.ofx", encoding: .utf8)
        let head = ofx.components(separatedBy: "<STMTTRN>")[0]
        let tail = "</BANKTRANLIST>\r\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
        let line = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261125<TRNAMT>-900.00<FITID>ARAL-1<NAME>ARAL TANKSTELLE</STMTTRN>\r\n"
        #expect(try await flow.take(head + line + tail, named: "november.ofx", channel: .bank).status == .imported)
        let bankLine = try #require(try flow.store.bankLines(ExpenseQuery(business: Self.acme)).first)
        #expect(try flow.store.accountBalance(business: Self.acme, account: "Assets:Bank:Checking")[.EUR] == -90_000)

        #expect(try await flow.decide(.approve, as: "ben", key: flow.ben, kid: "ben-1", jti: "a-1").status == .imported)
        #expect(try flow.postedAmounts() == ["900.00"])
        let posted = try #require(try flow.status()["history"]?.arrayValue?.last)
        #expect(posted["event"] == "posted")
        #expect(posted["comment"]?.stringValue?.hasSuffix("; its payment came in as bank line \(bankLine.id)") == true, "\(posted)")
        #expect(try flow.store.accountBalance(business: Self.acme, account: "Assets:Bank:Checking")[.EUR] == -90_000, "paid once")
    }

    @Test func repeatedRecordsAreHeldEachAndOnlyOnce() async throws {
        let flow = try Flow()
        let line = "2026-11-23,900.00,Aral,vehicle.fuel\n"
        _ = try await flow.take("date,amount,vendor,category\n" + line + line, named: "one.csv", channel: .expenses)
        let held = try flow.store.approvals(business: Self.acme)
        #expect(held.map(\.id) == ["EXP-000001", "EXP-000002"])
        #expect(held[1].recordID == held[0].recordID + "#2", "two equal expenses are two requests")
        let later = try await flow.take("date,amount,vendor,category\n" + line + line + "2026-11-24,901.00,Aral,vehicle.fuel\n",
                                        named: "two.csv", channel: .expenses)
        let receipt = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: later.receiptPath)))).value
        #expect(receipt["already_held"]?.arrayValue?.count == 2)
        #expect(receipt["held_for_approval"]?.arrayValue?.compactMap { $0["request"]?.stringValue } == ["EXP-000003"])
        #expect(try flow.store.approvals(business: Self.acme).count == 3)
    }

    @Test func aDelegateDecidesWhileTheOwnerIsAway() async throws {
        // The approval clock's day is 2026-11-24: anna is away, ben stands in for her.
        let flow = try Flow(annaAway: "{ from: 2026-11-20, until: 2026-11-30, delegate: ben }")
        _ = try await flow.take("date,amount,vendor,category,submitted_by\n2026-11-23,12000.00,LabSource AG,research.lab-supplies,carl\n",
                                named: "one.csv", channel: .expenses)
        #expect(try await flow.decide(.approve, as: "bea", key: flow.bea, kid: "bea-1", jti: "d-1").status == .imported)
        let status = try flow.status()
        #expect(status["waiting_for"]?.arrayValue?.compactMap { $0["user"]?.stringValue } == ["ben"], "the owner's delegate")
        #expect(flow.mail().contains("EXP-000001-2-ben.eml") && !flow.mail().contains("EXP-000001-2-anna.eml"))
        #expect(try await flow.decide(.approve, as: "ben", key: flow.ben, kid: "ben-1", jti: "d-2").status == .imported)
        #expect(try flow.status()["status"] == "approved")
        #expect(try flow.postedAmounts() == ["12000.00"])
        #expect(try flow.history() == ["requested:carl", "approved:bea", "approved:ben", "posted"])
    }

    @Test func withoutDelegationAnApproverMayNotDecideTheOwnersTier() async throws {
        let flow = try Flow()
        _ = try await flow.take("date,amount,vendor,category,submitted_by\n2026-11-23,12000.00,LabSource AG,research.lab-supplies,carl\n",
                                named: "one.csv", channel: .expenses)
        _ = try await flow.decide(.approve, as: "bea", key: flow.bea, kid: "bea-1", jti: "d-1")
        #expect(try await flow.decide(.approve, as: "ben", key: flow.ben, kid: "ben-1", jti: "d-2").status == .rejected)
        #expect(try flow.rejection("ben-d-2.jwt").hasPrefix("decision refused (not-eligible): ben (approver) may not decide owner of this item"))
        #expect(try flow.postedAmounts() == [])
    }

    @Test func aClerkMayNotDecide() async throws {
        let flow = try Flow()
        _ = try await flow.take("date,amount,vendor,category\n2026-11-23,900.00,Aral,vehicle.fuel\n", named: "one.csv", channel: .expenses)
        // carl (clerk) has no key at all; the refusal names why.
        let carlKey = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
        let outcome = try await flow.decide(.approve, as: "carl", key: carlKey, kid: "carl-1", jti: "c-1")
        #expect(outcome.status == .rejected)
        #expect(try flow.rejection("carl-c-1.jwt").hasPrefix("decision refused (unknown-kid): carl has no key with id 'carl-1'"))
        #expect(try flow.status()["status"] == "waiting")
    }
}
