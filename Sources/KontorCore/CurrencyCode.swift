/// An ISO 4217 alphabetic currency code that Kontor knows, with its minor-unit exponent.
///
/// Only codes in the active ISO 4217 list (``CurrencyCode/all``) can be constructed, so a
/// `CurrencyCode` value always has a defined exponent.
public struct CurrencyCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let code: String
    /// Number of digits after the decimal point (JPY 0, EUR 2, BHD 3, CLF 4).
    public let exponent: Int

    /// Looks up an ISO 4217 code, case-sensitively (ISO codes are upper case).
    public init?(_ code: some StringProtocol) {
        guard let exponent = CurrencyCode.exponents[String(code)] else { return nil }
        self.code = String(code)
        self.exponent = exponent
    }

    public var description: String { code }

    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.code < rhs.code }

    /// Every active ISO 4217 currency, sorted by code.
    public static var all: [CurrencyCode] {
        exponents.keys.sorted().compactMap { CurrencyCode($0) }
    }

    public static let EUR = CurrencyCode("EUR")!
    public static let USD = CurrencyCode("USD")!
}

extension CurrencyCode: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an ISO 4217 currency code")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
