import Foundation
import KontorCore
import Testing

/// Golden files: `Fixtures/<folder>/<name>` beside `<name>.expected.json`.
///
/// With `KONTOR_RECORD=1` in the environment the expected file is rewritten **and the
/// test fails**, so nothing ever passes by recording (STYLE.md 15).
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["KONTOR_RECORD"] == "1" }

    /// The bytes of a fixture.
    static func input(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(folder).appendingPathComponent(name)))
    }

    /// Compares `actual` with the expected file, or records it (and fails).
    static func check(_ actual: String, folder: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = fixtures.appendingPathComponent(folder).appendingPathComponent(name + ".expected.json")
        if isRecording {
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(folder)/\(name).expected.json; review it and run again without KONTOR_RECORD",
                         sourceLocation: sourceLocation)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record("no \(folder)/\(name).expected.json; run with KONTOR_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == actual, "\(folder)/\(name)", sourceLocation: sourceLocation)
    }

    /// Runs `load`, which must fail, and compares the error's JSON with
    /// `<directory>/<fixture>.expected.json` (or records it, and fails).
    static func checkError(_ fixture: String, in directory: String, sourceLocation: SourceLocation = #_sourceLocation,
                           _ load: () throws(KontorError) -> Void) throws {
        var actual = "(no error)\n"
        do {
            try load()
            Issue.record("\(fixture) loaded without an error", sourceLocation: sourceLocation)
        } catch {
            actual = JSONValue.object(ErrorRenderer.json(error)).serialized()
        }
        let expectedPath = directory + "/" + fixture + ".expected.json"
        if isRecording {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            Issue.record("recorded \(fixture).expected.json; run again without KONTOR_RECORD", sourceLocation: sourceLocation)
            return
        }
        let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected, "\(fixture): run with KONTOR_RECORD=1 to record", sourceLocation: sourceLocation)
    }

    /// The golden text of a read: the records as a JSON array, or the error's JSON object.
    static func render(_ read: ((ExpenseRecord) throws(KontorError) -> Void) throws(KontorError) -> Void) -> String {
        var records: [JSONValue] = []
        do {
            try read { record in records.append(json(record)) }
            return JSONValue.array(records).serialized()
        } catch {
            return JSONValue.object(ErrorRenderer.json(error)).serialized()
        }
    }

    static func json(_ record: ExpenseRecord) -> JSONValue {
        var object: [String: JSONValue] = [
            "date": .string(record.date.description),
            "amount": .string(record.amount.decimalString),
            "currency": .string(record.amount.currency.code),
            "vendor": .string(record.vendor),
            "category": .string(record.category),
            "description": .string(record.description),
            "payment_account": .optional(record.paymentAccount),
            "receipt": .optional(record.receiptReference),
            "tax_amount": .optional(record.taxAmount?.decimalString),
            "tax_rate": .optional(record.taxRate?.description),
            "id": .optional(record.externalID),
        ]
        if let line = record.position.line { object["line"] = .int(Int64(line)) }
        if let path = record.position.path { object["path"] = .string(path) }
        if let file = record.position.file { object["file"] = .string(file) }
        return .object(object)
    }
}
