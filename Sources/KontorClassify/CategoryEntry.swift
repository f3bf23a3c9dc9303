import KontorCore

/// A category the resolver knows: its key (`office.software`) and display name
/// (`Software & subscriptions`).
public struct CategoryEntry: Hashable, Sendable {
    public var key: CategoryKey
    public var name: String

    public init(key: CategoryKey, name: String) {
        self.key = key
        self.name = name
    }
}
