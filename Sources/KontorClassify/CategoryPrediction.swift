import KontorCore

/// What the classifier says about one item: its best category, how sure it is, and the
/// features that decided.
public struct CategoryPrediction: Hashable, Sendable {
    public var category: CategoryKey
    /// The posterior probability of `category` (0…1).
    public var score: Double
    /// Whether `score` reached the threshold: only then is the category used.
    public var accepted: Bool
    /// The threshold it was compared with.
    public var threshold: Double
    /// The features that weighed most for `category` against the runner-up, strongest first.
    public var features: [String]
    /// The second-best category, if the model knows more than one.
    public var runnerUp: CategoryKey?
    /// How many history items the model learned from.
    public var examples: Int

    /// The evidence stored with the line: `{"source": "model", "score": 0.97, …}` when
    /// accepted; when not, the line waits for review and the evidence says why, with the
    /// model's best guess.
    public var evidence: JSONValue {
        var fields: [String: JSONValue] = [
            "category": .string(category.rawValue), "score": .number(CategoryPrediction.rounded(score)),
            "threshold": .number(CategoryPrediction.rounded(threshold)),
            "features": .array(features.map(JSONValue.string)),
            "runner_up": .optional(runnerUp?.rawValue), "examples": .int(Int64(examples)),
        ]
        guard accepted else {
            return ["source": "none", "reason": "model below threshold", "model": .object(fields)]
        }
        fields["source"] = "model"
        return .object(fields)
    }

    /// A probability as text with three decimals, truncated (0.9996 → `0.999`, never `1.000`
    /// unless it is 1).
    static func rounded(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded(.down))
        let clamped = max(0, min(1000, thousandths))
        let fraction = String(clamped % 1000)
        return "\(clamped / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
