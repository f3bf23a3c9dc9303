import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Loads real `pipelines/` directories from disk: the repository's own workspace files
/// and temporary workspaces.
@Suite struct WorkspaceConfigurationTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func repositoryWorkspaceLoads() throws {
        let configuration = try Configuration.load(workspace: Workspace(root: Self.repositoryRoot))
        #expect(configuration.settings == .default)
        #expect(configuration.businesses.map(\.id.rawValue) == ["acme", "nordlicht"])
        #expect(configuration.catalog.categories.count >= 30)
        let incomeKeys = configuration.catalog.children(of: CategoryKey("income")).map(\.key.rawValue)
        #expect(incomeKeys == ["income.sales", "income.services", "income.interest", "income.other"])
        let acme = try #require(configuration.businesses.first)
        #expect(acme.baseCurrency == .EUR)
        #expect(acme.importSettings.allowNewCategories == false)
        let nordlicht = try #require(configuration.businesses.last)
        #expect(nordlicht.baseCurrency.code == "SEK")
        #expect(nordlicht.importSettings.decimalSeparator == .comma)
        #expect(nordlicht.importSettings.allowNewCategories)
        #expect(configuration.category(CategoryKey("research.lab-supplies"), for: acme.id) != nil)
        #expect(configuration.category(CategoryKey("research.lab-supplies"), for: nordlicht.id) == nil)
        #expect(configuration.category(CategoryKey("studio.props"), for: nordlicht.id)?.account.rawValue == "Expenses:Studio:Props")
    }

    /// Every category a demo input uses exists for its business (the bad file aside, the
    /// demo must import cleanly).
    @Test(arguments: ["acme", "nordlicht"])
    func demoInputsUseKnownCategories(_ business: String) throws {
        let configuration = try Configuration.load(workspace: Workspace(root: Self.repositoryRoot))
        let id = try #require(BusinessID(business))
        let known = Set(configuration.categories(for: id).map(\.key.rawValue))
        let directory = Self.repositoryRoot + "/demo/inbox/\(business)/expenses"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".csv") }
        #expect(!names.isEmpty)
        for name in names {
            let lines = try String(contentsOfFile: directory + "/" + name, encoding: .utf8).split(separator: "\n")
            let separator: Character = lines.first?.contains(";") == true ? ";" : ","
            for line in lines.dropFirst() {
                let fields = line.split(separator: separator, omittingEmptySubsequences: false)
                #expect(fields.count >= 5 && known.contains(String(fields[4])), "\(name): \(line)")
            }
        }
    }

    @Test func copiedPipelinesLoadInATemporaryWorkspace() throws {
        let temp = try KontorTesting.TemporaryWorkspace(copyingPipelinesFrom: Self.repositoryRoot + "/pipelines")
        let configuration = try Configuration.load(workspace: temp.workspace)
        #expect(configuration.businesses.count == 2)
        #expect(FileManager.default.fileExists(atPath: temp.workspace.inbox))
        #expect(FileManager.default.fileExists(atPath: temp.workspace.outbox))
    }

    @Test func missingCatalogIsAConfigError() throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: ["kontor.yaml": "settle_seconds: 3\n"])
        #expect(throws: KontorError(.config, "pipelines/categories.yaml is missing",
                                    hint: "create it; the Kontor repository's pipelines/ has an example",
                                    at: SourcePosition(file: "pipelines/categories.yaml"))) {
            try Configuration.load(workspace: temp.workspace)
        }
    }

    @Test func ymlBusinessFileIsRefusedWithTheRename() throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: ["categories.yaml": "categories: []\n",
                                                      "businesses/acme.yml": "id: acme\n"])
        do {
            _ = try Configuration.load(workspace: temp.workspace)
            Issue.record("a .yml business file was accepted")
        } catch {
            #expect(error.position?.file == "pipelines/businesses/acme.yml")
            #expect(error.hint == "rename it to acme.yaml")
        }
    }

    @Test func businessErrorsNameTheWorkspaceRelativeFile() throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: ["categories.yaml": "categories: []\n",
                                                      "businesses/beta.yaml": "id: beta\nname: Beta\nbase_currency: EUX\n"])
        do {
            _ = try Configuration.load(workspace: temp.workspace)
            Issue.record("a bad currency was accepted")
        } catch {
            #expect(error.message == "base_currency 'EUX' is not an ISO 4217 currency code — did you mean EUR?")
            #expect(error.position == SourcePosition(file: "pipelines/businesses/beta.yaml", line: 3, column: 16, path: "base_currency"))
        }
    }

    @Test func emptyWorkspaceHasNoBusinessesAndDefaultSettings() throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: ["categories.yaml": ""])
        let configuration = try Configuration.load(workspace: temp.workspace)
        #expect(configuration.businesses.isEmpty)
        #expect(configuration.catalog.categories.isEmpty)
        #expect(configuration.settings == .default)
    }
}
