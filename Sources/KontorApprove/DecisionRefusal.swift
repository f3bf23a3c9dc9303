import KontorCore

/// Why a decision file was refused: a stable reason (tests and scripts match on it) and a
/// sentence that says what is wrong and how to fix it.
public struct DecisionRefusal: Error, Sendable, Hashable {
    public enum Reason: String, Sendable, CaseIterable {
        case malformed
        case algorithmNone = "alg-none"
        case algorithmNotAccepted = "alg-not-accepted"
        case algorithmNotRegistered = "alg-not-registered"
        case keyInHeader = "key-in-header"
        case criticalHeader = "crit-header"
        case missingType = "typ-missing"
        case wrongType = "typ-wrong"
        case unknownIssuer = "unknown-issuer"
        case unknownKeyID = "unknown-kid"
        case secretUnavailable = "secret-unavailable"
        case badSignature = "bad-signature"
        case expired
        case notYetValid = "not-yet-valid"
        case issuedInFuture = "issued-in-future"
        case lifetimeTooLong = "lifetime-too-long"
        case wrongAudience = "wrong-audience"
        case missingClaim = "missing-claim"
        case badClaim = "bad-claim"
        case replayed = "jti-replayed"
        case unknownItem = "unknown-item"
        case notWaiting = "not-waiting"
        case forbidden
        case notEligible = "not-eligible"
        case segregationOfDuties = "segregation-of-duties"
        case alreadyDecided = "already-decided"
    }

    public var reason: Reason
    public var message: String
    public var hint: String?

    public init(_ reason: Reason, _ message: String, hint: String? = nil) {
        self.reason = reason
        self.message = message
        self.hint = hint
    }

    /// The refusal as Kontor's one error shape: the reason leads the message
    /// ("decision refused (expired): …"), so `.error.json` and logs name it.
    public var error: KontorError {
        KontorError(reason == .forbidden ? .forbidden : .badInput, "decision refused (\(reason.rawValue)): \(message)", hint: hint)
    }
}
