import KontorCore

/// The features the classifier sees in an item, as text (`payee:adobe`, `amount:debit:10-20`)
/// so that evidence can name them.
///
/// - `payee:<word>`: each word of the payee (folded, without digits; at least 2 letters);
/// - `vendor:<key>`: the payee's normalized vendor key (``VendorNormalizer``);
/// - `memo:<word>`: up to ``memoWords`` words of the memo (at least 3 letters);
/// - `amount:<direction>:<from>-<to>`: the size of the amount in a 1-2-5 series of major units;
/// - `weekday:<mon…sun>`, `direction:<debit|credit>`, `account:<name>`.
///
/// Payee, vendor and memo features are the *text* features: the model answers only when
/// at least one of them was seen in the history.
enum ClassifierFeatures {
    static let memoWords = 8

    /// The text features of a payee and memo, without duplicates, in a fixed order.
    static func text(payee: String?, memo: String?, normalizer: VendorNormalizer) -> [String] {
        payeeText(payee, normalizer: normalizer) + memoText(memo)
    }

    /// `payee:<word>` for each word of the payee, then `vendor:<key>`.
    static func payeeText(_ payee: String?, normalizer: VendorNormalizer) -> [String] {
        guard let payee, !payee.isEmpty else { return [] }
        var result: [String] = []
        for word in words(payee, minimumLetters: 2) where !result.contains("payee:" + word) { result.append("payee:" + word) }
        let key = normalizer.normalize(payee).key
        if !key.isEmpty { result.append("vendor:" + key) }
        return result
    }

    /// `memo:<word>` for the first ``memoWords`` distinct words of the memo.
    static func memoText(_ memo: String?) -> [String] {
        guard let memo, !memo.isEmpty else { return [] }
        var result: [String] = []
        for word in words(memo, minimumLetters: 3) where !result.contains("memo:" + word) {
            result.append("memo:" + word)
            if result.count == memoWords { break }
        }
        return result
    }

    /// Folded words that hold no digit (reference numbers change on every line).
    static func words(_ text: String, minimumLetters: Int) -> [String] {
        TextFolding.key(text).split(separator: " ").compactMap { word in
            guard word.count >= minimumLetters, !word.contains(where: \.isNumber) else { return nil }
            return String(word)
        }
    }

    /// The lower bounds of the amount buckets in major units: 1, 2, 5, 10, 20, 50, … 500,000,000.
    static let bounds: [UInt64] = (0..<27).map { index in
        var decade: UInt64 = 1
        for _ in 0..<index / 3 { decade *= 10 }
        return decade * [1, 2, 5][index % 3]
    }

    /// The bucket of an amount's magnitude in major units: 0 under 1, 1 for [1, 2), 2 for
    /// [2, 5), 3 for [5, 10), 4 for [10, 20), … up to ``bucketCount`` − 1.
    static func bucket(_ amount: Money) -> Int {
        var major = amount.minorUnits.magnitude
        for _ in 0..<amount.currency.exponent { major /= 10 }
        var index = 0
        while index < bounds.count, major >= bounds[index] { index += 1 }
        return index
    }

    static let bucketCount = 28

    /// `0-1`, `1-2`, `2-5`, `5-10`, … `500000000-`: the bucket's range in major units.
    static func bucketLabel(_ index: Int) -> String {
        guard index > 0 else { return "0-1" }
        guard index < bounds.count else { return "\(bounds[bounds.count - 1])-" }
        return "\(bounds[index - 1])-\(bounds[index])"
    }

    static func amount(_ money: Money) -> String {
        "amount:" + (money.isNegative ? "debit:" : "credit:") + bucketLabel(bucket(money))
    }

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    static func weekday(_ date: LocalDate) -> String { "weekday:" + weekdays[date.isoWeekday - 1] }

    static func direction(_ amount: Money) -> String { amount.isNegative ? "direction:debit" : "direction:credit" }

    static func account(_ name: String) -> String { "account:" + name }

    /// Every feature of an example, text features first.
    static func all(payee: String?, memo: String?, amount: Money, date: LocalDate, account: String?,
                    normalizer: VendorNormalizer) -> [String] {
        var features = text(payee: payee, memo: memo, normalizer: normalizer)
        features.append(ClassifierFeatures.amount(amount))
        features.append(weekday(date))
        features.append(direction(amount))
        if let account { features.append(ClassifierFeatures.account(account)) }
        return features
    }
}
