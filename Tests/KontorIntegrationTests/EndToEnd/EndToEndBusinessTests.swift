import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// Two businesses in one workspace stay apart; `kontor use` and `--business` choose
/// between them (issue 2, acceptance 6).
@Suite struct EndToEndBusinessTests {
    static let acmeLog = """
        date,amount,currency,vendor,category,description,payment_account,receipt
        2026-11-02,19.90,EUR,Bürohaus Schmidt,office.supplies,Envelopes,card,R-1
        2026-11-03,89.90,EUR,LabSource AG,research.lab-supplies,Pipette tips,card,R-2

        """
    static let nordlichtLog = """
        date;amount;currency;vendor;category;description;payment_account;receipt
        2026-11-02;1249,00;SEK;Adobe Systems;office.software;Creative Cloud;card;ADB-1
        2026-11-03;845,50;SEK;Clas Ohlson;studio.props;Rekvisita;card;CO-1
        2026-11-04;300,00;SEK;Plantagen;Växter och blommor;Kontorsväxter;card;PL-1

        """

    @Test func filesPostOnlyIntoTheirOwnBusinessLedger() async throws {
        let temp = try EndToEndWorkspace()
        try temp.drop(Self.acmeLog, named: "acme-week.csv", into: .acme)
        try temp.drop(Self.nordlichtLog, named: "nordlicht-week.csv", into: .nordlicht)
        try await temp.runOnce()

        let acme = try await temp.expenses(.acme)
        let nordlicht = try await temp.expenses(.nordlicht)
        #expect(acme.count == 2)
        #expect(nordlicht.count == 3)
        #expect(acme.allSatisfy { $0["source"]?["file"] == "acme-week.csv" && $0["currency"] == "EUR" })
        #expect(nordlicht.allSatisfy { $0["source"]?["file"] == "nordlicht-week.csv" && $0["currency"] == "SEK" })
        #expect(Set(acme.compactMap { $0["id"] }).isDisjoint(with: nordlicht.compactMap { $0["id"] }))

        // Receipts and archives land under each business's own folders.
        #expect(try temp.receipts(.acme).values.compactMap { $0["file"]?.stringValue } == ["acme-week.csv"])
        #expect(try temp.receipts(.nordlicht).values.compactMap { $0["file"]?.stringValue } == ["nordlicht-week.csv"])
        #expect(temp.files(in: temp.workspace.archive + "/acme").count == 1)
        #expect(temp.files(in: temp.workspace.archive + "/nordlicht").count == 1)

        // status counts only the business asked about.
        let status = try await temp.json("status", "--business", "nordlicht", "--format", "json")
        #expect(status["business"] == "nordlicht")
        #expect(status["recent"]?.arrayValue?.compactMap { $0["file"]?.stringValue } == ["nordlicht-week.csv"])
    }

    /// The same bytes dropped for both businesses are imported by each: duplicate
    /// detection is per business, not across the workspace.
    @Test func sameFileInBothInboxesIsImportedByEach() async throws {
        let temp = try EndToEndWorkspace()
        // A whole amount: ACME reads '.' as the decimal separator, Nordlicht ','.
        let shared = """
            date,amount,currency,vendor,category,description,payment_account,receipt
            2026-11-02,10,EUR,Deutsche Post,office.postage,Stamps,card,P-1

            """
        try temp.drop(shared, named: "post.csv", into: .acme)
        try temp.drop(shared, named: "post.csv", into: .nordlicht)
        try await temp.runOnce()
        #expect(try await temp.expenses(.acme).count == 1)
        #expect(try await temp.expenses(.nordlicht).count == 1)
        #expect(try temp.receipts(.nordlicht).values.first?["status"] == "imported")
    }

