import Crypto
import KontorConfig
import KontorCore

/// Verifies a decision token (compact JWS) against the signer's registered keys (RFC 8725):
/// the algorithm comes from the key, never from the token alone; `none`, keys or key URLs
/// in the header (`jwk`, `jku`, `x5u`, `x5c`) and unknown critical extensions are refused;
/// `typ` must be explicit; `exp`, `iat`, `aud` and `jti` are required and checked.
///
/// Pure: the time and the HS256 secrets are given.
public struct DecisionVerifier: Sendable {
    public let users: UserDirectory
    public let business: BusinessID
    /// The bytes of an HS256 key's secret (read from its environment variable or file);
    /// nil when it is not available.
    public let secret: @Sendable (UserKey) -> [UInt8]?

    public init(users: UserDirectory, business: BusinessID, secret: @escaping @Sendable (UserKey) -> [UInt8]?) {
        self.users = users
        self.business = business
        self.secret = secret
    }

    static let acceptedTypes: Set<String> = ["jwt", "kontor-decision+jwt", "application/kontor-decision+jwt"]

    /// The verified claims of `token` at `now` (seconds since the epoch).
    public func verify(_ token: [UInt8], now: Int64) throws(DecisionRefusal) -> DecisionClaims {
        let jws = try CompactJWS.parse(token)
        guard case .string(let algText)? = jws.header["alg"] else {
            throw DecisionRefusal(.malformed, "the token's header has no alg")
        }
        if algText.lowercased() == "none" {
            throw DecisionRefusal(.algorithmNone, "alg '\(algText)': unsigned tokens are never accepted", hint: "sign the decision with kontor approve")
        }
        for name in ["jwk", "jku", "x5u", "x5c"] where jws.header[name] != nil {
            throw DecisionRefusal(.keyInHeader, "the header carries '\(name)': Kontor takes keys only from \(UserDirectory.fileName), never from a token",
                                  hint: "remove \(name) from the header; register the public key instead")
        }
        if jws.header["crit"] != nil {
            throw DecisionRefusal(.criticalHeader, "the header lists critical extensions (crit), which Kontor does not implement")
        }
        guard let alg = SignatureAlgorithm(rawValue: algText) else {
            throw DecisionRefusal(.algorithmNotAccepted, "alg '\(algText)' is not accepted", hint: "sign with EdDSA, ES256 or HS256")
        }
        guard case .string(let typ)? = jws.header["typ"] else {
            throw DecisionRefusal(.missingType, "the header has no typ: decisions must be explicitly typed",
                                  hint: "set typ to \(DecisionClaims.type) (kontor approve does)")
        }
        guard DecisionVerifier.acceptedTypes.contains(typ.lowercased()) else {
            throw DecisionRefusal(.wrongType, "typ '\(typ)' is not a decision token", hint: "set typ to \(DecisionClaims.type)")
        }
        let claims = jws.claims
        guard case .string(let issText)? = claims["iss"] else { throw DecisionRefusal(.missingClaim, "the token has no iss (the signing user)") }
        guard let issuer = UserID(issText), let user = users[issuer] else {
            throw DecisionRefusal(.unknownIssuer, "iss '\(issText)' is not a user of \(UserDirectory.fileName)")
        }
        var keyID: String?
        var candidates = user.keys
        if let kid = jws.header["kid"] {
            guard case .string(let text) = kid else { throw DecisionRefusal(.malformed, "kid must be a string") }
            keyID = text
            candidates = candidates.filter { $0.id == text }
            guard !candidates.isEmpty else {
                throw DecisionRefusal(.unknownKeyID, "\(issuer) has no key with id '\(text)'",
                                      hint: "keys of \(issuer): \(user.keys.compactMap(\.id).joined(separator: ", "))")
            }
        }
        let bound = candidates.filter { $0.algorithm == alg }
        guard !bound.isEmpty else {
            let registered = Set(candidates.map(\.algorithm.rawValue)).sorted().joined(separator: ", ")
            throw DecisionRefusal(.algorithmNotRegistered,
                                  "alg \(alg) is not registered for \(issuer)\(keyID.map { " key '\($0)'" } ?? "") (registered: \(registered.isEmpty ? "no keys" : registered)); each key is bound to one algorithm",
                                  hint: "sign with the key registered in \(UserDirectory.fileName)")
        }
        var unavailable = false
        var verified = false
        for key in bound {
            switch verifies(jws, with: key) {
            case .some(true): verified = true
            case .some(false): break
            case .none: unavailable = true
            }
            if verified { break }
        }
        guard verified else {
            if unavailable {
                throw DecisionRefusal(.secretUnavailable, "the HS256 secret of \(issuer) is not available to Kontor",
                                      hint: "set the environment variable or create the file named by secret_env/secret_file in \(UserDirectory.fileName)")
            }
            throw DecisionRefusal(.badSignature, "the signature does not verify with \(issuer)'s registered \(alg) key: the token was altered or signed with another key")
        }
        return try checkedClaims(claims, issuer: issuer, keyID: keyID, algorithm: alg, now: now)
    }

    /// A NumericDate for messages: RFC 3339 when it fits, else the number (any Int64 may come in).
    static func describe(_ seconds: Int64) -> String {
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? "\(seconds) s after 1970" : Timestamp.iso8601(nanoseconds: nanoseconds)
    }

