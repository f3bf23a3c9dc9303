import Foundation
import KontorCore
import KontorRead
import Testing

/// Every MT940 sample in `../shared/samples/mt940/` against its `.expected.json`.
///
/// The expectations come from the Python `mt-940` package. Kontor's booking date is the
/// `:61:` entry date when given (as camt's BookgDt), so `earliest_date`/`latest_date`
/// (value dates) are compared with the transactions' `valueDate`, and
/// `earliest_entry_date`/`latest_entry_date`, where not null, with their booking `date`.
@Suite("MT940 conformance")
struct MT940ConformanceTests {
    /// Differences where the peer is wrong, each with its evidence. They are printed, not
    /// counted as failures; anything else fails.
    static let accepted: [String: (differences: [String], reason: String)] = [
        "mt940-betterplace-sepa_mt9401.sta": (
            ["statement 1 sum: -2909.87, expected -2500.11", "statement 5 sum: -726694.27, expected -726284.51"],
            "mark RC is a reversal of a credit, i.e. a debit (SWIFT MT940 field 61, subfield 3); mt-940 5.1.1 books it "
                + "as a credit. With RC as debit, opening + lines = closing in both statements, and tryton mt940 agrees"),
        "mt940-sparkassen.sta": (
            ["statement 1 currency: EUR, expected null"],
            "the fragment states no balance and so no currency; the reader takes the configured one (EUR here)"),
    ]

    @Test("every MT940 sample reads as its expected.json says")
    func samples() throws {
        guard let samples = ConformanceHarness.samples else {
            print("mt940 conformance: ../shared/samples is absent, nothing compared")
            return
        }
        let folder = samples + "/mt940"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            !$0.hasPrefix(".") && !$0.hasSuffix(".expected.json") && !$0.hasSuffix(".md")
                && FileManager.default.fileExists(atPath: folder + "/" + $0 + ".expected.json")
        }.sorted()
        #expect(!names.isEmpty)
        var passed = 0
        var failures: [String] = []
        for name in names {
            var problems: [String] = []
            do {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                var source = MemoryByteSource(bytes, chunkSize: 4096)
                var events: [StatementEvent] = []
                try MT940Reader(defaultCurrency: .EUR).read(&source, fileName: name) { events.append($0) }
                let byValueDate = events.map { event -> StatementEvent in
                    guard case .transaction(var transaction) = event else { return event }
                    transaction.date = transaction.valueDate ?? transaction.date
                    return .transaction(transaction)
                }
                let expectedFile = folder + "/" + name + ".expected.json"
                problems = try ConformanceHarness.differences(ConformanceHarness.summarize(byValueDate), expectedFile: expectedFile)
                problems += try Self.entryDateDifferences(events, expectedFile: expectedFile)
            } catch {
                problems = ["\(error)"]
            }
            let accepted = Self.accepted[name]
            let unexplained = problems.filter { !(accepted?.differences.contains($0) ?? false) }
            for difference in problems where !unexplained.contains(difference) {
                print("  \(name): accepted \(difference) — \(accepted?.reason ?? "")")
            }
            if unexplained.isEmpty { passed += 1 } else { failures.append("\(name):\n    " + unexplained.joined(separator: "\n    ")) }
        }
        print("mt940 conformance: \(passed) passed, \(failures.count) failed")
        for failure in failures { print("  " + failure) }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// Booking (entry) dates per statement against `earliest_entry_date`/`latest_entry_date`.
    static func entryDateDifferences(_ events: [StatementEvent], expectedFile: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: expectedFile))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let statements = object?["statements"] as? [[String: Any]] ?? []
        var ranges: [(LocalDate?, LocalDate?)] = []
        for event in events {
            switch event {
            case .begin: ranges.append((nil, nil))
            case .transaction(let transaction):
                guard let last = ranges.indices.last else { continue }
                let (low, high) = ranges[last]
                ranges[last] = (min(low ?? transaction.date, transaction.date), max(high ?? transaction.date, transaction.date))
            case .end: break
            }
        }
        var problems: [String] = []
        for (index, (range, statement)) in zip(ranges, statements).enumerated() {
            if let wanted = statement["earliest_entry_date"] as? String, range.0?.description != wanted {
                problems.append("statement \(index + 1) earliest booking date: \(range.0?.description ?? "null"), expected \(wanted)")
            }
            if let wanted = statement["latest_entry_date"] as? String, range.1?.description != wanted {
                problems.append("statement \(index + 1) latest booking date: \(range.1?.description ?? "null"), expected \(wanted)")
            }
        }
        return problems
    }
}
