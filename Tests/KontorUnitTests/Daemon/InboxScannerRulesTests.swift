import KontorCore
import KontorIntake
import Testing

@Suite("InboxScanner name rules")
struct InboxScannerRulesTests {
    @Test(arguments: [
        "expenses.csv", "statement.ofx", "camt053.xml", "a", "report.tmp.csv", "part", "x.partial",
        "Rechnung März.pdf",
    ])
    func candidates(name: String) {
        #expect(InboxScanner.isCandidate(name: name))
    }

    @Test(arguments: [
        ".hidden.csv", ".", "..", ".DS_Store", "expenses.csv.tmp", "download.part", "file.crdownload",
        "UPPER.PART", "x.TMP", "",
    ])
    func ignored(name: String) {
        #expect(!InboxScanner.isCandidate(name: name))
    }

    @Test func channelDirectoryPaths() {
        let scanner = InboxScanner(inbox: "/ws/inbox/")
        guard let acme = BusinessID("acme") else { Issue.record("acme is a valid id"); return }
        #expect(scanner.inbox == "/ws/inbox")
        #expect(scanner.directory(acme, .bank) == "/ws/inbox/acme/bank")
    }
}
