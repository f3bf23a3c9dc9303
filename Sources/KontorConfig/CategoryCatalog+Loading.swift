import KontorCore

extension CategoryCatalog {
    /// The workspace-relative name errors use for this file.
    public static let fileName = "pipelines/categories.yaml"

    /// Parses the text of `pipelines/categories.yaml`: a mapping with one key,
    /// `categories`, holding the list of top-level categories.
    public static func parse(yaml text: String, file: String = fileName) throws(KontorError) -> CategoryCatalog {
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "the category catalog", allowed: ["categories"])
        var parser = CategoryTreeParser(owner: nil)
        if let list = top.optional("categories") {
            try parser.parse(list: list, parent: nil, depth: 1)
        }
        return CategoryCatalog(categories: parser.categories)
    }
}
