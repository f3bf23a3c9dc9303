/// An International Bank Account Number, validated: country code, check digits that
/// pass ISO 7064 MOD 97-10, and the length the country prescribes where known.
/// Stored in its electronic form (no spaces, upper case): `DE89370400440532013000`.
public struct IBAN: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The IBAN in `text` (spaces allowed, any case), or the reason it is not one.
    public static func parse(_ text: String) -> Result<IBAN, IBANProblem> {
        let compact = String(text.uppercased().filter { $0 != " " && $0 != "\u{00A0}" })
        let bytes = Array(compact.utf8)
        guard bytes.count >= 15, bytes.count <= 34,
              bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }),
              bytes[0] >= 0x41, bytes[1] >= 0x41, bytes[2] <= 0x39, bytes[3] <= 0x39 else {
            return .failure(.shape)
        }
        let country = String(compact.prefix(2))
        if let length = IBAN.lengths[country], length != bytes.count {
            return .failure(.length(country: country, expected: length))
        }
        // Move the first four characters to the end, letters to 10…35, remainder mod 97 = 1.
        var remainder = 0
        for byte in bytes[4...] + bytes[..<4] {
            if byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        guard remainder == 1 else { return .failure(.checkDigits) }
        return .success(IBAN(rawValue: compact))
    }

    private init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// IBAN lengths of the countries Kontor's users bank in most (SEPA and a few more).
    static let lengths: [String: Int] = [
        "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24,
        "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21,
        "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
        "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    ]
}

/// Why a text is not an IBAN.
public enum IBANProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case shape
    case length(country: String, expected: Int)
    case checkDigits

    public var description: String {
        switch self {
        case .shape: "an IBAN is a country code, two check digits and up to 30 letters or digits"
        case .length(let country, let expected): "an IBAN from \(country) has \(expected) characters"
        case .checkDigits: "its check digits are wrong (a typo?)"
        }
    }
}
