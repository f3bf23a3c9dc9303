import ArgumentParser
import KontorConfig
import KontorCore
import KontorPublish
import KontorStore

struct CategoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "categories", abstract: "Show the category catalog.",
        subcommands: [CategoriesListCommand.self])
}

struct CategoriesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the categories a business can use.",
        discussion: """
            The shared catalog (pipelines/categories.yaml) is visible to every business; custom categories \
            from pipelines/businesses/<id>.yaml and those created on import only to their business. \
            The origin column says which.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, configuration, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let listing = try CategoryListing(business: business.id, configuration: configuration, store: store)
        Terminal.print(listing.render(format))
    }
}

/// The categories one business sees: shared, its own, and those its imports created.
struct CategoryListing {
    struct Entry {
        var key: CategoryKey
        var name: String
        var account: String
        var origin: String
    }

    var business: BusinessID
    var entries: [Entry]

    init(business: BusinessID, configuration: Configuration, store: LedgerStore) throws(KontorError) {
        self.business = business
        var entries = configuration.categories(for: business).map { category in
            Entry(key: category.key, name: category.name, account: category.account.rawValue,
                  origin: category.owner == nil ? "shared" : "custom")
        }
        let known = Set(entries.map(\.key))
        for category in try store.importedCategories(business: business) where !known.contains(category.key) {
            entries.append(Entry(key: category.key, name: category.name, account: category.account.rawValue, origin: "import"))
        }
        self.entries = entries.sorted { $0.key < $1.key }
    }

    /// Refuses a category filter that names no category of this business.
    static func check(_ key: CategoryKey, business: BusinessID, configuration: Configuration, store: LedgerStore) throws(KontorError) {
        let listing = try CategoryListing(business: business, configuration: configuration, store: store)
        guard listing.entries.contains(where: { $0.key.isWithin(key) }) else {
            throw KontorError(.usage, "--category '\(key)' is not a category of business \(business)",
                              hint: "see `kontor categories list` for the keys")
        }
    }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object([
                "business": .string(business.rawValue),
                "categories": .array(entries.map { entry in
                    ["key": .string(entry.key.rawValue), "name": .string(entry.name), "account": .string(entry.account),
                     "origin": .string(entry.origin), "parent": .optional(entry.key.parent?.rawValue)]
                }),
            ]).serialized().trimmingTrailingNewline()
        case .csv:
            var writer = CSVWriter()
            writer.header(["key", "name", "account", "origin"])
            for entry in entries { writer.row([entry.key.rawValue, entry.name, entry.account, entry.origin].map(CSVWriter.Cell.text)) }
            return writer.output.trimmingTrailingNewline()
        case .table:
            var table = TextTable(headers: ["KEY", "NAME", "ACCOUNT", "ORIGIN"])
            table.rows = entries.map { entry in
                let depth = entry.key.rawValue.split(separator: ".").count - 1
                return [String(repeating: "  ", count: depth) + entry.key.rawValue, entry.name, entry.account, entry.origin]
            }
            return table.rendered
        }
    }
}
