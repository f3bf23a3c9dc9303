import Crypto
import Foundation

/// Reads a public key as users register it — SPKI PEM (`BEGIN PUBLIC KEY`) or a JWK — into
/// the raw form Kontor verifies with: Ed25519's 32 bytes, P-256's 65-byte uncompressed point.
/// The point of a P-256 key is checked to lie on the curve.
public enum PublicKeyText {
    /// SPKI DER prefixes: an Ed25519 key is this + 32 bytes, a P-256 key this + 65 bytes.
    static let ed25519Prefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
    static let p256Prefix: [UInt8] = [0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                      0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00]

    /// The algorithm and raw bytes of a PEM public key; a problem as a sentence.
    public static func pem(_ text: String) -> Result<(SignatureAlgorithm, [UInt8]), KeyProblem> {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first, let last = lines.last, first.hasPrefix("-----BEGIN "), last.hasPrefix("-----END ") else {
            return .failure(KeyProblem("is not PEM: expected -----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----"))
        }
        guard first == "-----BEGIN PUBLIC KEY-----", last == "-----END PUBLIC KEY-----" else {
            if first.contains("PRIVATE") {
                return .failure(KeyProblem("is a PRIVATE key: never put private keys into the workspace; register the public key (kontor keys generate prints it)"))
            }
            return .failure(KeyProblem("is '\(first)', expected -----BEGIN PUBLIC KEY----- (SPKI)"))
        }
        guard let der = Data(base64Encoded: lines.dropFirst().dropLast().joined()) else {
            return .failure(KeyProblem("has a body that is not base64"))
        }
        return spki(Array(der))
    }

    static func spki(_ der: [UInt8]) -> Result<(SignatureAlgorithm, [UInt8]), KeyProblem> {
        if der.count == ed25519Prefix.count + 32, der.starts(with: ed25519Prefix) {
            return .success((.eddsa, Array(der.dropFirst(ed25519Prefix.count))))
        }
        if der.count == p256Prefix.count + 65, der.starts(with: p256Prefix) {
            return checkedP256(Array(der.dropFirst(p256Prefix.count)))
        }
        return .failure(KeyProblem("is neither an Ed25519 nor a P-256 public key (RSA and other curves are not accepted)"))
    }

    /// The algorithm and raw bytes of a JWK's members (`kty`, `crv`, `x`, `y`).
    public static func jwk(_ members: [String: String]) -> Result<(SignatureAlgorithm, [UInt8]), KeyProblem> {
        if members["d"] != nil || members["k"] != nil {
            return .failure(KeyProblem("holds private key material ('d' or 'k'): register only the public members"))
        }
        switch (members["kty"], members["crv"]) {
        case ("OKP", "Ed25519"):
            guard let x = members["x"].flatMap(base64URL), x.count == 32 else {
                return .failure(KeyProblem("needs 'x': the 32-byte Ed25519 public key, base64url"))
            }
            return .success((.eddsa, x))
        case ("EC", "P-256"):
            guard let x = members["x"].flatMap(base64URL), let y = members["y"].flatMap(base64URL), x.count == 32, y.count == 32 else {
                return .failure(KeyProblem("needs 'x' and 'y': 32 bytes each, base64url"))
            }
            return checkedP256([0x04] + x + y)
        default:
            return .failure(KeyProblem("has kty '\(members["kty"] ?? "")' crv '\(members["crv"] ?? "")'; accepted: OKP/Ed25519 and EC/P-256"))
        }
    }

    static func checkedP256(_ point: [UInt8]) -> Result<(SignatureAlgorithm, [UInt8]), KeyProblem> {
        guard (try? P256.Signing.PublicKey(x963Representation: point)) != nil else {
            return .failure(KeyProblem("is not a point on the P-256 curve"))
        }
        return .success((.es256, point))
    }

    /// Unpadded base64url, strictly (RFC 7515 §2); nil for anything else.
    public static func base64URL(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0, bits = 0
        for c in text.utf8 {
            let value: UInt8
            switch c {
            case 65...90: value = c - 65
            case 97...122: value = c - 71
            case 48...57: value = c + 4
            case 45: value = 62
            case 95: value = 63
            default: return nil
            }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // A lone 6-bit group cannot encode a byte; leftover bits must be zero (canonical).
        guard bits < 6, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return bytes
    }

    /// Unpadded base64url of `bytes`.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int(buffer >> UInt32(bits) & 63)])
            }
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt32(6 - bits) & 63)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SPKI PEM of a raw public key (for `kontor keys generate`).
    public static func pem(algorithm: SignatureAlgorithm, raw: [UInt8]) -> String {
        let der = (algorithm == .eddsa ? ed25519Prefix : p256Prefix) + raw
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN PUBLIC KEY-----\n\(body)\n-----END PUBLIC KEY-----\n"
    }
}

/// What is wrong with a key, as the end of a sentence ("the key … is not PEM").
public struct KeyProblem: Error, Sendable, Equatable {
    public var text: String
    public init(_ text: String) { self.text = text }
}
