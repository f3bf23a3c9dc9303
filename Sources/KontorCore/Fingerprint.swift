/// A stable 64-bit FNV-1a fingerprint, written as 16 hex digits. Used for record ids of
/// inputs that carry no id of their own; stable across runs and machines (unlike
/// Swift's randomly seeded `Hasher`).
public enum Fingerprint {
    public static func hex(of parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (index, part) in parts.enumerated() {
            if index > 0 {
                hash ^= 0x1f
                hash = hash &* 0x0000_0100_0000_01b3
            }
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

extension Sequence<UInt8> {
    /// The bytes as lower-case hex, two digits each (digests, keys, pseudonyms).
    public var hexString: String {
        map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
