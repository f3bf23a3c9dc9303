#if canImport(Glibc)
import Glibc
#endif
import KontorCore

/// Applies categorization rules in order: the first rule whose every condition holds
/// decides. Patterns are compiled once, and which rules' payee (and memo) conditions hold
/// is remembered per distinct text, so a statement of a million lines from a few thousand
/// payees runs each pattern a few thousand times; amount, direction and account are
/// checked per line.
public struct RuleEngine: Sendable {
    /// A rule with its patterns compiled: a class, so that walking the rules per line
    /// copies a reference, not the rule's strings.
    private final class Compiled: Sendable {
        let rule: CategorizationRule
        let payee: POSIXPattern?
        let memo: POSIXPattern?
        let payeeContains: String?
        /// The bounds in minor units, by currency exponent (0…4).
        let minimum: [Int64]?
        let maximum: [Int64]?

        init(rule: CategorizationRule, payee: POSIXPattern?, memo: POSIXPattern?, payeeContains: String?,
             minimum: [Int64]?, maximum: [Int64]?) {
            self.rule = rule
            self.payee = payee
            self.memo = memo
            self.payeeContains = payeeContains
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    private let rules: [Compiled]
    /// Per payee text: the indices of the rules whose payee conditions hold, in order. Bounded.
    private var payeeOutcomes: [String: [Int]] = [:]
    /// Per memo text: whether each rule's memo condition holds. Bounded.
    private var memoOutcomes: [String: [Bool]] = [:]
    private static let cacheLimit = 50_000

    /// Compiles the rules' patterns; a pattern that does not compile is an error that
    /// names the rule.
    public init(_ rules: [CategorizationRule]) throws(KontorError) {
        var compiled: [Compiled] = []
        for rule in rules {
            compiled.append(Compiled(rule: rule, payee: try RuleEngine.compile(rule.payeePattern, rule: rule, key: "payee"),
                                     memo: try RuleEngine.compile(rule.memoPattern, rule: rule, key: "memo"),
                                     payeeContains: rule.payeeContains?.lowercased(),
                                     minimum: try RuleEngine.bounds(rule.minimum, rule: rule, key: "min"),
                                     maximum: try RuleEngine.bounds(rule.maximum, rule: rule, key: "max")))
        }
        self.rules = compiled
    }

    static func compile(_ pattern: String?, rule: CategorizationRule, key: String) throws(KontorError) -> POSIXPattern? {
        guard let pattern else { return nil }
        guard let compiled = POSIXPattern(pattern) else {
            var position = rule.position
            position.field = key
            throw KontorError(.config, "rule \(rule.id): '\(pattern)' is not a valid regular expression",
                              hint: "use literals, '.', '*', '+', '?', '[...]', '(...)', '|', '^' and '$'", at: position)
        }
        return compiled
    }

    /// A bound in minor units for each currency exponent 0…4 (extra decimals half-up).
    static func bounds(_ text: String?, rule: CategorizationRule, key: String) throws(KontorError) -> [Int64]? {
        guard let text else { return nil }
        var result: [Int64] = []
        for exponent in 0...4 {
            let currency = CurrencyCode.all.first { $0.exponent == exponent } ?? .EUR
            do {
                result.append(try Money.parse(text, currency: currency, rounding: .halfUp).minorUnits)
            } catch {
                var position = rule.position
                position.field = key
                throw KontorError(.config, "rule \(rule.id): \(key) '\(text)' is not an amount: \(error.reason)",
                                  hint: "write amounts like -100.00 (money out is negative)", at: position)
            }
        }
        return result
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// The first rule that matches the line, if any.
    public mutating func match(_ line: BankTransaction, account: String?) -> CategorizationRule? {
        matchIndex(line, account: account).map { rules[$0].rule }
    }

    /// The position (in the rules given to ``init(_:)``) of the first rule that matches the
    /// line, if any: a caller that keeps something per rule looks it up by this.
    public mutating func matchIndex(_ line: BankTransaction, account: String?) -> Int? {
        let payee = line.payee ?? ""
        let candidates = payeeOutcomes[payee] ?? remember(payee, in: \.payeeOutcomes, RuleEngine.outcomes(of: rules, payee: payee))
        guard !candidates.isEmpty else { return nil }
        var memoHolds: [Bool]?
        let amount = line.amount
        let exponent = min(4, amount.currency.exponent)
        for index in candidates {
            let compiled = rules[index]
            if let direction = compiled.rule.direction, (direction == .debit) != amount.isNegative { continue }
            if let minimum = compiled.minimum, amount.minorUnits < minimum[exponent] { continue }
            if let maximum = compiled.maximum, amount.minorUnits > maximum[exponent] { continue }
            if let wanted = compiled.rule.account, wanted != account { continue }
            if compiled.memo != nil {
                let memo = line.memo ?? ""
                if memoHolds == nil {
                    memoHolds = memoOutcomes[memo] ?? remember(memo, in: \.memoOutcomes, RuleEngine.outcomes(of: rules, memo: memo))
                }
                guard memoHolds?[index] == true else { continue }
            }
            return index
        }
        return nil
    }

    /// The rule at `index` (as ``matchIndex(_:account:)`` returns it).
    public func rule(at index: Int) -> CategorizationRule { rules[index].rule }

    /// The number of rules.
    public var count: Int { rules.count }

    /// The indices of the rules whose payee conditions hold for `payee`, in order.
    private static func outcomes(of rules: [Compiled], payee: String) -> [Int] {
        let subject = POSIXPattern.Subject(payee)
        let lowercased = payee.lowercased()
        return rules.indices.filter { index in
            let compiled = rules[index]
            if let contains = compiled.payeeContains, !lowercased.contains(contains) { return false }
            if let regex = compiled.payee, !regex.matches(subject) { return false }
            return true
        }
    }

    /// Whether each rule's memo condition holds for `memo`.
    private static func outcomes(of rules: [Compiled], memo: String) -> [Bool] {
        let subject = POSIXPattern.Subject(memo)
        return rules.map { compiled in compiled.memo?.matches(subject) ?? true }
    }

    private mutating func remember<Outcome>(_ text: String, in cache: WritableKeyPath<RuleEngine, [String: [Outcome]]>,
                                            _ outcomes: [Outcome]) -> [Outcome] {
        if self[keyPath: cache].count < RuleEngine.cacheLimit { self[keyPath: cache][text] = outcomes }
        return outcomes
    }
}
