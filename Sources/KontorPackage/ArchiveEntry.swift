/// One file to put into an archive: where it goes and what it holds.
public struct ArchiveEntry: Hashable, Sendable {
    public var path: ArchivePath
    public var bytes: [UInt8]

    public init(path: ArchivePath, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
