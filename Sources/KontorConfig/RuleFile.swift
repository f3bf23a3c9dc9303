import KontorCore

/// A file of categorization rules, `pipelines/rules/<name>.yaml`:
///
/// ```yaml
/// business: acme          # optional: rules for this business only; absent = shared
/// rules:
///   - id: telekom
///     payee: "TELEKOM|T-MOBILE"    # regular expression, case-insensitive
///     category: utilities.phone
///     vendor: Telekom Deutschland
///     direction: debit
/// ```
///
/// Each rule needs an `id` and a `category` and at least one condition (`payee`,
/// `payee_contains`, `memo`, `min`, `max`, `account`, `direction`).
public enum RuleFile {
    static let allowedKeys = ["business", "rules"]
    static let ruleKeys = ["id", "payee", "payee_contains", "memo", "min", "max", "account", "direction",
                           "category", "vendor", "tax_rate"]

    public static func parse(yaml text: String, file: String, configuration: Configuration) throws(KontorError) -> [CategorizationRule] {
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "a rules file", allowed: allowedKeys)
        var business: BusinessID?
        if let node = top.optional("business") {
            let text = try node.nonEmptyString(expected: "a business id")
            guard let id = BusinessID(text), configuration.business(id) != nil else {
                throw node.error("business '\(text)' is not a business of this workspace",
                                 hint: "known: \(configuration.businesses.map(\.id.rawValue).joined(separator: ", "))")
            }
            business = id
        }
        var rules: [CategorizationRule] = []
        for element in try top.required("rules", expected: "a list of rules").sequence(of: "rules") {
            rules.append(try rule(element, business: business, configuration: configuration))
        }
        return rules
    }

    static func rule(_ node: ConfigNode, business: BusinessID?, configuration: Configuration) throws(KontorError) -> CategorizationRule {
        let mapping = try ConfigMapping(node, what: "a rule", allowed: ruleKeys)
        let id = try mapping.required("id", expected: "a rule id").nonEmptyString(expected: "a rule id")
        let categoryNode = try mapping.required("category", expected: "a category key such as utilities.phone")
        let key = CategoryKey(try categoryNode.nonEmptyString(expected: "a category key"))
        let visible = business.map { configuration.categories(for: $0) } ?? configuration.catalog.categories
        guard visible.contains(where: { $0.key == key }) else {
            let keys = visible.map(\.key.rawValue)
            let suggestion = Suggestion.closest(to: key.rawValue, among: keys).map { "did you mean \($0)? " } ?? ""
            throw categoryNode.error("rule \(id): category '\(key)' is not in the catalog\(business == nil ? "" : " of \(business!)")",
                                     hint: suggestion + "see `kontor categories list`")
        }
        var rule = CategorizationRule(id: id, business: business, position: node.position, category: key)
        rule.payeePattern = try pattern(mapping.optional("payee"), rule: id)
        rule.payeeContains = try mapping.optional("payee_contains")?.nonEmptyString(expected: "a text")
        rule.memoPattern = try pattern(mapping.optional("memo"), rule: id)
        rule.minimum = try mapping.optional("min").map { node throws(KontorError) in try bound(node, rule: id) }
        rule.maximum = try mapping.optional("max").map { node throws(KontorError) in try bound(node, rule: id) }
        rule.account = try mapping.optional("account")?.nonEmptyString(expected: "a bank account id").uppercased()
            .filter { !$0.isWhitespace }
        if let node = mapping.optional("direction") {
            let text = try node.nonEmptyString(expected: "debit or credit")
            guard let direction = CategorizationRule.Direction(rawValue: text) else {
                throw node.error("rule \(id): direction must be debit or credit, found '\(text)'")
            }
            rule.direction = direction
        }
        rule.vendor = try mapping.optional("vendor")?.nonEmptyString(expected: "a vendor name")
        rule.taxRate = try mapping.optional("tax_rate")?.taxRate()
        guard rule.payeePattern != nil || rule.payeeContains != nil || rule.memoPattern != nil || rule.minimum != nil
                || rule.maximum != nil || rule.account != nil || rule.direction != nil else {
            throw node.error("rule \(id) has no condition: it would match every line",
                             hint: "add payee, payee_contains, memo, min, max, account or direction")
        }
        return rule
    }

    /// An amount bound as decimal text, compared later in each line's currency.
    static func bound(_ node: ConfigNode, rule: String) throws(KontorError) -> String {
        let text = try node.nonEmptyString(expected: "a signed amount such as -100.00")
        guard (try? Money.parse(text, currency: CurrencyCode("CLF") ?? .EUR, rounding: .halfUp)) != nil else {
            throw node.error("rule \(rule): '\(text)' is not an amount", hint: "write amounts like -100.00 (money out is negative)")
        }
        return text
    }

    /// A regular expression, checked here so a broken pattern stops the configuration
    /// from loading instead of rejecting statements later.
    static func pattern(_ node: ConfigNode?, rule: String) throws(KontorError) -> String? {
        guard let node else { return nil }
        let text = try node.nonEmptyString(expected: "a regular expression")
        guard POSIXPattern(text) != nil else {
            throw node.error("rule \(rule): '\(text)' is not a valid regular expression",
                             hint: "use literals, '.', '*', '+', '?', '[...]', '(...)', '|', '^' and '$'")
        }
        return text
    }
}
