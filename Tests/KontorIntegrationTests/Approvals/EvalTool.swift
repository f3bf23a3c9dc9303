import Foundation
import Testing

/// The external validators of `../shared/eval/` (PyJWT interop oracle, e-mail parser), run
/// as subprocesses: independent checks of what Kontor reads and writes.
enum EvalTool {
    static let directory = URL(fileURLWithPath: KontorProcess.packageRoot + "/../shared/eval").standardizedFileURL.path

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `python3 <directory>/<script> arguments…`; the venv is created by the script
    /// on first use (`make test` prepares it beforehand).
    static func python(_ script: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        let path = directory + "/" + script
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing: the eval tools live in ../shared/eval",
                     sourceLocation: sourceLocation)
        let scratch = FileManager.default.temporaryDirectory.path + "/kontor-eval-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }

    /// `jwt-interop.py arguments…`, which must succeed; its stdout without the final newline.
    static func jwt(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let output = try python("jwt-interop.py", arguments, sourceLocation: sourceLocation)
        try #require(output.status == 0, "jwt-interop.py \(arguments.joined(separator: " ")): \(output.stderr)\(output.stdout)",
                     sourceLocation: sourceLocation)
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
