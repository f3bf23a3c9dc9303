import KontorCore

#if canImport(Glibc)
import Glibc
#endif

/// A multinomial naive Bayes classifier trained on one business's categorized history
/// (see ``ClassifierFeatures`` for what it looks at).
///
/// Deterministic: categories and features are ordered, sums run in a fixed order and ties
/// go to the smaller category key. Training counts (weighted) feature occurrences per
/// category; a prediction adds the log prior and the log likelihood of each known feature
/// and turns the sums into posterior probabilities. It answers only when the item has a
/// text feature (payee, vendor or memo word) seen in the history and the history has at
/// least `minimumExamples` items; the caller uses the category only when the posterior
/// reaches `threshold`.
///
/// Per item it costs two dictionary lookups (the known feature ids are remembered per
/// payee and per memo, bounded), a sum over features × categories and one pass of `exp`
/// over the categories.
public struct CategoryModel: Sendable {
    public let categories: [CategoryKey]
    public let examples: Int
    public let threshold: Double
    public let minimumExamples: Int
    private let classCount: Int
    private let featureIndex: [String: Int]
    private let featureNames: [String]
    /// Log likelihood of feature f in class c at `f * classCount + c`.
    private let logLikelihood: [Double]
    private let logPrior: [Double]
    private let normalizer = VendorNormalizer()
    /// Feature ids of the non-text features, precomputed: amount by direction × bucket,
    /// weekday, direction; accounts by name.
    private let amountFeatures: [Int?]
    private let weekdayFeatures: [Int?]
    private let directionFeatures: [Int?]
    private let accountFeatures: [String: Int]

    /// The known feature ids of each payee and memo seen, so a payee's words are folded
    /// once per import, not once per line. Bounded.
    private var payeeFeatures: [String: [Int]] = [:]
    private var memoFeatures: [String: [Int]] = [:]
    private static let cacheLimit = 20_000
    /// Additive smoothing of the feature counts.
    static let smoothing = 0.5

    /// Trains on `history`.
    /// - Parameters:
    ///   - threshold: the posterior a prediction needs to be accepted (0…1).
    ///   - minimumExamples: below this many history items the model never answers.
    public init(history: some Sequence<ClassifierExample>, threshold: Double, minimumExamples: Int) {
        self.threshold = threshold
        self.minimumExamples = minimumExamples
        let normalizer = VendorNormalizer()
        var classTotals: [CategoryKey: Double] = [:]
        var counts: [String: [CategoryKey: Double]] = [:]
        var featureTotals: [CategoryKey: Double] = [:]
        var payeeText: [String: [String]] = [:]
        var memoText: [String: [String]] = [:]
        var exampleCount = 0
        for example in history {
            let weight = Double(max(1, example.weight))
            exampleCount += 1
            classTotals[example.category, default: 0] += weight
            var features: [String] = []
            if let payee = example.payee {
                if let cached = payeeText[payee] {
                    features = cached
                } else {
                    features = ClassifierFeatures.payeeText(payee, normalizer: normalizer)
                    if payeeText.count < CategoryModel.cacheLimit { payeeText[payee] = features }
                }
            }
            if let memo = example.memo {
                if let cached = memoText[memo] {
                    features += cached
                } else {
                    let words = ClassifierFeatures.memoText(memo)
                    if memoText.count < CategoryModel.cacheLimit { memoText[memo] = words }
                    features += words
                }
            }
            features.append(ClassifierFeatures.amount(example.amount))
            features.append(ClassifierFeatures.weekday(example.date))
            features.append(ClassifierFeatures.direction(example.amount))
            if let account = example.account { features.append(ClassifierFeatures.account(account)) }
            for feature in features { counts[feature, default: [:]][example.category, default: 0] += weight }
            featureTotals[example.category, default: 0] += weight * Double(features.count)
        }
        examples = exampleCount
        categories = classTotals.keys.sorted()
        classCount = categories.count
        featureNames = counts.keys.sorted()
        var index: [String: Int] = [:]
        for (offset, name) in featureNames.enumerated() { index[name] = offset }
        featureIndex = index
        let total = classTotals.values.reduce(0, +)
        logPrior = categories.map { log(classTotals[$0, default: 0] / max(total, 1)) }
        let vocabulary = Double(max(1, featureNames.count))
        var likelihood = [Double](repeating: 0, count: featureNames.count * categories.count)
        for (f, name) in featureNames.enumerated() {
            let byClass = counts[name] ?? [:]
            for (c, category) in categories.enumerated() {
                let denominator = featureTotals[category, default: 0] + CategoryModel.smoothing * vocabulary
                likelihood[f * categories.count + c] = log((byClass[category, default: 0] + CategoryModel.smoothing) / denominator)
            }
        }
        logLikelihood = likelihood
        var amounts: [Int?] = []
        for direction in [false, true] {
            for bucket in 0..<ClassifierFeatures.bucketCount {
                let label = "amount:" + (direction ? "debit:" : "credit:") + ClassifierFeatures.bucketLabel(bucket)
                amounts.append(index[label])
            }
        }
        amountFeatures = amounts
        weekdayFeatures = ClassifierFeatures.weekdays.map { index["weekday:" + $0] }
        directionFeatures = [index["direction:credit"], index["direction:debit"]]
        var accounts: [String: Int] = [:]
        for (name, id) in index where name.hasPrefix("account:") { accounts[String(name.dropFirst(8))] = id }
        accountFeatures = accounts
    }

