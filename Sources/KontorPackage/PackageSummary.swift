import KontorCore

/// What ``PackageBuilder`` wrote: where, the archive's own SHA-256 and size, and the
/// entries its manifest lists.
public struct PackageSummary: Hashable, Sendable {
    /// The archive's path; empty for a package built in memory only.
    public var path: String
    public var format: ArchiveFormat
    /// SHA-256 of the archive file's bytes.
    public var sha256: FileDigest
    /// Size of the archive file in bytes.
    public var size: Int
    /// The manifest written into the archive.
    public var manifest: PackageManifest

    /// The entries the manifest lists, sorted by path (without `manifest.json`).
    public var entries: [Entry] { manifest.entries }

    /// One entry as the manifest lists it.
    public struct Entry: Hashable, Sendable {
        public var path: ArchivePath
        public var sha256: FileDigest
        public var size: Int

        public init(path: ArchivePath, sha256: FileDigest, size: Int) {
            self.path = path
            self.sha256 = sha256
            self.size = size
        }
    }
}
