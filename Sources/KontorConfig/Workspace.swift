import KontorCore

/// The directory layout of a workspace (DESIGN.md 2). Paths only; nothing here touches
/// the disk, so every module computes the same paths the same way.
public struct Workspace: Sendable, Hashable {
    /// The workspace root: the directory that holds `pipelines/`.
    public let root: String

    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    public var pipelines: String { root + "/pipelines" }
    public var settingsFile: String { pipelines + "/kontor.yaml" }
    public var businessesDirectory: String { pipelines + "/businesses" }
    public var categoriesFile: String { pipelines + "/categories.yaml" }
    public var usersFile: String { pipelines + "/users.yaml" }
    public var sourcesDirectory: String { pipelines + "/sources" }
    public var rulesDirectory: String { pipelines + "/rules" }
    public func businessFile(_ id: BusinessID) -> String { businessesDirectory + "/\(id).yaml" }

    public var inbox: String { root + "/inbox" }
    public func inbox(_ id: BusinessID) -> String { inbox + "/\(id)" }
    public func inbox(_ id: BusinessID, _ channel: Channel) -> String { inbox(id) + "/\(channel)" }

    public var outbox: String { root + "/outbox" }
    public func outbox(_ id: BusinessID) -> String { outbox + "/\(id)" }
    public func receipts(_ id: BusinessID) -> String { outbox(id) + "/receipts" }
    public func rejected(_ id: BusinessID) -> String { outbox(id) + "/rejected" }
    public func exports(_ id: BusinessID) -> String { outbox(id) + "/exports" }
    public func reports(_ id: BusinessID) -> String { outbox(id) + "/reports" }
    public func alerts(_ id: BusinessID) -> String { outbox(id) + "/alerts" }

    /// State, never edited by hand.
    public var state: String { root + "/var" }
    public var database: String { state + "/kontor.sqlite" }
    public var spool: String { state + "/spool" }
    public var archive: String { state + "/archive" }
    public var logs: String { state + "/log" }
    /// A path inside the workspace as receipts and messages show it (`outbox/acme/…`);
    /// a path outside stays as it is.
    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// The default business chosen with `kontor use`.
    public var currentBusinessFile: String { state + "/current-business" }
}
