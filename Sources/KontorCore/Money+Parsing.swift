extension Money {
    /// Parses a decimal amount written as text into exact minor units.
    ///
    /// Accepts an optional sign (`-`, `+`, or a trailing `-` as some banks write it, or
    /// parentheses for a negative amount), digits with an optional `groupingSeparator`
    /// between groups, and at most one `decimalSeparator`. More fraction digits than the
    /// currency's exponent are an error unless `rounding` names how to round them.
    public static func parse(
        _ text: some StringProtocol,
        currency: CurrencyCode,
        decimalSeparator: Character = ".",
        groupingSeparator: Character? = nil,
        rounding: RoundingMode? = nil
    ) throws(AmountSyntaxError) -> Money {
        if let plain = plain(text, currency: currency, decimalSeparator: decimalSeparator) { return plain }
        var body = Substring(text).trimmingSpaces()
        guard !body.isEmpty else { throw AmountSyntaxError("the amount is empty") }
        var negative = false
        if body.first == "(" && body.last == ")" {
            negative = true
            body = body.dropFirst().dropLast().trimmingSpaces()
        }
        if let first = body.first, first == "-" || first == "+" || first == "\u{2212}" {
            negative = negative != (first != "+")
            body = body.dropFirst().trimmingSpaces()
        } else if body.last == "-" {
            negative = true
            body = body.dropLast().trimmingSpaces()
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenDecimal = false
        var previousWasGrouping = false
        for character in body {
            if let digit = character.asciiDigit {
                if seenDecimal { fractionDigits.append(digit) } else { integerDigits.append(digit) }
                previousWasGrouping = false
            } else if character == decimalSeparator && !seenDecimal {
                seenDecimal = true
            } else if let grouping = groupingSeparator, character == grouping, !seenDecimal,
                      !integerDigits.isEmpty, !previousWasGrouping {
                previousWasGrouping = true
            } else {
                throw AmountSyntaxError("'\(character)' is not allowed in an amount (decimal separator is '\(decimalSeparator)')")
            }
        }
        guard !previousWasGrouping else { throw AmountSyntaxError("the amount ends with a grouping separator") }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else {
            throw AmountSyntaxError("the amount has no digits")
        }
        let exponent = currency.exponent
        var roundUp = false
        if fractionDigits.count > exponent {
            let dropped = fractionDigits[exponent...]
            guard let rounding else {
                throw AmountSyntaxError("\(currency.code) has \(exponent) decimal places, the amount has \(fractionDigits.count)")
            }
            let first = dropped.first ?? 0
            let restNonZero = dropped.dropFirst().contains { $0 != 0 }
            let lastKept = exponent > 0 ? fractionDigits[exponent - 1] : (integerDigits.last ?? 0)
            switch rounding {
            case .halfUp: roundUp = first >= 5
            case .halfEven: roundUp = first > 5 || (first == 5 && (restNonZero || lastKept % 2 == 1))
            }
            fractionDigits.removeLast(fractionDigits.count - exponent)
        }
        while fractionDigits.count < exponent { fractionDigits.append(0) }
        var units: Int64 = 0
        for digit in integerDigits + fractionDigits {
            units = units * 10 + Int64(digit)
            guard units <= Money.maximumMinorUnits else {
                throw AmountSyntaxError("the amount is larger than Kontor accepts (\(Money.maximumMinorUnits) minor units)")
            }
        }
        if roundUp { units += 1 }
        return Money(minorUnits: negative ? -units : units, currency: currency)
    }
}

extension Money {
    /// The amount of the common plain notation — an optional `-` or `+`, up to 15 digits,
    /// and at most the currency's decimals after `decimalSeparator` — read straight from
    /// the UTF-8 bytes; nil for anything else, which ``parse(_:currency:decimalSeparator:groupingSeparator:rounding:)``
    /// reads (or explains) the long way. Imports call this once per row.
    static func plain(_ text: some StringProtocol, currency: CurrencyCode, decimalSeparator: Character) -> Money? {
        guard let separator = decimalSeparator.asciiValue else { return nil }
        let exponent = currency.exponent
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Money? in
            var index = 0
            var negative = false
            if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
                negative = first == UInt8(ascii: "-")
                index = 1
            }
            var units: Int64 = 0
            var digits = 0, decimals = 0
            var seenSeparator = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte &- UInt8(ascii: "0") < 10 {
                    guard digits < 15 else { return nil }
                    units = units * 10 + Int64(byte &- UInt8(ascii: "0"))
                    digits += 1
                    if seenSeparator { decimals += 1 }
                } else if byte == separator && !seenSeparator {
                    seenSeparator = true
                } else {
                    return nil
                }
                index += 1
            }
            guard digits > 0, digits <= 15, decimals <= exponent else { return nil }
            for _ in decimals..<exponent { units *= 10 }
            return Money(minorUnits: negative ? -units : units, currency: currency)
        } ?? nil
    }
}

/// Why a text could not be read as an amount. Readers attach the position.
public struct AmountSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension Character {
    /// The value of an ASCII digit `0`…`9`, else nil.
    @inlinable var asciiDigit: UInt8? {
        guard let ascii = asciiValue, ascii >= 48, ascii <= 57 else { return nil }
        return ascii - 48
    }
}

extension Substring {
    /// Drops ASCII spaces, tabs and no-break spaces at both ends.
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" || first == "\u{A0}" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" || last == "\u{A0}" { result.removeLast() }
        return result
    }
}
