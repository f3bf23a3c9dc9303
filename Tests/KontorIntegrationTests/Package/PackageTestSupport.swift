import Foundation
import KontorCore

/// A temporary directory for one test, removed when the value goes away.
final class PackageScratch {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/kontor-package-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// The names in the directory, sorted.
    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// External programs the integration tests use as independent judges of the archives.
enum PackageTools {
    /// The full path of an executable found on `PATH` (or in /usr/bin), or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let bsdtar = which("bsdtar")
    static let unzip = which("unzip")
    static let python = which("python3")
    static let sha256sum = which("sha256sum")

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `executable` with `arguments` in the C locale and UTC; stdout and stderr
    /// together in `output`.
    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The SHA-256 of each file, as `sha256sum` computes it (an oracle independent of
    /// the code under test).
    static func sha256(ofFiles paths: [String]) throws -> [String] {
        guard let sha256sum else { throw ToolMissing(name: "sha256sum") }
        let run = try run(sha256sum, paths)
        guard run.status == 0 else { throw ToolFailed(output: run.output) }
        return run.output.split(separator: "\n").map { String($0.prefix(64)) }
    }

    struct ToolMissing: Error { var name: String }
    struct ToolFailed: Error { var output: String }
}
