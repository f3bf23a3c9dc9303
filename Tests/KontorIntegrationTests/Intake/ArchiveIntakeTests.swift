import Foundation
import KontorConfig
import KontorCore
import KontorIntake
import KontorPackage
import KontorPipeline
import KontorStore
import Testing

/// Archives dropped into an inbox, through the real pipeline in this process: each member
/// is taken in on its own, a bad member is rejected alone, the archive's receipt lists its
/// members, and nothing is taken twice (docs/decisions/archives-in-the-inbox.md).
@Suite struct ArchiveIntakeTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: IntakeHarness.fixtures + "/overlap/" + name)))
    }

    static func archive(_ format: ArchiveFormat, _ members: [(String, [UInt8])]) throws -> [UInt8] {
        try ArchiveWriter(format: format).archive(try members.map { ArchiveEntry(path: try ArchivePath($0.0), bytes: $0.1) })
    }

    /// A statement, a truncated statement in a folder, and a note that is no statement.
    static func mixedMembers() throws -> [(String, [UInt8])] {
        let ofx = try fixture("2026-01.ofx")
        return [("jan.ofx", ofx), ("broken/feb.ofx", Array(ofx.prefix(ofx.count / 2))), ("notes.txt", Array("call the bank\n".utf8))]
    }

    @Test("a zip's members are taken in one by one; a bad member is rejected alone", arguments: [ArchiveFormat.zip, .tarGz])
    func mixedArchive(format: ArchiveFormat) async throws {
        let harness = try IntakeHarness()
        let name = "statements." + format.fileExtension
        try harness.drop(try Self.archive(format, try Self.mixedMembers()), named: name)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported])

        let receipt = try harness.receipt(name)
        #expect(receipt["status"] == "imported")
        #expect(receipt["format"] == .string(format == .zip ? "zip" : "tar"))
        #expect(receipt["posted"]?.intValue == 6)
        #expect(receipt["members_rejected"]?.intValue == 2)
        let members = try #require(receipt["members"]?.arrayValue)
        // ArchiveWriter sorts entries by path.
        #expect(members.map { $0["file"]?.stringValue } == ["\(name)!broken/feb.ofx", "\(name)!jan.ofx", "\(name)!notes.txt"])
        #expect(members.map { $0["status"]?.stringValue } == ["rejected", "imported", "rejected"])
        #expect(members[1]["posted"]?.intValue == 6)
        #expect(members[0]["rejected_as"] == .string("outbox/acme/rejected/\(name)!broken!feb.ofx"))

        // The good member has its own receipt, its original inside the archive.
        let jan = try harness.receipt("\(name)!jan.ofx")
        #expect(jan["status"] == "imported")
        #expect(jan["format"] == "ofx")
        #expect(jan["posted"]?.intValue == 6)
        #expect(jan["sha256"]?.stringValue == FileByteSource.digest(of: try Self.fixture("2026-01.ofx")).hex)
        let original = try #require(jan["original"]?.stringValue)
        #expect(original.hasPrefix("var/archive/acme/bank/") && original.hasSuffix("-\(name)!jan.ofx"))
        #expect(try #require(receipt["original"]?.stringValue) + "!jan.ofx" == original)

        // The bad members: their bytes and error reports in rejected/, named archive!member.
        let rejected = harness.listing(harness.workspace.rejected(.acme))
        #expect(rejected == ["\(name)!broken!feb.ofx", "\(name)!broken!feb.ofx.error.json", "\(name)!notes.txt", "\(name)!notes.txt.error.json"])
        let truncated = try harness.errorReport("\(name)!broken/feb.ofx")
        #expect(truncated["file"] == .string("\(name)!broken/feb.ofx"))
        #expect(truncated["line"]?.intValue != nil)
        let notes = try harness.errorReport("\(name)!notes.txt")
        #expect(notes["message"]?.stringValue?.hasPrefix("this is not a statement Kontor recognizes") == true)
        let copy = try Data(contentsOf: URL(fileURLWithPath: harness.workspace.rejected(.acme) + "/\(name)!notes.txt"))
        #expect(Array(copy) == Array("call the bank\n".utf8))

        // The archive itself is archived; the inbox and the spool are empty.
        #expect(harness.listing(harness.workspace.archive).filter { $0.hasSuffix(name) }.count == 1)
        #expect(harness.listing(harness.workspace.inbox(.acme)).isEmpty)
        #expect(harness.listing(harness.workspace.spool).isEmpty)
        #expect(try harness.posted() == 6)
        #expect(try harness.files().allSatisfy(\.finished))
    }

    @Test("the same archive again is a duplicate; a member dropped alone later is a duplicate of the member")
    func repeats() async throws {
        let harness = try IntakeHarness()
        let bytes = try Self.archive(.zip, try Self.mixedMembers())
        try harness.drop(bytes, named: "a.zip")
        try await harness.run()
        try harness.drop(bytes, named: "again.zip")
        try harness.drop(try Self.fixture("2026-01.ofx"), named: "jan-alone.ofx")
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.duplicate, .duplicate])
        let again = try harness.receipt("again.zip")
        #expect(again["duplicate_of"]?["file"] == "a.zip")
        let alone = try harness.receipt("jan-alone.ofx")
        #expect(alone["duplicate_of"]?["file"] == "a.zip!jan.ofx")
        #expect(try harness.posted() == 6)
    }

    @Test("a member that repeats an earlier file is a duplicate; an archive of only known members posts nothing")
    func knownMembers() async throws {
        let harness = try IntakeHarness()
        let ofx = try Self.fixture("2026-01.ofx")
        try harness.drop(ofx, named: "jan.ofx")
        try await harness.run()
        try harness.drop(try Self.archive(.tarGz, [("copy-of-jan.ofx", ofx), ("camt/jan.xml", try Self.fixture("2026-01.camt053.xml"))]),
                         named: "bundle.tar.gz")
        try await harness.run()
        let receipt = try harness.receipt("bundle.tar.gz")
        let members = try #require(receipt["members"]?.arrayValue)
        #expect(members.map { $0["status"]?.stringValue } == ["imported", "duplicate"])
        // The camt.053 member is new bytes, but every line is already posted (by date and amount).
        #expect(members[0]["posted"]?.intValue == 0)
        #expect(members[0]["skipped"]?.intValue == 6)
        #expect(receipt["posted"]?.intValue == 0)
        #expect(try harness.posted() == 6)
    }

    @Test("an archive in the expenses inbox: its expense logs import, the bad one is rejected alone")
    func expenseArchive() async throws {
        let harness = try IntakeHarness()
        let demo = IntakeHarness.packageRoot + "/demo/inbox/acme/expenses/"
        func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: demo + name))) }
        try harness.drop(try Self.archive(.tarGz, [("card.json", try bytes("2026-w47-card.json")),
                                                   ("week.csv", try bytes("2026-w47-expenses.csv")),
                                                   ("bad.csv", try bytes("BAD-2026-w47-invalid-date.csv"))]),
                         named: "week47.tar.gz", channel: .expenses)
        #expect(try await harness.run().map(\.status) == [.imported])
        let receipt = try harness.receipt("week47.tar.gz")
        let members = try #require(receipt["members"]?.arrayValue)
        #expect(members.map { $0["status"]?.stringValue } == ["rejected", "imported", "imported"])
        #expect(members.map { $0["format"]?.stringValue } == [nil, "expense-json", "expense-csv"])
        #expect(try harness.receipt("week47.tar.gz!card.json")["posted"]?.intValue == 3)
        #expect(try harness.receipt("week47.tar.gz!week.csv")["posted"]?.intValue == 11)
        #expect(try harness.errorReport("week47.tar.gz!bad.csv")["line"]?.intValue == 4)
        #expect(try harness.posted() == 14)
    }

    @Test("an archive with no files is rejected")
    func emptyArchive() async throws {
        let harness = try IntakeHarness()
        try harness.drop(try Self.archive(.zip, []), named: "empty.zip")
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.rejected])
        #expect(try harness.errorReport("empty.zip")["message"]?.stringValue == "the archive holds no files")
    }

    @Test("an archive in the vendors or corrections inbox is rejected: archives open in expenses, bank and gateway only")
    func otherChannels() async throws {
        let harness = try IntakeHarness()
        let ofx = try Self.fixture("2026-01.ofx")
        try harness.drop(try Self.archive(.zip, [("vendors.csv", ofx)]), named: "v.zip", channel: .vendors)
        try harness.drop(try Self.archive(.zip, [("corrections.csv", ofx)]), named: "c.zip", channel: .corrections)
        let pipeline = try harness.pipeline()
        let scanner = InboxScanner(inbox: harness.workspace.inbox)
        for file in try scanner.scan(businesses: [.acme], channels: [.vendors, .corrections]) {
            let outcome = try await pipeline.process(file)
            #expect(outcome?.status == .rejected)
        }
        #expect(try harness.errorReport("v.zip")["message"] == "archives are opened in expenses/, bank/ and gateway/ only, not in vendors/")
        #expect(try harness.errorReport("c.zip")["message"] == "archives are opened in expenses/, bank/ and gateway/ only, not in corrections/")
        #expect(try harness.posted() == 0)
    }

    @Test("an archive inside an archive is not opened")
    func nested() async throws {
        let harness = try IntakeHarness()
        let inner = try Self.archive(.zip, [("jan.ofx", try Self.fixture("2026-01.ofx"))])
        try harness.drop(try Self.archive(.zip, [("inner.zip", inner)]), named: "outer.zip")
        try await harness.run()
        let report = try harness.errorReport("outer.zip!inner.zip")
        #expect(report["message"] == "this archive member is an archive itself; archives inside archives are not opened")
        #expect(try harness.posted() == 0)
    }

    @Test("an archive whose finishing failed after the commit is finished at restart, every member once")
    func failureAfterCommit() async throws {
        let harness = try IntakeHarness()
        try harness.drop(try Self.archive(.zip, try Self.mixedMembers()), named: "late.zip")
        // A plain file where the receipts directory belongs: the commit succeeds, then
        // writing the first receipt fails, as a crash at that point would leave things.
        let receipts = harness.workspace.receipts(.acme)
        try FileManager.default.createDirectory(atPath: DurableFile.parent(of: receipts), withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: receipts))
        await #expect(throws: KontorError.self) { try await harness.run() }
        #expect(try harness.files().count == 4, "the archive and its three members are committed")
        #expect(try harness.files().contains { !$0.finished })

        try FileManager.default.removeItem(atPath: receipts)
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.imported, .imported, .rejected, .rejected])
        #expect(try harness.files().count == 4)
        #expect(try harness.files().allSatisfy(\.finished))
        #expect(try harness.posted() == 6)
        #expect(try harness.receipt("late.zip")["members_rejected"]?.intValue == 2)
        #expect(try harness.receipt("late.zip!jan.ofx")["posted"]?.intValue == 6)
        #expect(harness.listing(harness.workspace.rejected(.acme)).count == 4)
        #expect(harness.listing(harness.workspace.spool).isEmpty)
        #expect(try await harness.run().isEmpty)
    }

    @Test("an archive left in the spool by a crash is taken once at restart")
    func crashBeforeCommit() async throws {
        let harness = try IntakeHarness()
        let bytes = try Self.archive(.zip, try Self.mixedMembers())
        // As a crash after the claim leaves it: in var/spool/acme/bank/, nothing recorded.
        let spool = harness.workspace.spool + "/acme/bank"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: spool + "/crashed.zip"))
        let outcomes = try await harness.run()
        #expect(outcomes.map(\.status) == [.imported])
        #expect(try harness.posted() == 6)
        // A second start finds nothing to do.
        #expect(try await harness.run().isEmpty)
        #expect(try harness.files().count == 4)
    }
}
