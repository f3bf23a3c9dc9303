import Foundation
import KontorConfig
import KontorCore
import KontorPipeline
import KontorTesting
import Testing

/// `kontor pipelines detect`: a proposed mapping that loads, is saved for review without
/// overwriting, and makes files of that shape import (docs/bank-csv-mappings.md).
@Suite struct SourceDetectionTests {
    static let csv = IntakeHarness.fixtures + "/overlap/2026-01-to-02-05.csv"

    @Test("detect, write, drop: the file imports through the new mapping")
    func detectWriteImport() async throws {
        let harness = try IntakeHarness()
        // Unknown before: no mapping matches, the file is rejected.
        try harness.drop(file: Self.csv, named: "before.csv")
        #expect(try await harness.run().map(\.status) == [.rejected])

        let configuration = try Configuration.load(workspace: harness.workspace)
        let proposal = try SourceProposal.propose(path: Self.csv, name: "hausbank", configuration: configuration, fallbackCurrency: .EUR)
        #expect(proposal.problem == nil)
        #expect(proposal.alreadyMatching.isEmpty)
        #expect(proposal.mapping.delimiter == .semicolon)
        #expect(proposal.mapping.decimalSeparator == .comma)
        #expect(proposal.mapping.dateFormat.pattern == "%d.%m.%Y")
        #expect(proposal.mapping.columns.date == .named("Buchungstag"))
        #expect(proposal.mapping.columns.amount == .named("Betrag"))
        // The YAML loads back as the same mapping.
        #expect(try BankSourceMapping.parse(yaml: proposal.yaml, name: "hausbank") == proposal.mapping)

        let path = try proposal.write(workspace: harness.workspace, force: false)
        #expect(path == harness.workspace.sourcesDirectory + "/hausbank.yaml")
        try harness.drop(file: Self.csv, named: "after.csv")
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\(outcomes.map { $0.error.map(ErrorRenderer.text) ?? "" })")
        let receipt = try harness.receipt("after.csv")
        #expect(receipt["format"] == "csv:hausbank")
        #expect(receipt["posted"]?.intValue == 8)

        // Saving again: the name is taken, and the file is now recognized.
        let again = try SourceProposal.propose(path: Self.csv, name: "hausbank", configuration: try Configuration.load(workspace: harness.workspace),
                                               fallbackCurrency: .EUR)
        #expect(again.alreadyMatching == ["hausbank"])
        let taken = try #require(throws: KontorError.self) { try again.write(workspace: harness.workspace, force: false) }
        #expect(taken.message == "pipelines/sources/hausbank.yaml exists already; not overwritten")
        var renamed = again
        renamed.name = "other"
        let error = try #require(throws: KontorError.self) { try renamed.write(workspace: harness.workspace, force: false) }
        #expect(error.message == "this file is already recognized by pipelines/sources/hausbank.yaml; a second mapping would make it ambiguous")
    }

    @Test("a name that is not a plain word is refused; the default name comes from the file")
    func names() throws {
        let harness = try IntakeHarness()
        let configuration = try Configuration.load(workspace: harness.workspace)
        #expect(throws: KontorError.self) {
            try SourceProposal.propose(path: Self.csv, name: "../escape", configuration: configuration, fallbackCurrency: .EUR)
        }
        let proposal = try SourceProposal.propose(path: Self.csv, name: nil, configuration: configuration, fallbackCurrency: .EUR)
        #expect(proposal.name == "2026-01-to-02-05")
        let ofx = try #require(throws: KontorError.self) {
            try SourceProposal.propose(path: IntakeHarness.fixtures + "/overlap/2026-01.ofx", name: "x", configuration: configuration,
                                       fallbackCurrency: .EUR)
        }
        #expect(ofx.message == "this is ofx, not a bank CSV: Kontor reads it without a mapping")
    }

    @Test("bank_accounts[].source picks the account of a CSV that names none")
    func sourceChoosesAccount() async throws {
        let harness = try IntakeHarness(profileExtra: """
              - id: SAVINGS-1
                account: Assets:Cash
                source: plain

            """)
        try harness.temporary.write("""
            label: plain
            delimiter: ";"
            date_format: "%Y-%m-%d"
            currency: EUR
            columns: {date: Datum, payee: Empfaenger, amount: Betrag}
            detect: {header: [Datum, Empfaenger, Betrag]}

            """, to: harness.workspace.sourcesDirectory + "/plain.yaml")
        try harness.drop("Datum;Empfaenger;Betrag\n2026-03-01;Bakery;-3.20\n", named: "plain.csv")
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported], "\(outcomes.map { $0.error.map(ErrorRenderer.text) ?? "" })")
        let statements = try #require(try harness.receipt("plain.csv")["statements"]?.arrayValue)
        #expect(statements.first?["ledger_account"] == "Assets:Cash")
    }

    @Test("a PayPal signing secret is refused: only Stripe signatures are verified")
    func payPalSecret() throws {
        let harness = try IntakeHarness()
        let profile = harness.workspace.businessFile(.acme)
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        text = text.replacingOccurrences(of: "gateways:\n", with: "gateways:\n  paypal:\n    clearing: Assets:Stripe\n    fees: Expenses:Fees:Payment\n    signing_secret_env: PAYPAL_SECRET\n")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        let error = try #require(throws: KontorError.self) { try Configuration.load(workspace: harness.workspace) }
        #expect(error.message.hasSuffix("signing_secret_env is not supported for paypal: Kontor verifies only Stripe's webhook signatures"))
    }

    @Test("a source that names no mapping is a configuration error")
    func unknownSource() throws {
        let harness = try IntakeHarness(profileExtra: """
              - id: SAVINGS-1
                account: Assets:Cash
                source: missing

            """)
        let error = try #require(throws: KontorError.self) { try Configuration.load(workspace: harness.workspace) }
        #expect(error.message == "bank account SAVINGS-1 of business acme names source 'missing', but pipelines/sources/missing.yaml does not exist")
    }
}
