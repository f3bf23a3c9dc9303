import Foundation
import KontorConfig
import KontorCore
import KontorIntake
import KontorPipeline
import Testing

/// Stripe webhook events with their signature sidecar (`<event>.sig`), verified at intake
/// against the business's signing secret (docs/decisions/webhook-signatures.md).
@Suite struct SignatureIntakeTests {
    struct Vector {
        var body: String
        var secret: String
        var timestamp: Int64
        var header: String
    }

    static let events = IntakeHarness.samples + "/stripe-events"

    static func vectors() throws -> [Vector] {
        let data = try Data(contentsOf: URL(fileURLWithPath: events + "/signature-vectors.json"))
        let list = try #require(try JSONParser.parse(Array(data)).value.arrayValue)
        return try list.map { item in
            Vector(body: try #require(item["body_file"]?.stringValue), secret: try #require(item["secret"]?.stringValue),
                   timestamp: try #require(item["timestamp"]?.intValue), header: try #require(item["stripe_signature"]?.stringValue))
        }
    }

    static func body(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: events + "/" + name)))
    }

    /// A harness whose acme verifies Stripe events with `secret`, its clock at `now`.
    static func harness(secret: String?, now: Int64) throws -> IntakeHarness {
        let harness = try IntakeHarness(secret: true)
        if let secret { harness.environment[IntakeHarness.secretVariable] = secret }
        harness.clock = Timestamp.iso8601(nanoseconds: now * 1_000_000_000)
        return harness
    }

    @Test("every signature vector is accepted, and the receipt records the check")
    func vectorsAccepted() async throws {
        for vector in try Self.vectors() {
            let harness = try Self.harness(secret: vector.secret, now: vector.timestamp + 10)
            try harness.drop(vector.header + "\n", named: vector.body + ".sig", channel: .gateway)
            try harness.drop(try Self.body(vector.body), named: vector.body, channel: .gateway)
            let outcomes = try await harness.run()
            #expect(outcomes.map(\.status) == [.imported], "\(vector.body): \(outcomes.map { $0.error.map(ErrorRenderer.text) ?? "" })")
            let receipt = try harness.receipt(vector.body)
            #expect(receipt["signature"] == ["scheme": "stripe-v1", "status": "valid", "timestamp": .int(vector.timestamp),
                                             "sidecar": .string(vector.body + ".sig")], "\(vector.body)")
            // The sidecar follows its event to the archive; nothing stays behind.
            let original = try #require(receipt["original"]?.stringValue)
            #expect(FileManager.default.fileExists(atPath: harness.workspace.root + "/" + original + ".sig"))
            #expect(harness.listing(harness.workspace.inbox(.acme)).isEmpty)
            #expect(harness.listing(harness.workspace.spool).isEmpty)
        }
    }

    /// Drops a vector's body (possibly changed) with `header` and returns the error report.
    static func rejection(_ vector: Vector, body: [UInt8]? = nil, header: String?, secret: String?, now: Int64) async throws -> JSONValue {
        let harness = try Self.harness(secret: secret, now: now)
        if let header { try harness.drop(header, named: vector.body + ".sig", channel: .gateway) }
        try harness.drop(try body ?? Self.body(vector.body), named: vector.body, channel: .gateway)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.rejected])
        #expect(try harness.posted() == 0)
        if header != nil {
            #expect(FileManager.default.fileExists(atPath: harness.workspace.rejected(.acme) + "/" + vector.body + ".sig"),
                    "the sidecar goes to rejected/ with its event")
        }
        return try harness.errorReport(vector.body)
    }

    @Test("tampered, stale, wrong-secret, missing and malformed signatures are rejected with their reason")
    func rejected() async throws {
        let vector = try #require(try Self.vectors().first { $0.body == "payment_intent.succeeded.json" })
        var tampered = try Self.body(vector.body)
        let index = try #require(tampered.firstIndex(of: UInt8(ascii: "1")))
        tampered[index] = UInt8(ascii: "2")
        let noMatch = "no v1 signature in the Stripe-Signature header matches the body and the signing secret"

        var report = try await Self.rejection(vector, body: tampered, header: vector.header, secret: vector.secret, now: vector.timestamp)
        #expect(report["message"]?.stringValue == noMatch)
        #expect(report["field"] == "Stripe-Signature")
        #expect(report["file"] == .string(vector.body))

        report = try await Self.rejection(vector, header: vector.header, secret: "whsec_wrong", now: vector.timestamp)
        #expect(report["message"]?.stringValue == noMatch)

        report = try await Self.rejection(vector, header: vector.header, secret: vector.secret, now: vector.timestamp + 301)
        #expect(report["message"]?.stringValue == "the Stripe-Signature timestamp \(vector.timestamp) is 301 seconds old, more than the tolerance allows")

        report = try await Self.rejection(vector, header: nil, secret: vector.secret, now: vector.timestamp)
        #expect(report["message"]?.stringValue == "the Stripe webhook event has no signature: \(vector.body).sig is not beside it, and business acme accepts only signed events")

        report = try await Self.rejection(vector, header: "t=\(vector.timestamp)\n", secret: vector.secret, now: vector.timestamp)
        #expect(report["message"]?.stringValue == "the Stripe-Signature header has no v1 signature")

        report = try await Self.rejection(vector, header: "X-Other: 1\n", secret: vector.secret, now: vector.timestamp)
        #expect(report["message"]?.stringValue == "\(vector.body).sig holds no Stripe-Signature header")

        report = try await Self.rejection(vector, header: vector.header, secret: nil, now: vector.timestamp)
        #expect(report["message"]?.stringValue == "cannot verify the webhook signature: the environment variable \(IntakeHarness.secretVariable) (gateways.stripe.signing_secret_env of business acme) is not set")
    }

    @Test("headers made by Stripe's own SDK verify, with several v1 entries and a v0 entry, as the value or as a header line")
    func officialSDK() async throws {
        let body = "payout.paid.json"
        let timestamp: Int64 = 1_788_426_000
        let header = try IntakeHarness.run(["python3", IntakeHarness.packageRoot + "/../shared/eval/stripe-webhook.py", "sign",
                                            "--secret", "whsec_old", "--extra-secret", "whsec_rolled", "--with-v0",
                                            "--timestamp", String(timestamp), Self.events + "/" + body])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(header.components(separatedBy: ",v1=").count == 3 && header.contains(",v0="))
        // Either secret of the roll verifies; the sidecar may hold the raw header lines.
        for (secret, sidecar) in [("whsec_old", header), ("whsec_rolled", "Content-Type: application/json\r\nStripe-Signature: \(header)\r\n")] {
            let harness = try Self.harness(secret: secret, now: timestamp + 299)
            try harness.drop(sidecar, named: body + ".sig", channel: .gateway)
            try harness.drop(try Self.body(body), named: body, channel: .gateway)
            let outcomes = try await harness.run()
            if outcomes.map(\.status) != [.imported] {
                Issue.record("\(secret): \(outcomes.map { $0.error.map(ErrorRenderer.text) ?? "" })")
            }
            #expect(try harness.receipt(body)["signature"]?["status"] == "valid")
        }
    }

    @Test("a sidecar alone waits in the inbox; a sidecar a crash left in the spool is found by its event")
    func pairing() async throws {
        let vector = try #require(try Self.vectors().first { $0.body == "charge.refunded.json" })
        let harness = try Self.harness(secret: vector.secret, now: vector.timestamp)
        let sidecar = try harness.drop(vector.header, named: vector.body + ".sig", channel: .gateway)
        #expect(try await harness.run().isEmpty)
        #expect(FileManager.default.fileExists(atPath: sidecar))

        // As a crash between the two claims leaves them: the sidecar claimed, the event not.
        let spool = harness.workspace.spool + "/acme/gateway"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: sidecar, toPath: spool + "/" + vector.body + ".sig")
        #expect(try await harness.run().isEmpty, "a sidecar in the spool is not taken alone")
        try harness.drop(try Self.body(vector.body), named: vector.body, channel: .gateway)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt(vector.body)["signature"]?["status"] == "valid")
        #expect(harness.listing(harness.workspace.spool).isEmpty)
    }

    @Test("an event rejected for a missing sidecar is judged again when it comes back with one")
    func secondChance() async throws {
        let vector = try #require(try Self.vectors().first { $0.body == "payout.paid.json" })
        let harness = try Self.harness(secret: vector.secret, now: vector.timestamp)
        try harness.drop(try Self.body(vector.body), named: vector.body, channel: .gateway)
        #expect(try await harness.run().map(\.status) == [.rejected])
        try harness.drop(try Self.body(vector.body), named: vector.body, channel: .gateway)
        #expect(try await harness.run().map(\.status) == [.duplicate], "the same bytes alone: the same verdict")
        try harness.drop(vector.header, named: vector.body + ".sig", channel: .gateway)
        try harness.drop(try Self.body(vector.body), named: vector.body, channel: .gateway)
        #expect(try await harness.run().map(\.status) == [.imported])
    }

    @Test("without a configured secret, events import and a sidecar is recorded as not checked; exports need no signature")
    func noSecret() async throws {
        let vector = try #require(try Self.vectors().first { $0.body == "payment_intent.succeeded.json" })
        let harness = try IntakeHarness()
        harness.clock = Timestamp.iso8601(nanoseconds: vector.timestamp * 1_000_000_000)
        try harness.drop("t=1,v1=00\n", named: vector.body + ".sig", channel: .gateway)
        try harness.drop(try Self.body(vector.body), named: vector.body, channel: .gateway)
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt(vector.body)["signature"]?["status"] == "not-checked")

        let signed = try Self.harness(secret: vector.secret, now: vector.timestamp)
        let export = IntakeHarness.samples + "/stripe"
        let csv = try #require(try FileManager.default.contentsOfDirectory(atPath: export).sorted().first { $0.hasSuffix(".csv") })
        try signed.drop(file: export + "/" + csv, channel: .gateway)
        let outcomes = try await signed.run()
        #expect(outcomes.map(\.status) == [.imported], "\(outcomes.map { $0.error.map(ErrorRenderer.text) ?? "" })")
        #expect(try signed.receipt(csv)["signature"] == nil)
    }
}
