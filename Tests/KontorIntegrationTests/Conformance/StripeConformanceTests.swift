import Foundation
import KontorCore
import KontorIntake
import KontorRead
import Testing

/// Every Stripe sample against its expected file; the event samples without expected files
/// against what their SOURCES.md describes; the signature vectors.
@Suite struct StripeConformanceTests {
    /// Where Kontor deliberately differs from an expected file, and why. The test checks
    /// that Kontor produces exactly the stated result instead, so the deviation cannot drift.
    static let deviations: [String: (reason: String, count: Int, sum: Decimal)] = [
        "lago-evt-charge.dispute.closed-basil.json": (
            reason: "an inquiry (status warning_closed, balance_transactions []) moves no money; the expected file counts the "
                + "disputed object amount. Kontor posts disputes from their balance transactions, so this event is informational",
            count: 0, sum: 0),
    ]

    @Test func everySampleMatchesItsExpectedFile() throws {
        guard let samples = ConformanceHarness.samples else {
            print("stripe conformance: ../shared/samples is absent, nothing compared")
            return
        }
        let folder = samples + "/stripe"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { !$0.hasSuffix(".expected.json") && !$0.hasPrefix(".") }.sorted()
        var passed = 0
        var failures: [String] = []
        for file in files {
            let expectedFile = "\(folder)/\(file).expected.json"
            guard FileManager.default.fileExists(atPath: expectedFile) else {
                failures.append("\(file): no expected file")
                continue
            }
            let (format, result) = try GatewayConformance.read("\(folder)/\(file)")
            guard let format else {
                failures.append("\(file): not detected as a gateway format")
                continue
            }
            let events: [StatementEvent]
            switch result {
            case .failure(let error):
                failures.append("\(file): \(error)")
                continue
            case .success(let read): events = read
            }
            var problems: [String]
            if let deviation = StripeConformanceTests.deviations[file] {
                let summaries = ConformanceHarness.summarize(events)
                problems = summaries.count == 1 && summaries[0].count == deviation.count && summaries[0].sum == deviation.sum
                    ? [] : ["documented deviation no longer holds: \(summaries)"]
                if problems.isEmpty { print("stripe conformance: \(file) deviates on purpose: \(deviation.reason)") }
            } else {
                let view: GatewayConformance.SumView = format == .stripeEvent ? .objectMagnitude : .gross
                problems = try ConformanceHarness.differences(ConformanceHarness.summarize(view.apply(events)),
                                                              expectedFile: expectedFile)
                problems += try GatewayConformance.differences(events, expectedFile: expectedFile, feeSign: 1)
            }
            if problems.isEmpty { passed += 1 } else { failures.append("\(file):\n    " + problems.joined(separator: "\n    ")) }
        }
        print("stripe conformance: \(passed) passed, \(failures.count) failed")
        for failure in failures { print("  " + failure) }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// `stripe-events/`: what each SOURCES.md row describes, posted without double counting.
    @Test func eventsPostWhatTheirSourcesDescribe() throws {
        guard let samples = ConformanceHarness.samples else { return }
        func transactions(_ name: String) throws -> (GatewayFormat?, [[BankTransaction]]) {
            let (format, result) = try GatewayConformance.read("\(samples)/stripe-events/\(name)")
            return (format, GatewayConformance.statements(try result.get()))
        }
        let usd = CurrencyCode.USD
        let (intentFormat, intent) = try transactions("payment_intent.succeeded.json")
        #expect(intentFormat == .stripeEvent)
        #expect(intent.count == 1 && intent[0].count == 1)
        let payment = try #require(intent.first?.first)
        #expect(payment.amount == Money(minorUnits: 1099, currency: usd))
        #expect(payment.bankID == "pi_1PgafyB7WZ01zgkWSjxsAJo3")
        #expect(payment.endToEndID == "ch_1PgafuB7WZ01zgkWXYmPNZs8")
        #expect(payment.gatewayKind == "charge")
        #expect(payment.date == LocalDate(year: 2026, month: 9, day: 1))

        let (_, refunded) = try transactions("charge.refunded.json")
        let refund = try #require(refunded.first?.first)
        #expect(refunded[0].count == 1)
        #expect(refund.amount == Money(minorUnits: -1099, currency: usd))
        #expect(refund.gatewayKind == "refund")
        #expect(refund.bankID == "ch_1PgafuB7WZ01zgkWXYmPNZs8#refunded-1099")
        #expect(refund.endToEndID == "pi_1PgafyB7WZ01zgkWSjxsAJo3")

        // The checkout session duplicates the PaymentIntent; the invoice may be paid outside
        // Stripe: both are informational (a statement, no transaction).
        for name in ["checkout.session.completed.json", "invoice.paid.json"] {
            let (format, statements) = try transactions(name)
            #expect(format == .stripeEvent, "\(name)")
            #expect(statements.count == 1 && statements[0].isEmpty, "\(name)")
        }

        let (_, payouts) = try transactions("payout.paid.json")
        let payout = try #require(payouts.first?.first)
        #expect(payout.amount == Money(minorUnits: -1100, currency: usd))
        #expect(payout.gatewayKind == "payout")
        #expect(payout.bankID == "txn_1PgaxNB7WZ01zgkWEV3TLf40")
        #expect(payout.endToEndID == "po_1Pgc79B7WZ01zgkWu1KToYf4")
        #expect(payout.valueDate == LocalDate(year: 2026, month: 9, day: 3))

        // No two of the five events share a bankID (the fixtures share a balance
        // transaction id between the charge and the payout; the charge's is not used).
        let ids = [payment, refund, payout].compactMap(\.bankID)
        #expect(Set(ids).count == 3)
    }

    struct Vector: Decodable {
        var body_file: String
        var body_sha256: String
        var secret: String
        var timestamp: Int64
        var stripe_signature: String
    }

    @Test func signatureVectors() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let folder = samples + "/stripe-events"
        let vectors = try JSONDecoder().decode([Vector].self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/signature-vectors.json")))
        #expect(vectors.count == 5)
        for vector in vectors {
            let body = Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(vector.body_file)")))
            let verify = { (payload: [UInt8], secret: String, now: Int64) in
                StripeSignature.verify(payload: payload, header: vector.stripe_signature, secret: secret, now: now)
            }
            #expect(verify(body, vector.secret, vector.timestamp + 10) == .valid(timestamp: vector.timestamp), "\(vector.body_file)")
            var tampered = body
            if let index = tampered.firstIndex(of: UInt8(ascii: "9")) { tampered[index] = UInt8(ascii: "8") }
            #expect(verify(tampered, vector.secret, vector.timestamp) == .noMatchingSignature, "\(vector.body_file) tampered")
            #expect(verify(body, vector.secret + "x", vector.timestamp) == .noMatchingSignature, "\(vector.body_file) wrong secret")
            #expect(verify(body, vector.secret, vector.timestamp + 301) == .timestampTooOld(timestamp: vector.timestamp, ageSeconds: 301),
                    "\(vector.body_file) stale")
            #expect(verify(body, vector.secret, vector.timestamp + 300).isValid, "\(vector.body_file) at the tolerance edge")
            // Re-serializing the JSON breaks the signature.
            let compact = Array(String(decoding: body, as: UTF8.self).filter { $0 != "\n" }.utf8)
            #expect(verify(compact, vector.secret, vector.timestamp) == .noMatchingSignature)
            // A rotated secret: the valid signature is the second v1 entry.
            let rotated = vector.stripe_signature.replacingOccurrences(of: ",v1=", with: ",v1=\(String(repeating: "0", count: 64)),v0=abc,v1=")
            #expect(StripeSignature.verify(payload: body, header: rotated, secret: vector.secret, now: vector.timestamp).isValid)
        }
    }

    @Test func negativeSamplesAreRejectedWithAPosition() throws {
        // A truncated event and a CSV with garbage bytes, from the real samples.
        guard let samples = ConformanceHarness.samples else { return }
        let body = Array(try Data(contentsOf: URL(fileURLWithPath: samples + "/stripe-events/payout.paid.json")))
        var truncated = MemoryByteSource(Array(body.prefix(body.count / 2)))
        let error = #expect(throws: KontorError.self) {
            try StripeEventReader().read(&truncated, fileName: "payout.paid.json") { _ in }
        }
        #expect(error?.position?.file == "payout.paid.json")
        #expect(error?.position?.line != nil)
    }
}
