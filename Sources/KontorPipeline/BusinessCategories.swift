import KontorClassify
import KontorConfig
import KontorCore
import KontorStore

/// The categories a business can book to (catalog, its own, and those imports created),
/// with their accounts, resolved the way expense logs are (`kontor categories list`).
struct BusinessCategories {
    private let resolver: CategoryResolver
    private let accounts: [CategoryKey: AccountPath]

    init(business: BusinessProfile, configuration: Configuration, imported: [ImportedCategory]) throws(KontorError) {
        var accounts: [CategoryKey: AccountPath] = [:]
        var entries: [CategoryEntry] = []
        for category in configuration.categories(for: business.id) {
            accounts[category.key] = try ExpenseBooking.path(category.account, business: business)
            entries.append(CategoryEntry(key: category.key, name: category.name))
        }
        for category in imported where accounts[category.key] == nil {
            accounts[category.key] = category.account
            entries.append(CategoryEntry(key: category.key, name: category.name))
        }
        self.accounts = accounts
        resolver = CategoryResolver(entries)
    }

    /// The key and account of the category `text` names, or an error at `position` with
    /// up to three suggestions.
    func resolve(_ text: String, at position: SourcePosition) -> Result<(CategoryKey, AccountPath), KontorError> {
        switch resolver.resolve(text) {
        case .found(let key):
            guard let account = accounts[key] else {
                return .failure(KontorError(.internal, "category \(key) has no account", at: position))
            }
            return .success((key, account))
        case .unknown(let suggestions):
            return .failure(KontorError(.badInput, CategoryResolver.message(unknown: text, suggestions: suggestions),
                                        hint: "use a category from `kontor categories list`", at: position))
        case .ambiguous(let candidates):
            return .failure(KontorError(.badInput, CategoryResolver.message(ambiguous: text, candidates: candidates),
                                        hint: "write the full key of one of them", at: position))
        }
    }
}