    @Test func sharedCatalogIsVisibleToBothCustomCategoriesOnlyToTheirOwner() async throws {
        let temp = try EndToEndWorkspace()
        // Nordlicht may create categories on import (allow_new_categories: true).
        try temp.drop(Self.nordlichtLog, named: "nordlicht-week.csv", into: .nordlicht)
        try await temp.runOnce()

        func categories(_ business: String) async throws -> [String: String] {
            let listing = try await temp.json("categories", "list", "--business", business, "--format", "json")
            #expect(listing["business"] == .string(business))
            var origins: [String: String] = [:]
            for entry in listing["categories"]?.arrayValue ?? [] {
                if let key = entry["key"]?.stringValue { origins[key] = entry["origin"]?.stringValue }
            }
            return origins
        }
        let acme = try await categories("acme")
        let nordlicht = try await categories("nordlicht")
        let sharedAcme = Set(acme.filter { $0.value == "shared" }.keys)
        let sharedNordlicht = Set(nordlicht.filter { $0.value == "shared" }.keys)
        #expect(sharedAcme.count >= 30)
        #expect(sharedAcme == sharedNordlicht)
        for key in ["office", "office.software", "travel.lodging", "bank-fees"] { #expect(sharedAcme.contains(key)) }

        #expect(acme["research"] == "custom")
        #expect(acme["research.lab-supplies"] == "custom")
        #expect(nordlicht["research.lab-supplies"] == nil)
        #expect(nordlicht["studio.props"] == "custom")
        #expect(acme["studio.props"] == nil && acme["studio"] == nil)
        // The category Nordlicht's file created is Nordlicht's alone.
        let created = nordlicht.filter { $0.value == "import" }.keys.sorted()
        #expect(created.count == 1, "\(created)")
        for key in created { #expect(acme[key] == nil) }
    }

    @Test func fileUsingTheOtherBusinessesCustomCategoryIsRejected() async throws {
        let temp = try EndToEndWorkspace()
        try temp.drop(fixture: "rejected", "other-business-category.csv", into: .acme)
        let run = try await temp.runOnce(expecting: 1)
        #expect(try await temp.expenses(.acme).isEmpty)
        let error = try JSONParser.parse(Array(temp.read("outbox/acme/rejected/other-business-category.csv.error.json").utf8)).value
        #expect(error["message"]?.stringValue?.hasPrefix("unknown category 'studio.props'") == true, "\(error.serialized())")
        #expect(error["line"] == 4)
        #expect(run.stderr.contains("studio.props"), "\(run.stderr)")
    }

    @Test func useChangesTheDefaultAndBusinessOverridesIt() async throws {
        let temp = try EndToEndWorkspace()
        try temp.drop(Self.acmeLog, named: "acme-week.csv", into: .acme)
        try temp.drop(Self.nordlichtLog, named: "nordlicht-week.csv", into: .nordlicht)
        try await temp.runOnce()

        let use = try await temp.kontor("use", "nordlicht")
        #expect(use.exited && use.status == 0, "\(use)")
        #expect(use.stderr.contains("nordlicht"))
        #expect(try await temp.json("expenses", "list", "--format", "json")["business"] == "nordlicht")
        #expect(try await temp.json("categories", "list", "--format", "json")["business"] == "nordlicht")
        #expect(try await temp.json("status", "--format", "json")["business"] == "nordlicht")
        #expect(try await temp.json("expenses", "list", "--format", "json", "--business", "acme")["business"] == "acme")

        #expect(try await temp.kontor("use", "acme").status == 0)
        let listed = try await temp.json("expenses", "list", "--format", "json")
        #expect(listed["business"] == "acme")
        #expect(listed["expenses"]?.arrayValue?.count == 2)

        // The default also applies when kontor finds the workspace from its directory.
        let fromInside = try await KontorProcess.run(["expenses", "list", "--format", "json"], in: temp.root + "/inbox")
        #expect(fromInside.status == 0, "\(fromInside)")
        #expect(try JSONParser.parse(Array(fromInside.stdout.utf8)).value["business"] == "acme")

        let unknown = try await temp.kontor("use", "globex")
        #expect(unknown.exited && unknown.status == 66, "\(unknown)")
        #expect(unknown.stderr.contains("globex") && unknown.stderr.contains("acme, nordlicht"), "\(unknown.stderr)")
        #expect(try await temp.json("expenses", "list", "--format", "json")["business"] == "acme")

        // `--business` beside the argument must not be silently ignored.
        let twice = try await temp.kontor("use", "nordlicht", "--business", "acme")
        #expect(twice.exited && twice.status == 64, "\(twice)")
        #expect(twice.stderr.contains("--business acme") && twice.stderr.contains("nordlicht"), "\(twice.stderr)")
        #expect(try await temp.json("expenses", "list", "--format", "json")["business"] == "acme")
    }

    @Test(arguments: [
        ["expenses", "list"], ["status"], ["categories", "list"], ["export", "expenses"],
        ["expenses", "list", "--format", "json"],
    ])
    func withoutADefaultABusinessMustBeNamed(_ command: [String]) async throws {
        let temp = try EndToEndWorkspace()
        let result = try await KontorProcess.run(command + ["--workspace", temp.root])
        #expect(result.exited && result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("acme") && result.stderr.contains("nordlicht"), "\(result.stderr)")
        #expect(result.stderr.contains("--business") || result.stderr.contains("kontor use"), "\(result.stderr)")
    }
}
