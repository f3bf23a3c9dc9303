import Crypto
import KontorApprove
import KontorConfig
import KontorCore
import Testing

/// Decision tokens: what verifies, and every way one is refused, with its reason.
@Suite struct DecisionVerifierTests {
    static let acme = BusinessID("acme")!
    static let now: Int64 = 1_795_000_000
    let ed = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
    let ec = SigningKey.p256(P256.Signing.PrivateKey())
    let secret = Array("0123456789abcdef0123456789abcdef".utf8)

    var users: UserDirectory {
        UserDirectory(users: [
            User(id: UserID("anna")!, name: "Anna", roles: [DecisionVerifierTests.acme: .owner], keys: [
                UserKey(id: "a1", algorithm: .eddsa, material: .publicKey(raw(ed)), position: SourcePosition()),
                UserKey(id: "a2", algorithm: .es256, material: .publicKey(raw(ec)), position: SourcePosition()),
            ]),
            User(id: UserID("dora")!, name: "Dora", roles: [DecisionVerifierTests.acme: .accountant], keys: [
                UserKey(id: nil, algorithm: .hs256, material: .secretEnvironment("DORA"), position: SourcePosition()),
            ]),
        ])
    }

    func raw(_ key: SigningKey) -> [UInt8] {
        switch key {
        case .ed25519(let key): Array(key.publicKey.rawRepresentation)
        case .p256(let key): Array(key.publicKey.x963Representation)
        case .hmac: []
        }
    }

    var verifier: DecisionVerifier {
        let secret = secret
        return DecisionVerifier(users: users, business: DecisionVerifierTests.acme) { key in
            if case .secretEnvironment("DORA") = key.material { return secret }
            return nil
        }
    }

    func claims(_ issuer: String = "anna", iat: Int64 = now - 10, exp: Int64 = now + 600, nbf: Int64? = nil,
                aud: String = "acme", jti: String = "j-1") -> DecisionClaims {
        DecisionClaims(item: "EXP-000001", verdict: .approve, comment: "ok", issuer: UserID(issuer)!, business: BusinessID(aud)!,
                       issuedAt: iat, expiresAt: exp, notBefore: nbf, tokenID: jti, algorithm: .eddsa)
    }

    func token(header: [String: JSONValue], claims: [String: JSONValue], key: SigningKey) throws -> [UInt8] {
        Array(try CompactJWS.encode(header: header, claims: claims) { (input) throws(KontorError) in try key.sign(input) }.utf8)
    }

