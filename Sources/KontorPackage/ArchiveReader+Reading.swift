import CArchive
import KontorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ArchiveReader {
    /// The state of one pass over one archive: counts against the limits, names seen.
    struct Reading {
        let handle: OpaquePointer
        let archive: String
        let limits: Limits
        private var headers = 0
        private var totalBytes = 0
        private var names: Set<String> = []

        init(handle: OpaquePointer, archive: String, limits: Limits) {
            self.handle = handle
            self.archive = archive
            self.limits = limits
        }

        /// zip and tar only, and only the compressions libarchive decodes itself: a
        /// `WARN` from a filter means it would run an external program, which untrusted
        /// input must never reach. (`archive_read_support_filter_all` would allow that.)
        func enableFormats() throws(KontorError) {
            let steps: [(String, (OpaquePointer) -> Int32)] = [
                ("zip", { archive_read_support_format_zip($0) }),
                ("tar", { archive_read_support_format_tar($0) }),
                ("none", { archive_read_support_filter_none($0) }),
                ("gzip", { archive_read_support_filter_gzip($0) }),
                ("bzip2", { archive_read_support_filter_bzip2($0) }),
                ("xz", { archive_read_support_filter_xz($0) }),
                ("zstd", { archive_read_support_filter_zstd($0) }),
            ]
            for (name, enable) in steps where enable(handle) != LibArchive.ok {
                throw KontorError(.internal, "this libarchive cannot read \(name) by itself: \(LibArchive.errorText(handle))",
                                  hint: "install a libarchive built with \(name) support", cause: LibArchive.errorText(handle))
            }
        }

        mutating func readAll() throws(KontorError) -> [ExtractedEntry] {
            var entries: [ExtractedEntry] = []
            while let entry = try next() {
                entries.append(entry)
            }
            return entries
        }

        /// The next regular file, or nil at the end. Directories are skipped.
        mutating func next() throws(KontorError) -> ExtractedEntry? {
            while true {
                var header: OpaquePointer?
                let code = archive_read_next_header(handle, &header)
                if code == LibArchive.eof { return nil }
                // WARN is a usable header with a remark (e.g. a name charset libarchive
                // could not convert); anything worse ends the archive.
                guard code == LibArchive.ok || code == LibArchive.warn, let header else {
                    throw failure("has a damaged entry header after \(headers) entries")
                }
                headers += 1
                guard headers <= limits.maxEntries else {
                    throw refusal("has more than \(limits.maxEntries) entries", hint: "split it into smaller archives")
                }
                if let entry = try entry(at: header) { return entry }
            }
        }

        private mutating func entry(at header: OpaquePointer) throws(KontorError) -> ExtractedEntry? {
            let raw = Reading.rawName(of: header)
            let type = archive_entry_filetype(header) & LibArchive.typeMask
            if archive_entry_hardlink(header) != nil {
                throw refusal("entry '\(raw)' is a hard link; only regular files are accepted", entry: raw)
            }
            if type == LibArchive.directory { return nil }
            guard type == LibArchive.regularFile, archive_entry_symlink(header) == nil else {
                throw refusal("entry '\(raw)' is a \(LibArchive.typeName(type)); only regular files are accepted", entry: raw)
            }
            let name: String
            switch ArchiveReader.label(for: raw) {
            case .success(let label): name = label
            case .failure(let problem): throw refusal("entry '\(raw)' \(problem.text)", entry: raw)
            }
            guard names.insert(name).inserted else {
                throw refusal("has two entries named '\(name)'", entry: raw)
            }
            if archive_entry_is_encrypted(header) != 0 {
                throw refusal("entry '\(raw)' is encrypted", entry: raw, hint: "send the archive without a password")
            }
            if archive_entry_size_is_set(header) != 0, archive_entry_size(header) > Int64(limits.maxEntryBytes) {
                throw tooLarge(raw)
            }
            return ExtractedEntry(name: name, bytes: try data(of: raw))
        }

        /// The entry's bytes, counted as decompression produces them.
        private mutating func data(of raw: String) throws(KontorError) -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(handle, $0.baseAddress, $0.count) }
                if count == 0 { return bytes }
                guard count > 0 else { throw failure("has damaged data in entry '\(raw)'", entry: raw) }
                guard bytes.count + count <= limits.maxEntryBytes else { throw tooLarge(raw) }
                guard totalBytes + count <= limits.maxTotalBytes else {
                    throw refusal("unpacks to more than \(limits.maxTotalBytes) bytes", entry: raw,
                                  hint: "split it into smaller archives")
                }
                totalBytes += count
                bytes.append(contentsOf: buffer[0..<count])
            }
        }

        private static func rawName(of header: OpaquePointer) -> String {
            if let utf8 = archive_entry_pathname_utf8(header) { return String(cString: utf8) }
            if let native = archive_entry_pathname(header) { return String(cString: native) }
            return ""
        }

        private func tooLarge(_ raw: String) -> KontorError {
            refusal("entry '\(raw)' unpacks to more than \(limits.maxEntryBytes) bytes", entry: raw,
                    hint: "send large files on their own, not inside an archive")
        }

        /// A refusal by Kontor's own rules.
        func refusal(_ what: String, entry: String? = nil, hint: String? = nil) -> KontorError {
            KontorError(.badInput, "the archive '\(archive)' \(what)",
                        hint: hint ?? "send an archive of plain files only",
                        at: SourcePosition(file: archive, path: entry))
        }

        /// A failure reported by libarchive; its message becomes the cause and part of
        /// the message. An I/O errno makes it an `io` error, anything else `bad-input`.
        func failure(_ what: String, entry: String? = nil) -> KontorError {
            let text = LibArchive.errorText(handle)
            let number = LibArchive.errorNumber(handle)
            let isDisk = number == EIO || number == ENOSPC || number == EROFS
            return KontorError(isDisk ? .io : .badInput, "the archive '\(archive)' \(what): \(text)",
                               hint: isDisk ? "check the disk that holds the inbox" : "send a complete, undamaged .zip or .tar.gz",
                               at: SourcePosition(file: archive, path: entry), cause: text)
        }
    }
}
