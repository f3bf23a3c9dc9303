/// An ISO 11649 structured creditor reference: `RF` + two check digits + up to 21
/// letters and digits (`RF18 5390 0754 7034`). The check digits follow ISO 7064
/// MOD 97-10, as IBANs do: the reference moved behind `RF00`, letters as 10…35, ≡ 1 mod 97.
public struct CreditorReference: Hashable, Sendable, CustomStringConvertible {
    /// The reference without spaces, upper case: `RF185390075470 34`.
    public let electronic: String

    /// Validates a reference as written (spaces allowed, any case).
    public init?(_ text: String) {
        let compact = text.filter { $0 != " " }.uppercased()
        guard compact.count >= 5, compact.count <= 25, compact.hasPrefix("RF"),
              compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              compact.dropFirst(2).prefix(2).allSatisfy(\.isNumber),
              CreditorReference.mod97(String(compact.dropFirst(4)) + String(compact.prefix(4))) == 1 else { return nil }
        electronic = compact
    }

    /// The reference for `base` (an invoice number): its letters and digits, upper-cased,
    /// behind freshly computed check digits. Nil when `base` has none or more than 21.
    public static func make(from base: String) -> CreditorReference? {
        let body = base.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard !body.isEmpty, body.count <= 21, let remainder = mod97(body + "RF00") else { return nil }
        let check = 98 - remainder
        return CreditorReference((check < 10 ? "RF0\(check)" : "RF\(check)") + body)
    }

    /// In groups of four, as printed: `RF18 5390 0754 7034`.
    public var formatted: String {
        var groups: [String] = []
        var rest = Substring(electronic)
        while !rest.isEmpty { groups.append(String(rest.prefix(4))); rest = rest.dropFirst(4) }
        return groups.joined(separator: " ")
    }

    public var description: String { formatted }

    /// The value mod 97 of the digits made by replacing letters with 10…35.
    static func mod97(_ text: String) -> Int? {
        var remainder = 0
        for character in text {
            guard let ascii = character.asciiValue else { return nil }
            let digits: Int
            switch ascii {
            case 48...57: remainder = (remainder * 10 + Int(ascii - 48)) % 97; continue
            case 65...90: digits = Int(ascii - 55)
            default: return nil
            }
            remainder = (remainder * 100 + digits) % 97
        }
        return remainder
    }
}
