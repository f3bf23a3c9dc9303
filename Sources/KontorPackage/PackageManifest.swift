import KontorCore

/// The `manifest.json` inside every package: who made it, for which business, what it
/// holds, and the SHA-256 and size of every other entry, sorted by path. Written with
/// ``JSONValue`` (sorted keys, fixed layout), so the same content gives the same bytes.
///
/// ```json
/// {
///   "business": "acme",
///   "created": "2026-10-01T06:00:00Z",
///   "entries": [{"path": "pnl.csv", "sha256": "…", "size": 1234}],
///   "generator": {"name": "kontor", "version": "0.1.0"},
///   "kind": "report",
///   "period": {"from": "2026-09-01", "to": "2026-09-30"}
/// }
/// ```
public struct PackageManifest: Hashable, Sendable {
    /// Where the manifest sits in every package.
    public static let path = "manifest.json"

    public var generatorVersion: String
    public var business: BusinessID
    public var kind: PackageKind
    public var period: PackagePeriod?
    public var created: String
    /// The entries it describes, sorted by path (the manifest itself is not among them).
    public var entries: [PackageSummary.Entry]
    /// Further top-level members a kind of package adds (a report package: `basis`,
    /// `ledger_sha256`). They never replace the members above.
    public var metadata: [String: JSONValue] = [:]

    public init(generatorVersion: String, business: BusinessID, kind: PackageKind, period: PackagePeriod?,
                created: String, entries: [PackageSummary.Entry]) {
        self.generatorVersion = generatorVersion
        self.business = business
        self.kind = kind
        self.period = period
        self.created = created
        self.entries = entries.sorted { $0.path < $1.path }
    }

    public var json: JSONValue {
        guard case .object(var members) = standardJSON else { return standardJSON }
        for (key, value) in metadata where members[key] == nil { members[key] = value }
        return .object(members)
    }

    private var standardJSON: JSONValue {
        [
            "generator": ["name": "kontor", "version": .string(generatorVersion)],
            "business": .string(business.rawValue),
            "kind": .string(kind.rawValue),
            "period": period?.json ?? .null,
            "created": .string(created),
            "entries": .array(entries.map { entry in
                ["path": .string(entry.path.rawValue), "sha256": .string(entry.sha256.hex), "size": .int(Int64(entry.size))]
            }),
        ]
    }

    /// The file's bytes: pretty JSON with a final newline.
    public var bytes: [UInt8] { Array(json.serialized(pretty: true).utf8) }
}
