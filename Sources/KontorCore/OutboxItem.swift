/// An output to write after the transaction commits (the transactional outbox): the
/// content is committed with the state it describes, then written to `path` atomically.
public struct OutboxItem: Sendable, Equatable {
    public var path: String
    public var content: [UInt8]

    public init(path: String, content: [UInt8]) {
        self.path = path
        self.content = content
    }
}
