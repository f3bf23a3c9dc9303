import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// `kontor read` (issue 3, point 6): a dry run that shows what an import would post, in a
/// layout its published JSON Schema (`kontor schema read`) describes, and that leaves the
/// ledger, the inbox and the spool as they were.
@Suite struct EndToEndReadTests {
    static let demo = KontorProcess.packageRoot + "/demo/inbox/nordlicht"
    static let camt = demo + "/bank/2026-w47-swedbank.camt053.xml"
    static let expenseLog = demo + "/expenses/2026-w47-utgifter.csv"

    /// Whether python3 can `import jsonschema` (the validator the schema tests use).
    static let hasJSONSchema: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Validates `instance` against the schema `kontor schema <name>` prints, with python3's
    /// jsonschema (draft 2020-12); returns the validator's complaints, "" when valid.
    static func schemaErrors(of instance: String, schema name: String = "read", temp: EndToEndWorkspace) async throws -> String {
        let schema = try await KontorProcess.run(["schema", name])
        try #require(schema.exited && schema.status == 0, "\(schema)")
        let schemaPath = temp.root + "/\(name).schema.json", instancePath = temp.root + "/\(name).instance.json"
        try schema.stdout.write(toFile: schemaPath, atomically: true, encoding: .utf8)
        try instance.write(toFile: instancePath, atomically: true, encoding: .utf8)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); instance = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
            for error in errors: print(list(error.absolute_path), error.message)
            sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schemaPath, instancePath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? "" : "jsonschema exit \(process.terminationStatus): \(text)"
    }

    /// Everything a dry run must leave alone: the ledger's content, and the files under
    /// inbox/, var/spool/ and outbox/.
    static func snapshot(_ temp: EndToEndWorkspace) throws -> [String] {
        var lines: [String] = []
        if FileManager.default.fileExists(atPath: temp.workspace.database) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [temp.workspace.database, ".dump"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            lines.append(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            process.waitUntilExit()
        } else {
            lines.append("no ledger")
        }
        for directory in [temp.workspace.inbox, temp.workspace.spool, temp.root + "/outbox"] {
            lines += temp.files(in: directory).map { directory + "/" + $0 }
        }
        return lines
    }

    @Test(.enabled(if: hasJSONSchema, "python3's jsonschema module is missing (pip install jsonschema): schema validation skipped"))
    func statementPreviewMatchesTheSchemaAndPostsNothing() async throws {
        let temp = try EndToEndWorkspace()
        // A ledger with something in it, so "untouched" means more than "still missing".
        try temp.temporary.drop(try Data(contentsOf: URL(fileURLWithPath: Self.expenseLog)), named: "utgifter.csv",
                                into: .nordlicht, channel: .expenses)
        try await temp.runOnce()
        // The file to read lies in the inbox, where a daemon would take it.
        let inboxCopy = try temp.temporary.inbox(.nordlicht, .bank) + "/swedbank.camt053.xml"
        try FileManager.default.copyItem(atPath: Self.camt, toPath: inboxCopy)
        let before = try Self.snapshot(temp)

        let result = try await temp.kontor("read", inboxCopy, "--business", "nordlicht", "--format", "json")
        try #require(result.exited && result.status == 0, "\(result)")
        #expect(try await Self.schemaErrors(of: result.stdout, temp: temp) == "")
        let preview = try JSONParser.parse(Array(result.stdout.utf8)).value
        #expect(preview["format"] == "camt.053")
        #expect(preview["channel"] == "bank", "a camt.053 file is read as a bank statement by default")
        let statement = try #require(preview["statements"]?.arrayValue?.first, "\(preview)")
        #expect(statement["ledger_account"] == "Assets:Bank:Checking")
        #expect(statement["currency"] == "SEK")
        #expect(statement["opening"] == "84210.40" && statement["closing"] == "102543.90")
        #expect(statement["balance_check"] == "passed")
        let lines = try #require(statement["lines"]?.arrayValue)
        #expect(statement["line_count"]?.intValue == Int64(lines.count) && !lines.isEmpty)
        #expect(lines.contains { $0["status"] == "categorized" && $0["evidence"]?["source"] == "rule" },
                "nordlicht's rules categorize some lines: \(lines)")

        #expect(try Self.snapshot(temp) == before, "kontor read changed the ledger, the inbox, the spool or the outbox")

        let table = try await temp.kontor("read", inboxCopy, "--business", "nordlicht")
        #expect(table.exited && table.status == 0, "\(table)")
        #expect(table.stdout.contains("balance check passed") && table.stdout.contains("Assets:Bank:Checking"), "\(table)")
    }

    @Test(.enabled(if: hasJSONSchema, "python3's jsonschema module is missing (pip install jsonschema): schema validation skipped"))
    func expensePreviewMatchesTheSchemaAndCreatesNoLedger() async throws {
        let temp = try EndToEndWorkspace()
        let result = try await temp.kontor("read", Self.expenseLog, "--business", "nordlicht", "--format", "json")
        try #require(result.exited && result.status == 0, "\(result)")
        #expect(try await Self.schemaErrors(of: result.stdout, temp: temp) == "")
        let preview = try JSONParser.parse(Array(result.stdout.utf8)).value
        #expect(preview["channel"] == "expenses" && preview["format"] == "expense-csv", "\(preview)")
        let expenses = try #require(preview["expenses"]?.arrayValue)
        #expect(!expenses.isEmpty)
        let wouldCreate = Set(expenses.filter { $0["category_status"] == "would-create" }.compactMap { $0["category"]?.stringValue })
        let listed = Set(preview["new_categories"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? [])
        #expect(wouldCreate == listed, "the categories marked would-create are the ones listed as new")
        #expect(!FileManager.default.fileExists(atPath: temp.workspace.database), "a dry run creates no ledger")
    }

    @Test func aCategoryTheImportWouldCreateIsReportedNotCreated() async throws {
        let temp = try EndToEndWorkspace()
        let path = temp.root + "/plants.csv"
        try "date;amount;currency;vendor;category;description;payment_account\n2026-11-16;120,00;SEK;Blomsterlandet;Växter;Kontorsväxter;card\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let preview = try await temp.json("read", path, "--business", "nordlicht", "--format", "json")
        let expense = try #require(preview["expenses"]?.arrayValue?.first, "\(preview)")
        #expect(expense["category"] == "vaxter" && expense["category_status"] == "would-create", "\(expense)")
        #expect(preview["new_categories"] == [["key": "vaxter", "name": "Växter", "account": "Expenses:Other:Vaxter"]], "\(preview)")
        #expect(!FileManager.default.fileExists(atPath: temp.workspace.database), "a dry run creates no ledger")
    }

    @Test func aStatementThatDoesNotAddUpIsAnErrorWithItsFigures() async throws {
        let temp = try EndToEndWorkspace()
        let path = temp.root + "/wrong.xml"
        let text = try String(contentsOfFile: Self.camt, encoding: .utf8)
            .replacingOccurrences(of: "<Amt Ccy=\"SEK\">102543.90</Amt>", with: "<Amt Ccy=\"SEK\">102543.91</Amt>")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await temp.kontor("read", path, "--business", "nordlicht")
        #expect(result.exited && result.status == 65, "\(result)")
        #expect(result.stderr.contains("wrong.xml") && result.stderr.contains("does not add up"), "\(result)")
        #expect(result.stdout.isEmpty)

        let json = try await temp.kontor("read", path, "--business", "nordlicht", "--format", "json")
        #expect(json.exited && json.status == 65, "\(json)")
        let error = try JSONParser.parse(Array(json.stderr.utf8)).value
        #expect(error["error"]?["message"]?.stringValue?.contains("but the closing balance is 102543.91 SEK") == true, "\(error)")
    }

    @Test func unreadableFilesAreErrors() async throws {
        let temp = try EndToEndWorkspace()
        let missing = try await temp.kontor("read", temp.root + "/no-such-file.ofx", "--business", "nordlicht")
        #expect(missing.exited && missing.status == 66, "\(missing)")
        #expect(missing.stderr.contains("no-such-file.ofx"), "\(missing)")

        let garbage = temp.root + "/garbage.ofx"
        try Data([0x00, 0xFF, 0x13, 0x37, 0x00, 0x42]).write(to: URL(fileURLWithPath: garbage))
        let result = try await temp.kontor("read", garbage, "--business", "nordlicht")
        #expect(result.exited && result.status == 65, "\(result)")
        #expect(result.stderr.contains("garbage.ofx"), "\(result)")
    }

    @Test func schemaListsItsNamesAndRefusesUnknownOnes() async throws {
        let list = try await KontorProcess.run(["schema"])
        #expect(list.exited && list.status == 0 && list.stdout.split(separator: "\n").contains("read"), "\(list)")
        let unknown = try await KontorProcess.run(["schema", "nope"])
        #expect(unknown.exited && unknown.status == 66, "\(unknown)")
        #expect(unknown.stderr.contains("read"), "the error lists the schemas there are: \(unknown)")
    }
}
