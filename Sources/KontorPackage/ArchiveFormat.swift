/// The archive formats Kontor writes into `outbox/`.
public enum ArchiveFormat: String, Sendable, Hashable, CaseIterable {
    /// A zip file, entries deflated. The choice for people on any desktop.
    case zip
    /// A ustar archive compressed with gzip. The choice for scripts on Unix.
    case tarGz = "tar.gz"

    /// The file name extension without the leading dot: `zip`, `tar.gz`.
    public var fileExtension: String { rawValue }
}
