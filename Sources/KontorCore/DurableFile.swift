#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable file operations: the temp file → fsync → rename → fsync(directory) sequence,
/// so an output appears complete or not at all and survives power loss once written
/// (`../shared/notes`: fsync of a file does not make its rename durable).
///
/// An fsync failure is fatal for the operation: it throws and never retries, since the
/// kernel may already have dropped the dirty pages.
public enum DurableFile {
    /// Writes `bytes` to `path` atomically. The temp file sits beside the target with a
    /// `.tmp` suffix, which the intake's settle rules ignore.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o644) throws(KontorError) {
        let directory = parent(of: path)
        let temp = temporaryPrefix(of: path) + "\(getpid())" + temporarySuffix
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create \(temp)") }
        var ok = true
        let array = Array(bytes)
        array.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += written
            }
        }
        let writeErrno = errno
        if ok, fsync(fd) != 0 { ok = false }
        let syncErrno = errno
        close(fd)
        guard ok else {
            unlink(temp)
            throw failure("cannot write \(path)", errnoValue: writeErrno != 0 ? writeErrno : syncErrno)
        }
        guard rename(temp, path) == 0 else {
            let saved = errno
            unlink(temp)
            throw failure("cannot move \(temp) to \(path)", errnoValue: saved)
        }
        try syncDirectory(directory)
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(KontorError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    static let temporarySuffix = ".tmp"

    /// Temp files are `.<fingerprint of the name>.<pid>.tmp` beside the target: hidden,
    /// ignored by intake, and short whatever the target's name (a long name plus a suffix
    /// would exceed NAME_MAX).
    static func temporaryPrefix(of path: String) -> String {
        parent(of: path) + "/." + Fingerprint.hex(of: [name(of: path)]) + "."
    }

    /// Removes the temp files (`<name>.<pid>.tmp` beside `path`) that a ``write(_:to:mode:)``
    /// of `path` killed before its rename left behind, so repeating the write after a
    /// crash leaves no debris. For recovery only: it would also remove the temp file of a
    /// write of the same path still running in another process.
    public static func removeInterruptedWrites(of path: String) throws(KontorError) {
        let directory = parent(of: path)
        let prefix = name(of: temporaryPrefix(of: path))
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return }
            throw failure("cannot list directory \(directory)")
        }
        var leftovers: [String] = []
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard entryName.hasPrefix(prefix), entryName.hasSuffix(temporarySuffix) else { continue }
            let pid = entryName.dropFirst(prefix.count).dropLast(temporarySuffix.count)
            if !pid.isEmpty && pid.allSatisfy({ $0.isASCII && $0.isNumber }) { leftovers.append(entryName) }
        }
        closedir(handle)
        for leftover in leftovers where unlink(directory + "/" + leftover) != 0 && errno != ENOENT {
            throw failure("cannot remove \(directory)/\(leftover)")
        }
        if !leftovers.isEmpty { try syncDirectory(directory) }
    }

    /// Renames `source` to `destination` (same file system) and makes both directory
    /// entries durable.
    public static func move(_ source: String, to destination: String) throws(KontorError) {
        guard rename(source, destination) == 0 else { throw failure("cannot move \(source) to \(destination)") }
        let from = parent(of: source)
        let to = parent(of: destination)
        try syncDirectory(to)
        if from != to { try syncDirectory(from) }
    }

    /// fsyncs a directory so that entries created or renamed in it survive a crash.
    public static func syncDirectory(_ path: String) throws(KontorError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open directory \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("cannot sync directory \(path)") }
    }

    /// Creates a directory and its missing parents (like `mkdir -p`).
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(KontorError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw failure("cannot create directory \(current)")
            }
        }
    }

    /// True when something (file, directory or link) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The directory part of a path (`.` when it has none).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func failure(_ message: String, errnoValue: Int32 = errno) -> KontorError {
        KontorError(.io, message + ": " + String(cString: strerror(errnoValue)),
                    hint: "check free space and permissions of the workspace",
                    cause: "errno \(errnoValue)")
    }
}