    func refusal(_ token: [UInt8]) -> DecisionRefusal.Reason? {
        do {
            _ = try verifier.verify(token, now: DecisionVerifierTests.now)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func eachAlgorithmVerifies() throws {
        for (key, issuer, kid) in [(ed, "anna", "a1"), (ec, "anna", "a2"), (SigningKey.hmac(secret), "dora", nil)] {
            let token = try key.token(for: claims(issuer), keyID: kid)
            let verified = try verifier.verify(Array((token + "\n").utf8), now: DecisionVerifierTests.now)
            #expect(verified.algorithm == key.algorithm)
            #expect(verified.issuer == UserID(issuer)!)
            #expect(verified.tokenID == "j-1" && verified.item == "EXP-000001" && verified.verdict == .approve)
            #expect(verified.keyID == kid)
        }
    }

    @Test func withoutKidTheKeyOfTheAlgorithmIsUsed() throws {
        let token = try ec.token(for: claims(), keyID: nil)
        #expect(try verifier.verify(Array(token.utf8), now: DecisionVerifierTests.now).algorithm == .es256)
    }

    @Test func headerAttacksAreRefused() throws {
        let body = claims().json
        let base: [String: JSONValue] = ["alg": "EdDSA", "typ": "JWT"]
        func with(_ changes: [String: JSONValue]) -> [String: JSONValue] { base.merging(changes) { _, new in new } }
        #expect(refusal(try token(header: with(["alg": "none"]), claims: body, key: ed)) == .algorithmNone)
        #expect(refusal(try token(header: with(["alg": "nOnE"]), claims: body, key: ed)) == .algorithmNone)
        #expect(refusal(try token(header: with(["jwk": .object(["kty": "OKP"])]), claims: body, key: ed)) == .keyInHeader)
        #expect(refusal(try token(header: with(["jku": "https://evil.example/keys"]), claims: body, key: ed)) == .keyInHeader)
        #expect(refusal(try token(header: with(["x5u": "https://evil.example/cert"]), claims: body, key: ed)) == .keyInHeader)
        #expect(refusal(try token(header: with(["crit": .array(["exp"])]), claims: body, key: ed)) == .criticalHeader)
        #expect(refusal(try token(header: ["alg": "EdDSA"], claims: body, key: ed)) == .missingType)
        #expect(refusal(try token(header: with(["typ": "at+jwt"]), claims: body, key: ed)) == .wrongType)
        #expect(refusal(try token(header: with(["alg": "RS256"]), claims: body, key: ed)) == .algorithmNotAccepted)
        #expect(refusal(try token(header: with(["kid": "nope"]), claims: body, key: ed)) == .unknownKeyID)
        // Alg confusion: HS256 with anna's public key bytes as the secret — she has no HS256 key.
        let confused = try token(header: with(["alg": "HS256"]), claims: body, key: .hmac(raw(ed)))
        #expect(refusal(confused) == .algorithmNotRegistered)
        // kid names the Ed25519 key, alg says ES256: the key is bound to EdDSA.
        #expect(refusal(try token(header: with(["alg": "ES256", "kid": "a1"]), claims: body, key: ec)) == .algorithmNotRegistered)
    }

    @Test func signatureAttacksAreRefused() throws {
        let good = try ed.token(for: claims(), keyID: "a1")
        let parts = good.split(separator: ".")
        var tamperedClaims = claims().json
        tamperedClaims["item"] = "EXP-000002"
        let tamperedPayload = PublicKeyText.base64URL(Array(JSONValue.object(tamperedClaims).serialized(pretty: false).utf8))
        #expect(refusal(Array("\(parts[0]).\(tamperedPayload).\(parts[2])".utf8)) == .badSignature)
        let stranger = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
        #expect(refusal(Array(try stranger.token(for: claims(), keyID: "a1").utf8)) == .badSignature)
        #expect(refusal(Array("\(parts[0]).\(parts[1]).".utf8)) == .badSignature)
        #expect(refusal(Array(try SigningKey.hmac(Array("another secret of enough length".utf8)).token(for: claims("dora"), keyID: nil).utf8)) == .badSignature)
        let noSecret = DecisionVerifier(users: users, business: DecisionVerifierTests.acme) { _ in nil }
        #expect(throws: DecisionRefusal.self) { try noSecret.verify(Array(try SigningKey.hmac(secret).token(for: claims("dora"), keyID: nil).utf8), now: DecisionVerifierTests.now) }
    }

    @Test func claimChecks() throws {
        let now = DecisionVerifierTests.now
        func reason(_ claims: DecisionClaims) throws -> DecisionRefusal.Reason? { refusal(Array(try ed.token(for: claims, keyID: "a1").utf8)) }
        #expect(try reason(claims(iat: now - 7200, exp: now - 3600)) == .expired)
        #expect(try reason(claims(exp: now - 30)) == nil, "within the leeway")
        #expect(try reason(claims(nbf: now + 3600)) == .notYetValid)
        #expect(try reason(claims(iat: now + 3600, exp: now + 7200)) == .issuedInFuture)
        #expect(try reason(claims(iat: now, exp: now + 31 * 86_400)) == .lifetimeTooLong)
        #expect(try reason(claims(aud: "other")) == .wrongAudience)
        #expect(refusal(Array(try ed.token(for: claims("dora"), keyID: nil).utf8)) == .algorithmNotRegistered, "dora has only an HS256 key")
        #expect(try reason(claims("dora")) == .unknownKeyID, "dora has no key a1")
        // Extreme NumericDates are refused, never overflow.
        #expect(try reason(claims(iat: now, exp: .max)) == .lifetimeTooLong)
        #expect(try reason(claims(iat: .min, exp: now + 10)) == .lifetimeTooLong)
        #expect(try reason(claims(iat: now, exp: .min)) == .expired)
        #expect(try reason(claims(nbf: .max)) == .notYetValid)
        #expect(try reason(claims(iat: .max, exp: .max)) == .issuedInFuture)
        var missing = claims().json
        missing["jti"] = nil
        #expect(refusal(try token(header: ["alg": "EdDSA", "typ": "JWT"], claims: missing, key: ed)) == .missingClaim)
        missing = claims().json
        missing["exp"] = nil
        #expect(refusal(try token(header: ["alg": "EdDSA", "typ": "JWT"], claims: missing, key: ed)) == .missingClaim)
        var bad = claims().json
        bad["decision"] = "maybe"
        #expect(refusal(try token(header: ["alg": "EdDSA", "typ": "JWT"], claims: bad, key: ed)) == .badClaim)
        bad = claims().json
        bad["iss"] = "mallory"
        #expect(refusal(try token(header: ["alg": "EdDSA", "typ": "JWT"], claims: bad, key: ed)) == .unknownIssuer)
    }

    @Test func malformedTokens() {
        #expect(refusal(Array("abc".utf8)) == .malformed)
        #expect(refusal(Array("a.b.c.d.e".utf8)) == .malformed)
        #expect(refusal(Array("!!.e30.".utf8)) == .malformed)
        // {"alg":"EdDSA","alg":"none"}: a duplicate member is refused, not resolved.
        let duplicate = PublicKeyText.base64URL(Array("{\"alg\":\"EdDSA\",\"alg\":\"none\"}".utf8))
        #expect(refusal(Array("\(duplicate).e30.AAAA".utf8)) == .malformed)
        #expect(refusal([UInt8](repeating: 0x41, count: CompactJWS.maximumBytes + 1)) == .malformed)
    }

    @Test func base64URLIsStrict() {
        #expect(PublicKeyText.base64URL("AQID") == [1, 2, 3])
        #expect(PublicKeyText.base64URL("AQI") == [1, 2])
        #expect(PublicKeyText.base64URL("AQ==") == nil, "padding is not base64url")
        #expect(PublicKeyText.base64URL("A+/=") == nil)
        #expect(PublicKeyText.base64URL("AR") == nil, "non-zero trailing bits")
        #expect(PublicKeyText.base64URL("A") == nil)
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(PublicKeyText.base64URL(PublicKeyText.base64URL(bytes)) == bytes)
        }
    }

    @Test func privateKeysRoundTripThroughPEM() throws {
        for key in [ed, ec] {
            let read = try SigningKey.read(Array(key.privatePEM.utf8), algorithm: nil)
            #expect(read.publicPEM == key.publicPEM)
            let pem = try #require(key.publicPEM)
            guard case .success(let (alg, bytes)) = PublicKeyText.pem(pem) else { Issue.record("public PEM does not parse"); continue }
            #expect(alg == key.algorithm && bytes == raw(key))
        }
    }
}
