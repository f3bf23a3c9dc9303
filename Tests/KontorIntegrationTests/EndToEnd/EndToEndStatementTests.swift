import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Bank and gateway statements through the real binary: the same money arriving in two
/// formats posts once, statements that do not add up are refused, gateway fees and
/// payouts land on their accounts.
@Suite struct EndToEndStatementTests {
    /// A workspace whose acme business knows the workload's account and a Stripe gateway,
    /// with a mapping for the workload's CSV and one rule.
    static func workspace() throws -> EndToEndWorkspace {
        let temp = try EndToEndWorkspace()
        let profile = temp.workspace.businessFile(.acme)
        var text = ProfileText.removingTopLevelKey("bank_accounts", from: try String(contentsOfFile: profile, encoding: .utf8))
        text = text.replacingOccurrences(of: "  - { name: Assets:Cash, code: \"1000\" }",
                                         with: "  - { name: Assets:Cash, code: \"1000\" }\n  - { name: Assets:Stripe }\n  - { name: Assets:Transit:Stripe }")
        text += """
            bank_accounts:
              - id: "0123456789"
                account: Assets:Bank:Checking
                currency: EUR
            gateways:
              stripe:
                clearing: Assets:Stripe
                fees: Expenses:Fees:Payment

            """
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: temp.workspace.sourcesDirectory, withIntermediateDirectories: true)
        try """
            label: gen_workload bank CSV
            encoding: utf-8
            delimiter: ","
            header_line: 1
            date_format: "%Y-%m-%d"
            decimal_separator: "."
            currency: EUR
            account: "0123456789"
            columns:
              date: date
              amount: amount
              payee: description
              memo: reference
            detect:
              header: [date, description, amount, reference]

            """.write(toFile: temp.workspace.sourcesDirectory + "/workload.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: temp.workspace.rulesDirectory, withIntermediateDirectories: true)
        try """
            business: acme
            rules:
              - id: groceries
                payee: "^(REWE|EDEKA|ALDI|LIDL)"
                category: meals-entertainment

            """.write(toFile: temp.workspace.rulesDirectory + "/acme.yaml", atomically: true, encoding: .utf8)
        return temp
    }

