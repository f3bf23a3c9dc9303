/// A vendor name made fit for people and for matching.
public struct NormalizedVendor: Hashable, Sendable {
    /// The name as written, without legal form, terminal and reference suffixes:
    /// `"ACME GmbH"` → `"ACME"`.
    public var displayName: String
    /// Lower case, without diacritics and punctuation: `"acme"`. Names that mean the
    /// same vendor share it.
    public var key: String

    public init(displayName: String, key: String) {
        self.displayName = displayName
        self.key = key
    }
}
