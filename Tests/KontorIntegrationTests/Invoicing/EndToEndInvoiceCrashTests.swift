import Foundation
import KontorCore
import KontorTesting
import Testing

/// SIGKILL during issue: `kontor run --once` is killed (strace fault injection, as in
/// `StraceCrashTests`) at sampled SQLite WAL writes and syncs and file renames while it
/// issues three invoices; a plain run then recovers. Numbers stay gap-free and unique,
/// every issued invoice has its package and its posting, and the next invoice continues
/// the sequence.
@Suite(.serialized) struct EndToEndInvoiceCrashTests {
    static let requests = InvoiceWorkspace.request(key: "k1", lines: 3) + InvoiceWorkspace.request(key: "k2", lines: 2)
        .replacingOccurrences(of: "invoices:\n", with: "") + InvoiceWorkspace.request(key: "k3", lines: 4).replacingOccurrences(of: "invoices:\n", with: "")

    /// A workspace whose clients are imported, with the request file waiting in the inbox.
    func prepared() throws -> (EndToEndWorkspace, String) {
        let temp = try EndToEndWorkspace()
        let scratch = temp.root + "/.scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try temp.temporary.drop(InvoiceWorkspace.clientsYAML, named: "clients.yaml", into: .acme, channel: .clients)
        let first = try Subprocess.run(Subprocess.kontor, ["run", "--once", "--workspace", temp.root], scratch: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        try temp.temporary.drop(EndToEndInvoiceCrashTests.requests, named: "requests.yaml", into: .acme, channel: .invoices)
        return (temp, scratch)
    }

    @Test(.enabled(if: Subprocess.which("strace") != nil, "strace is missing (make deps installs it)"))
    func killedIssueRecoversWithoutGaps() throws {
        let strace = try #require(Subprocess.which("strace"))
        // The uninterrupted run, traced, to know how many calls there are.
        let (baseline, baselineScratch) = try prepared()
        let trace = baselineScratch + "/trace"
        let traced = try Subprocess.run(strace, ["-f", "-qq", "-o", trace, "-e", "trace=pwrite64,fdatasync,rename", Subprocess.kontor,
                                                 "run", "--once", "--workspace", baseline.root], scratch: baselineScratch)
        #expect(traced.status == 0, "\(traced.stderr)")
        let counts = CrashPoint.counts(inTrace: try String(contentsOfFile: trace, encoding: .utf8))
        try check(baseline, scratch: baselineScratch)

        var points: [CrashPoint] = []
        for syscall in ["pwrite64", "fdatasync", "rename"] {
            let top = counts[syscall]?.maxPerThread ?? 0
            let picks = Set([1, 2, top / 2, top - 1, top].filter { $0 >= 1 && $0 <= top })
            points += picks.sorted().map { CrashPoint(syscall: syscall, n: $0) }
        }
        #expect(points.count >= 6, "too few kill points: \(counts)")
        var killed = 0
        for point in points {
            let (temp, scratch) = try prepared()
            let crashed = try Subprocess.run(point.straceArguments(strace)[0],
                                             Array(point.straceArguments(strace).dropFirst()) + [Subprocess.kontor, "run", "--once",
                                                                                                 "--workspace", temp.root],
                                             scratch: scratch)
            if crashed.killedBySIGKILL { killed += 1 }
            let recovered = try Subprocess.run(Subprocess.kontor, ["run", "--once", "--workspace", temp.root], scratch: scratch)
            #expect(recovered.status == 0, "\(point): recovery failed: \(recovered.stderr)")
            try check(temp, scratch: scratch, point: point)
        }
        print("invoice crash trials: \(points.count) points (\(points.map(\.description).joined(separator: " "))), \(killed) killed")
        #expect(killed >= points.count / 2, "only \(killed) of \(points.count) trials were killed")
    }

    /// Three invoices numbered 1…3 exactly once, with packages and balanced receivables,
    /// and a further request continues with number 4.
    func check(_ temp: EndToEndWorkspace, scratch: String, point: CrashPoint? = nil) throws {
        let label = point.map(\.description) ?? "baseline"
        let list = try Subprocess.run(Subprocess.kontor, ["invoices", "list", "--business", "acme", "--format", "json", "--workspace", temp.root],
                                      scratch: scratch)
        let rows = try JSONParser.parse(Array(list.stdout.utf8)).value["invoices"]?.arrayValue ?? []
        #expect(rows.compactMap { $0["number"]?.stringValue } == ["INV-2026-00001", "INV-2026-00002", "INV-2026-00003"], "\(label): \(list.stdout)")
        #expect(rows.compactMap { $0["key"]?.stringValue } == ["k1", "k2", "k3"], "\(label)")
        for number in 1...3 {
            let package = temp.root + "/outbox/acme/invoices/INV-2026-0000\(number).zip"
            #expect(FileManager.default.fileExists(atPath: package), "\(label): package \(number) missing")
        }
        let sql = "SELECT count(*), coalesce(sum(p.amount), 0) FROM posting p JOIN account a ON a.id = p.account_id WHERE a.name = 'Assets:Receivables'"
        let sum = try Subprocess.run("/usr/bin/sqlite3", [temp.root + "/var/kontor.sqlite", sql], scratch: scratch)
        let payable = rows.compactMap { $0["total"]?.stringValue }.compactMap { Money.parseEUR($0) }.reduce(0, +)
        #expect(sum.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3|\(payable)", "\(label): \(sum.stdout)")
        try temp.temporary.drop(InvoiceWorkspace.request(key: "k4"), named: "next.yaml", into: .acme, channel: .invoices)
        let next = try Subprocess.run(Subprocess.kontor, ["run", "--once", "--workspace", temp.root], scratch: scratch)
        #expect(next.status == 0)
        #expect(FileManager.default.fileExists(atPath: temp.root + "/outbox/acme/invoices/INV-2026-00004.zip"), "\(label): the next number is not 4")
    }
}

private extension Money {
    static func parseEUR(_ text: String) -> Int64? { (try? Money.parse(text, currency: .EUR))?.minorUnits }
}
