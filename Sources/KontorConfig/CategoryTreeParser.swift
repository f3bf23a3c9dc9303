import KontorCore

/// Reads a list of category nodes (`key`, `name`, `account`, `tax_rate`, `children`) into
/// flat ``CategoryDefinition``s. The shared catalog and a business's custom categories
/// have the same shape, so both use this parser.
struct CategoryTreeParser {
    let owner: BusinessID?
    /// Keys defined elsewhere that these categories must not reuse, with where they are.
    let reserved: CategoryCatalog
    private(set) var categories: [CategoryDefinition] = []
    private var seen: [CategoryKey: SourcePosition] = [:]

    init(owner: BusinessID?, reserved: CategoryCatalog = .empty) {
        self.owner = owner
        self.reserved = reserved
    }

    static let allowedKeys = ["key", "name", "account", "tax_rate", "children"]

    mutating func parse(list node: ConfigNode, parent: CategoryKey?, depth: Int) throws(KontorError) {
        for element in try node.sequence(of: "categories") {
            try parse(category: element, parent: parent, depth: depth)
        }
    }

    private mutating func parse(category node: ConfigNode, parent: CategoryKey?, depth: Int) throws(KontorError) {
        let mapping = try ConfigMapping(node, what: "a category", allowed: Self.allowedKeys)
        let keyNode = try mapping.required("key", expected: "a lower-case segment such as software")
        let segment = try keyNode.nonEmptyString(expected: "a lower-case key segment")
        guard Self.isValidSegment(segment) else {
            throw keyNode.error("category key '\(segment)' must be lower-case letters, digits and '-', starting with a letter or digit",
                                hint: segment.contains(".") ? "nest categories with 'children:' instead of writing dots in the key" : "for example 'software' or 'lab-supplies'")
        }
        let key = CategoryKey(parent.map { "\($0).\(segment)" } ?? segment)
        guard depth <= CategoryCatalog.maximumDepth else {
            throw keyNode.error("category '\(key)' is nested \(depth) levels deep; at most \(CategoryCatalog.maximumDepth) are allowed",
                                hint: "move it up a level")
        }
        if let first = seen[key] {
            throw keyNode.error("category '\(key)' is defined twice (first at line \(first.line ?? 0))",
                                hint: "give each category a unique key among its siblings")
        }
        if let existing = reserved[key] {
            let place = existing.definedAt.map { " (\($0.label))" } ?? ""
            throw keyNode.error("custom category '\(key)' clashes with the shared catalog's category of the same key\(place)",
                                hint: "use the shared category, or choose another key such as '\(owner.map { "\($0)-" } ?? "")\(segment)'")
        }
        let name = try mapping.required("name", expected: "the name people see").nonEmptyString(expected: "a name")
        let accountNode = try mapping.required("account", expected: "an Expenses:… or Income:… account")
        let account = try accountNode.accountName()
        guard account.type == .expenses || account.type == .income else {
            throw accountNode.error("category '\(key)' posts to \(account), but a category's account must be under Expenses or Income",
                                    hint: "for example Expenses:Office:Software or Income:Sales")
        }
        let taxRate = try mapping.optional("tax_rate").map { node throws(KontorError) in try node.taxRate() }
        seen[key] = keyNode.position
        categories.append(CategoryDefinition(key: key, name: name, account: account, taxRate: taxRate,
                                             owner: owner, definedAt: keyNode.position))
        if let children = mapping.optional("children") {
            try parse(list: children, parent: key, depth: depth + 1)
        }
    }

    /// `[a-z0-9][a-z0-9-]*`.
    static func isValidSegment(_ segment: String) -> Bool {
        guard let first = segment.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else {
            return false
        }
        return segment.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