    /// `bank.csv` and `bank.ofx` of `../shared/eval/gen_workload.py` (the same lines).
    static func workload(rows: Int) throws -> (csv: [UInt8], ofx: [UInt8]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-workload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", KontorProcess.packageRoot + "/../shared/eval/gen_workload.py", String(rows), "--out", directory]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gen_workload.py failed")
        return (try Array(Data(contentsOf: URL(fileURLWithPath: directory + "/bank.csv"))),
                try Array(Data(contentsOf: URL(fileURLWithPath: directory + "/bank.ofx"))))
    }

    func receipt(_ temp: EndToEndWorkspace, _ name: String) throws -> JSONValue {
        let receipts = try temp.receipts(.acme)
        return try #require(receipts.first { $0.key.hasSuffix("-\(name).json") }?.value, "no receipt for \(name)")
    }

    @Test func theSameLinesInOFXAndThenCSVPostOnce() async throws {
        try #require(FileManager.default.fileExists(atPath: KontorProcess.packageRoot + "/../shared/eval/gen_workload.py"),
                     "../shared/eval/gen_workload.py is missing")
        let temp = try Self.workspace()
        let (csv, ofx) = try Self.workload(rows: 300)
        let lines = csv.split(separator: UInt8(ascii: "\n")).count - 1

        try temp.temporary.drop(ofx, named: "bank.ofx", into: .acme, channel: .bank)
        _ = try await temp.runOnce()
        let first = try receipt(temp, "bank.ofx")
        #expect(first["posted"]?.intValue == Int64(lines))
        #expect(first["format"] == "ofx")

        try temp.temporary.drop(csv, named: "bank.csv", into: .acme, channel: .bank)
        _ = try await temp.runOnce()
        let second = try receipt(temp, "bank.csv")
        #expect(second["format"] == "csv:workload")
        #expect(second["posted"]?.intValue == 0, "every CSV line is already posted from the OFX")
        #expect(second["skipped"]?.arrayValue?.count == lines)

        // A later CSV that overlaps by the old lines and adds two new ones posts the two.
        var extended = String(decoding: csv, as: UTF8.self)
        extended += "2031-01-02,NEW PAYEE ONE,-10.00,\n2031-01-03,NEW PAYEE TWO,25.00,ref\n"
        try temp.temporary.drop(extended, named: "bank-later.csv", into: .acme, channel: .bank)
        _ = try await temp.runOnce()
        let third = try receipt(temp, "bank-later.csv")
        #expect(third["posted"]?.intValue == 2)
        #expect(third["skipped"]?.arrayValue?.count == lines)
        #expect(third["review"]?.intValue == 2, "no rule matches the new payees: both wait for review")
    }

    @Test func aStatementThatDoesNotAddUpIsRejectedWithItsFigures() async throws {
        let temp = try Self.workspace()
        func statement(closing: String) -> String {
            """
            :20:STMT1
            :25:0123456789
            :28C:1/1
            :60F:C261101EUR1000,00
            :61:2611051105D10,00NMSCNONREF
            :86:SHOP
            :62F:C261130EUR\(closing)
            -

            """
        }
        try temp.temporary.drop(statement(closing: "995,00"), named: "wrong.sta", into: .acme, channel: .bank)
        let run = try await temp.runOnce(expecting: 1)
        #expect(run.stderr.contains("does not add up"), "\(run.stderr)")
        let error = try JSONParser.parse(Array(try temp.read(temp.workspace.rejected(.acme) + "/wrong.sta.error.json").utf8)).value
        #expect(error["message"]?.stringValue?.contains("opening balance 1000.00 EUR + 1 lines -10.00 EUR = 990.00 EUR, but the closing balance is 995.00 EUR") == true,
                "\(error)")
        #expect(try await temp.expenses(.acme).isEmpty)
        #expect(try ledgerBalances(temp).isEmpty, "nothing of a rejected statement is posted")

        try temp.temporary.drop(statement(closing: "990,00"), named: "right.sta", into: .acme, channel: .bank)
        _ = try await temp.runOnce()
        #expect(try receipt(temp, "right.sta")["posted"]?.intValue == 1)
    }

    @Test func gatewayFeesAndPayoutsLandOnTheirAccounts() async throws {
        let temp = try Self.workspace()
        let csv = """
            id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description
            txn_1,charge,ch_1,100.00,3.20,96.80,eur,2026-11-02 10:00,2026-11-09 00:00,Order 17
            txn_2,payout,po_1,-96.80,0.00,-96.80,eur,2026-11-09 00:00,2026-11-09 00:00,STRIPE PAYOUT

            """
        try temp.temporary.drop(csv, named: "stripe.csv", into: .acme, channel: .gateway)
        _ = try await temp.runOnce()
        let stripe = try receipt(temp, "stripe.csv")
        #expect(stripe["status"] == "imported", "\(stripe)")
        #expect(stripe["posted"]?.intValue == 2, "\(stripe)")
        let balances = try ledgerBalances(temp)
        #expect(balances["Assets:Stripe"] == 0, "the payout empties the clearing account: \(balances)")
        #expect(balances["Expenses:Fees:Payment"] == 320)
        #expect(balances["Income:Sales"] == -10_000)
        #expect(balances["Assets:Transit:Stripe"] == 9_680, "the payout waits in transit for the bank line")
    }

    /// Balance per account from the ledger, read with sqlite3 (minor units).
    func ledgerBalances(_ temp: EndToEndWorkspace) throws -> [String: Int64] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [temp.workspace.database,
                             "SELECT a.name, sum(p.amount) FROM posting p JOIN account a ON a.id = p.account_id GROUP BY a.name"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var result: [String: Int64] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2, let value = Int64(parts[1]) { result[String(parts[0])] = value }
        }
        return result
    }
}
