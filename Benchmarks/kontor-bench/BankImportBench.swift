#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorPipeline
import KontorStore
import Logging

/// Workloads `bank-csv` and `bank-ofx`: `../shared/eval/gen_workload.py N` (the shared
/// benchmark workload of issue 3), imported by the real pipeline into a fresh ledger of one
/// business: its bank account bound to the workload's account, the CSV read through a
/// mapping in `pipelines/sources/workload.yaml`, and the workload's ~200 `rules.tsv`
/// patterns as payee rules whose categories are custom categories of the business (one per
/// distinct account of the rules). The same files then go through the peers issue 3 names,
/// when they are installed, so the printed ratios come from one machine state:
/// hledger (`print` of bank.csv with the patterns as `if` blocks) for the CSV, ofxtools
/// (parse + convert of bank.ofx) for the OFX.
struct BankImportBench {
    enum Format: String { case csv, ofx }

    var format: Format
    var rows: Int
    var keep: String?
    var peers: Bool

    /// The business's id, and the account both files name (the OFX ACCTID; the CSV mapping
    /// states it).
    static let business = "bench"
    static let accountID = "0123456789"

    func run() async throws {
        let workload = try Self.workload(rows: rows)
        let rules = try Self.rules(workload + "/rules.tsv")
        let root = keep ?? "/tmp/kontor-bench-\(getpid())"
        let workspace = Workspace(root: root)
        try setUp(workspace, rules: rules)
        let configuration = try Configuration.load(workspace: workspace)
        guard let business = configuration.businesses.first else { return }
        let name = "bank.\(format.rawValue)"
        let path = workspace.inbox(business.id, .bank) + "/" + name
        guard system("cp '\(workload)/\(name)' '\(path)'") == 0 else { throw KontorError(.io, "cannot copy \(name) into \(path)") }
        let bytes = fileSize(path)
        let store = try LedgerStore.open(path: workspace.database)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pipeline = try Pipeline(workspace: workspace, configuration: configuration, store: store, logger: logger,
                                    timestamp: { "2026-11-26T00:00:00Z" })
        let file = InboxFile(business: business.id, channel: .bank, path: path, size: bytes, modifiedNanoseconds: 0)
        let (seconds, outcome) = try await timedImport(pipeline, file, label: "bank-\(format.rawValue)")
        let receipt = readText(outcome.receiptPath.hasPrefix("/") ? outcome.receiptPath : root + "/" + outcome.receiptPath) ?? ""
        let posted = Self.integer(after: "\"posted\"", in: receipt)
        let review = Self.integer(after: "\"review\"", in: receipt)
        let rate = Double(rows) / seconds
        let rss = peakRSSMiB()
        print("bank-\(format.rawValue): \(rows) rows (\(bytes / 1024) KiB, \(rules.count) rules) imported in \(format2(seconds)) s = \(Int(rate)) rows/s, "
              + "peak RSS \(format1(rss)) MiB; posted \(posted.map(String.init) ?? "?"), left for review \(review.map(String.init) ?? "?")")
        if posted != rows {
            print("bank-\(format.rawValue): WARNING: \(rows) rows in the file but \(posted.map(String.init) ?? "?") posted")
        }
        if keep == nil { _ = system("rm -rf '\(root)'") }
        if peers {
            switch format {
            case .csv: peerHledger(workload: workload, rules: rules, rate: rate, rss: rss)
            case .ofx: peerOFXTools(workload: workload, rate: rate, rss: rss)
            }
        }
    }

    // MARK: Workspace

