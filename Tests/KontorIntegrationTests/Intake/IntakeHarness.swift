import Foundation
import KontorConfig
import KontorCore
import KontorIntake
import KontorPipeline
import KontorStore
import KontorTesting
import Logging
import Testing

/// A workspace (a copy of the repository's `pipelines/`, acme given the overlap account
/// DE89370400440532013000, a Stripe gateway and a signing secret variable) driven by the
/// real ``Pipeline`` in this process: files are dropped into inboxes, then every waiting
/// file is processed in inbox order, as `kontor run --once` does.
final class IntakeHarness {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let fixtures = packageRoot + "/Tests/Fixtures"
    static let samples = packageRoot + "/../shared/samples"
    static let iban = "DE89370400440532013000"
    static let secretVariable = "KONTOR_TEST_STRIPE_SECRET"

    let temporary: KontorTesting.TemporaryWorkspace
    var workspace: Workspace { temporary.workspace }
    /// The intake time receipts show and signatures are checked against.
    var clock = "2026-11-26T10:00:00Z"
    /// What the pipeline sees as its environment.
    var environment: [String: String] = [:]
    private var store: LedgerStore?

    /// - Parameters:
    ///   - settings: `pipelines/kontor.yaml`.
    ///   - secret: whether acme's Stripe gateway names a signing secret variable.
    ///   - profileExtra: more `bank_accounts` entries (indented by two spaces, ending in a newline).
    init(settings: String = "settle_seconds: 1\n", secret: Bool = false, profileExtra: String = "") throws {
        temporary = try KontorTesting.TemporaryWorkspace(copyingPipelinesFrom: IntakeHarness.packageRoot + "/pipelines")
        try temporary.write(settings, to: temporary.workspace.settingsFile)
        let profile = temporary.workspace.businessFile(.acme)
        var text = ProfileText.removingTopLevelKey("bank_accounts", from: try String(contentsOfFile: profile, encoding: .utf8))
        text = text.replacingOccurrences(of: "  - { name: Assets:Cash, code: \"1000\" }",
                                         with: "  - { name: Assets:Cash, code: \"1000\" }\n  - { name: Assets:Stripe }\n  - { name: Assets:Transit:Stripe }")
        text += """
            bank_accounts:
              - id: \(IntakeHarness.iban)
                account: Assets:Bank:Checking
                currency: EUR
            \(profileExtra)gateways:
              stripe:
                clearing: Assets:Stripe
                fees: Expenses:Fees:Payment
            \(secret ? "    signing_secret_env: \(IntakeHarness.secretVariable)\n" : "")
            """
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
    }

    /// Writes `bytes` into `inbox/acme/<channel>/<name>` (hidden, then renamed).
    @discardableResult
    func drop(_ bytes: [UInt8], named name: String, channel: Channel = .bank) throws -> String {
        let directory = try temporary.inbox(.acme, channel)
        let hidden = directory + "/." + name + ".tmp"
        try Data(bytes).write(to: URL(fileURLWithPath: hidden))
        let path = directory + "/" + name
        guard rename(hidden, path) == 0 else { throw KontorError(.io, "cannot rename \(hidden)") }
        return path
    }

    @discardableResult
    func drop(_ text: String, named name: String, channel: Channel = .bank) throws -> String {
        try drop(Array(text.utf8), named: name, channel: channel)
    }

    /// Copies a file into the inbox under `name` (default: its own name).
    @discardableResult
    func drop(file path: String, named name: String? = nil, channel: Channel = .bank) throws -> String {
        try drop(Array(try Data(contentsOf: URL(fileURLWithPath: path))), named: name ?? (path as NSString).lastPathComponent,
                 channel: channel)
    }

    /// A pipeline on the current configuration (loaded afresh, as a new `kontor run` would).
    func pipeline() throws -> Pipeline {
        let configuration = try Configuration.load(workspace: workspace)
        try openStore()
        var logger = Logger(label: "intake-test")
        logger.logLevel = .critical
        let clock = self.clock
        var pipeline = try Pipeline(workspace: workspace, configuration: configuration, store: try #require(store), logger: logger,
                                    timestamp: { clock })
        let environment = self.environment
        pipeline.environment = { environment[$0] }
        return pipeline
    }

    /// Resumes the spool, then processes every file waiting in acme's bank, gateway,
    /// expenses and corrections inboxes; the outcomes in order.
    @discardableResult
    func run() async throws -> [FileOutcome] {
        let pipeline = try pipeline()
        var outcomes = try await pipeline.resumeSpool()
        let scanner = InboxScanner(inbox: workspace.inbox)
        for file in try scanner.scan(businesses: [.acme], channels: [.vendors, .bank, .gateway, .expenses, .corrections]) {
            if let outcome = try await pipeline.process(file) { outcomes.append(outcome) }
        }
        return outcomes
    }

    /// The receipt of the file whose name is `name` (receipts are `<number>-<name>.json`).
    func receipt(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let diskName = name.replacingOccurrences(of: "/", with: "!")
        let directory = workspace.receipts(.acme)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let matching = names.filter { $0.count > 7 && String($0.dropFirst(7)) == diskName + ".json" }
        let found = try #require(matching.last, "no receipt for \(name) among \(names)", sourceLocation: sourceLocation)
        return try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + found)))).value
    }

    /// The error report `outbox/acme/rejected/<name>.error.json`.
    func errorReport(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let path = workspace.rejected(.acme) + "/" + name.replacingOccurrences(of: "/", with: "!") + ".error.json"
        let bytes = try #require(try? Data(contentsOf: URL(fileURLWithPath: path)), "no \(path)", sourceLocation: sourceLocation)
        return try JSONParser.parse(Array(bytes)).value
    }

    private func openStore() throws {
        guard store == nil else { return }
        try DurableFile.makeDirectory(workspace.state)
        store = try LedgerStore.open(path: workspace.database)
    }

    /// The ledger the pipeline writes.
    func ledger() throws -> LedgerStore {
        try openStore()
        return try #require(store)
    }

    /// Every file the ledger knows for acme, oldest first.
    func files() throws -> [StoredFile] {
        try openStore()
        return try #require(store).files(business: .acme, limit: 10_000).reversed()
    }

    /// Transactions posted in all (the sum of the imported files' posted counts).
    func posted() throws -> Int {
        try files().filter { $0.status == .imported }.reduce(0) { $0 + $1.postedCount }
    }

    /// Regular files below `directory` (relative paths), sorted.
    func listing(_ directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var names: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// Runs a program; its standard output, or a failed requirement.
    static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed", sourceLocation: sourceLocation)
        return String(decoding: data, as: UTF8.self)
    }
}
