import Foundation
import KontorConfig
import KontorCore
import Testing

/// Golden tests for every configuration error message (STYLE.md 15): each fixture
/// `Tests/Fixtures/config-errors/<kind>/<case>.yaml` sits beside
/// `<case>.yaml.expected.json`, the JSON error object the loader must produce.
/// `KONTOR_RECORD=1 swift test` rewrites the expectations and fails, so nothing passes
/// by recording.
@Suite struct ConfigErrorGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/config-errors").path

    static func cases(_ kind: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + kind)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: directory + "/" + path, encoding: .utf8)
    }

    @Test func everyKindHasCases() {
        #expect(Self.cases("kontor").count >= 9)
        #expect(Self.cases("categories").count >= 11)
        #expect(Self.cases("businesses").count >= 22)
    }

    @Test(arguments: cases("kontor"))
    func settings(_ name: String) throws {
        let text = try Self.text("kontor/\(name).yaml")
        try check("kontor/\(name).yaml") { () throws(KontorError) in _ = try WorkspaceSettings.parse(yaml: text) }
    }

    @Test(arguments: cases("categories"))
    func catalog(_ name: String) throws {
        let text = try Self.text("categories/\(name).yaml")
        try check("categories/\(name).yaml") { () throws(KontorError) in _ = try CategoryCatalog.parse(yaml: text) }
    }

    @Test(arguments: cases("businesses"))
    func business(_ name: String) throws {
        let catalog = try CategoryCatalog.parse(yaml: Self.text("shared-catalog.yaml"))
        let text = try Self.text("businesses/\(name).yaml")
        let id = try #require(BusinessID(name))
        try check("businesses/\(name).yaml") { () throws(KontorError) in
            _ = try BusinessProfile.parse(yaml: text, id: id, catalog: catalog)
        }
    }

    /// Runs `load`, which must fail, and compares the error's JSON with the golden file.
    private func check(_ fixture: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ load: () throws(KontorError) -> Void) throws {
        try Golden.checkError(fixture, in: Self.directory, sourceLocation: sourceLocation, load)
    }
}
