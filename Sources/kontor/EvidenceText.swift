import KontorConfig
import KontorCore

/// Evidence (as stored with each categorized item) in words, for tables.
enum EvidenceText {
    /// One line: `rule nordlicht-electricity (payee ~ "^Vattenfall", debit)`,
    /// `model 0.97 ≥ 0.90: payee:adobe (+4.2), vendor:adobe (+3.1)`, `vendor default (Adobe)`,
    /// `corrected by fix.csv line 2 at 2026-11-26T10:00:00Z by anna`, `none: no rule matched`,
    /// `pays INV-2026-00002 of globex (invoice-number, score 0.95)`, `pays expense 26 (category from the expense log)`.
    static func describe(_ evidence: JSONValue, rules: [CategorizationRule] = []) -> String {
        guard let object = evidence.objectValue else { return "" }
        let text = { (key: String) in object[key]?.stringValue ?? "" }
        switch text("source") {
        case "rule":
            let id = text("rule")
            guard let rule = rules.first(where: { $0.id == id }) else { return "rule \(id)" }
            return "rule \(id) (\(conditions(of: rule)))"
        case "model":
            return "model " + model(object)
        case "vendor-default":
            return "vendor default (\(text("vendor")))"
        case "correction":
            var line = "corrected by \(text("file"))"
            if case .int(let number)? = object["line"] { line += " line \(number)" }
            line += " at \(text("at"))"
            if !text("by").isEmpty { line += " by \(text("by"))" }
            return line
        case "expense-log":
            var line = "category from the expense log \(text("file"))"
            if case .int(let number)? = object["line"] { line += " line \(number)" }
            return line
        case "expense":
            var line = "pays expense"
            if case .int(let number)? = object["expense"] { line += " \(number)" }
            return line + " (category from the expense log)"
        case "none":
            if let guess = object["model"]?.objectValue {
                return "none: \(text("reason")) (model guessed \(guess["category"]?.stringValue ?? "") \(model(guess)))"
            }
            return "none: \(text("reason"))"
        case "gateway":
            return "gateway \(text("gateway")) \(text("kind"))".trimmingTrailingSpaces()
        case "gateway-payout":
            return "payout of gateway \(text("gateway"))"
        case "payment-match":
            let invoices = object["invoices"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return "pays \(invoices.joined(separator: ", ")) of \(text("client")) (\(text("evidence")), score \(text("score")))"
        case "payment-review":
            let candidates = object["candidates"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return "payment to review: \(text("reason"))" + (candidates.isEmpty ? "" : " (candidates \(candidates.joined(separator: ", ")))")
        default:
            return object.sorted { $0.key < $1.key }.compactMap { $0.value.stringValue }.joined(separator: " ")
        }
    }

    /// `0.97 ≥ 0.90: payee:adobe (+4.2), …` (or `<` below the threshold).
    static func model(_ object: [String: JSONValue]) -> String {
        let number = { (key: String) -> String in
            if case .number(let text)? = object[key] { return text }
            return "?"
        }
        let features = object["features"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let accepted = (Double(number("score")) ?? 0) >= (Double(number("threshold")) ?? 1)
        return "\(number("score")) \(accepted ? "≥" : "<") \(number("threshold")): " + features.joined(separator: ", ")
    }

    /// A rule's conditions: `payee ~ "^Vattenfall", debit`.
    static func conditions(of rule: CategorizationRule) -> String {
        var parts: [String] = []
        if let pattern = rule.payeePattern { parts.append("payee ~ \"\(pattern)\"") }
        if let contains = rule.payeeContains { parts.append("payee contains \"\(contains)\"") }
        if let pattern = rule.memoPattern { parts.append("memo ~ \"\(pattern)\"") }
        if let minimum = rule.minimum { parts.append("amount ≥ \(minimum)") }
        if let maximum = rule.maximum { parts.append("amount ≤ \(maximum)") }
        if let account = rule.account { parts.append("account \(account)") }
        if let direction = rule.direction { parts.append(direction.rawValue) }
        return parts.joined(separator: ", ")
    }

    /// The rule's conditions as JSON (for `expenses show --format json`).
    static func json(of rule: CategorizationRule) -> JSONValue {
        [
            "id": .string(rule.id), "payee": .optional(rule.payeePattern), "payee_contains": .optional(rule.payeeContains),
            "memo": .optional(rule.memoPattern), "min": .optional(rule.minimum), "max": .optional(rule.maximum),
            "account": .optional(rule.account), "direction": .optional(rule.direction?.rawValue),
            "category": .string(rule.category.rawValue),
            "file": .optional(rule.position.file), "line": rule.position.line.map { .int(Int64($0)) } ?? .null,
        ]
    }
}
