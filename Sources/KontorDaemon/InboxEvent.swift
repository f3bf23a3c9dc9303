import KontorCore

/// Something the watcher saw happen in the inbox.
public struct InboxEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: String, Hashable, Sendable {
        /// A file appeared (`IN_CREATE`); it may still be written.
        case created
        /// A file was written to (`IN_MODIFY`).
        case modified
        /// A writer closed the file (`IN_CLOSE_WRITE`); another writer may follow.
        case closedWrite
        /// A file was renamed into place (`IN_MOVED_TO`): complete.
        case movedIn
        /// A file was renamed away (`IN_MOVED_FROM`).
        case movedOut
        /// A file was deleted (`IN_DELETE`).
        case deleted
        /// The watcher's view may be incomplete (queue overflow, a directory appeared or
        /// went away): list the inbox again.
        case rescan
    }

    /// What happened.
    public var kind: Kind
    /// The file's path; for ``Kind/rescan`` the directory concerned.
    public var path: String
    /// The business and channel of the file; nil for ``Kind/rescan``.
    public var business: BusinessID?
    public var channel: Channel?

    public init(kind: Kind, path: String, business: BusinessID? = nil, channel: Channel? = nil) {
        self.kind = kind
        self.path = path
        self.business = business
        self.channel = channel
    }
}