    func setUp(_ workspace: Workspace, rules: [(pattern: String, account: String)]) throws(KontorError) {
        _ = system("rm -rf '\(workspace.root)'")
        try DurableFile.makeDirectory(workspace.businessesDirectory)
        try DurableFile.makeDirectory(workspace.inbox + "/\(Self.business)/bank")
        try DurableFile.makeDirectory(workspace.sourcesDirectory)
        try DurableFile.makeDirectory(workspace.rulesDirectory)
        try DurableFile.makeDirectory(workspace.state)
        guard system("cp pipelines/categories.yaml '\(workspace.categoriesFile)'") == 0 else {
            throw KontorError(.usage, "run kontor-bench from the repository root (it needs pipelines/categories.yaml)")
        }
        try DurableFile.write("settle_seconds: 1\n", to: workspace.settingsFile)
        // One custom category per distinct account of the rules: key = slug of the account.
        var accounts: [String] = []
        for rule in rules where !accounts.contains(rule.account) { accounts.append(rule.account) }
        let categories = accounts.map { "  - { key: \(Self.slug($0)), name: \"\($0)\", account: \($0) }" }.joined(separator: "\n")
        try DurableFile.write("""
            id: \(Self.business)
            name: Bench GmbH
            base_currency: EUR
            accounts:
              - name: Assets:Bank:Checking
              - name: Assets:Tax:Input
            payment_accounts:
              bank: Assets:Bank:Checking
            default_payment_account: bank
            bank_accounts:
              - id: "\(Self.accountID)"
                account: Assets:Bank:Checking
                currency: EUR
            categories:
            \(categories)

            """, to: workspace.businessesDirectory + "/\(Self.business).yaml")
        try DurableFile.write("""
            label: gen_workload bank CSV
            encoding: utf-8
            delimiter: ","
            header_line: 1
            date_format: "%Y-%m-%d"
            decimal_separator: "."
            currency: EUR
            account: "\(Self.accountID)"
            columns:
              date: date
              amount: amount
              payee: description
              memo: reference
            detect:
              header: [date, description, amount, reference]

            """, to: workspace.sourcesDirectory + "/workload.yaml")
        var text = "business: \(Self.business)\nrules:\n"
        for (index, rule) in rules.enumerated() {
            text += "  - id: r\(index + 1)\n    payee: \(Self.yamlQuoted(rule.pattern))\n    category: \(Self.slug(rule.account))\n"
        }
        try DurableFile.write(text, to: workspace.rulesDirectory + "/workload.yaml")
    }

    /// `Expenses:Office:Hardware` → `expenses-office-hardware`.
    static func slug(_ account: String) -> String {
        String(account.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// A YAML single-quoted scalar: regex characters stay literal, `'` doubles.
    static func yamlQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }

    // MARK: Workload

    /// The directory holding `gen_workload.py N`'s files, generated once per N (the
    /// generator is deterministic, and 1M rows take a while in Python).
    static func workload(rows: Int) throws(KontorError) -> String {
        try generated(["\(rows)"], into: "/tmp/kontor-bench-workload-\(rows)", marker: "rules.tsv")
    }

    /// Runs `gen_workload.py arguments…` into `directory` (through a temp directory, so an
    /// interrupted run is never taken for a finished one) unless `marker` is already there.
    static func generated(_ arguments: [String], into directory: String, marker: String) throws(KontorError) -> String {
        if access(directory + "/" + marker, F_OK) == 0 { return directory }
        let generator = "../shared/eval/gen_workload.py"
        guard access(generator, R_OK) == 0 else {
            throw KontorError(.usage, "\(generator) is missing: run kontor-bench from the repository root, beside shared/")
        }
        _ = system("rm -rf '\(directory).tmp'")
        guard system("python3 \(generator) \(arguments.joined(separator: " ")) --out '\(directory).tmp' >/dev/null 2>&1"
                     + " && mv '\(directory).tmp' '\(directory)'") == 0 else {
            throw KontorError(.io, "gen_workload.py \(arguments.joined(separator: " ")) failed")
        }
        return directory
    }

    /// `rules.tsv` without its header: PATTERN<TAB>ACCOUNT.
    static func rules(_ path: String) throws(KontorError) -> [(pattern: String, account: String)] {
        guard let text = readText(path) else { throw KontorError(.io, "cannot read \(path)") }
        var rules: [(pattern: String, account: String)] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { continue }
            rules.append((String(fields[0]), String(fields[1])))
        }
        return rules
    }

