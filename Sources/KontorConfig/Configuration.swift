import KontorCore

/// Everything a workspace declares in `pipelines/`: the settings, the businesses (sorted
/// by id) and the shared category catalog. Built by ``load(workspace:)``; a value of this
/// type has passed validation.
public struct Configuration: Hashable, Sendable {
    public var settings: WorkspaceSettings
    /// Every business profile, sorted by id.
    public var businesses: [BusinessProfile]
    /// The shared category catalog.
    public var catalog: CategoryCatalog
    /// Bank CSV mappings of `pipelines/sources/`, by name.
    public var sources: [String: BankCSVMapping] = [:]
    /// Categorization rules of `pipelines/rules/`, in file order (files sorted by name).
    public var rules: [CategorizationRule] = []
    /// The people of `pipelines/users.yaml`, their roles and public keys.
    public var users = UserDirectory()
    /// Approval policies of `pipelines/policies/<business>.yaml`, by business; a business
    /// without one approves everything automatically.
    public var policies: [BusinessID: ApprovalPolicy] = [:]

    public init(settings: WorkspaceSettings = .default, businesses: [BusinessProfile], catalog: CategoryCatalog) {
        self.settings = settings
        self.businesses = businesses.sorted { $0.id < $1.id }
        self.catalog = catalog
    }

    /// The profile of `id`, nil when the workspace has no such business.
    public func business(_ id: BusinessID) -> BusinessProfile? {
        businesses.first { $0.id == id }
    }

    /// The categories `id` may use: the shared catalog followed by the business's own
    /// custom categories. Another business's custom categories are never included; an
    /// unknown business sees the shared catalog only.
    public func categories(for id: BusinessID) -> [CategoryDefinition] {
        catalog.categories + (business(id)?.customCategories ?? [])
    }

    /// The rules that apply to `id`: shared rules and its own, in order.
    public func rules(for id: BusinessID) -> [CategorizationRule] {
        rules.filter { $0.business == nil || $0.business == id }
    }

    /// The category with this full key as `id` sees it.
    public func category(_ key: CategoryKey, for id: BusinessID) -> CategoryDefinition? {
        catalog[key] ?? business(id)?.customCategories.first { $0.key == key }
    }
}
