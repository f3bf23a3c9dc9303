#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs programs for the crash tests: the real `kontor` binary, `strace` around it, and
/// `sqlite3` to look at the ledger as an outsider would.
enum Subprocess {
    /// How a run ended.
    struct Result {
        var status: Int32
        /// True when the process died of a signal (`status` is then the signal number).
        var signaled: Bool
        var stdout: String
        var stderr: String

        var killedBySIGKILL: Bool { signaled && status == SIGKILL }
        var summary: String { signaled ? "signal \(status)" : "exit \(status)" }
    }

    /// The package root, found from this file's path (…/Tests/KontorIntegrationTests/Crash/).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The `kontor` executable that `swift build --build-tests` leaves in `.build/debug/`.
    static var kontor: String { packageRoot + "/.build/debug/kontor" }

    /// The absolute path of `name` on `PATH`, if it is installed.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` to the end. Output goes through temporary files,
    /// so a chatty child never blocks on a full pipe.
    static func run(_ executable: String, _ arguments: [String], scratch: String) throws -> Result {
        let process = try start(executable, arguments, scratch: scratch)
        process.process.waitUntilExit()
        return process.finish()
    }

    /// A started child whose output is collected in files under `scratch`.
    final class Running {
        let process: Process
        let outPath: String
        let errPath: String

        init(process: Process, outPath: String, errPath: String) {
            self.process = process
            self.outPath = outPath
            self.errPath = errPath
        }

        var pid: pid_t { process.processIdentifier }

        /// Waits for the end and reads the output.
        func finish() -> Result {
            process.waitUntilExit()
            let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            unlink(outPath)
            unlink(errPath)
            return Result(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                          stdout: out, stderr: err)
        }
    }

    static func start(_ executable: String, _ arguments: [String], scratch: String) throws -> Running {
        let token = UUID().uuidString
        let outPath = "\(scratch)/\(token).out"
        let errPath = "\(scratch)/\(token).err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        return Running(process: process, outPath: outPath, errPath: errPath)
    }
}
