#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore

/// A workspace in a fresh temporary directory, removed by `remove()`.
struct DaemonScratchWorkspace {
    let workspace: Workspace

    init() throws {
        var template = Array("/tmp/kontor-daemon-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }
        guard made != nil else { throw KontorError(.io, "mkdtemp failed") }
        let root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        workspace = Workspace(root: root)
        try DurableFile.makeDirectory(workspace.inbox)
    }

    var root: String { workspace.root }

    /// Writes `text` to `path` directly (not atomically), creating the directory.
    func write(_ text: String, to path: String) throws {
        try DurableFile.makeDirectory(DurableFile.parent(of: path))
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw KontorError(.io, "cannot create \(path)") }
        defer { close(fd) }
        try append(text, fd: fd)
    }

    func append(_ text: String, fd: Int32) throws {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw KontorError(.io, "short write") }
    }

    /// Writes a file beside `path` under a `.tmp` name and renames it into place.
    func drop(_ text: String, at path: String) throws {
        try write(text, to: path + ".tmp")
        try DurableFile.move(path + ".tmp", to: path)
    }

    /// Sets a file's modification time (nanoseconds since the epoch).
    func setModified(_ path: String, nanoseconds: Int64) {
        let time = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var times = [time, time]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    func remove() {
        Self.removeTree(root)
    }

    private static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR, let dir = opendir(path) {
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// A business id from a literal known to be valid.
func businessID(_ text: String) -> BusinessID {
    guard let id = BusinessID(text) else { preconditionFailure("'\(text)' is a valid business id") }
    return id
}

/// Polls `condition` every 10 ms until it holds or `limit` passes. The limit only guards
/// against a hang; no test asserts how fast anything happens.
func eventually(within limit: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
