import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `kontor` executable, run as a subprocess: what a user or a script sees.
///
/// The binary is `<package root>/.build/debug/kontor` (built by `swift build --build-tests`),
/// or `$KONTOR_BINARY` when set. Output goes to temporary files, not pipes, so a chatty
/// process can never block on a full pipe while the test waits for it.
enum KontorProcess {
    /// `<package root>`: this file is `Tests/KontorIntegrationTests/EndToEnd/KontorProcess.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var binaryPath: String {
        ProcessInfo.processInfo.environment["KONTOR_BINARY"] ?? packageRoot + "/.build/debug/kontor"
    }

    /// The binary's path, or a failed requirement that says how to build it.
    static func binary(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = binaryPath
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "the kontor executable is missing at \(path): run `swift build --build-tests` in \(packageRoot) first (or set KONTOR_BINARY)",
                     sourceLocation: sourceLocation)
        return path
    }

    /// What one finished run printed and how it ended.
    struct Result: CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        /// False when the process died of a signal (then `status` is the signal number).
        var exited: Bool
        var stdout: String
        var stderr: String

        var description: String {
            "kontor \(arguments.joined(separator: " ")) → \(exited ? "exit" : "signal") \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
        }
    }

    /// The environment of every run: fixed locale and zone, no `$KONTOR_HOME` leaking in
    /// from the machine that runs the tests.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["KONTOR_HOME"] = nil
        environment["TZ"] = "UTC"
        environment["LC_ALL"] = "C.UTF-8"
        environment["COLUMNS"] = "100"
        return environment
    }

    /// Runs `kontor arguments…` to completion in `directory`. A run that outlives
    /// `limit` is killed and recorded as a failure (the limit only guards against a hang).
    static func run(_ arguments: [String], in directory: String? = nil, limit: Duration = .seconds(30),
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        let running = try Running(arguments, in: directory, sourceLocation: sourceLocation)
        if await !running.waitForExit(within: limit) {
            running.kill()
            Issue.record("kontor \(arguments.joined(separator: " ")) did not finish within \(limit)", sourceLocation: sourceLocation)
        }
        return running.result()
    }

    /// A kontor process started in the background (the daemon). Its output goes to two
    /// files in a private temporary directory, removed with the value.
    final class Running {
        let arguments: [String]
        let process = Process()
        private let outputDirectory: String

        init(_ arguments: [String], in directory: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
            self.arguments = arguments
            outputDirectory = FileManager.default.temporaryDirectory.path + "/kontor-e2e-output-" + UUID().uuidString.lowercased()
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: outputDirectory + "/stdout", contents: nil)
            _ = FileManager.default.createFile(atPath: outputDirectory + "/stderr", contents: nil)
            process.executableURL = URL(fileURLWithPath: try KontorProcess.binary(sourceLocation: sourceLocation))
            process.arguments = arguments
            process.environment = KontorProcess.environment
            process.currentDirectoryURL = URL(fileURLWithPath: directory ?? FileManager.default.temporaryDirectory.path)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputDirectory + "/stdout"))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputDirectory + "/stderr"))
            try process.run()
        }

        deinit {
            if process.isRunning { kill() }
            try? FileManager.default.removeItem(atPath: outputDirectory)
        }

        var isRunning: Bool { process.isRunning }

        /// What the process has written to stderr so far.
        var stderr: String { Self.text(outputDirectory + "/stderr") }
        var stdout: String { Self.text(outputDirectory + "/stdout") }

        /// Sends SIGTERM, as a service manager stopping the daemon does.
        func terminate() { process.terminate() }

        /// Sends SIGKILL and reaps the process.
        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// Polls until the process has exited; false when `limit` passed first. It sleeps
        /// between polls rather than blocking a thread, so many runs can wait side by side.
        func waitForExit(within limit: Duration) async -> Bool {
            let clock = ContinuousClock()
            let deadline = clock.now + limit
            while process.isRunning {
                guard clock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(5))
            }
            process.waitUntilExit()
            return true
        }

        /// The outcome of a process that has exited.
        func result() -> Result {
            Result(arguments: arguments, status: process.terminationStatus, exited: process.terminationReason == .exit,
                   stdout: stdout, stderr: stderr)
        }

        private static func text(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
    }
}

/// Polls `condition` every 20 ms until it holds or `limit` passes; the limit only guards
/// against a hang, no test asserts how fast anything happens.
func endToEndEventually(within limit: Duration = .seconds(20), _ condition: () throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// A slow upload: writes `bytes` to `path` (created, not renamed) in `chunks` pieces,
/// pausing `pause` between them, on a thread of its own so that a busy test run cannot
/// stall it. Returns the longest gap between two writes, so a test can tell a stalled
/// writer (the machine's fault) from a daemon that took a file too early (the product's).
func writeSlowly(_ bytes: [UInt8], to path: String, chunks: Int, pause: Duration) async throws -> Duration {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Duration, any Error>) in
        let thread = Thread {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                continuation.resume(throwing: CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]))
                return
            }
            defer { close(fd) }
            let clock = ContinuousClock()
            let size = max(1, (bytes.count + chunks - 1) / chunks)
            var longest = Duration.zero
            var last: ContinuousClock.Instant?
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                let written = bytes[offset..<end].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                let now = clock.now
                if let last { longest = max(longest, last.duration(to: now)) }
                last = now
                guard written == end - offset else {
                    continuation.resume(throwing: CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]))
                    return
                }
                offset = end
                if offset < bytes.count {
                    let (seconds, attoseconds) = pause.components
                    usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
                }
            }
            continuation.resume(returning: longest)
        }
        thread.start()
    }
}
