import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// A file with one bad row is rejected whole and nothing of it is posted; the
/// `.error.json`, the receipt and the line on stderr are pinned by golden files in
/// `Tests/Fixtures/end-to-end/rejected/` (issue 2, acceptance 4; STYLE.md 15).
@Suite struct EndToEndRejectionTests {
    static let folder = "rejected"

    @Test func everyKindOfBadRowHasAFixture() {
        let names = Set(EndToEndGolden.cases(Self.folder))
        for required in ["bad-date.csv", "bad-amount.csv", "unknown-currency.csv", "missing-column.csv",
                         "unknown-category.csv", "unknown-payment-account.csv"] {
            #expect(names.contains(required), "\(required) is missing from Tests/Fixtures/end-to-end/rejected/")
        }
    }

    @Test(arguments: EndToEndGolden.cases(folder))
    func fileWithOneBadRowIsRejectedWhole(_ name: String) async throws {
        let temp = try EndToEndWorkspace()
        let original = try EndToEndGolden.input(Self.folder, name)
        try temp.drop(fixture: Self.folder, name)
        let run = try await temp.runOnce(expecting: 1)

        // Nothing posted, the original kept byte for byte beside its error file.
        #expect(try await temp.expenses().isEmpty)
        let rejected = temp.workspace.rejected(.acme)
        #expect(temp.files(in: rejected) == [name, name + ".error.json"])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: rejected + "/" + name))) == original)
        #expect(temp.files(in: temp.workspace.archive).isEmpty)
        #expect(temp.files(in: temp.workspace.spool).isEmpty)
        #expect(temp.files(in: temp.workspace.inbox).isEmpty)

        let errorFile = try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: rejected + "/" + name + ".error.json")))).value
        let receipts = try temp.receipts()
        let receipt = try #require(receipts.values.first, "no receipt")
        #expect(receipts.count == 1)
        #expect(receipt["status"] == "rejected")
        #expect(receipt["error"] != nil)
        // The error names where the problem is: the file, and a line for row errors.
        #expect(errorFile["file"] == .string(name))

        let errorLines = Self.stderrLines(run.stderr)
        #expect(!errorLines.isEmpty, "nothing about the rejection on stderr:\n\(run.stderr)")

        EndToEndGolden.check([
            "exit_status": .int(Int64(run.status)),
            "error_json": errorFile,
            "receipt": Self.normalized(receipt),
            "stderr": .array(errorLines.map(JSONValue.string)),
            "stdout": .array(run.stdout.split(separator: "\n").map { .string(String($0)) }),
        ], folder: Self.folder, name: name)
    }

    /// The stderr lines above info level, without their timestamps (the only volatile part).
    static func stderrLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            !line.contains(" info ") && !line.contains(" debug ") && !line.contains(" trace ")
        }.map(withoutTimestamp)
    }

    /// `2026-11-26T10:00:00Z error …` → `<time> error …`.
    static func withoutTimestamp(_ line: String) -> String {
        guard let space = line.firstIndex(of: " "), line[..<space].hasSuffix("Z"), line.first?.isNumber == true else { return line }
        return "<time>" + line[space...]
    }

    /// A receipt with its wall-clock time replaced (everything else is deterministic in a
    /// fresh workspace: receipt numbers, sha256, sizes).
    static func normalized(_ receipt: JSONValue) -> JSONValue {
        guard var object = receipt.objectValue else { return receipt }
        if object["received_at"] != nil { object["received_at"] = "<time>" }
        if var duplicate = object["duplicate_of"]?.objectValue, duplicate["received_at"] != nil {
            duplicate["received_at"] = "<time>"
            object["duplicate_of"] = .object(duplicate)
        }
        return .object(object)
    }
}
