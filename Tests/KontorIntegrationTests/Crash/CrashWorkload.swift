import Foundation
import KontorConfig
import KontorCore
import KontorTesting

/// One file a crash trial drops into an inbox, and what must become of it.
struct CrashInput: Sendable {
    enum Outcome: String, Sendable {
        case imported, duplicate, rejected
    }

    var business: String
    var name: String
    var bytes: [UInt8]
    /// Data rows in the file (what an import posts).
    var rows: Int
    var outcome: Outcome

    /// Rows the ledger must hold for this file once it is done.
    var expectedExpenses: Int { outcome == .imported ? rows : 0 }
}

/// The inputs of a crash trial in a fresh temporary workspace: the repository's
/// `pipelines/` with `settle_seconds: 1` (the smallest the settings accept) and inputs
/// whose mtime lies an hour back, so `kontor run --once` takes every file at once.
struct CrashWorkload {
    let temp: KontorTesting.TemporaryWorkspace
    let inputs: [CrashInput]
    /// A directory for the trial's own files (subprocess output), outside inbox/outbox/var.
    let scratch: String

    var root: String { temp.root }

    /// Deletes the workspace.
    func remove() { temp.remove() }

    /// The standard mix: two businesses, a few hundred rows so the import transaction
    /// spills real WAL writes, a small JSON log, a byte-for-byte copy of it (a duplicate)
    /// and a file with a bad date on line 4 (rejected whole).
    static func standardInputs(largeRows: Int = 300) throws -> [CrashInput] {
        let card = try demoFile("acme/expenses/2026-w47-card.json")
        let bad = try demoFile("acme/expenses/BAD-2026-w47-invalid-date.csv")
        let nordlicht = try demoFile("nordlicht/expenses/2026-w47-utgifter.csv")
        return [
            CrashInput(business: "acme", name: "a-ledger.csv", bytes: generatedCSV(rows: largeRows), rows: largeRows, outcome: .imported),
            CrashInput(business: "acme", name: "b-card.json", bytes: card, rows: 3, outcome: .imported),
            CrashInput(business: "acme", name: "c-card-again.json", bytes: card, rows: 3, outcome: .duplicate),
            CrashInput(business: "acme", name: "d-bad-date.csv", bytes: bad, rows: 3, outcome: .rejected),
            CrashInput(business: "nordlicht", name: "utgifter.csv", bytes: nordlicht, rows: 9, outcome: .imported),
        ]
    }

    init(inputs: [CrashInput]) throws {
        temp = try KontorTesting.TemporaryWorkspace(copyingPipelinesFrom: Subprocess.packageRoot + "/pipelines")
        self.inputs = inputs
        scratch = temp.root + "/scratch"
        try DurableFile.makeDirectory(scratch)
        let settings = try String(contentsOfFile: temp.workspace.settingsFile, encoding: .utf8)
        let settled = settings.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("settle_seconds:") ? "settle_seconds: 1" : String($0) }
            .joined(separator: "\n")
        guard settled.contains("settle_seconds: 1") else { throw CrashCheckError("kontor.yaml has no settle_seconds line") }
        try temp.write(settled, to: temp.workspace.settingsFile)
        for input in inputs {
            guard let business = BusinessID(input.business) else { throw CrashCheckError("bad business id \(input.business)") }
            let path = try temp.drop(input.bytes, named: input.name, into: business, channel: .expenses)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: path)
        }
    }

    /// `kontor run --once` on this workspace, optionally under `strace` with a fault.
    func runOnce(under prefix: [String] = []) throws -> Subprocess.Result {
        let arguments = ["run", "--once", "--workspace", root, "--log-level", "warning"]
        if prefix.isEmpty { return try Subprocess.run(Subprocess.kontor, arguments, scratch: scratch) }
        return try Subprocess.run(prefix[0], Array(prefix.dropFirst()) + [Subprocess.kontor] + arguments, scratch: scratch)
    }

    /// Runs `kontor run --once` until it ends normally (0, or 1 for rejected files), at
    /// most `attempts` times: recovery after a crash must need exactly one plain run, but
    /// a failing run is reported rather than retried forever.
    func recover(attempts: Int = 3) throws -> [Subprocess.Result] {
        var results: [Subprocess.Result] = []
        for _ in 0..<attempts {
            let result = try runOnce()
            results.append(result)
            if !result.signaled && (result.status == 0 || result.status == 1) { break }
        }
        return results
    }

    /// Runs a `kontor` command with `--workspace` and returns its output.
    func kontor(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.kontor, arguments + ["--workspace", root], scratch: scratch)
    }

    /// An expense CSV for ACME with `rows` distinct rows (distinct record ids).
    static func generatedCSV(rows: Int) -> [UInt8] {
        let vendors = ["Bürohaus Schmidt", "JetBrains s.r.o.", "LabSource AG", "Aral", "Immobilien Weber GmbH"]
        let categories = ["office.supplies", "office.software", "research.lab-supplies", "vehicle.fuel", "rent"]
        var text = "date,amount,currency,vendor,category,description,payment_account,receipt,tax_amount,tax_rate\n"
        text.reserveCapacity(rows * 96)
        for row in 0..<rows {
            let day = row % 28 + 1
            let month = row / 28 % 12 + 1
            let cents = row * 37 % 100
            let euros = 5 + row % 900
            text += "2026-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),\(euros).\(cents < 10 ? "0" : "")\(cents),EUR,"
            text += "\(vendors[row % vendors.count]),\(categories[row % categories.count]),Item \(row),"
            text += "\(row % 2 == 0 ? "card" : "bank"),R-\(row),,19\n"
        }
        return Array(text.utf8)
    }

    static func demoFile(_ path: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: Subprocess.packageRoot + "/demo/inbox/" + path)
        return [UInt8](try Data(contentsOf: url))
    }
}
