import Foundation
import Testing

/// External tools the report tests compare Kontor with: hledger (Debian) and beancount's
/// bean-check and bean-query (PyPI, in the venv `scripts/report-peers.sh` makes; or
/// `$KONTOR_BEANCOUNT_BIN`).
enum PeerTool {
    static var beancountBin: String {
        ProcessInfo.processInfo.environment["KONTOR_BEANCOUNT_BIN"] ?? "/tmp/kontor-beancount-venv/bin"
    }

    /// The path of `name`: in the beancount venv, or on PATH.
    static func find(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var candidates = [beancountBin + "/" + name]
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            candidates.append("\(directory)/\(name)")
        }
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "\(name) is not installed: run scripts/report-peers.sh (make test does)", sourceLocation: sourceLocation)
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tool arguments…` to completion; output goes through files, never pipes.
    static func run(_ tool: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.path + "/kontor-peer-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = FileManager.default.createFile(atPath: directory + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: directory + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try find(tool, sourceLocation: sourceLocation))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/err"))
        try process.run()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(120)
        while process.isRunning, clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            process.terminate()
            Issue.record("\(tool) did not finish within 120 s", sourceLocation: sourceLocation)
        }
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: directory + "/out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: directory + "/err", encoding: .utf8)) ?? "")
    }

    /// Parses simple CSV (quoted cells, `""` escapes) into rows of cells.
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" { cell.append("\"") } else { quoted = false; pending = following }
                    } else { quoted = false }
                } else { cell.append(character) }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": row.append(cell); cell = ""
            case "\r": break
            case "\n", "\r\n": row.append(cell); rows.append(row); row = []; cell = ""
            default: cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    /// `-1234.56 EUR`, `1,234.56 EUR` or `0` → cents.
    static func cents(_ text: String) -> Int64? {
        var number = text.replacingOccurrences(of: "EUR", with: "").replacingOccurrences(of: ",", with: "")
            .trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number == "0" { return 0 }
        let negative = number.hasPrefix("-")
        if negative { number.removeFirst() }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        guard fraction.count == 2 || fraction.dropFirst(2).allSatisfy({ $0 == "0" }), let cents = Int64(fraction.prefix(2)) else { return nil }
        let value = whole * 100 + cents
        return negative ? -value : value
    }
}
