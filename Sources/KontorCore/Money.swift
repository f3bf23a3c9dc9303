/// An exact amount of money: integer minor units of one ISO 4217 currency.
///
/// Money is never a floating-point number. Text is parsed straight into minor units
/// (``Money/parse(_:currency:decimalSeparator:groupingSeparator:rounding:)``) and formatted
/// only at the edges (``Money/decimalString``).
public struct Money: Hashable, Sendable {
    public var minorUnits: Int64
    public var currency: CurrencyCode

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The largest magnitude Kontor accepts from input: 10^15 minor units (ten trillion
    /// euros). Sums of many such amounts still fit in 64 bits.
    public static let maximumMinorUnits: Int64 = 1_000_000_000_000_000

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }
    public var negated: Money { Money(minorUnits: -minorUnits, currency: currency) }
    public var magnitude: Money { Money(minorUnits: minorUnits.magnitude > Int64.max.magnitude ? Int64.max : abs(minorUnits), currency: currency) }

    /// Adds two amounts of the same currency; throws on a currency mismatch or overflow.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard other.currency == currency else { throw .currencyMismatch(currency, other.currency) }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    /// The amount as a plain decimal with exactly `currency.exponent` fraction digits and
    /// a leading `-` when negative: `-1234.50`. No grouping, no currency symbol.
    public var decimalString: String {
        let exponent = currency.exponent
        let magnitude = minorUnits.magnitude
        var digits = String(magnitude)
        if exponent > 0 {
            if digits.count <= exponent {
                digits = String(repeating: "0", count: exponent - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -exponent))
        }
        return minorUnits < 0 ? "-" + digits : digits
    }
}

extension Money: CustomStringConvertible {
    /// `12.34 EUR`.
    public var description: String { "\(decimalString) \(currency.code)" }
}

/// Why an arithmetic operation on ``Money`` failed.
public enum MoneyError: Error, Sendable, Equatable, CustomStringConvertible {
    case currencyMismatch(CurrencyCode, CurrencyCode)
    case overflow

    public var description: String {
        switch self {
        case .currencyMismatch(let a, let b): "cannot combine amounts in \(a) and \(b)"
        case .overflow: "the amount is too large"
        }
    }
}

/// How a value with more fraction digits than the currency allows is rounded.
public enum RoundingMode: String, Sendable, Codable, CaseIterable {
    /// Ties away from zero: 0.125 → 0.13, -0.125 → -0.13. The bookkeeping default.
    case halfUp = "half-up"
    /// Ties to the even neighbour (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    case halfEven = "half-even"
}
