import KontorCore

/// Stripe's integer amounts and their minor units, which are not always ISO 4217's.
///
/// The API writes amounts in the currency's smallest unit as Stripe defines it
/// (docs.stripe.com/currencies): zero-decimal currencies (JPY, KRW, …, and MGA, which
/// ISO gives two decimals) stay as they are, three-decimal ones (BHD, JOD, KWD, OMR, TND)
/// have three, and ISK, zero-decimal in ISO, is written with two for backwards
/// compatibility. Every other currency has two.
enum StripeAmount {
    static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    static let threeDecimal: Set<String> = ["BHD", "JOD", "KWD", "OMR", "TND"]

    /// How many decimals Stripe's integer amounts have in `currency`.
    static func exponent(of currency: CurrencyCode) -> Int {
        if zeroDecimal.contains(currency.code) { return 0 }
        if threeDecimal.contains(currency.code) { return 3 }
        return 2
    }

    /// A Stripe integer amount as exact ``Money``; nil when it does not fit the ISO minor
    /// unit (an ISK amount that is not a multiple of 100) or Kontor's range.
    static func money(_ units: Int64, _ currency: CurrencyCode) -> Money? {
        var value = units
        let shift = currency.exponent - exponent(of: currency)
        if shift > 0 {
            for _ in 0..<shift {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = product
            }
        } else if shift < 0 {
            for _ in 0 ..< -shift {
                guard value % 10 == 0 else { return nil }
                value /= 10
            }
        }
        guard value.magnitude <= UInt64(Money.maximumMinorUnits) else { return nil }
        return Money(minorUnits: value, currency: currency)
    }
}

extension GatewayJSON {
    /// A Stripe integer amount member as ``Money``; nil when absent or null.
    func stripeMoney(_ key: String, _ currency: CurrencyCode) throws(KontorError) -> Money? {
        guard let units = try integer(key) else { return nil }
        guard let money = StripeAmount.money(units, currency) else {
            throw error(key, "\(childPath(key)) \(units) is not an amount in \(currency.code)'s smallest unit",
                        hint: "Stripe writes \(currency.code) amounts with \(StripeAmount.exponent(of: currency)) implied decimals")
        }
        return money
    }

    func requiredStripeMoney(_ key: String, _ currency: CurrencyCode) throws(KontorError) -> Money {
        guard let money = try stripeMoney(key, currency) else {
            throw error(key, "\(childPath(key)) is missing", hint: "Stripe always sends \(key); was the file cut short or edited?")
        }
        return money
    }
}
