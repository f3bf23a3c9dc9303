import CArchive
import KontorCore

/// Small helpers around the libarchive C API: return codes, file types and the error
/// text of a handle. Every call into libarchive in this module checks its result through
/// these, so a failure always becomes a ``KontorError`` carrying `archive_error_string`.
enum LibArchive {
    static let ok = ARCHIVE_OK
    static let eof = ARCHIVE_EOF
    static let warn = ARCHIVE_WARN

    /// File type bits of `archive_entry_filetype` (the `AE_IF*` macros are casts, which
    /// Swift does not import).
    static let typeMask: UInt32 = 0o170000
    static let regularFile: UInt32 = 0o100000
    static let directory: UInt32 = 0o040000
    static let symbolicLink: UInt32 = 0o120000

    /// libarchive's own description of the last failure on `handle`.
    static func errorText(_ handle: OpaquePointer?) -> String {
        guard let handle, let text = archive_error_string(handle) else { return "unknown libarchive error" }
        return String(cString: text)
    }

    /// The errno libarchive recorded for the last failure (0 when none).
    static func errorNumber(_ handle: OpaquePointer?) -> Int32 {
        guard let handle else { return 0 }
        return archive_errno(handle)
    }

    /// A human name for a file type, for messages about rejected entries.
    static func typeName(_ fileType: UInt32) -> String {
        switch fileType & typeMask {
        case regularFile: "regular file"
        case directory: "directory"
        case symbolicLink: "symbolic link"
        case 0o020000: "character device"
        case 0o060000: "block device"
        case 0o010000: "FIFO"
        case 0o140000: "socket"
        default: "unknown entry type"
        }
    }
}
