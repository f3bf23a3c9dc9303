import KontorCore

/// OFX amounts: `[+-]digits[.digits]`, where the decimal separator may be `.` or `,`
/// (the OFX specification allows either) and no thousands separator is allowed.
///
/// `1.190,00` is therefore refused: it has both separators, and reading one of them as a
/// thousands separator would be a guess about money; so is `1,190` in a currency of two
/// decimals (a comma and three digits after one to three digits). Fraction digits beyond
/// the currency's exponent are accepted only when they are zeros (`10.500` USD), never rounded.
enum OFXAmount {
    static let hint = "OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"

    static func parse(_ text: String, currency: CurrencyCode) throws(OFXValueProblem) -> Money {
        var units: Int64 = 0
        var negative = false
        var separator: UInt8?
        var integerDigits = 0
        var fractionDigits = 0
        var excessNonZero = false
        let exponent = currency.exponent
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x30...0x39:
                if separator != nil {
                    fractionDigits += 1
                    if fractionDigits > exponent {
                        if byte != 0x30 { excessNonZero = true }
                        continue
                    }
                } else {
                    integerDigits += 1
                }
                units = units &* 10 &+ Int64(byte - 0x30)
                if units > Money.maximumMinorUnits || integerDigits > 18 {
                    throw OFXValueProblem("'\(text)' is larger than Kontor accepts", hint: hint)
                }
            case 0x2D, 0x2B:
                guard offset == 0 else { throw OFXValueProblem("'\(text)' is not an OFX amount", hint: hint) }
                negative = byte == 0x2D
            case 0x2E, 0x2C:
                if let first = separator {
                    let problem = first == byte
                        ? "'\(text)' has more than one '\(Character(Unicode.Scalar(byte)))'"
                        : "'\(text)' has both '.' and ','; it is ambiguous which one is the decimal separator"
                    throw OFXValueProblem(problem + " (OFX amounts have no thousands separators)", hint: hint)
                }
                separator = byte
            default:
                throw OFXValueProblem("'\(text)' is not an OFX amount", hint: hint)
            }
        }
        guard integerDigits + fractionDigits > 0 else { throw OFXValueProblem("'\(text)' is not an OFX amount", hint: hint) }
        // `1,190` in a currency of two decimals: a decimal comma with a zero-padded third
        // digit, or a thousands separator the exporter should not have written — a guess
        // either way, so it is refused (`1,000` too; `1,19` and `1190,000` read one way).
        if separator == 0x2C, fractionDigits == 3, exponent < 3, (1...3).contains(integerDigits) {
            throw OFXValueProblem("'\(text)' is ambiguous: ',' followed by three digits may be a thousands separator",
                                  hint: hint)
        }
        guard !excessNonZero else {
            throw OFXValueProblem("'\(text)' has \(fractionDigits) decimal places; \(currency.code) has \(exponent)",
                                  hint: "Kontor does not round amounts read from a statement; check the statement's currency (CURDEF)")
        }
        for _ in min(fractionDigits, exponent)..<exponent {
            units *= 10
            guard units <= Money.maximumMinorUnits else { throw OFXValueProblem("'\(text)' is larger than Kontor accepts", hint: hint) }
        }
        return Money(minorUnits: negative ? -units : units, currency: currency)
    }
}
