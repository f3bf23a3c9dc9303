#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CArchive
import KontorCore

/// Reads an untrusted `.zip` or `.tar` (plain, gzip, bzip2, xz or zstd) into memory.
///
/// Nothing is ever extracted to disk. Only regular files are accepted: a symbolic link,
/// hard link, device, FIFO or socket entry refuses the whole archive, as does an
/// encrypted entry, a name that is absolute or has a `..` component, or a name that
/// appears twice. Directory entries are skipped. Nested archives come back as bytes and
/// are not opened. ``Limits`` cap the entry count and the bytes decompression produces.
///
/// Failures are `bad-input` errors whose position names the archive (`file`) and, when
/// one is involved, the entry (`path`); a failing disk gives `io`.
public struct ArchiveReader: Sendable {
    public var limits: Limits

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// The regular files in the archive at `path`. `name` labels the archive in errors
    /// (default: the file's name).
    public func entries(ofFileAt path: String, name: String? = nil) throws(KontorError) -> [ExtractedEntry] {
        let label = name ?? DurableFile.name(of: path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let number = errno
            throw KontorError(number == ENOENT ? .notFound : .io,
                              "cannot open the archive: " + String(cString: strerror(number)),
                              at: SourcePosition(file: label), cause: "errno \(number)")
        }
        defer { close(fd) }
        return try read(archive: label) { handle in archive_read_open_fd(handle, fd, 1 << 16) }
    }

    /// The regular files in an archive held in memory. `name` labels it in errors.
    public func entries(of bytes: [UInt8], name: String) throws(KontorError) -> [ExtractedEntry] {
        guard !bytes.isEmpty else {
            throw KontorError(.badInput, "the archive '\(name)' is empty", hint: "send a .zip or .tar.gz file",
                              at: SourcePosition(file: name))
        }
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(KontorError) in
                try read(archive: name) { handle in archive_read_open_memory(handle, buffer.baseAddress, buffer.count) }
            }
        }
        return try result.get()
    }

    /// Hands the regular files of the archive at `path` to `body` one at a time, in
    /// archive order, so that only one entry is in memory at once. The same checks and
    /// limits as ``entries(ofFileAt:name:)`` apply; a refusal can come after `body` has
    /// seen earlier entries (the caller decides what those become). Returns the number of
    /// entries handed out.
    @discardableResult
    public func forEachEntry(ofFileAt path: String, name: String? = nil,
                             _ body: (ExtractedEntry) throws(KontorError) -> Void) throws(KontorError) -> Int {
        let label = name ?? DurableFile.name(of: path)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            let number = errno
            throw KontorError(number == ENOENT ? .notFound : .io,
                              "cannot open the archive: " + String(cString: strerror(number)),
                              at: SourcePosition(file: label), cause: "errno \(number)")
        }
        defer { close(fd) }
        var count = 0
        try withReading(archive: label, open: { handle in archive_read_open_fd(handle, fd, 1 << 16) }) { (reading: inout Reading) throws(KontorError) in
            while let entry = try reading.next() {
                count += 1
                try body(entry)
            }
        }
        return count
    }

    /// Sets up a reader, opens it with `open` and reads every entry.
    private func read(archive name: String, open: (OpaquePointer) -> Int32) throws(KontorError) -> [ExtractedEntry] {
        var entries: [ExtractedEntry] = []
        try withReading(archive: name, open: open) { (reading: inout Reading) throws(KontorError) in
            entries = try reading.readAll()
        }
        return entries
    }

    /// Sets up a reader, opens it with `open` and hands it to `body`.
    private func withReading(archive name: String, open: (OpaquePointer) -> Int32,
                             _ body: (inout Reading) throws(KontorError) -> Void) throws(KontorError) {
        guard let handle = archive_read_new() else {
            throw KontorError(.internal, "cannot create a libarchive reader (out of memory?)")
        }
        defer { archive_read_free(handle) }
        var reading = Reading(handle: handle, archive: name, limits: limits)
        try reading.enableFormats()
        guard open(handle) == LibArchive.ok else {
            throw reading.failure("is not a readable zip or tar archive")
        }
        try body(&reading)
    }
}
