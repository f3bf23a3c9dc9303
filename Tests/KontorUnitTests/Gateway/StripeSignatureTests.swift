import KontorCore
import KontorIntake
import Testing

@Suite struct StripeSignatureTests {
    static let body = Array(#"{"id":"evt_1","object":"event"}"#.utf8)
    static let secret = "whsec_unit"
    static let good = "83dac85fc40eca620845b5e9ede41d8b155886d45f43fe273a653a5a02f7d57f"

    func verify(_ header: String, body: [UInt8] = body, secret: String = secret, now: Int64 = 1_700_000_000) -> StripeSignature.Verdict {
        StripeSignature.verify(payload: body, header: header, secret: secret, now: now)
    }

    @Test func acceptsAValidSignatureAmongOthers() {
        #expect(verify("t=1700000000,v1=\(Self.good)") == .valid(timestamp: 1_700_000_000))
        #expect(verify("t=1700000000, v0=\(Self.good), v1=\(String(repeating: "ab", count: 32)), v1=\(Self.good.uppercased())").isValid)
        #expect(verify("v1=\(Self.good),t=1700000000").isValid)
        // A timestamp ahead of the clock is not "too old".
        #expect(verify("t=1700000000,v1=\(Self.good)", now: 1_699_000_000).isValid)
    }

    @Test(arguments: [
        ("", StripeSignature.Verdict.malformedHeader("the header is empty")),
        ("v1=\(good)", .malformedHeader("the header has no t= timestamp")),
        ("t=soon,v1=\(good)", .malformedHeader("t=soon is not Unix seconds")),
        ("t=1,t=2,v1=\(good)", .malformedHeader("t appears twice")),
        ("t=1700000000;v1=\(good)", .malformedHeader("t=1700000000;v1=83dac8 is not Unix seconds")),
        ("t=1700000000,garbage", .malformedHeader("'garbage' is not key=value")),
        ("t=1700000000,v0=\(good)", .noV1Signature),
        ("t=1700000000,v1=zz", .noMatchingSignature),
        ("t=1700000001,v1=\(good)", .noMatchingSignature),
    ])
    func rejectsWithTheReason(header: String, verdict: StripeSignature.Verdict) {
        #expect(verify(header) == verdict)
    }

    @Test func rejectsTamperedBodyWrongSecretAndStaleTimestamp() {
        var tampered = Self.body
        tampered[tampered.count - 2] = UInt8(ascii: "X")
        #expect(verify("t=1700000000,v1=\(Self.good)", body: tampered) == .noMatchingSignature)
        #expect(verify("t=1700000000,v1=\(Self.good)", secret: "whsec_other") == .noMatchingSignature)
        #expect(verify("t=1700000000,v1=\(Self.good)", now: 1_700_000_301) == .timestampTooOld(timestamp: 1_700_000_000, ageSeconds: 301))
        #expect(verify("t=1700000000,v1=\(Self.good)", now: 1_700_000_300).isValid)
    }

    @Test func verdictsBecomeErrorsThatSayWhatToDo() throws {
        #expect(StripeSignature.error(for: .valid(timestamp: 1)) == nil)
        let error = try #require(StripeSignature.error(for: .noMatchingSignature, file: "evt.json"))
        #expect(error.code == .badInput)
        #expect(error.message == "no v1 signature in the Stripe-Signature header matches the body and the signing secret")
        #expect(error.position?.file == "evt.json")
        #expect(error.position?.field == "Stripe-Signature")
        let stale = try #require(StripeSignature.error(for: .timestampTooOld(timestamp: 5, ageSeconds: 400)))
        #expect(stale.message == "the Stripe-Signature timestamp 5 is 400 seconds old, more than the tolerance allows")
    }
}
