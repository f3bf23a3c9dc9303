import CArchive
import KontorCore

/// Builds a `.zip` or `.tar.gz` in memory from in-memory entries, deterministically: the
/// same entries always give the same bytes, on any machine and in any time zone.
///
/// What makes the output reproducible (libarchive 3.6.2):
/// - entries are written sorted by path; duplicate paths are refused;
/// - every entry is a regular file, mode 0644, owner and group 0 with empty names, no
///   atime, ctime, birth time, ACLs or extended attributes;
/// - tar is plain ustar (``ArchivePath`` guarantees every name fits, so no pax header is
///   ever needed) with `mtime` = ``modificationTime``;
/// - gzip is written with `gzip:!timestamp` (no mtime, no file name in its header) and a
///   fixed compression level;
/// - zip entries carry **no** mtime. libarchive converts a set mtime to the MS-DOS date
///   field with `localtime`, so the bytes would depend on the TZ of the process; without
///   one it writes the DOS minimum 1980-01-01 00:00:00 in every zone and an `UT` extra
///   field without times. ``modificationTime`` therefore applies to tar only;
/// - the output is not padded to a block size.
public struct ArchiveWriter: Sendable {
    /// 1980-01-01T00:00:00Z, the earliest time a zip's DOS date field can hold.
    public static let dosEpoch: Int64 = 315_532_800

    public var format: ArchiveFormat
    /// Seconds since 1970-01-01T00:00:00Z written as every tar entry's mtime.
    public var modificationTime: Int64

    public init(format: ArchiveFormat, modificationTime: Int64 = ArchiveWriter.dosEpoch) {
        self.format = format
        self.modificationTime = modificationTime
    }

    /// The archive's bytes. Throws `bad-input` for duplicate paths and `internal` when
    /// libarchive refuses an operation (its message is kept).
    public func archive(_ entries: [ArchiveEntry]) throws(KontorError) -> [UInt8] {
        let sorted = entries.sorted { $0.path < $1.path }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.path == next.path {
            throw KontorError(.badInput, "the path '\(next.path)' appears twice in one archive",
                              hint: "give every entry of a package its own path", at: SourcePosition(path: next.path.rawValue))
        }
        guard let handle = archive_write_new() else {
            throw KontorError(.internal, "cannot create a libarchive writer (out of memory?)")
        }
        defer { archive_write_free(handle) }
        let sink = ArchiveSink()
        try configure(handle)
        try withExtendedLifetime(sink) { () throws(KontorError) in
            try check(archive_write_open(handle, Unmanaged.passUnretained(sink).toOpaque(), nil, ArchiveSink.write, nil),
                      handle, "open the archive")
            for entry in sorted { try write(entry, to: handle) }
            try check(archive_write_close(handle), handle, "finish the archive")
        }
        return sink.bytes
    }

    private func configure(_ handle: OpaquePointer) throws(KontorError) {
        switch format {
        case .zip:
            try check(archive_write_set_format_zip(handle), handle, "select the zip format")
            try check(archive_write_set_options(handle, "zip:compression=deflate,zip:compression-level=6"),
                      handle, "set the zip options")
        case .tarGz:
            try check(archive_write_set_format_ustar(handle), handle, "select the ustar format")
            // WARN here would mean libarchive fell back to an external gzip program.
            try check(archive_write_add_filter_gzip(handle), handle, "add the gzip filter")
            try check(archive_write_set_options(handle, "gzip:!timestamp,gzip:compression-level=6"),
                      handle, "set the gzip options")
        }
        try check(archive_write_set_bytes_in_last_block(handle, 1), handle, "disable block padding")
    }

    private func write(_ entry: ArchiveEntry, to handle: OpaquePointer) throws(KontorError) {
        guard let header = archive_entry_new() else {
            throw KontorError(.internal, "cannot create a libarchive entry (out of memory?)")
        }
        defer { archive_entry_free(header) }
        let path = entry.path.rawValue
        archive_entry_set_pathname(header, path)
        archive_entry_set_filetype(header, LibArchive.regularFile)
        archive_entry_set_perm(header, 0o644)
        archive_entry_set_uid(header, 0)
        archive_entry_set_gid(header, 0)
        archive_entry_set_size(header, Int64(entry.bytes.count))
        if format == .tarGz {
            archive_entry_set_mtime(header, time_t(modificationTime), 0)
        }
        try check(archive_write_header(handle, header), handle, "write the header", path: path)
        try writeData(entry.bytes, to: handle, path: path)
        try check(archive_write_finish_entry(handle), handle, "finish the entry", path: path)
    }

    private func writeData(_ bytes: [UInt8], to handle: OpaquePointer, path: String) throws(KontorError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                archive_write_data(handle, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            guard written > 0 else {
                throw failure("write the data", handle, path: path)
            }
            offset += written
        }
    }

    private func check(_ code: Int32, _ handle: OpaquePointer, _ action: String, path: String? = nil) throws(KontorError) {
        guard code == LibArchive.ok else { throw failure(action, handle, path: path) }
    }

    private func failure(_ action: String, _ handle: OpaquePointer, path: String?) -> KontorError {
        let text = LibArchive.errorText(handle)
        return KontorError(.internal, "cannot \(action) of a \(format.rawValue) archive: \(text)",
                           hint: "libarchive refused the operation; this is a bug in Kontor or in the system's libarchive",
                           at: path.map { SourcePosition(path: $0) }, cause: text)
    }
}
