import Foundation
import KontorConfig
import KontorCore
import KontorRead
import Testing

/// Every bank CSV sample in `../shared/samples/bank-csv/`, recognized among the mappings
/// committed in `Tests/Fixtures/bank-csv-mappings/` and read through the one it matches,
/// against its `.expected.json` (the balance column's first/last row are not compared).
/// The sniffer's proposals for the same files are scored too.
@Suite("Bank CSV conformance")
struct BankCSVConformanceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The mappings in a directory of `<name>.yaml` files.
    static func mappings(in directory: URL) throws -> [BankCSVMapping] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return try BankSourceMapping.parse(yaml: text, name: String(name.dropLast(5)), file: name)
        }
    }

    static func sampleNames(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            !$0.hasPrefix(".") && !$0.hasSuffix(".expected.json")
                && FileManager.default.fileExists(atPath: folder + "/" + $0 + ".expected.json")
        }.sorted()
    }

    static func read(_ bytes: [UInt8], name: String, mapping: BankCSVMapping) throws -> [StatementEvent] {
        var source = MemoryByteSource(bytes, chunkSize: 1000)
        var events: [StatementEvent] = []
        try BankCSVReader(mapping: mapping).read(&source, fileName: name) { events.append($0) }
        return events
    }

    @Test("every bank CSV sample is recognized and reads as its expected.json says")
    func samples() throws {
        guard let samples = ConformanceHarness.samples else {
            print("bank-csv conformance: ../shared/samples is absent, nothing compared")
            return
        }
        let mappings = try Self.mappings(in: Self.repository.appendingPathComponent("Tests/Fixtures/bank-csv-mappings"))
        let folder = samples + "/bank-csv"
        let names = try Self.sampleNames(folder)
        #expect(!names.isEmpty)
        var passed = 0
        var failures: [String] = []
        for name in names {
            var problems: [String] = []
            do {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                let matching = BankCSVRecognizer.matching(prefix: Array(bytes.prefix(1 << 16)), among: mappings)
                if matching.count != 1 {
                    problems.append("recognized as \(matching.map(\.name)), expected exactly one mapping")
                }
                if let mapping = matching.first {
                    let events = try Self.read(bytes, name: name, mapping: mapping)
                    problems += try ConformanceHarness.differences(ConformanceHarness.summarize(events),
                                                                   expectedFile: folder + "/" + name + ".expected.json")
                }
            } catch {
                problems.append("\(error)")
            }
            if problems.isEmpty { passed += 1 } else { failures.append("\(name):\n    " + problems.joined(separator: "\n    ")) }
        }
        print("bank-csv conformance: \(passed) passed, \(failures.count) failed")
        for failure in failures { print("  " + failure) }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("the sniffer's proposals read most samples right")
    func sniffer() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let folder = samples + "/bank-csv"
        let fixtures = try Self.mappings(in: Self.repository.appendingPathComponent("Tests/Fixtures/bank-csv-mappings"))
        var right: [String] = []
        var wrong: [String] = []
        for name in try Self.sampleNames(folder) {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let mapping = MappingSniffer.propose(prefix: Array(bytes.prefix(1 << 16)), name: "proposed")
            var problems: [String]
            do {
                let events = try Self.read(bytes, name: name, mapping: mapping)
                problems = try ConformanceHarness.differences(ConformanceHarness.summarize(events),
                                                              expectedFile: folder + "/" + name + ".expected.json")
            } catch {
                problems = ["\(error)"]
            }
            if let committed = BankCSVRecognizer.matching(prefix: bytes, among: fixtures).first {
                let differences = Self.dialectDifferences(mapping, committed)
                if !differences.isEmpty { print("  sniffed \(name) differs from \(committed.name).yaml in: \(differences.joined(separator: ", "))") }
            }
            if problems.isEmpty { right.append(name) } else { wrong.append("\(name): " + problems.joined(separator: "; ")) }
            #expect(mapping.matches(headerCells: BankCSVRecognizer.headerCells(prefix: bytes, mapping: mapping) ?? []),
                    "a proposal recognizes its own file: \(name)")
        }
        print("bank-csv sniffer: \(right.count) of \(right.count + wrong.count) samples read as expected")
        for line in wrong { print("  not: " + line) }
        #expect(right.count * 4 >= (right.count + wrong.count) * 3, "the sniffer should get at least three quarters right")
    }

    /// Where a proposal's dialect differs from the committed mapping (printed, not failed:
    /// a proposal is for review, and several spellings read the same file).
    static func dialectDifferences(_ proposed: BankCSVMapping, _ committed: BankCSVMapping) -> [String] {
        var differences: [String] = []
        let utf8 = [BankCSVMapping.TextEncoding.utf8, .utf8BOM]
        if proposed.encoding != committed.encoding, !(utf8.contains(proposed.encoding) && utf8.contains(committed.encoding)) {
            differences.append("encoding \(proposed.encoding.rawValue) vs \(committed.encoding.rawValue)")
        }
        if proposed.delimiter != committed.delimiter { differences.append("delimiter") }
        if proposed.headerLine != committed.headerLine { differences.append("header line \(proposed.headerLine.map(String.init) ?? "none")") }
        if proposed.dateFormat != committed.dateFormat { differences.append("date format \(proposed.dateFormat)") }
        if proposed.decimalSeparator != committed.decimalSeparator { differences.append("decimal separator") }
        if proposed.columns.date != committed.columns.date { differences.append("date column \(proposed.columns.date)") }
        if proposed.columns.amount != committed.columns.amount || proposed.columns.debit != committed.columns.debit {
            differences.append("amount column")
        }
        if proposed.columns.payee != committed.columns.payee { differences.append("payee \(proposed.columns.payee.map { "\($0)" } ?? "none")") }
        if proposed.columns.memo != committed.columns.memo { differences.append("memo \(proposed.columns.memo)") }
        return differences
    }

    @Test("the example sources in pipelines/sources load")
    func shippedExamples() throws {
        let mappings = try Self.mappings(in: Self.repository.appendingPathComponent("pipelines/sources"))
        #expect(mappings.count >= 8)
    }
}