    static func integer(after key: String, in text: String) -> Int? {
        guard let range = text.firstRange(of: key) else { return nil }
        let digits = text[range.upperBound...].drop { $0 == ":" || $0 == " " }.prefix { $0.isNumber }
        return Int(digits)
    }

    // MARK: Peers

    /// hledger `print` of bank.csv with the rules as `if %description PATTERN` blocks.
    func peerHledger(workload: String, rules: [(pattern: String, account: String)], rate: Double, rss: Double) {
        guard system("command -v hledger >/dev/null 2>&1") == 0 else {
            print("  peer hledger: not installed (apt-get install -y hledger); skipped")
            return
        }
        var text = """
            skip 1
            fields date, description, amount, reference
            date-format %Y-%m-%d
            currency EUR
            account1 Assets:Bank:Checking

            """
        for rule in rules { text += "\nif %description \(rule.pattern)\n  account2 \(rule.account)\n" }
        let rulesFile = workload + "/hledger.rules"
        guard writeText(text, to: rulesFile) else { print("  peer hledger: cannot write \(rulesFile); skipped"); return }
        peer("hledger", "hledger -f '\(workload)/bank.csv' --rules-file '\(rulesFile)' print > /dev/null", rate: rate, rss: rss)
    }

    /// ofxtools parse + convert of bank.ofx, from a venv when the system python lacks it.
    func peerOFXTools(workload: String, rate: Double, rss: Double) {
        let venv = "/tmp/kontor-bench-venv/bin/python3"
        let python = system("python3 -c 'import ofxtools' >/dev/null 2>&1") == 0 ? "python3"
            : system("\(venv) -c 'import ofxtools' >/dev/null 2>&1") == 0 ? venv : nil
        guard let python else {
            print("  peer ofxtools: not installed (scripts/bench-peers.sh installs it into /tmp/kontor-bench-venv); skipped")
            return
        }
        peer("ofxtools", "\(python) -c 'from ofxtools.Parser import OFXTree; t=OFXTree(); t.parse(\"\(workload)/bank.ofx\"); t.convert()'",
             rate: rate, rss: rss)
    }

    /// Runs `command` under `/usr/bin/time -v` and prints its rows/s and max RSS beside
    /// Kontor's, as ratios.
    func peer(_ name: String, _ command: String, rate: Double, rss: Double) {
        guard access("/usr/bin/time", X_OK) == 0 else {
            print("  peer \(name): /usr/bin/time is missing (apt-get install -y time); skipped")
            return
        }
        let report = "/tmp/kontor-bench-time-\(getpid()).txt"
        let script = "/tmp/kontor-bench-peer-\(getpid()).sh"
        guard writeText(command + "\n", to: script) else { print("  peer \(name): cannot write \(script); skipped"); return }
        let status = system("/usr/bin/time -v -o '\(report)' sh '\(script)'")
        let text = readText(report) ?? ""
        _ = unlink(report)
        _ = unlink(script)
        guard status == 0, let wall = Self.wallSeconds(text), let kib = Self.integer(after: "Maximum resident set size (kbytes)", in: text) else {
            print("  peer \(name): failed (status \(status)); skipped")
            return
        }
        let peerRate = Double(rows) / wall
        let peerRSS = Double(kib) / 1024
        print("  peer \(name): \(format2(wall)) s = \(Int(peerRate)) rows/s, max RSS \(format1(peerRSS)) MiB; "
              + "Kontor is \(format2(rate / peerRate))x its speed with \(format2(rss / peerRSS))x its memory")
    }

    /// `Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34` → 62.34.
    static func wallSeconds(_ text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Elapsed (wall clock)") }),
              let value = line.split(separator: " ").last else { return nil }
        var seconds = 0.0
        for part in value.split(separator: ":") {
            guard let number = Double(part) else { return nil }
            seconds = seconds * 60 + number
        }
        return seconds
    }
}

func fileSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : 0
}

func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

func writeText(_ text: String, to path: String) -> Bool {
    guard let file = fopen(path, "w") else { return false }
    defer { fclose(file) }
    return fputs(text, file) >= 0
}
