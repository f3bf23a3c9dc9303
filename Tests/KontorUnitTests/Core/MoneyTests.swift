import KontorCore
import Testing

@Suite struct MoneyTests {
    static let eur = CurrencyCode.EUR
    static let jpy = CurrencyCode("JPY")!
    static let bhd = CurrencyCode("BHD")!

    @Test(arguments: [
        ("12.34", "EUR", ".", nil, Int64(1234)),
        ("-12.34", "EUR", ".", nil, -1234),
        ("12.3", "EUR", ".", nil, 1230),
        ("12", "EUR", ".", nil, 1200),
        (".5", "EUR", ".", nil, 50),
        ("1.234,56", "EUR", ",", ".", 123_456),
        ("1,234.56", "EUR", ".", ",", 123_456),
        ("12,50", "EUR", ",", nil, 1250),
        ("(7.00)", "EUR", ".", nil, -700),
        ("7.00-", "EUR", ".", nil, -700),
        ("+3", "EUR", ".", nil, 300),
        ("1500", "JPY", ".", nil, 1500),
        ("1.234", "BHD", ".", nil, 1234),
        (" 42.00 ", "EUR", ".", nil, 4200),
    ] as [(String, String, Character, Character?, Int64)])
    func parsesExactMinorUnits(text: String, currency: String, decimal: Character, grouping: Character?, expected: Int64) throws {
        let money = try Money.parse(text, currency: CurrencyCode(currency)!, decimalSeparator: decimal, groupingSeparator: grouping)
        #expect(money.minorUnits == expected)
    }

    @Test(arguments: [
        ("12.345", "EUR has 2 decimal places, the amount has 3"),
        ("12.3.4", "'.' is not allowed in an amount (decimal separator is '.')"),
        ("abc", "'a' is not allowed in an amount (decimal separator is '.')"),
        ("", "the amount is empty"),
        ("-", "the amount has no digits"),
        ("99999999999999999999", "the amount is larger than Kontor accepts (1000000000000000 minor units)"),
    ])
    func refusesWhatIsNotAnAmount(text: String, reason: String) {
        #expect(throws: AmountSyntaxError(reason)) { try Money.parse(text, currency: Self.eur) }
    }

    @Test(arguments: [
        ("0.125", RoundingMode.halfUp, Int64(13)), ("0.125", .halfEven, 12), ("0.135", .halfEven, 14),
        ("-0.125", .halfUp, -13), ("0.1251", .halfEven, 13), ("2.5", .halfEven, 250), ("0.124999", .halfUp, 12),
    ])
    func roundsOnlyWhenAsked(text: String, mode: RoundingMode, expected: Int64) throws {
        #expect(try Money.parse(text, currency: Self.eur, rounding: mode).minorUnits == expected)
    }

    @Test func roundsToWholeYen() throws {
        #expect(try Money.parse("2.5", currency: Self.jpy, rounding: .halfEven).minorUnits == 2)
        #expect(try Money.parse("3.5", currency: Self.jpy, rounding: .halfEven).minorUnits == 4)
        #expect(try Money.parse("2.5", currency: Self.jpy, rounding: .halfUp).minorUnits == 3)
    }

    @Test(arguments: [
        (Int64(1234), "EUR", "12.34"), (-5, "EUR", "-0.05"), (0, "EUR", "0.00"), (1500, "JPY", "1500"),
        (1, "BHD", "0.001"), (-100_000, "CLF", "-10.0000"),
    ])
    func formatsWithTheCurrencyExponent(units: Int64, currency: String, expected: String) {
        #expect(Money(minorUnits: units, currency: CurrencyCode(currency)!).decimalString == expected)
    }

    @Test func addsOnlyTheSameCurrency() throws {
        let sum = try Money(minorUnits: 150, currency: Self.eur).adding(Money(minorUnits: -50, currency: Self.eur))
        #expect(sum == Money(minorUnits: 100, currency: Self.eur))
        #expect(throws: MoneyError.currencyMismatch(Self.eur, Self.jpy)) {
            try Money(minorUnits: 1, currency: Self.eur).adding(Money(minorUnits: 1, currency: Self.jpy))
        }
        #expect(throws: MoneyError.overflow) {
            try Money(minorUnits: .max, currency: Self.eur).adding(Money(minorUnits: 1, currency: Self.eur))
        }
    }

    @Test func knowsTheISOExponents() {
        #expect(CurrencyCode.all.count >= 150)
        #expect(CurrencyCode("KWD")?.exponent == 3)
        #expect(CurrencyCode("KRW")?.exponent == 0)
        #expect(CurrencyCode("CLF")?.exponent == 4)
        #expect(CurrencyCode("XAU") == nil)
        #expect(CurrencyCode("eur") == nil)
    }
}
