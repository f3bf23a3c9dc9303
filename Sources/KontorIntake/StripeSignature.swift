import Crypto
import KontorCore

/// Verifies the `Stripe-Signature` header of a webhook delivery, as Stripe's SDKs do
/// (stripe-python `WebhookSignature.verify_header`):
///
/// `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]` where each `v1` is
/// HMAC-SHA256, keyed with the whole signing secret (`whsec_…`) as UTF-8, over
/// `"<t>." + raw body bytes`. Any `v1` entry may match (Stripe sends several while a secret
/// is rolled); other schemes (`v0`) are ignored; the comparison is constant-time. The
/// tolerance applies to old timestamps only (a replay window), not to ones ahead of the
/// clock. The payload must be the raw bytes as delivered: re-serialized JSON never matches.
///
/// Intake verifies when a file is captured (a file waiting in the inbox outlives 300 s)
/// and keeps the verdict; dedupe by event id catches a replay inside the window.
public enum StripeSignature {
    /// The outcome of a check: valid, or exactly why not.
    public enum Verdict: Hashable, Sendable {
        /// A `v1` signature matches and the timestamp is within the tolerance.
        case valid(timestamp: Int64)
        /// The header is not `t=…,v1=…` (empty, no or a non-numeric `t`, an item without `=`).
        case malformedHeader(String)
        /// The header has a timestamp but no `v1` entry.
        case noV1Signature
        /// A signature matches, but the timestamp is more than `tolerance` seconds old.
        case timestampTooOld(timestamp: Int64, ageSeconds: Int64)
        /// No `v1` entry is the HMAC of this body with this secret (tampered body, wrong
        /// secret, or a forged header).
        case noMatchingSignature

        public var isValid: Bool { if case .valid = self { true } else { false } }
    }

    /// Checks `header` against `payload` and `secret` at time `now` (Unix seconds).
    public static func verify(payload: [UInt8], header: String, secret: String, now: Int64,
                              tolerance: Int64 = 300) -> Verdict {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        var sawV1 = false
        let items = header.split(separator: ",", omittingEmptySubsequences: false)
        guard !header.allSatisfy({ $0 == " " }) else { return .malformedHeader("the header is empty") }
        for item in items {
            let trimmed = item.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "=") else {
                return .malformedHeader("'\(trimmed.prefix(40))' is not key=value")
            }
            let key = trimmed[..<equals]
            let value = trimmed[trimmed.index(after: equals)...].filter { $0 != " " }
            switch key {
            case "t":
                guard timestamp == nil, let seconds = Int64(value) else {
                    return .malformedHeader(timestamp == nil ? "t=\(value.prefix(20)) is not Unix seconds" : "t appears twice")
                }
                timestamp = seconds
            case "v1":
                sawV1 = true
                if let bytes = hexBytes(value) { signatures.append(bytes) }
            default:
                continue
            }
        }
        guard let timestamp else { return .malformedHeader("the header has no t= timestamp") }
        guard sawV1 else { return .noV1Signature }
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: payload)
        let key = SymmetricKey(data: Array(secret.utf8))
        // Every candidate is checked, so the time taken does not tell which one matched.
        var matched = false
        for signature in signatures {
            if HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key) { matched = true }
        }
        guard matched else { return .noMatchingSignature }
        let age = now - timestamp
        guard age <= tolerance else { return .timestampTooOld(timestamp: timestamp, ageSeconds: age) }
        return .valid(timestamp: timestamp)
    }

    /// The verdict as an error (nil when valid), for the rejected file's `error.json`.
    public static func error(for verdict: Verdict, file: String? = nil) -> KontorError? {
        let position = SourcePosition(file: file, field: "Stripe-Signature")
        switch verdict {
        case .valid: return nil
        case .malformedHeader(let detail):
            return KontorError(.badInput, "the Stripe-Signature header is malformed: \(detail)",
                               hint: "store the header exactly as Stripe sent it: t=<unix time>,v1=<hex signature>", at: position)
        case .noV1Signature:
            return KontorError(.badInput, "the Stripe-Signature header has no v1 signature",
                               hint: "Kontor verifies only the v1 (HMAC-SHA256) scheme; check that the endpoint is a live or test webhook endpoint",
                               at: position)
        case .timestampTooOld(let timestamp, let age):
            return KontorError(.badInput, "the Stripe-Signature timestamp \(timestamp) is \(age) seconds old, more than the tolerance allows",
                               hint: "a replayed or long-delayed delivery; let Stripe resend the event", at: position)
        case .noMatchingSignature:
            return KontorError(.badInput, "no v1 signature in the Stripe-Signature header matches the body and the signing secret",
                               hint: "check the business's signing secret (whsec_…) and that the body was stored byte for byte as delivered",
                               at: position)
        }
    }

    /// The bytes of a lowercase or uppercase hex string; nil when it is not hex of even length.
    static func hexBytes(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
