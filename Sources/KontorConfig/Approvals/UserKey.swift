import KontorCore

/// A JWS algorithm Kontor accepts for decisions. Each registered key is bound to exactly
/// one of them (RFC 8725 §3.1): a token whose `alg` differs from its key's is refused.
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case eddsa = "EdDSA"
    case es256 = "ES256"
    case hs256 = "HS256"

    public var description: String { rawValue }
}

/// One key a user signs decisions with, as registered in `pipelines/users.yaml`.
public struct UserKey: Hashable, Sendable {
    /// Where the key's material is.
    public enum Material: Hashable, Sendable {
        /// A public key: Ed25519 as its 32 raw bytes, P-256 as the 65-byte uncompressed
        /// point (X9.63). Validated when the configuration loads.
        case publicKey([UInt8])
        /// An HS256 secret in this environment variable (never in the workspace).
        case secretEnvironment(String)
        /// An HS256 secret in this file, outside the workspace; its bytes as stored.
        case secretFile(String)
    }

    /// The `kid` a token may name to pick this key; nil when the key has none.
    public var id: String?
    public var algorithm: SignatureAlgorithm
    public var material: Material
    public var position: SourcePosition

    public init(id: String?, algorithm: SignatureAlgorithm, material: Material, position: SourcePosition) {
        self.id = id
        self.algorithm = algorithm
        self.material = material
        self.position = position
    }
}
