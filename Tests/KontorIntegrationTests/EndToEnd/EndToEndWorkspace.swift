import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// A temporary workspace with a copy of the repository's `pipelines/` (both demo
/// businesses), driven through the real `kontor` executable.
///
/// (`KontorTesting.` is spelled out: this target has a smaller `TemporaryWorkspace` of its own.)
struct EndToEndWorkspace {
    let temporary: KontorTesting.TemporaryWorkspace
    var root: String { temporary.root }
    var workspace: Workspace { temporary.workspace }

    /// - Parameter settings: the content of `pipelines/kontor.yaml`. The shortest settle
    /// interval by default: `run --once` waits that long for a file dropped just before.
    init(settings: String = "settle_seconds: 1\n") throws {
        temporary = try KontorTesting.TemporaryWorkspace(copyingPipelinesFrom: KontorProcess.packageRoot + "/pipelines")
        try temporary.write(settings, to: temporary.workspace.settingsFile)
    }

    /// Runs `kontor arguments… --workspace <root>`.
    func kontor(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> KontorProcess.Result {
        try await KontorProcess.run(arguments + ["--workspace", root], sourceLocation: sourceLocation)
    }

    /// Runs `kontor run --once` and expects it to exit with `status`.
    @discardableResult
    func runOnce(expecting status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) async throws -> KontorProcess.Result {
        let result = try await kontor("run", "--once", sourceLocation: sourceLocation)
        #expect(result.exited && result.status == status, "\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Drops `text` into `inbox/<business>/expenses/` atomically (written hidden, renamed).
    @discardableResult
    func drop(_ text: String, named name: String, into business: BusinessID = .acme) throws -> String {
        try temporary.drop(text, named: name, into: business, channel: .expenses)
    }

    /// Drops a fixture file from `Tests/Fixtures/end-to-end/<folder>/` under its own name.
    @discardableResult
    func drop(fixture folder: String, _ name: String, into business: BusinessID = .acme) throws -> String {
        try temporary.drop(try EndToEndGolden.input(folder, name), named: name, into: business, channel: .expenses)
    }

    /// The JSON stdout of a command that must succeed.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let result = try await KontorProcess.run(arguments + ["--workspace", root], sourceLocation: sourceLocation)
        try #require(result.exited && result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return try JSONParser.parse(Array(result.stdout.utf8)).value
    }

    /// `kontor expenses list --business B --format json [filters…]`: the expenses array.
    func expenses(_ business: BusinessID = .acme, _ filters: [String] = [],
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
        let result = try await KontorProcess.run(["expenses", "list", "--business", business.rawValue, "--format", "json"] + filters
                                           + ["--workspace", root], sourceLocation: sourceLocation)
        try #require(result.exited && result.status == 0, "\(result)", sourceLocation: sourceLocation)
        let object = try JSONParser.parse(Array(result.stdout.utf8)).value
        #expect(object["business"] == .string(business.rawValue), sourceLocation: sourceLocation)
        return try #require(object["expenses"]?.arrayValue, "\(result)", sourceLocation: sourceLocation)
    }

    /// The receipts in `outbox/<business>/receipts/`, by file name.
    func receipts(_ business: BusinessID = .acme) throws -> [String: JSONValue] {
        var receipts: [String: JSONValue] = [:]
        for name in files(in: workspace.receipts(business)) where name.hasSuffix(".json") {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: workspace.receipts(business) + "/" + name)))
            receipts[name] = try JSONParser.parse(bytes).value
        }
        return receipts
    }

    /// Regular files below `directory`, as paths relative to it, sorted; [] when it is missing.
    func files(in directory: String) -> [String] {
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

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: path.hasPrefix("/") ? path : root + "/" + path, encoding: .utf8)
    }
}

extension BusinessID {
    /// The two businesses of the repository's demo workspace.
    static let acme = BusinessID.known("acme")
    static let nordlicht = BusinessID.known("nordlicht")

    /// A business id from a literal known to be valid.
    static func known(_ literal: String) -> BusinessID {
        guard let id = BusinessID(literal) else { preconditionFailure("'\(literal)' is a valid business id") }
        return id
    }
}

extension JSONValue {
    var intValue: Int64? { if case .int(let value) = self { value } else { nil } }
}

/// Golden files of the end-to-end tests: `Tests/Fixtures/end-to-end/<folder>/<name>`
/// beside `<name>.expected.json`. With `KONTOR_RECORD=1` the expectation is rewritten
/// **and the test fails**, so nothing passes by recording (STYLE.md 15).
enum EndToEndGolden {
    static let fixtures = KontorProcess.packageRoot + "/Tests/Fixtures/end-to-end"

    static var isRecording: Bool { ProcessInfo.processInfo.environment["KONTOR_RECORD"] == "1" }

    static func input(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + folder + "/" + name)))
    }

    /// The fixture names in `folder` with `suffix` (expectation files left out), sorted.
    static func cases(_ folder: String, suffix: String = "") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasSuffix(".expected.json") }.sorted()
    }

    /// Compares `actual` with `<folder>/<name>.expected.json`, or records it and fails.
    static func check(_ actual: JSONValue, folder: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = fixtures + "/" + folder + "/" + name + ".expected.json"
        let text = actual.serialized()
        if isRecording {
            do {
                try FileManager.default.createDirectory(atPath: fixtures + "/" + folder, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                Issue.record("recorded \(folder)/\(name).expected.json; review it and run again without KONTOR_RECORD",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record \(path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no \(folder)/\(name).expected.json; run with KONTOR_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(expected == text, "\(folder)/\(name).expected.json", sourceLocation: sourceLocation)
    }
}
