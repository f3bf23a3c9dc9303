import KontorCore

/// The shared category catalog (`pipelines/categories.yaml`): a tree of categories,
/// kept flat in definition order (each parent before its children).
public struct CategoryCatalog: Hashable, Sendable {
    /// Every category, parents before children, in the order of the file.
    public let categories: [CategoryDefinition]
    private let index: [CategoryKey: Int]

    /// The deepest a category may sit: `a.b.c.d`.
    public static let maximumDepth = 4

    /// A catalog of already validated categories (keys unique).
    public init(categories: [CategoryDefinition]) {
        self.categories = categories
        var index: [CategoryKey: Int] = [:]
        for (offset, category) in categories.enumerated() where index[category.key] == nil {
            index[category.key] = offset
        }
        self.index = index
    }

    public static let empty = CategoryCatalog(categories: [])

    /// The category with this full key.
    public subscript(key: CategoryKey) -> CategoryDefinition? {
        index[key].map { categories[$0] }
    }

    /// The direct children of `key`, or the top-level categories when `key` is nil.
    public func children(of key: CategoryKey?) -> [CategoryDefinition] {
        categories.filter { $0.key.parent == key }
    }

    /// True when a category with this full key exists.
    public func contains(_ key: CategoryKey) -> Bool { index[key] != nil }
}
