import KontorCore

/// How the learned classifier decides for a business (`classifier:` in its profile).
public struct ClassifierSettings: Hashable, Sendable {
    /// The posterior probability a prediction needs before its category is used; below
    /// it the line goes to review. 0.5…1, default 0.9.
    public var threshold: Double = 0.9
    /// The model answers only once the business has this many categorized items.
    public var minimumExamples = 20
    /// False turns the classifier off: lines no rule or vendor default decides go to review.
    public var enabled = true

    public init() {}

    static let allowedKeys = ["enabled", "threshold", "min_examples"]

    static func parse(_ node: ConfigNode) throws(KontorError) -> ClassifierSettings {
        let mapping = try ConfigMapping(node, what: "classifier settings", allowed: allowedKeys)
        var settings = ClassifierSettings()
        if let enabled = mapping.optional("enabled") { settings.enabled = try enabled.bool() }
        if let threshold = mapping.optional("threshold") {
            let text = try threshold.string(expected: "a probability such as 0.9")
            guard let value = Double(text), value >= 0.5, value <= 1 else {
                throw threshold.error("classifier.threshold must be a number from 0.5 to 1, found '\(text)'",
                                      hint: "write the posterior probability a guess needs, such as threshold: 0.9")
            }
            settings.threshold = value
        }
        if let minimum = mapping.optional("min_examples") {
            settings.minimumExamples = Int(try minimum.integer(in: 1...1_000_000, unit: "items"))
        }
        return settings
    }
}
