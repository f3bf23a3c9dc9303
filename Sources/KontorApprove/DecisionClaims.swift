import KontorConfig
import KontorCore

/// What an approver decided about an item.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    case approve, reject
}

/// The claims of a verified decision token.
public struct DecisionClaims: Sendable, Hashable {
    /// The approval request the decision is about.
    public var item: String
    public var verdict: Verdict
    public var comment: String?
    /// The user who signed (`iss`).
    public var issuer: UserID
    public var business: BusinessID
    public var issuedAt: Int64
    public var expiresAt: Int64
    public var notBefore: Int64?
    public var tokenID: String
    /// The `kid` of the key that verified it, if the token named one.
    public var keyID: String?
    public var algorithm: SignatureAlgorithm

    public init(item: String, verdict: Verdict, comment: String?, issuer: UserID, business: BusinessID, issuedAt: Int64,
                expiresAt: Int64, notBefore: Int64? = nil, tokenID: String, keyID: String? = nil, algorithm: SignatureAlgorithm) {
        self.item = item
        self.verdict = verdict
        self.comment = comment
        self.issuer = issuer
        self.business = business
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.tokenID = tokenID
        self.keyID = keyID
        self.algorithm = algorithm
    }

    /// The `typ` Kontor writes (RFC 8725 §3.11 explicit typing); `JWT` is accepted too.
    public static let type = "kontor-decision+jwt"
    /// The longest validity (exp − iat) accepted: a signed decision is not a standing order.
    public static let maximumLifetimeSeconds: Int64 = 30 * 86_400
    /// Allowed clock difference between the signer and Kontor.
    public static let leewaySeconds: Int64 = 60

    /// The JSON claims of a token for these values.
    public var json: [String: JSONValue] {
        var claims: [String: JSONValue] = [
            "item": .string(item), "decision": .string(verdict.rawValue), "iss": .string(issuer.rawValue),
            "aud": .string(business.rawValue), "iat": .int(issuedAt), "exp": .int(expiresAt), "jti": .string(tokenID),
        ]
        if let comment { claims["comment"] = .string(comment) }
        if let notBefore { claims["nbf"] = .int(notBefore) }
        return claims
    }
}
