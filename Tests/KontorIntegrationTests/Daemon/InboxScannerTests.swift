#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorIntake
import Testing

@Suite("InboxScanner on disk")
struct InboxScannerTests {
    @Test func listsRegularCandidateFilesOnly() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let acme = businessID("acme")
        let expenses = temp.workspace.inbox(acme, .expenses)
        try temp.write("a,b\n", to: expenses + "/b.csv")
        try temp.write("12345", to: expenses + "/a.csv")
        for ignored in [".hidden.csv", "x.csv.tmp", "y.part", "z.crdownload"] {
            try temp.write("ignored", to: expenses + "/" + ignored)
        }
        try DurableFile.makeDirectory(expenses + "/subdir")
        #expect(symlink(expenses + "/a.csv", expenses + "/link.csv") == 0)
        temp.setModified(expenses + "/a.csv", nanoseconds: 1_700_000_000_123_456_789)

        let files = try InboxScanner(inbox: temp.workspace.inbox).scan(businesses: [acme], channels: Channel.all)

        #expect(files.map(\.name) == ["a.csv", "b.csv"])
        #expect(files.map(\.size) == [5, 4])
        #expect(files.first?.modifiedNanoseconds == 1_700_000_000_123_456_789)
        #expect(files.first?.path == expenses + "/a.csv")
        #expect(files.allSatisfy { $0.business == acme && $0.channel == .expenses })
    }

    @Test func sortsByBusinessChannelAndName() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let (acme, beta) = (businessID("acme"), businessID("beta"))
        try temp.write("1", to: temp.workspace.inbox(beta, .bank) + "/a.ofx")
        try temp.write("1", to: temp.workspace.inbox(acme, .expenses) + "/a.csv")
        try temp.write("1", to: temp.workspace.inbox(acme, .bank) + "/z.ofx")
        try temp.write("1", to: temp.workspace.inbox(acme, .bank) + "/m.ofx")

        let files = try InboxScanner(inbox: temp.workspace.inbox).scan(businesses: [beta, acme], channels: [.expenses, .bank])

        #expect(files.map { "\($0.business)/\($0.channel)/\($0.name)" }
                == ["acme/bank/m.ofx", "acme/bank/z.ofx", "acme/expenses/a.csv", "beta/bank/a.ofx"])
    }

    /// Master data first, then invoices, money, decisions and report requests, whatever
    /// the files' names: a payment dropped with its invoice finds it open.
    @Test func filesDroppedTogetherAreTakenInDependencyOrder() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let acme = businessID("acme")
        try temp.write("1", to: temp.workspace.inbox(acme, .requests) + "/a.yaml")
        try temp.write("1", to: temp.workspace.inbox(acme, .corrections) + "/a.csv")
        try temp.write("1", to: temp.workspace.inbox(acme, .approvals) + "/b.jwt")
        try temp.write("1", to: temp.workspace.inbox(acme, .bank) + "/b.ofx")
        try temp.write("1", to: temp.workspace.inbox(acme, .invoices) + "/a.yaml")
        try temp.write("1", to: temp.workspace.inbox(acme, .clients) + "/y.yaml")
        try temp.write("1", to: temp.workspace.inbox(acme, .vendors) + "/z.csv")
        try temp.write("1", to: temp.workspace.inbox(acme, .gateway) + "/a.csv")
        try temp.write("1", to: temp.workspace.inbox(acme, .expenses) + "/c.csv")

        let files = try InboxScanner(inbox: temp.workspace.inbox).scan(businesses: [acme], channels: Channel.all)

        #expect(files.map { "\($0.channel)/\($0.name)" } == [
            "clients/y.yaml", "vendors/z.csv", "invoices/a.yaml", "bank/b.ofx", "expenses/c.csv", "gateway/a.csv",
            "approvals/b.jwt", "corrections/a.csv", "requests/a.yaml",
        ])
    }

    @Test func missingDirectoriesAreEmpty() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let files = try InboxScanner(inbox: temp.workspace.inbox).scan(businesses: [businessID("nobody")], channels: Channel.all)
        #expect(files.isEmpty)
    }

    @Test func singleFileLookupFollowsTheSameRules() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let acme = businessID("acme")
        let bank = temp.workspace.inbox(acme, .bank)
        try temp.write("abc", to: bank + "/s.ofx")
        try temp.write("abc", to: bank + "/s.ofx.part")
        #expect(symlink(bank + "/s.ofx", bank + "/t.ofx") == 0)
        let scanner = InboxScanner(inbox: temp.workspace.inbox)

        #expect(scanner.file(at: bank + "/s.ofx", business: acme, channel: .bank)?.size == 3)
        #expect(scanner.file(at: bank + "/s.ofx.part", business: acme, channel: .bank) == nil)
        #expect(scanner.file(at: bank + "/t.ofx", business: acme, channel: .bank) == nil)
        #expect(scanner.file(at: bank + "/missing.ofx", business: acme, channel: .bank) == nil)
    }
}
