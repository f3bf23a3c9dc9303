import KontorCore

/// The vendors a business declared in its master data (`inbox/<b>/vendors/`): which
/// normalized names are aliases of which vendor, and each vendor's default category.
///
/// Booking asks it for every line's vendor after ``VendorNormalizer``: an alias key maps
/// to its vendor, so `AMZN Mktp DE*2K3L` and `Amazon EU S.a r.l.` become one vendor when
/// the master data says so.
public struct VendorDirectory: Hashable, Sendable {
    /// A declared vendor as booking needs it.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var name: String
        public var defaultCategory: CategoryKey?

        public init(key: String, name: String, defaultCategory: CategoryKey?) {
            self.key = key
            self.name = name
            self.defaultCategory = defaultCategory
        }
    }

    private var byKey: [String: Entry] = [:]
    /// Alias key → the vendor's key.
    private var aliases: [String: String] = [:]

    public init() {}

    /// Adds a vendor and the keys of its aliases.
    public mutating func add(_ entry: Entry, aliasKeys: [String]) {
        byKey[entry.key] = entry
        for alias in aliasKeys where alias != entry.key { aliases[alias] = entry.key }
    }

    public var isEmpty: Bool { byKey.isEmpty }

    /// The declared vendor a normalized key stands for (itself or through an alias).
    public func vendor(forKey key: String) -> Entry? {
        byKey[aliases[key] ?? key]
    }
}
