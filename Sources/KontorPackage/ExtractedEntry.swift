/// One regular file read out of an untrusted archive.
///
/// `name` is a label for receipts and messages, never a path to write to: it is the
/// entry's name with `.` and empty components dropped, checked to be relative and free of
/// `..`, but nothing more.
public struct ExtractedEntry: Hashable, Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
