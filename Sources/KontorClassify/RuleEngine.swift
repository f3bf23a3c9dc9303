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
    private struct Compiled: Sendable {
        var rule: CategorizationRule
        var payee: POSIXPattern?
        var memo: POSIXPattern?
        var payeeContains: String?
        /// The bounds in minor units, by currency exponent (0…4).
        var minimum: [Int64]?
        var maximum: [Int64]?
    }

    private let rules: [Compiled]
    /// Per payee text: whether each rule's payee conditions hold. Bounded.
    private var payeeOutcomes: [String: [Bool]] = [:]
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
        let payee = line.payee ?? ""
        let payeeHolds = payeeOutcomes[payee] ?? remember(payee, in: \.payeeOutcomes, RuleEngine.outcomes(of: rules, payee: payee))
        var memoHolds: [Bool]?
        for (index, compiled) in rules.enumerated() where payeeHolds[index] {
            let rule = compiled.rule
            if let direction = rule.direction, (direction == .debit) != line.amount.isNegative { continue }
            let exponent = min(4, line.amount.currency.exponent)
            if let minimum = compiled.minimum, line.amount.minorUnits < minimum[exponent] { continue }
            if let maximum = compiled.maximum, line.amount.minorUnits > maximum[exponent] { continue }
            if let wanted = rule.account, wanted != account { continue }
            if compiled.memo != nil {
                let memo = line.memo ?? ""
                if memoHolds == nil {
                    memoHolds = memoOutcomes[memo] ?? remember(memo, in: \.memoOutcomes, RuleEngine.outcomes(of: rules, memo: memo))
                }
                guard memoHolds?[index] == true else { continue }
            }
            return rule
        }
        return nil
    }

    /// Whether each rule's payee conditions hold for `payee`.
    private static func outcomes(of rules: [Compiled], payee: String) -> [Bool] {
        let subject = POSIXPattern.Subject(payee)
        let lowercased = payee.lowercased()
        return rules.map { compiled in
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

    private mutating func remember(_ text: String, in cache: WritableKeyPath<RuleEngine, [String: [Bool]]>,
                                   _ outcomes: [Bool]) -> [Bool] {
        if self[keyPath: cache].count < RuleEngine.cacheLimit { self[keyPath: cache][text] = outcomes }
        return outcomes
    }
}
