import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// `kontor run` as a real daemon process: files dropped three ways while it runs are each
/// imported exactly once, and SIGTERM stops it cleanly (issue 2, acceptance 2).
@Suite struct EndToEndDaemonTests {
    /// An expense log of `rows` rows, each with a distinct receipt so no two fingerprints
    /// collide.
    static func expenseLog(rows: Int, prefix: String, day: Int = 10) -> String {
        var text = "date,amount,currency,vendor,category,description,payment_account,receipt\n"
        for row in 1...rows {
            text += "2026-11-\(day),\(row).25,EUR,Vendor \(prefix),office.supplies,\(prefix) item \(row),card,\(prefix)-\(row)\n"
        }
        return text
    }

    @Test func daemonImportsSlowRenamedAndCopiedFilesOnceAndStopsOnSIGTERM() async throws {
        let temp = try EndToEndWorkspace(settings: "settle_seconds: 1\nrescan_seconds: 30\n")
        let inbox = try temp.temporary.inbox(.acme, .expenses)
        let daemon = try KontorProcess.Running(["run", "--workspace", temp.root])
        // The daemon watches before its first scan, so files may arrive as soon as it runs;
        // waiting for its start-up line only keeps the three drops inside its lifetime.
        let started = await endToEndEventually { daemon.stderr.contains("daemon started") || !daemon.isRunning }
        try #require(started && daemon.isRunning, "the daemon did not start:\n\(daemon.stderr)")

        // 1. Written in place, slowly: 40 rows in 10 chunks, 100 ms apart (about 1 s).
        let slowText = Self.expenseLog(rows: 40, prefix: "SLOW", day: 11)
        let slowBytes = Array(slowText.utf8)
        let longestGap = try await writeSlowly(slowBytes, to: inbox + "/slow.csv", chunks: 10, pause: .milliseconds(100))
        // A writer that stalled for the whole settle interval made a file that *is* settled:
        // then this run cannot judge the daemon, and says so.
        try #require(longestGap < .milliseconds(900),
                     "the slow writer stalled for \(longestGap) (machine overloaded); the settle check needs gaps under 1 s")
        // 2. Renamed into place from a hidden name.
        try temp.drop(Self.expenseLog(rows: 3, prefix: "RENAMED", day: 12), named: "renamed.csv")
        // 3. A plain copy (create + write under the final name).
        let source = temp.root + "/copy-source.csv"
        try Data(Self.expenseLog(rows: 2, prefix: "COPIED", day: 13).utf8).write(to: URL(fileURLWithPath: source))
        try FileManager.default.copyItem(atPath: source, toPath: inbox + "/copied.csv")

        let receiptsDone = try await endToEndEventually { try temp.receipts().count >= 3 }
        #expect(receiptsDone, "receipts: \(temp.files(in: temp.workspace.receipts(.acme)))\n\(daemon.stderr)")

        let receipts = try temp.receipts()
        #expect(receipts.count == 3, "\(receipts.keys.sorted())")
        var byFile: [String: JSONValue] = [:]
        for receipt in receipts.values {
            if let file = receipt["file"]?.stringValue { byFile[file] = receipt }
        }
        #expect(byFile.keys.sorted() == ["copied.csv", "renamed.csv", "slow.csv"])
        for (file, rows) in [("slow.csv", 40), ("renamed.csv", 3), ("copied.csv", 2)] {
            let receipt = try #require(byFile[file], "no receipt for \(file)")
            #expect(receipt["status"] == "imported", "\(file): \(receipt.serialized())")
            #expect(receipt["posted"] == .int(Int64(rows)), "\(file): \(receipt.serialized())")
        }
        // The slow file was taken whole: its receipt has the size of every byte written.
        #expect(byFile["slow.csv"]?["size"] == .int(Int64(slowBytes.count)))

        // The ledger, through the CLI while the daemon still runs.
        let expenses = try await temp.expenses()
        #expect(expenses.count == 45)
        let slowReceipts = expenses.filter { $0["source"]?["file"] == "slow.csv" }.compactMap { $0["receipt"]?.stringValue }
        #expect(slowReceipts.sorted() == (1...40).map { "SLOW-\($0)" }.sorted())
        #expect(expenses.filter { $0["source"]?["file"] == "renamed.csv" }.count == 3)
        #expect(expenses.filter { $0["source"]?["file"] == "copied.csv" }.count == 2)

        daemon.terminate()
        let stopped = await daemon.waitForExit(within: .seconds(10))
        try #require(stopped, "the daemon ignored SIGTERM for 10 s:\n\(daemon.stderr)")
        let result = daemon.result()
        #expect(result.exited && result.status == 0, "\(result)")
        #expect(temp.files(in: temp.workspace.spool).isEmpty, "left in var/spool: \(temp.files(in: temp.workspace.spool))")
        #expect(temp.files(in: inbox).isEmpty, "left in the inbox: \(temp.files(in: inbox))")
        #expect(temp.files(in: temp.workspace.archive).count == 3, "\(temp.files(in: temp.workspace.archive))")
        #expect(temp.files(in: temp.workspace.rejected(.acme)).isEmpty)
        #expect(!result.stderr.contains("error"), "\(result.stderr)")
    }

    /// SIGTERM to an idle daemon: it exits 0 promptly, whatever it was waiting for.
    @Test func idleDaemonStopsOnSIGTERM() async throws {
        let temp = try EndToEndWorkspace()
        let daemon = try KontorProcess.Running(["run", "--workspace", temp.root])
        let started = await endToEndEventually { daemon.stderr.contains("daemon started") || !daemon.isRunning }
        try #require(started && daemon.isRunning, "the daemon did not start:\n\(daemon.stderr)")
        daemon.terminate()
        try #require(await daemon.waitForExit(within: .seconds(10)), "the daemon ignored SIGTERM:\n\(daemon.stderr)")
        let result = daemon.result()
        #expect(result.exited && result.status == 0, "\(result)")
        #expect(result.stderr.contains("daemon stopped"), "\(result.stderr)")
    }
}
