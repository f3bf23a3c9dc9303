import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// `kontor export … --anonymize`: an accountant or an auditor can get the books without the
/// names in them. Nothing that names a vendor, client or counterparty survives; every total
/// does; the same key gives the same pseudonyms (so two exports can be compared) and
/// without the key nobody can test a guessed name.
///
/// (Named EndToEnd: it drives the kontor binary and hledger as subprocesses.)
@Suite struct EndToEndAnonymizedExportTests {
    static let parties = ["Immobilien-Weber"]

    static func export(_ workspace: EndToEndWorkspace, _ arguments: String...,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await KontorProcess.run(["export"] + arguments + ["--business", "acme", "--workspace", workspace.root],
                                                 sourceLocation: sourceLocation)
        try #require(result.exited && result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The text after the date and flag of every transaction header of an hledger journal.
    static func descriptions(_ journal: String) -> Set<String> {
        var result = Set<String>()
        for line in journal.split(separator: "\n") where line.first?.isNumber == true {
            let words = line.split(separator: " ", maxSplits: 2)
            if words.count == 3 { result.insert(String(words[2])) }
        }
        return result
    }

    @Test func theJournalKeepsEveryTotalAndLosesEveryName() async throws {
        let workspace = try EndToEndReportCrossCheckTests.workspace()
        let plain = try await Self.export(workspace, "hledger")
        let anonymized = try await Self.export(workspace, "hledger", "--anonymize")

        // No vendor, client or description of the plain journal is left (invoice numbers
        // stay: they are the business's own references).
        let names = LedgerFixture.vendors + LedgerFixture.clients + Self.parties
        for name in names { #expect(!anonymized.contains(name), "'\(name)' is still in the anonymized journal") }
        let plainDescriptions = Self.descriptions(plain)
        #expect(plainDescriptions.count > 20)
        for description in Self.descriptions(anonymized) {
            #expect(!plainDescriptions.contains(description) || description.isEmpty, "description '\(description)' kept")
            #expect(description.range(of: #"^(Vendor|Client|Text)-[0-9a-f]{10}$"#, options: .regularExpression) != nil,
                    "'\(description)' is not a pseudonym")
        }

        // hledger gives the same balances: accounts without a party are unchanged, and the
        // party accounts under each parent sum to the same amount.
        let journals = (plain: workspace.root + "/plain.journal", anonymized: workspace.root + "/anonymized.journal")
        try plain.write(toFile: journals.plain, atomically: true, encoding: .utf8)
        try anonymized.write(toFile: journals.anonymized, atomically: true, encoding: .utf8)
        let before = try await EndToEndReportCrossCheckTests.hledgerBalances(journals.plain, [])
        let after = try await EndToEndReportCrossCheckTests.hledgerBalances(journals.anonymized, [])
        func grouped(_ balances: [String: Int64]) -> [String: Int64] {
            var result: [String: Int64] = [:]
            for (account, amount) in balances {
                var components = account.split(separator: ":").map(String.init)
                if let index = components.firstIndex(where: { $0.hasPrefix("Receivable") || $0.hasPrefix("Payable") }) {
                    components = Array(components[...index])
                }
                result[components.joined(separator: ":"), default: 0] += amount
            }
            return result
        }
        #expect(before.count == after.count, "accounts were merged or split")
        #expect(grouped(before) == grouped(after))
        #expect(before.keys.contains { $0.hasPrefix("Assets:Receivables:") })
        #expect(after.keys.filter { $0.hasPrefix("Assets:Receivables:") }.allSatisfy { $0.contains(":Party-") })

        // The same key gives the same bytes; a new key gives other pseudonyms, same totals.
        #expect(try await Self.export(workspace, "hledger", "--anonymize") == anonymized)
        let key = AnonymizationKeyFile(workspace: workspace)
        #expect(key.mode == 0o600)
        try FileManager.default.removeItem(atPath: key.path)
        let rekeyed = try await Self.export(workspace, "hledger", "--anonymize")
        #expect(rekeyed != anonymized)
        #expect(Self.descriptions(rekeyed).isDisjoint(with: Self.descriptions(anonymized)))
    }

    @Test func anExpenseExportKeepsAmountsAndCategoriesAndLosesVendors() async throws {
        let workspace = try EndToEndReportCrossCheckTests.workspace()
        let plain = PeerTool.csvRows(try await Self.export(workspace, "expenses", "--format", "csv"))
        let anonymized = PeerTool.csvRows(try await Self.export(workspace, "expenses", "--format", "csv", "--anonymize"))
        try #require(plain.count > 100 && plain.count == anonymized.count)
        let header = plain[0]
        #expect(anonymized[0] == header)
        let kept = ["id", "date", "amount", "currency", "tax_amount", "tax_rate", "category", "payment_account", "status", "source_line"]
        let replaced = ["vendor", "description"]
        for (before, after) in zip(plain.dropFirst(), anonymized.dropFirst()) {
            for column in kept {
                let index = try #require(header.firstIndex(of: column))
                #expect(before[index] == after[index], "\(column) changed")
            }
            for column in replaced {
                let index = try #require(header.firstIndex(of: column))
                #expect(before[index] != after[index] && !after[index].isEmpty, "\(column) '\(before[index])' kept")
            }
        }
        let vendorColumn = try #require(header.firstIndex(of: "vendor"))
        // One vendor, one pseudonym: the anonymized vendors group exactly like the real ones.
        #expect(Set(plain.dropFirst().map { $0[vendorColumn] }).count == Set(anonymized.dropFirst().map { $0[vendorColumn] }).count)

        // A package of the anonymized export gets its own name, never replacing the plain
        // one, and says in filters.json that it is anonymized.
        let plainPackage = try await Self.export(workspace, "expenses", "--package")
        let anonymizedPackage = try await Self.export(workspace, "expenses", "--package", "--anonymize")
        #expect(plainPackage.hasPrefix("wrote outbox/acme/exports/expenses-") && !plainPackage.contains("anonymized"), "\(plainPackage)")
        #expect(anonymizedPackage.contains("-anonymized.zip "), "\(anonymizedPackage)")
        #expect(workspace.files(in: workspace.workspace.exports(.acme)).count == 2)
    }

    @Test func aDamagedKeyIsRefusedWithTheFileNamed() async throws {
        let workspace = try EndToEndReportCrossCheckTests.workspace()
        let key = AnonymizationKeyFile(workspace: workspace)
        try Data("too short".utf8).write(to: URL(fileURLWithPath: key.path))
        let result = try await KontorProcess.run(["export", "hledger", "--anonymize", "--business", "acme", "--workspace", workspace.root])
        #expect(result.exited && result.status == 78, "\(result)")
        #expect(result.stderr.contains("var/anonymize.key") && result.stderr.contains("9 bytes"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}

/// Where the export keeps its pseudonym key.
struct AnonymizationKeyFile {
    let path: String

    init(workspace: EndToEndWorkspace) { path = workspace.workspace.state + "/anonymize.key" }

    var mode: Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }
}
