import Crypto
import KontorCore

/// SHA-256 of bytes as the ``FileDigest`` Kontor uses everywhere (lower-case hex).
public enum SHA256Digest {
    public static func of(_ bytes: [UInt8]) -> FileDigest {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return FileDigest(hex: String(decoding: hex, as: UTF8.self))
    }
}