    /// True/false for a checked signature; nil when the key's secret is unavailable.
    func verifies(_ jws: CompactJWS, with key: UserKey) -> Bool? {
        switch (key.algorithm, key.material) {
        case (.eddsa, .publicKey(let raw)):
            guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
            return jws.signature.count == 64 && publicKey.isValidSignature(jws.signature, for: jws.signingInput)
        case (.es256, .publicKey(let raw)):
            guard let publicKey = try? P256.Signing.PublicKey(x963Representation: raw), jws.signature.count == 64,
                  let signature = try? P256.Signing.ECDSASignature(rawRepresentation: jws.signature) else { return false }
            return publicKey.isValidSignature(signature, for: jws.signingInput)
        case (.hs256, .secretEnvironment), (.hs256, .secretFile):
            guard let secret = secret(key), !secret.isEmpty else { return nil }
            let mac = HMAC<SHA256>.authenticationCode(for: jws.signingInput, using: SymmetricKey(data: secret))
            return jws.signature.count == 32 && mac == jws.signature
        default:
            return false
        }
    }

    private func checkedClaims(_ claims: [String: JSONValue], issuer: UserID, keyID: String?, algorithm: SignatureAlgorithm,
                               now: Int64) throws(DecisionRefusal) -> DecisionClaims {
        func time(_ name: String, required: Bool) throws(DecisionRefusal) -> Int64? {
            switch claims[name] {
            case nil: if required { throw DecisionRefusal(.missingClaim, "the token has no \(name)", hint: "kontor approve sets iat and exp") }
                return nil
            case .int(let value)?: return value
            case .number(let text)?:
                // NumericDate may have a fraction; whole seconds are enough here.
                guard let whole = Int64(text.prefix { $0 != "." && $0 != "e" && $0 != "E" }), !text.contains("e"), !text.contains("E") else {
                    throw DecisionRefusal(.badClaim, "\(name) '\(text)' is not a time in seconds")
                }
                return whole
            default: throw DecisionRefusal(.badClaim, "\(name) must be a number of seconds since 1970")
            }
        }
        let audiences: [String]
        switch claims["aud"] {
        case .string(let text)?: audiences = [text]
        case .array(let items)?: audiences = items.compactMap(\.stringValue)
        case nil: throw DecisionRefusal(.missingClaim, "the token has no aud", hint: "set aud to the business id, \(business)")
        default: throw DecisionRefusal(.badClaim, "aud must be a string")
        }
        guard audiences.contains(business.rawValue) else {
            throw DecisionRefusal(.wrongAudience, "the token is for \(audiences.map { "'\($0)'" }.joined(separator: ", ")), not for business \(business)",
                                  hint: "decisions go into the inbox of the business named in aud")
        }
        let leeway = DecisionClaims.leewaySeconds
        let nbf = try time("nbf", required: false)
        if let nbf, nbf > now + leeway {
            throw DecisionRefusal(.notYetValid, "the token is not valid before \(DecisionVerifier.describe(nbf))",
                                  hint: "drop it again after that time, or sign without nbf")
        }
        let exp = try time("exp", required: true)!
        let iat = try time("iat", required: true)!
        guard exp >= now - leeway else {
            throw DecisionRefusal(.expired, "the token expired at \(DecisionVerifier.describe(exp))",
                                  hint: "sign the decision again (kontor approve)")
        }
        guard iat <= now + leeway else {
            throw DecisionRefusal(.issuedInFuture, "the token says it was issued at \(DecisionVerifier.describe(iat)), in the future",
                                  hint: "check the signer's clock")
        }
        let (lifetime, overflow) = exp.subtractingReportingOverflow(iat)
        guard !overflow, lifetime <= DecisionClaims.maximumLifetimeSeconds else {
            throw DecisionRefusal(.lifetimeTooLong, "the token is valid from \(DecisionVerifier.describe(iat)) to \(DecisionVerifier.describe(exp)); at most \(DecisionClaims.maximumLifetimeSeconds / 86_400) days are accepted")
        }
        guard case .string(let jti)? = claims["jti"], !jti.isEmpty, jti.utf8.count <= 128 else {
            throw DecisionRefusal(.missingClaim, "the token has no jti (a unique id, 1 to 128 characters)")
        }
        guard case .string(let item)? = claims["item"], !item.isEmpty else {
            throw DecisionRefusal(.missingClaim, "the token names no item (the approval request id)")
        }
        guard case .string(let decision)? = claims["decision"], let verdict = Verdict(rawValue: decision) else {
            throw DecisionRefusal(.badClaim, "decision must be \"approve\" or \"reject\"")
        }
        var comment: String?
        if let value = claims["comment"] {
            guard case .string(let text) = value, text.utf8.count <= 4000 else {
                throw DecisionRefusal(.badClaim, "comment must be a text of at most 4000 bytes")
            }
            comment = text
        }
        return DecisionClaims(item: item, verdict: verdict, comment: comment, issuer: issuer, business: business, issuedAt: iat,
                              expiresAt: exp, notBefore: nbf, tokenID: jti, keyID: keyID, algorithm: algorithm)
    }
}
