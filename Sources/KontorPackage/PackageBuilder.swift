import KontorCore

/// Collects the files of one package and writes them, with their `manifest.json`, as a
/// deterministic archive that appears only complete.
///
/// ```swift
/// var builder = PackageBuilder(kind: .report, business: acme, period: september,
///                              generatorVersion: "0.1.0", created: "2026-10-01T06:00:00Z")
/// try builder.add(path: "pnl.csv", bytes: csv)
/// let summary = try builder.write(to: "outbox/acme/reports/pnl-2026-09.zip", format: .zip)
/// ```
///
/// Nothing here reads the clock: `created` and ``modificationTime`` are inputs, so the
/// same state gives byte-identical packages.
public struct PackageBuilder: Sendable {
    public let kind: PackageKind
    public let business: BusinessID
    public let period: PackagePeriod?
    public let generatorVersion: String
    /// The creation time written into the manifest, as the caller formats it
    /// (ISO 8601 UTC, e.g. `2026-10-01T06:00:00Z`).
    public let created: String
    /// The mtime of tar entries (see ``ArchiveWriter``).
    public var modificationTime: Int64 = ArchiveWriter.dosEpoch
    /// Extra top-level members of the manifest (see ``PackageManifest/metadata``).
    public var metadata: [String: JSONValue] = [:]
    private var files: [ArchivePath: [UInt8]] = [:]

    public init(kind: PackageKind, business: BusinessID, period: PackagePeriod?, generatorVersion: String, created: String) {
        self.kind = kind
        self.business = business
        self.period = period
        self.generatorVersion = generatorVersion
        self.created = created
    }

    /// Adds a file. Throws `bad-input` when `path` is not a valid ``ArchivePath``, is
    /// `manifest.json` (which the builder writes itself) or was added before.
    public mutating func add(path: String, bytes: [UInt8]) throws(KontorError) {
        let archivePath = try ArchivePath(path)
        guard path != PackageManifest.path else {
            throw KontorError(.badInput, "'\(PackageManifest.path)' is reserved for the package's own manifest",
                              hint: "choose another name for this file", at: SourcePosition(path: path))
        }
        guard files[archivePath] == nil else {
            throw KontorError(.badInput, "the path '\(path)' was already added to this package",
                              hint: "give every file of a package its own path", at: SourcePosition(path: path))
        }
        files[archivePath] = bytes
    }

    /// Adds a text file as UTF-8.
    public mutating func add(path: String, text: String) throws(KontorError) {
        try add(path: path, bytes: Array(text.utf8))
    }

    /// The manifest for the files added so far.
    public var manifest: PackageManifest {
        var manifest = PackageManifest(generatorVersion: generatorVersion, business: business, kind: kind, period: period, created: created,
                                       entries: files.map { path, bytes in
                                           PackageSummary.Entry(path: path, sha256: SHA256Digest.of(bytes), size: bytes.count)
                                       })
        manifest.metadata = metadata
        return manifest
    }

    /// The archive's bytes and its summary (with an empty `path`), without touching disk.
    public func build(format: ArchiveFormat) throws(KontorError) -> (bytes: [UInt8], summary: PackageSummary) {
        let manifest = manifest
        var entries = files.map { path, bytes in ArchiveEntry(path: path, bytes: bytes) }
        entries.append(ArchiveEntry(path: try ArchivePath(PackageManifest.path), bytes: manifest.bytes))
        let writer = ArchiveWriter(format: format, modificationTime: modificationTime)
        let bytes = try writer.archive(entries)
        let summary = PackageSummary(path: "", format: format, sha256: SHA256Digest.of(bytes), size: bytes.count,
                                     manifest: manifest)
        return (bytes, summary)
    }

    /// Builds the archive and writes it to `path` durably (temp file beside it, fsync,
    /// rename, fsync of the directory), so the file appears complete or not at all. The
    /// directory must exist. Disk failures throw `io`.
    public func write(to path: String, format: ArchiveFormat) throws(KontorError) -> PackageSummary {
        var (bytes, summary) = try build(format: format)
        try DurableFile.write(bytes, to: path)
        summary.path = path
        return summary
    }
}
