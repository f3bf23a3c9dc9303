import Foundation
import KontorConfig
import KontorCore
import KontorIntake
import KontorPipeline
import KontorStore
import KontorTesting
import Logging

/// A temporary workspace with the repository's `pipelines/` and a pipeline driven in
/// process: drop a file, process it, look at the ledger and the outbox.
final class InvoiceWorkspace {
    let temporary: TemporaryWorkspace
    let configuration: Configuration
    let store: LedgerStore
    let pipeline: Pipeline
    static let acme = BusinessID("acme")!

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// `profileAppendix` is added to acme's profile, `chart` to its accounts, before the
    /// configuration is loaded.
    init(profileAppendix: String = "", chart: [String] = [], invoicing: String = "") throws {
        temporary = try TemporaryWorkspace(copyingPipelinesFrom: InvoiceWorkspace.packageRoot + "/pipelines")
        if !profileAppendix.isEmpty || !chart.isEmpty || !invoicing.isEmpty {
            let path = temporary.workspace.businessesDirectory + "/acme.yaml"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            let accounts = chart.map { "  - { name: \($0) }\n" }.joined()
            text = text.replacingOccurrences(of: "\naccounts:\n", with: "\naccounts:\n" + accounts)
            text = text.replacingOccurrences(of: "\ninvoicing:\n", with: "\ninvoicing:\n" + invoicing)
            try DurableFile.write(text + "\n" + profileAppendix, to: path)
        }
        configuration = try Configuration.load(workspace: temporary.workspace)
        try DurableFile.makeDirectory(temporary.workspace.state)
        store = try LedgerStore.open(path: temporary.workspace.database)
        pipeline = try Pipeline(workspace: temporary.workspace, configuration: configuration, store: store,
                                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                timestamp: { "2026-11-26T10:00:00Z" })
    }

    var workspace: Workspace { temporary.workspace }

    /// Drops `text` into `inbox/acme/<channel>/` and processes it.
    @discardableResult
    func process(_ text: String, named name: String, channel: Channel) async throws -> FileOutcome {
        let path = try temporary.drop(text, named: name, into: InvoiceWorkspace.acme, channel: channel)
        guard let file = InboxScanner(inbox: workspace.inbox).file(at: path, business: InvoiceWorkspace.acme, channel: channel) else {
            throw KontorError(.internal, "the dropped file is not in the inbox")
        }
        guard let outcome = try await pipeline.process(file) else { throw KontorError(.internal, "the pipeline did not take \(name)") }
        return outcome
    }

    func clients() async throws {
        try await process(InvoiceWorkspace.clientsYAML, named: "clients.yaml", channel: .clients)
    }

    func invoices(_ query: (inout InvoiceQuery) -> Void = { _ in }) throws -> [StoredInvoice] {
        var q = InvoiceQuery(business: InvoiceWorkspace.acme)
        query(&q)
        return try store.invoices(q)
    }

    func outbox(_ relative: String) -> String { workspace.outbox(InvoiceWorkspace.acme) + "/" + relative }

    static let clientsYAML = """
        clients:
          - id: globex
            name: Globex B.V.
            address: { street: Kade 5, city: Amsterdam, postal_code: 1011 AA, country: NL }
            tax_id: NL123456789B01
            email: ap@globex.example
            payment_terms_days: 14
            peppol_id: "0088:4012345000009"
          - id: initech
            name: Initech GmbH
            address: { street: Ringstraße 9, city: München, postal_code: "80331", country: DE }
            tax_id: DE987654321
            language: de
        """

    /// One invoice request (YAML) with `lines` lines at 19 %.
    static func request(key: String, client: String = "globex", date: String = "2026-11-02", lines: Int = 1, extra: String = "") -> String {
        var text = """
            invoices:
              - key: \(key)
                client: \(client)
                issue_date: \(date)
            \(extra)
                lines:

            """
        for index in 1...lines {
            text += "      - { description: Item \(index), quantity: 2, unit: C62, unit_price: 10.50, tax_category: S, tax_rate: 19 }\n"
        }
        return text
    }
}
