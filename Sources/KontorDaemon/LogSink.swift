#if canImport(Glibc)
import Glibc
#endif
import KontorCore

/// Where log lines go: a file descriptor written with one `write(2)` per line, so lines
/// from concurrent loggers (and processes, for a file opened with `O_APPEND`) never
/// interleave within a line.
public final class LogSink: Sendable {
    private let descriptor: Int32
    private let owned: Bool

    /// Standard error, for people watching the daemon.
    public static let standardError = LogSink(descriptor: 2, owned: false)

    private init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.owned = owned
    }

    /// Opens `path` for appending (`O_APPEND`), creating it with mode 0644 and its
    /// directory when missing.
    public convenience init(appendingTo path: String) throws(KontorError) {
        try DurableFile.makeDirectory(DurableFile.parent(of: path))
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let saved = errno
            throw KontorError(.io, "cannot open the log file \(path): " + String(cString: strerror(saved)),
                              hint: "check the permissions of the workspace's var/log directory",
                              cause: "errno \(saved)")
        }
        self.init(descriptor: fd, owned: true)
    }

    /// Writes `line` and a newline. A failing log write is dropped: logging must never
    /// stop the daemon.
    public func write(line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    deinit {
        if owned { close(descriptor) }
    }
}
