import Crypto
import Foundation
import KontorConfig
import KontorCore

/// A private key or HS256 secret that signs decisions (`kontor approve`). Read from a PEM
/// file (PKCS#8 Ed25519 or P-256, or SEC1 P-256) or, for HS256, the secret's bytes.
public enum SigningKey: Sendable {
    case ed25519(Curve25519.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case hmac([UInt8])

    static let ed25519PKCS8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
                                              0x04, 0x22, 0x04, 0x20]

    public var algorithm: SignatureAlgorithm {
        switch self {
        case .ed25519: .eddsa
        case .p256: .es256
        case .hmac: .hs256
        }
    }

    /// A fresh key pair.
    public static func generate(_ algorithm: SignatureAlgorithm) throws(KontorError) -> SigningKey {
        switch algorithm {
        case .eddsa: return .ed25519(Curve25519.Signing.PrivateKey())
        case .es256: return .p256(P256.Signing.PrivateKey())
        case .hs256:
            throw KontorError(.usage, "HS256 uses a shared secret, not a key pair",
                              hint: "generate EdDSA or ES256 keys; for HS256 put 32 random bytes in a file outside the workspace and name it in secret_file")
        }
    }

    /// Reads a private key from PEM text, or (for `hs256`) takes the bytes as the secret.
    public static func read(_ bytes: [UInt8], algorithm expected: SignatureAlgorithm?) throws(KontorError) -> SigningKey {
        let text = String(decoding: bytes, as: UTF8.self)
        if expected == .hs256 || !text.contains("-----BEGIN") {
            guard expected == nil || expected == .hs256 else {
                throw KontorError(.badInput, "the key file is not PEM, but the user's key is \(expected!)")
            }
            guard bytes.count >= 16 else { throw KontorError(.badInput, "the HS256 secret has \(bytes.count) bytes; at least 16 (better 32) are needed") }
            return .hmac(bytes)
        }
        if text.contains("BEGIN EC PRIVATE KEY"), let key = try? P256.Signing.PrivateKey(pemRepresentation: text) { return .p256(key) }
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard text.contains("BEGIN PRIVATE KEY"), let der = Data(base64Encoded: body).map(Array.init) else {
            throw KontorError(.badInput, "the key file is not a PEM private key (BEGIN PRIVATE KEY)",
                              hint: "use the file kontor keys generate wrote")
        }
        if der.count == ed25519PKCS8Prefix.count + 32, der.starts(with: ed25519PKCS8Prefix),
           let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.dropFirst(ed25519PKCS8Prefix.count)) {
            return .ed25519(key)
        }
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) { return .p256(key) }
        throw KontorError(.badInput, "the private key is neither Ed25519 nor P-256")
    }

    /// PKCS#8 PEM of the private key (written 0600 by `kontor keys generate`).
    public var privatePEM: String {
        switch self {
        case .ed25519(let key):
            let body = Data(SigningKey.ed25519PKCS8Prefix + Array(key.rawRepresentation))
                .base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            return "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\n"
        case .p256(let key):
            return key.pemRepresentation + "\n"
        case .hmac:
            return ""
        }
    }

    /// The SPKI PEM of the public key (what users register); nil for HS256.
    public var publicPEM: String? {
        switch self {
        case .ed25519(let key): PublicKeyText.pem(algorithm: .eddsa, raw: Array(key.publicKey.rawRepresentation))
        case .p256(let key): PublicKeyText.pem(algorithm: .es256, raw: Array(key.publicKey.x963Representation))
        case .hmac: nil
        }
    }

    /// True when `registered` is this key's public half (an HS256 key: any registered
    /// secret; the secret itself is checked when the decision is verified).
    public func matches(_ registered: UserKey) -> Bool {
        switch (registered.material, self) {
        case (.publicKey(let raw), .ed25519(let key)): raw == Array(key.publicKey.rawRepresentation)
        case (.publicKey(let raw), .p256(let key)): raw == Array(key.publicKey.x963Representation)
        case (.secretEnvironment, .hmac), (.secretFile, .hmac): true
        default: false
        }
    }

    /// The JWS signature over `input`.
    public func sign(_ input: [UInt8]) throws(KontorError) -> [UInt8] {
        do {
            switch self {
            case .ed25519(let key): return Array(try key.signature(for: input))
            case .p256(let key): return Array(try key.signature(for: input).rawRepresentation)
            case .hmac(let secret): return Array(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: secret)))
            }
        } catch {
            throw KontorError(.internal, "signing failed", cause: String(describing: error))
        }
    }

    /// A signed decision token with an explicit `typ` and the key's `kid`.
    public func token(for claims: DecisionClaims, keyID: String?) throws(KontorError) -> String {
        var header: [String: JSONValue] = ["alg": .string(algorithm.rawValue), "typ": .string(DecisionClaims.type)]
        if let keyID { header["kid"] = .string(keyID) }
        return try CompactJWS.encode(header: header, claims: claims.json) { (input) throws(KontorError) in try sign(input) }
    }
}