    /// The model's answer for an item, or nil when it has nothing to go on (too little
    /// history, a history of one category only — every guess would score 1 and pass any
    /// threshold, whatever the item — or no payee, vendor or memo word it has seen).
    public mutating func predict(payee: String?, memo: String?, amount: Money, date: LocalDate,
                                 account: String?) -> CategoryPrediction? {
        guard examples >= minimumExamples, classCount >= 2 else { return nil }
        let normalizer = self.normalizer
        var features = known(payee, in: \.payeeFeatures) { ClassifierFeatures.payeeText($0, normalizer: normalizer) }
            + known(memo, in: \.memoFeatures) { ClassifierFeatures.memoText($0) }
        guard !features.isEmpty else { return nil }
        var sums = logPrior
        for feature in features {
            let base = feature * classCount
            for c in 0..<classCount { sums[c] += logLikelihood[base + c] }
        }
        let bucket = ClassifierFeatures.bucket(amount)
        for feature in [amountFeatures[(amount.isNegative ? ClassifierFeatures.bucketCount : 0) + bucket],
                        weekdayFeatures[date.isoWeekday - 1], directionFeatures[amount.isNegative ? 1 : 0],
                        account.flatMap { accountFeatures[$0] }] {
            guard let feature else { continue }
            features.append(feature)
            let base = feature * classCount
            for c in 0..<classCount { sums[c] += logLikelihood[base + c] }
        }
        var best = 0
        for c in 0..<classCount where sums[c] > sums[best] { best = c }
        var second: Int?
        for c in 0..<classCount where c != best {
            if let current = second, sums[current] >= sums[c] { continue }
            second = c
        }
        var partition = 0.0
        for c in 0..<classCount { partition += exp(sums[c] - sums[best]) }
        let score = 1 / partition
        return CategoryPrediction(
            category: categories[best], score: score, accepted: score >= threshold, threshold: threshold,
            features: deciding(features, best: best, against: second), runnerUp: second.map { categories[$0] },
            examples: examples)
    }

    /// The features that favour `best` over `other` most (over all others with one class),
    /// strongest first, at most three, each with its log-odds weight: `payee:adobe (+4.2)`.
    private func deciding(_ features: [Int], best: Int, against other: Int?) -> [String] {
        var weighted: [(weight: Double, name: String)] = []
        for feature in features {
            let base = feature * classCount
            let weight = other.map { logLikelihood[base + best] - logLikelihood[base + $0] } ?? logLikelihood[base + best]
            guard other == nil || weight > 0 else { continue }
            weighted.append((weight, featureNames[feature]))
        }
        // Equal weights (a payee seen once) name the payee before its amount or weekday.
        let rank = { (name: String) -> Int in
            for (index, prefix) in ["payee:", "vendor:", "memo:", "amount:", "account:"].enumerated() where name.hasPrefix(prefix) {
                return index
            }
            return 5
        }
        let tolerance = 1e-9
        weighted.sort { a, b in
            if abs(a.weight - b.weight) > tolerance { return a.weight > b.weight }
            return (rank(a.name), a.name) < (rank(b.name), b.name)
        }
        return weighted.prefix(3).map { entry in
            guard other != nil else { return entry.name }
            let tenths = Int((entry.weight * 10).rounded())
            return "\(entry.name) (+\(tenths / 10).\(tenths % 10))"
        }
    }

    /// The ids of the features of `text` the model knows, remembered per text.
    private mutating func known(_ text: String?, in cache: WritableKeyPath<CategoryModel, [String: [Int]]>,
                                _ features: (String) -> [String]) -> [Int] {
        guard let text, !text.isEmpty else { return [] }
        if let cached = self[keyPath: cache][text] { return cached }
        let ids = features(text).compactMap { featureIndex[$0] }
        if self[keyPath: cache].count < CategoryModel.cacheLimit { self[keyPath: cache][text] = ids }
        return ids
    }
}
