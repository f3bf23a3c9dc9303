import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Categorization with evidence through the real binary (issue 3, scope 5 and 7): vendor
/// master data and its default categories, corrections that re-categorize with an audit
/// and a reclassification transaction, and the model trained on the business's history.
@Suite struct EndToEndClassifyTests {
    static let demo = KontorProcess.packageRoot + "/demo"

    static func file(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: demo + "/" + path)))
    }

    /// A workspace with Nordlicht's demo week imported (vendor file, statement, expense
    /// log), then a correction of the client payment's line; returns the workspace and
    /// the ids of the client payment and the membership fee.
    static func demoWeek() async throws -> (EndToEndWorkspace, client: Int64, membership: Int64) {
        let temp = try EndToEndWorkspace()
        let inbox = "inbox/nordlicht/"
        try temp.temporary.drop(try file(inbox + "vendors/nordlicht-vendors.csv"), named: "nordlicht-vendors.csv", into: .nordlicht, channel: .vendors)
        try temp.temporary.drop(try file(inbox + "bank/2026-w47-swedbank.camt053.xml"), named: "w47.camt053.xml", into: .nordlicht, channel: .bank)
        try temp.temporary.drop(try file(inbox + "expenses/2026-w47-utgifter.csv"), named: "utgifter.csv", into: .nordlicht, channel: .expenses)
        try await temp.runOnce()
        let lines = try await bankLines(temp)
        let client = try #require(lines.values.first { $0["payee"] == "Fjällräven Retail AB" }?["id"]?.intValue)
        let membership = try #require(lines.values.first { $0["payee"] == "Konstnärsnämnden" }?["id"]?.intValue)
        try temp.temporary.drop("id,category,vendor\n\(client),income.services,Fjällräven\n", named: "fix.csv", into: .nordlicht,
                                channel: .corrections)
        try await temp.runOnce()
        return (temp, client, membership)
    }

    static func bankLines(_ temp: EndToEndWorkspace) async throws -> [Int64: JSONValue] {
        let listing = try await temp.json("expenses", "list", "--bank", "--business", "nordlicht", "--format", "json")
        var lines: [Int64: JSONValue] = [:]
        for line in listing["bank_lines"]?.arrayValue ?? [] {
            if let id = line["id"]?.intValue { lines[id] = line }
        }
        return lines
    }

    @Test func vendorDefaultAndCorrectionExplainThemselves() async throws {
        let (temp, client, membership) = try await Self.demoWeek()
        let lines = try await Self.bankLines(temp)
        // Konstnärsnämnden: no rule; the vendor file's default category decides.
        #expect(lines[membership]?["category"] == "subscriptions")
        #expect(lines[membership]?["evidence"] == ["source": "vendor-default", "vendor": "Konstnärsnämnden"])
        let electricity = try #require(lines.values.first { $0["payee"] == "Vattenfall AB" })
        #expect(electricity["evidence"] == ["source": "rule", "rule": "nordlicht-electricity"])

        let show = try await temp.json("expenses", "show", String(client), "--business", "nordlicht", "--format", "json")
        #expect(show["category"] == "income.services")
        #expect(show["vendor"] == "Fjällräven")
        #expect(show["evidence"]?["source"] == "correction")
        #expect(show["evidence"]?["file"] == "fix.csv")
        #expect(show["evidence"]?["previous"]?["source"] == "none")
        // The original postings stay; the reclassification moves the amount.
        #expect(show["postings"] == [["account": "Assets:Bank:Checking", "amount": "18750.00", "currency": "SEK"],
                                     ["account": "Income:Uncategorized", "amount": "-18750.00", "currency": "SEK"]])
        let audit = try #require(show["corrections"]?.arrayValue?.first)
        #expect(audit["old_category"] == .null && audit["new_category"] == "income.services")
        #expect(audit["old_account"] == "Income:Uncategorized" && audit["new_account"] == "Income:Services")
        #expect(audit["file"] == "fix.csv" && audit["line"] == 2)
        #expect(audit["reclassification_postings"] == [["account": "Income:Services", "amount": "-18750.00", "currency": "SEK"],
                                                       ["account": "Income:Uncategorized", "amount": "18750.00", "currency": "SEK"]])
        let text = try await temp.kontor("expenses", "show", String(client), "--business", "nordlicht")
        #expect(text.stdout.contains("evidence   corrected by fix.csv line 2 at "), "\(text)")

        let rule = try await temp.kontor("expenses", "show", String(electricity["id"]?.intValue ?? 0), "--business", "nordlicht")
        #expect(rule.stdout.contains("rule nordlicht-electricity (payee ~ \"^Vattenfall\", debit)"), "\(rule)")

        // Vendors: master data, aliases, IBAN in electronic form.
        let vendor = try await temp.json("vendors", "show", "ADOBE *CREATIVE CLD", "--business", "nordlicht", "--format", "json")
        #expect(vendor["name"] == "Adobe Systems")
        #expect(vendor["default_category"] == "office.software")
        #expect(vendor["payment_terms_days"] == 14)
        let konst = try await temp.json("vendors", "show", "Konstnärsnämnden", "--business", "nordlicht", "--format", "json")
        #expect(konst["iban"] == "SE3550000000054910000003")
        #expect(konst["items"] == 1)
        let csv = try await temp.kontor("vendors", "list", "--business", "nordlicht", "--format", "csv")
        #expect(csv.stdout.hasPrefix("id,name,key,aliases,tax_id,iban,bic,email,address,payment_terms,default_category,items,last_date"))
    }

    @Test func sameCorrectionAgainIsADuplicateAndARepeatChangesNothing() async throws {
        let (temp, client, _) = try await Self.demoWeek()
        try temp.temporary.drop("id,category,vendor\n\(client),income.services,Fjällräven\n", named: "fix-again.csv",
                                into: .nordlicht, channel: .corrections)
        try temp.temporary.drop("\(client),income.services\n", named: "fix-repeat.csv", into: .nordlicht, channel: .corrections)
        try await temp.runOnce()
        let receipts = try temp.receipts(.nordlicht).values
        let again = try #require(receipts.first { $0["file"] == "fix-again.csv" })
        #expect(again["status"] == "duplicate")
        let repeated = try #require(receipts.first { $0["file"] == "fix-repeat.csv" })
        #expect(repeated["status"] == "imported" && repeated["posted"] == 0)
        #expect(repeated["corrections"]?.arrayValue?.first?["unchanged"] == true)
        let show = try await temp.json("expenses", "show", String(client), "--business", "nordlicht", "--format", "json")
        #expect(show["corrections"]?.arrayValue?.count == 1)
    }

    @Test func unknownIdOrCategoryRejectsTheWholeFile() async throws {
        let (temp, _, membership) = try await Self.demoWeek()
        try temp.temporary.drop("id,category\n\(membership),travel\n999,office.software\n\(membership),ofice.software\n", named: "bad.csv",
                                into: .nordlicht, channel: .corrections)
        try await temp.runOnce(expecting: 1)
        let rejected = temp.workspace.rejected(.nordlicht)
        #expect(temp.files(in: rejected) == ["bad.csv", "bad.csv.error.json"])
        let error = try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: rejected + "/bad.csv.error.json")))).value
        let message = error["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("2 problems: line 3, column 1: there is no expense or bank line with id 999"), "\(message)")
        #expect(message.contains("line 4, column 2: unknown category 'ofice.software' — did you mean office.software"), "\(message)")
        #expect(error["line"] == 3 && error["column"] == 1)
        // Line 2 was valid, but nothing of the file was applied.
        let show = try await temp.json("expenses", "show", String(membership), "--business", "nordlicht", "--format", "json")
        #expect(show["category"] == "subscriptions")
        #expect(show["corrections"] == [])
    }

    @Test func badVendorFileIsRejectedWithPositions() async throws {
        let temp = try EndToEndWorkspace()
        try temp.temporary.drop("name,iban,default_category\nAcme,DE89370400440532013001,office\nBeta,,ofice.supplies\n",
                                named: "vendors.csv", into: .nordlicht, channel: .vendors)
        try await temp.runOnce(expecting: 1)
        let error = try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: temp.workspace.rejected(.nordlicht) + "/vendors.csv.error.json")))).value
        let message = error["message"]?.stringValue ?? ""
        #expect(message.contains("line 2, column 2: 'DE89370400440532013001' is not a valid IBAN"), "\(message)")
        #expect(message.contains("line 3, column 3: unknown category 'ofice.supplies'"), "\(message)")
        let vendors = try await temp.json("vendors", "list", "--business", "nordlicht", "--format", "json")
        #expect(vendors["vendors"] == [])
    }

    /// Next week's statement after the demo week: a line of a payee the history knows
    /// is categorized by the model (score and deciding features stored); a payee it does
    /// not know waits for review; the payment of an expense logged last week pairs with it.
    @Test func modelCategorizesFromTheHistoryAndTheRestWaits() async throws {
        let (temp, _, _) = try await Self.demoWeek()
        try temp.temporary.drop(try Self.file("next-week/2026-w48-swedbank.camt053.xml"), named: "w48.camt053.xml",
                                into: .nordlicht, channel: .bank)
        try await temp.runOnce()
        let lines = try await Self.bankLines(temp)
        let byPayee = Dictionary(lines.values.map { ($0["payee"]?.stringValue ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let fjallraven = try #require(lines.values.first { $0["payee"] == "Fjällräven Retail AB" && $0["amount"] == "12500.00" })
        #expect(fjallraven["category"] == "income.services")
        #expect(fjallraven["status"] == "categorized")
        #expect(fjallraven["evidence"]?["source"] == "model")
        let score = Double(fjallraven["evidence"]?["score"].map { value -> String in
            if case .number(let text) = value { return text }
            return ""
        } ?? "") ?? 0
        #expect(score >= 0.9)
        let features = fjallraven["evidence"]?["features"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(features.first?.hasPrefix("payee:fjallraven") == true, "\(features)")
        #expect(byPayee["ADOBE *CREATIVE CLD"]?["evidence"]?["source"] == "vendor-default")
        #expect(byPayee["Bauhaus Kungens Kurva"]?["status"] == "review")
        #expect(byPayee["Bauhaus Kungens Kurva"]?["evidence"]?["reason"] == "no rule matched")
        // Telia's 389.00 of 24 November is the payment of the week's expense-log row of
        // 19 November, paid from the bank (docs/decisions/expense-bank-lines.md): it takes
        // that row's category and posts nothing of its own.
        let telia = try #require(byPayee["TELIA SVERIGE AB"])
        #expect(telia["status"] == "categorized")
        #expect(telia["category"] == "utilities.phone")
        #expect(telia["evidence"]?["source"] == "expense")
        let receipt = try #require(try temp.receipts(.nordlicht).values.first { $0["file"] == "w48.camt053.xml" })
        #expect(receipt["expense_payments"]?.arrayValue?.map { $0["expense"] } == [telia["id"]])
        let table = try await temp.kontor("expenses", "list", "--bank", "--business", "nordlicht")
        #expect(table.stdout.contains("pays expense \(telia["id"]?.intValue ?? 0) (category from the expense log)"), "\(table)")
        let expense = try await temp.json("expenses", "show", String(telia["id"]?.intValue ?? 0), "--business", "nordlicht", "--format", "json")
        #expect(expense["kind"] == "expense")
        #expect(expense["paid_by_bank_line"]?["id"] == telia["id"])
        #expect(expense["paid_by_bank_line"]?["source"]?.stringValue?.hasPrefix("w48.camt053.xml:") == true, "\(expense)")
        let id = try #require(fjallraven["id"]?.intValue)
        let show = try await temp.kontor("expenses", "show", String(id), "--business", "nordlicht")
        #expect(show.stdout.contains("evidence   model 0.9"), "\(show)")

        // A person naming the category the model guessed confirms it: recorded as a
        // correction (no money moves), so the model learns from it like from any other.
        try temp.temporary.drop("id,category\n\(id),income.services\n", named: "confirm.csv", into: .nordlicht, channel: .corrections)
        try await temp.runOnce()
        let confirmed = try await temp.json("expenses", "show", String(id), "--business", "nordlicht", "--format", "json")
        #expect(confirmed["evidence"]?["source"] == "correction", "\(confirmed)")
        #expect(confirmed["corrections"]?.arrayValue?.first?["reclassification"] == .null, "\(confirmed)")
    }

    /// A vendor made from an expense log before the master data named it as an alias is
    /// merged into the declared vendor; a log after the master data books its alias
    /// under the declared vendor right away.
    @Test func aliasesMergeVendorsOfEarlierAndLaterItems() async throws {
        let temp = try EndToEndWorkspace()
        let header = "date;amount;currency;vendor;category;description;payment_account;receipt\n"
        try temp.temporary.drop(header + "2026-11-02;389,00;SEK;Telia Company AB;utilities.phone;Mobil;card;T-1\n",
                                named: "before.csv", into: .nordlicht, channel: .expenses)
        try await temp.runOnce()
        try temp.temporary.drop("name,aliases,default_category\nTelia,Telia Company|TELIA SVERIGE AB,utilities.phone\n",
                                named: "vendors.csv", into: .nordlicht, channel: .vendors)
        try temp.temporary.drop(header + "2026-11-09;389,00;SEK;TELIA SVERIGE AB;utilities.phone;Mobil;card;T-2\n",
                                named: "after.csv", into: .nordlicht, channel: .expenses)
        try await temp.runOnce()
        let expenses = try await temp.expenses(.nordlicht)
        #expect(expenses.map { $0["vendor"] } == ["Telia", "Telia"])
        let vendors = try await temp.json("vendors", "list", "--business", "nordlicht", "--format", "json")
        let names = vendors["vendors"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["Telia"])
        let telia = try await temp.json("vendors", "show", "Telia Company AB", "--business", "nordlicht", "--format", "json")
        #expect(telia["name"] == "Telia" && telia["items"] == 2)
        #expect(telia["aliases"] == ["TELIA SVERIGE AB", "Telia Company"])
        let receipt = try #require(try temp.receipts(.nordlicht).values.first { $0["file"] == "vendors.csv" })
        #expect(receipt["vendors"]?.arrayValue?.first?["merged"] == ["Telia Company"])
    }

    /// An expense-log row is corrected like a bank line: the net amount (without its input
    /// tax) moves between the category accounts, and listings show the new category.
    @Test func expenseLogRowCorrection() async throws {
        let temp = try EndToEndWorkspace()
        let header = "date;amount;currency;vendor;category;description;payment_account;receipt\n"
        try temp.temporary.drop(header + "2026-11-02;125,00;SEK;Telia;utilities.phone;Bredband;card;T-1\n",
                                named: "log.csv", into: .nordlicht, channel: .expenses)
        try await temp.runOnce()
        let id = try #require(try await temp.expenses(.nordlicht).first?["id"]?.intValue)
        try temp.temporary.drop("\(id);utilities.internet\n", named: "fix.csv", into: .nordlicht, channel: .corrections)
        try await temp.runOnce()
        let listed = try await temp.expenses(.nordlicht, ["--category", "utilities.internet"])
        #expect(listed.map { $0["id"]?.intValue } == [id])
        let show = try await temp.json("expenses", "show", String(id), "--business", "nordlicht", "--format", "json")
        #expect(show["kind"] == "expense")
        #expect(show["evidence"]?["previous"] == ["source": "expense-log"])
        let audit = try #require(show["corrections"]?.arrayValue?.first)
        #expect(audit["old_category"] == "utilities.phone" && audit["new_category"] == "utilities.internet")
        #expect(audit["reclassification_postings"] == [
            ["account": "Expenses:Utilities:Internet", "amount": "125.00", "currency": "SEK"],
            ["account": "Expenses:Utilities:Phone", "amount": "-125.00", "currency": "SEK"],
        ])
    }

    @Test func schemasOfTheNewFormats() async throws {
        let names = try await KontorProcess.run(["schema"])
        let listed = names.stdout.split(separator: "\n").map(String.init)
        #expect(listed.contains("corrections") && listed.contains("vendors"), "\(listed)")
        #expect(listed == listed.sorted())
        let vendors = try JSONParser.parse(Array(try await KontorProcess.run(["schema", "vendors"]).stdout.utf8)).value
        #expect(vendors["$defs"]?["vendor"]?["required"] == ["name"])
        let corrections = try JSONParser.parse(Array(try await KontorProcess.run(["schema", "corrections"]).stdout.utf8)).value
        #expect(corrections["required"] == ["id", "category"])
    }
}
