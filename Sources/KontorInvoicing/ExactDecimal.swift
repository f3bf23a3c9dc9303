import KontorCore

/// A decimal number as written in a request: an integer significand and a scale
/// (`12.50` → 1250, scale 2). Quantities and unit prices are exact decimals, never
/// floating point (STYLE.md 10); they become money only through ``rounded(toScale:mode:)``.
public struct ExactDecimal: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var significand: Int64
    public var scale: Int

    public static let maximumScale = 8
    /// The largest magnitude accepted: 10^15 (as for ``Money``).
    static let limit: Int64 = 1_000_000_000_000_000

    public init(significand: Int64, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ integer: Int64) { self.init(significand: integer, scale: 0) }

    /// Parses `12`, `-3.5`, `0.125` (a dot as decimal separator; at most eight decimals).
    public init?(_ text: some StringProtocol) {
        var body = Substring(text)
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty || parts.count == 2,
              whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), !(parts.count == 2 && fraction.isEmpty && whole.isEmpty) else { return nil }
        var trimmed = fraction
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        guard trimmed.count <= ExactDecimal.maximumScale, whole.count + trimmed.count <= 18 else { return nil }
        guard let value = Int64(String(whole.isEmpty ? "0" : whole) + trimmed) else { return nil }
        guard value <= ExactDecimal.limit * ExactDecimal.power(trimmed.count) || trimmed.isEmpty && value <= ExactDecimal.limit else { return nil }
        significand = negative ? -value : value
        scale = trimmed.count
    }

    /// The same value without trailing fraction zeros (`10.00` → `10`).
    public var normalized: ExactDecimal {
        var value = self
        while value.scale > 0 && value.significand % 10 == 0 { value.significand /= 10; value.scale -= 1 }
        return value
    }

    /// Equal values are equal whatever their scale (`10.00 == 10`).
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let a = lhs.normalized, b = rhs.normalized
        return a.significand == b.significand && a.scale == b.scale
    }

    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.significand)
        hasher.combine(value.scale)
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return Int128(lhs.significand) * power128(scale - lhs.scale) < Int128(rhs.significand) * power128(scale - rhs.scale)
    }

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }

    /// `12.5`, `3`, `-0.125`: no trailing zeros, a dot as separator.
    public var description: String {
        ExactDecimal.format(Int128(significand), scale: scale, minimumFraction: 0)
    }

    /// The value with at least `digits` fraction digits (`12.5` with 2 → `12.50`).
    public func formatted(minimumFraction digits: Int) -> String {
        ExactDecimal.format(Int128(significand), scale: scale, minimumFraction: digits)
    }

    static func format(_ value: Int128, scale: Int, minimumFraction: Int) -> String {
        var magnitude = value.magnitude
        var scale = scale
        while scale > minimumFraction && magnitude % 10 == 0 { magnitude /= 10; scale -= 1 }
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        if minimumFraction > scale {
            digits += (scale == 0 ? "." : "") + String(repeating: "0", count: minimumFraction - scale)
        }
        return value < 0 ? "-" + digits : digits
    }

    static func power(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }

    static func power128(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }
}

/// Integer division with a named rounding mode (STYLE.md 10): the one place invoice
/// amounts are rounded.
public enum Rounding {
    /// `numerator / denominator` rounded to an integer: half-up is ties away from zero,
    /// half-even ties to the even neighbour.
    public static func divide(_ numerator: Int128, by denominator: Int128, mode: RoundingMode) -> Int128 {
        precondition(denominator > 0, "denominator must be positive")
        let negative = numerator < 0
        let (quotient, remainder) = numerator.magnitude.quotientAndRemainder(dividingBy: denominator.magnitude)
        let twice = remainder * 2
        var result = quotient
        if twice > denominator.magnitude {
            result += 1
        } else if twice == denominator.magnitude {
            switch mode {
            case .halfUp: result += 1
            case .halfEven: if quotient % 2 == 1 { result += 1 }
            }
        }
        let signed = Int128(result)
        return negative ? -signed : signed
    }
}
