import KontorCore

extension ApprovalPolicy {
    /// Parses a business's policy file. Amounts are in the business's base currency;
    /// named users must exist in `users` with a role in the business.
    public static func parse(yaml text: String, file: String, business: BusinessProfile, catalog: [CategoryDefinition],
                             users: UserDirectory) throws(KontorError) -> ApprovalPolicy {
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "an approval policy",
                                    allowed: ["rules", "escalate_after_days", "escalate_to", "expire_after_days"])
        var policy = ApprovalPolicy(rules: [])
        if let node = top.optional("escalate_after_days") { policy.escalateAfterDays = Int(try node.integer(in: 1...365, unit: "days")) }
        if let node = top.optional("expire_after_days") { policy.expireAfterDays = Int(try node.integer(in: 1...3650, unit: "days")) }
        if let node = top.optional("escalate_to") {
            policy.escalateTo = try approvers(node, business: business, users: users)
        }
        if let escalate = policy.escalateAfterDays, let expire = policy.expireAfterDays, expire <= escalate,
           let node = top.optional("expire_after_days") {
            throw node.error("expire_after_days (\(expire)) must be more than escalate_after_days (\(escalate))",
                             hint: "a request must have time to be escalated before it expires")
        }
        var ids = Set<String>()
        for node in try top.required("rules", expected: "a list of rules").sequence(of: "rules") {
            let rule = try parseRule(node, business: business, catalog: catalog, users: users)
            guard ids.insert(rule.id).inserted else {
                throw node.error("rule id '\(rule.id)' is used twice", hint: "give every rule its own id")
            }
            policy.rules.append(rule)
        }
        return policy
    }

    private static func parseRule(_ node: ConfigNode, business: BusinessProfile, catalog: [CategoryDefinition],
                                  users: UserDirectory) throws(KontorError) -> ApprovalRule {
        let map = try ConfigMapping(node, what: "a policy rule",
                                    allowed: ["id", "kinds", "categories", "vendors", "over", "up_to", "auto", "tiers"])
        var rule = ApprovalRule(id: try map.required("id", expected: "a name for the rule").nonEmptyString(), tiers: [],
                                position: node.position)
        if let list = map.optional("kinds") {
            for element in try list.sequence(of: "kinds") {
                let text = try element.nonEmptyString()
                guard let kind = ApprovalKind(rawValue: text) else {
                    throw element.error("\(element.label) '\(text)' is not a kind",
                                        hint: "kinds: " + ApprovalKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                rule.kinds.insert(kind)
            }
        }
        if let list = map.optional("categories") {
            for element in try list.sequence(of: "category keys") {
                let key = CategoryKey(try element.nonEmptyString())
                guard catalog.contains(where: { $0.key.isWithin(key) }) else {
                    throw element.error("\(element.label) '\(key)' is not a category of \(business.id)",
                                        hint: "use a key from `kontor categories list`")
                }
                rule.categories.append(key)
            }
        }
        if let list = map.optional("vendors") {
            rule.vendors = try list.sequence(of: "vendor names").map { (element) throws(KontorError) in try element.nonEmptyString() }
        }
        rule.over = try map.optional("over")?.amount(in: business.baseCurrency, allowsCurrency: true)
        rule.upTo = try map.optional("up_to")?.amount(in: business.baseCurrency, allowsCurrency: true)
        if let over = rule.over, let upTo = rule.upTo, over.currency != upTo.currency, let node = map.optional("up_to") {
            throw node.error("up_to is in \(upTo.currency) but over in \(over.currency)", hint: "write both limits of a rule in one currency")
        }
        if let over = rule.over, let upTo = rule.upTo, upTo.minorUnits <= over.minorUnits, let node = map.optional("up_to") {
            throw node.error("up_to \(upTo) must be more than over \(over): no amount could match", hint: "swap or correct the limits")
        }
        let auto = try map.optional("auto")?.bool() ?? false
        let tiersNode = map.optional("tiers")
        switch (auto, tiersNode) {
        case (true, .some(let tiers)):
            throw tiers.error("rule '\(rule.id)' is auto: true and has tiers", hint: "an auto-approved rule has no tiers; remove one of them")
        case (false, nil):
            throw node.error("rule '\(rule.id)' has no tiers", hint: "add tiers: (who approves), or auto: true to approve automatically")
        case (true, nil):
            break
        case (false, .some(let tiers)):
            for (index, element) in try tiers.sequence(of: "tiers").enumerated() {
                let tier = try ConfigMapping(element, what: "a tier", allowed: ["name", "any_of", "sequence"])
                let name = try tier.optional("name")?.nonEmptyString() ?? "tier \(index + 1)"
                switch (tier.optional("any_of"), tier.optional("sequence")) {
                case (.some(let list), nil):
                    rule.tiers.append(ApprovalTier(name: name, mode: .anyOf, approvers: try approvers(list, business: business, users: users)))
                case (nil, .some(let list)):
                    let members = try approvers(list, business: business, users: users)
                    guard members.allSatisfy({ if case .user = $0 { true } else { false } }) else {
                        throw list.error("\(list.label) must name users (user:ID): a sequence is decided by each, in order",
                                         hint: "use any_of for roles")
                    }
                    rule.tiers.append(ApprovalTier(name: name, mode: .sequence, approvers: members))
                default:
                    throw element.error("\(element.label) must have exactly one of any_of or sequence",
                                        hint: "any_of: [role:approver] — one of them decides; sequence: [user:a, user:b] — each decides, in order")
                }
            }
            guard !rule.tiers.isEmpty else { throw tiers.error("rule '\(rule.id)' has an empty tiers list", hint: "add a tier, or write auto: true") }
        }
        return rule
    }

    private static func approvers(_ node: ConfigNode, business: BusinessProfile, users: UserDirectory) throws(KontorError) -> [Approver] {
        var result: [Approver] = []
        for element in try node.sequence(of: "approvers (role:NAME or user:ID)") {
            let text = try element.nonEmptyString()
            guard let approver = Approver(text) else {
                throw element.error("\(element.label) '\(text)' is not an approver",
                                    hint: "write role:owner, role:accountant, role:approver, or user:<id> of \(UserDirectory.fileName)")
            }
            switch approver {
            case .role(let role):
                guard role.allows(.approve) else {
                    throw element.error("\(element.label): \(role)s may not approve", hint: "use role:owner, role:accountant or role:approver")
                }
            case .user(let id):
                guard let user = users[id], let role = user.roles[business.id], role.allows(.approve) else {
                    throw element.error("\(element.label): \(id) is not a user who may approve for \(business.id)",
                                        hint: "add \(id) to \(UserDirectory.fileName) as owner, accountant or approver of \(business.id)")
                }
            }
            result.append(approver)
        }
        guard !result.isEmpty else { throw node.error("\(node.label) is empty", hint: "name at least one approver") }
        return result
    }
}
