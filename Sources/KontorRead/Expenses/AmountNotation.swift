import KontorCore

/// Detects the decimal separator of a column of amounts and reads amounts strictly.
enum AmountNotation {
    /// What one amount says about the decimal separator, or nil when it cannot tell
    /// (`12`, `1,234`, `1.234`).
    static func evidence(_ text: some StringProtocol) -> DecimalSeparator? {
        var commas = 0, points = 0, last: UInt8 = 0, digitsAfterLast = 0
        for byte in text.utf8 {
            switch byte {
            case 0x2C: commas += 1; last = byte; digitsAfterLast = 0
            case 0x2E: points += 1; last = byte; digitsAfterLast = 0
            case 0x30...0x39: digitsAfterLast += 1
            default: break
            }
        }
        switch (commas, points) {
        case (0, 0): return nil
        case (_, 0) where commas > 1: return .point
        case (0, _) where points > 1: return .comma
        case (_, 0), (0, _):
            if digitsAfterLast == 3 { return nil }
            return commas == 1 ? .comma : .point
        default: return last == 0x2C ? .comma : .point
        }
    }

    /// The separator the first decisive sample shows; point when none decides.
    static func detect(_ samples: some Sequence<String>) -> DecimalSeparator {
        decisive(samples) ?? .point
    }

    /// The separator the first decisive sample shows; nil when none decides.
    static func decisive(_ samples: some Sequence<String>) -> DecimalSeparator? {
        for sample in samples {
            if let separator = evidence(sample) { return separator }
        }
        return nil
    }

    /// Whether `text` means a different amount of `currency` depending on the decimal
    /// separator, when the file does not say which it uses: one `,` or `.` followed by
    /// exactly three digits in a currency with three decimals (`1,250` KWD is 1.250 with a
    /// decimal comma and 1250.000 with a decimal point). In a currency with two decimals
    /// or none, one reading has too many decimals and is refused anyway.
    static func isAmbiguous(_ text: String, currency: CurrencyCode) -> Bool {
        guard currency.exponent == 3 else { return false }
        var before = 0, after = 0, separators = 0
        for byte in text.utf8 {
            switch byte {
            case 0x2C, 0x2E: separators += 1
            case 0x30...0x39: if separators == 0 { before += 1 } else { after += 1 }
            default: break
            }
        }
        // `1250,000` cannot be grouped (a group has three digits): not ambiguous.
        return separators == 1 && (1...3).contains(before) && after == 3
    }

    /// Why an amount could not be read: the message and hint of the reader's error.
    struct Failure: Error, Equatable {
        var message: String
        var hint: String
    }

    /// Reads an amount, refusing grouping separators in the wrong place (`12.5` in a file
    /// with `.` grouping) and more fraction digits than the currency has.
    static func parse(_ text: String, field: String, currency: CurrencyCode,
                      separator: DecimalSeparator, allowsGrouping: Bool = true) throws(Failure) -> Money {
        let decimal = separator.character
        if !text.isEmpty, let money = plainAmount(text, currency: currency, decimal: separator == .comma ? 0x2C : 0x2E) {
            return money
        }
        let grouping = separator.grouping
        let example = currency.exponent > 0
            ? "1234\(decimal)" + String("5678".prefix(currency.exponent)) : "1234"
        let hint = "write the \(field) with digits, an optional '-' and '\(decimal)' as decimal separator, "
            + "without a currency symbol, e.g. \(example)"
        guard !text.isEmpty else { throw Failure(message: "\(field) is empty", hint: hint) }
        let parts = text.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts[0]
        if allowsGrouping, integerPart.contains(grouping) {
            guard groupsArePlaced(integerPart, grouping: grouping) else {
                throw Failure(message: "\(field) '\(text)' has the grouping separator '\(grouping)' in the wrong place",
                              hint: "this file uses '\(decimal)' as decimal separator; " + hint)
            }
        }
        if parts.count == 2 {
            let fraction = parts[1].filter { $0.isASCII && $0.isNumber }.count
            if fraction > currency.exponent {
                throw Failure(
                    message: "\(field) '\(text)' has \(fraction) decimal places, \(currency.code) has \(currency.exponent)",
                    hint: "round the \(field) to \(currency.exponent) decimal places")
            }
        }
        do {
            return try Money.parse(text, currency: currency, decimalSeparator: decimal,
                                   groupingSeparator: allowsGrouping ? grouping : nil)
        } catch {
            throw Failure(message: "\(field) '\(text)' cannot be read: \(error.reason)", hint: hint)
        }
    }

    /// Whether the grouping separators of an amount's integer part (sign and symbols
    /// before the first digit ignored) stand between groups of three digits after a first
    /// group of one to three: `1.234.567` yes, `-62.3` or `1.23.456` no.
    static func groupsArePlaced(_ integerPart: Substring, grouping: Character) -> Bool {
        let groups = integerPart.drop { !$0.isASCII || !$0.isNumber }.split(separator: grouping, omittingEmptySubsequences: false)
        return groups.enumerated().allSatisfy { index, group in
            let digits = group.prefix { $0.isASCII && $0.isNumber }.count
            return index == 0 ? (1...3).contains(digits) : digits == 3
        }
    }

    /// The fast path for the common spelling `-?digits[.digits]` (at most the currency's
    /// fraction digits, at most 18 digits in minor units): nil for anything else, which then
    /// goes through the full checks and ``Money/parse``.
    static func plainAmount(_ text: String, currency: CurrencyCode, decimal: UInt8) -> Money? {
        var units: Int64 = 0
        var negative = false
        var integerDigits = 0
        var fractionDigits = -1
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x30...0x39:
                if fractionDigits >= 0 { fractionDigits += 1 } else { integerDigits += 1 }
                guard integerDigits + max(0, fractionDigits) <= 18 else { return nil }
                units = units * 10 + Int64(byte - 0x30)
            case 0x2D where offset == 0: negative = true
            case decimal where fractionDigits < 0: fractionDigits = 0
            default: return nil
            }
        }
        let fraction = max(0, fractionDigits)
        guard integerDigits + fraction > 0, integerDigits + currency.exponent <= 18, fraction <= currency.exponent else { return nil }
        for _ in fraction..<currency.exponent { units *= 10 }
        guard units <= Money.maximumMinorUnits else { return nil }
        return Money(minorUnits: negative ? -units : units, currency: currency)
    }
}
