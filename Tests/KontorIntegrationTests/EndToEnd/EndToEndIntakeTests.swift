import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Intake through the real binary: the hostile files rejected in bounded memory (peak RSS
/// of the `kontor` process measured with getrusage by a small Python parent), and
/// `kontor pipelines detect` from proposal to import.
@Suite struct EndToEndIntakeTests {
    /// Runs `kontor arguments…` as the only child of a Python process that prints the
    /// child's peak RSS (`ru_maxrss`, KiB) as its last line.
    static func measured(_ arguments: [String]) throws -> (status: Int32, peakKiB: Int, output: String) {
        let script = """
            import resource, subprocess, sys
            code = subprocess.call(sys.argv[1:])
            print("PEAK_RSS_KIB=%d" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.exit(code)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, try KontorProcess.binary()] + arguments
        process.environment = KontorProcess.environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        let last = output.split(separator: "\n").last { $0.hasPrefix("PEAK_RSS_KIB=") }
        let peak = try #require(last.flatMap { Int($0.dropFirst("PEAK_RSS_KIB=".count)) }, "no peak RSS in \(output)")
        return (process.terminationStatus, peak, output)
    }

    @Test("hostile files are all rejected by one run, nothing posted, in bounded memory")
    func hostile() async throws {
        let temp = try EndToEndWorkspace()
        let generated = FileManager.default.temporaryDirectory.path + "/kontor-hostile-e2e-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: generated) }
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["python3", KontorProcess.packageRoot + "/Tests/Fixtures/hostile/make-hostile.py", generated]
        try make.run()
        make.waitUntilExit()
        try #require(make.terminationStatus == 0)
        let inbox = try temp.temporary.inbox(.acme, .bank)
        let names = try FileManager.default.contentsOfDirectory(atPath: generated).sorted()
        #expect(names.count == 14)
        for name in names {
            try FileManager.default.moveItem(atPath: generated + "/" + name, toPath: inbox + "/" + name)
        }
        let run = try Self.measured(["run", "--once", "--workspace", temp.root])
        #expect(run.status == 1, "exit 1: some files were rejected\n\(run.output)")
        // The zip bomb inflates to 320 MiB, the sparse file has 2 GiB, the entity bomb would
        // expand to a billion strings: none of that is ever held. A debug build of kontor
        // reading ordinary files peaks near 50 MiB.
        print("hostile intake: peak RSS \(run.peakKiB / 1024) MiB for \(names.count) files")
        #expect(run.peakKiB < 128 * 1024, "peak RSS \(run.peakKiB) KiB")
        let receipts = try temp.receipts(.acme)
        #expect(receipts.count == names.count)
        #expect(receipts.values.allSatisfy { $0["status"] == "rejected" })
        let rejected = temp.files(in: temp.workspace.rejected(.acme))
        for name in names {
            #expect(rejected.contains(name) && rejected.contains(name + ".error.json"), "\(name)")
        }
        #expect(temp.files(in: inbox).isEmpty)
        #expect(temp.files(in: temp.workspace.spool).isEmpty)
        let status = try await temp.json("status", "--business", "acme", "--recent", "50", "--format", "json")
        let recent = try #require(status["recent"]?.arrayValue, "\(status)")
        #expect(recent.allSatisfy { $0["status"] == "rejected" && ($0["posted"]?.intValue ?? 0) == 0 }, "\(status)")
    }

    @Test("pipelines detect prints a proposal, --write saves it once, and the file then imports")
    func detect() async throws {
        let temp = try EndToEndStatementTests.workspace()
        let csv = KontorProcess.packageRoot + "/Tests/Fixtures/overlap/2026-01-to-02-05.csv"
        let printed = try await temp.kontor("pipelines", "detect", csv, "--business", "acme")
        #expect(printed.status == 0, "\(printed)")
        #expect(printed.stdout.contains("\ndate_format: \"%d.%m.%Y\"\n"))
        #expect(!FileManager.default.fileExists(atPath: temp.workspace.sourcesDirectory + "/2026-01-to-02-05.yaml"))

        let written = try await temp.kontor("pipelines", "detect", csv, "--name", "hausbank", "--write", "--business", "acme")
        #expect(written.status == 0, "\(written)")
        #expect(written.stderr.contains("saved pipelines/sources/hausbank.yaml"))
        let again = try await temp.kontor("pipelines", "detect", csv, "--name", "hausbank", "--write", "--business", "acme")
        #expect(again.status == 64, "\(again)")
        #expect(again.stderr.contains("pipelines/sources/hausbank.yaml exists already; not overwritten"))

        // The workload account of this workspace is 0123456789; the CSV's own account
        // column is not mapped, so its lines go to the only bank account.
        try temp.temporary.drop(try String(contentsOfFile: csv, encoding: .utf8), named: "export.csv", into: .acme, channel: .bank)
        try await temp.runOnce()
        let receipt = try #require(try temp.receipts(.acme).first { $0.key.hasSuffix("-export.csv.json") }?.value)
        #expect(receipt["status"] == "imported")
        #expect(receipt["format"] == "csv:hausbank")
        #expect(receipt["posted"]?.intValue == 8)
    }
}
