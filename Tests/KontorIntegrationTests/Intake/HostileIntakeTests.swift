import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// The hostile inputs of `Tests/Fixtures/hostile/make-hostile.py`, each dropped into the
/// bank inbox of a workspace that knows the account: every one is rejected with a message
/// that names the file (and the entry of an archive), nothing of it is posted, and nothing
/// is written outside the workspace's own places (docs/threat-model.md).
@Suite struct HostileIntakeTests {
    /// The generated files, made once per test process.
    static let generated: Result<String, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.path + "/kontor-hostile-\(getpid())"
        _ = try IntakeHarness.run(["python3", IntakeHarness.fixtures + "/hostile/make-hostile.py", directory])
        return directory
    }

    /// What each hostile file's rejection says: message, and the archive entry when one is at fault.
    static let expected: [(file: String, message: String, entry: String?)] = [
        ("xxe.camt053.xml", "the document has a DOCTYPE declaration, which Kontor refuses in statement files", nil),
        ("billion-laughs.camt053.xml", "the document declares or uses entities (Detected an entity reference loop), which Kontor refuses", nil),
        ("deep.camt053.xml", "elements nest deeper than 64 levels", nil),
        ("deep.ofx", "<STMTRS> opens inside another statement", nil),
        ("truncated.ofx", "the file ends inside a tag that starts here: it is truncated", nil),
        ("truncated.camt053.xml", "the file ends in the middle of the XML document (expected '>'), inside <Ntry>", nil),
        ("garbage.ofx", "this is not a statement Kontor recognizes: not OFX, camt.053 or MT940, and no bank CSV mapping in pipelines/sources/ matches its header", nil),
        ("sparse.ofx", "the file has 2147483648 bytes, more than the limit of 268435456", nil),
        ("bomb.zip", "the archive 'bomb.zip' entry 'statement.ofx' unpacks to more than 67108864 bytes", "statement.ofx"),
        ("traversal.zip", "the archive 'traversal.zip' entry '../../evil.ofx' has a '..' component in its name", "../../evil.ofx"),
        ("traversal.tar.gz", "the archive 'traversal.tar.gz' entry '../evil.ofx' has a '..' component in its name", "../evil.ofx"),
        ("absolute.tar.gz", "the archive 'absolute.tar.gz' entry '/tmp/kontor-absolute-evil.ofx' has an absolute name", "/tmp/kontor-absolute-evil.ofx"),
        ("symlink.zip", "the archive 'symlink.zip' entry 'link.ofx' is a symbolic link; only regular files are accepted", "link.ofx"),
        ("symlink.tar.gz", "the archive 'symlink.tar.gz' entry 'passwd.ofx' is a symbolic link; only regular files are accepted", "passwd.ofx"),
    ]

    @Test("every hostile file is rejected with its reason, and nothing of it is posted")
    func rejected() async throws {
        let directory = try Self.generated.get()
        let harness = try IntakeHarness()
        for (file, _, _) in Self.expected {
            // Moved, not copied: the sparse file stays sparse.
            try FileManager.default.moveItem(atPath: directory + "/" + file, toPath: try harness.temporary.inbox(.acme, .bank) + "/" + file)
        }
        let outcomes = try await harness.run()
        #expect(outcomes.count == Self.expected.count)
        #expect(outcomes.allSatisfy { $0.status == .rejected })
        #expect(try harness.posted() == 0)
        #expect(try harness.files().allSatisfy { $0.status == .rejected && $0.postedCount == 0 })
        for (file, message, entry) in Self.expected {
            let report = try harness.errorReport(file)
            #expect(report["message"]?.stringValue == message, "\(file)")
            #expect(report["file"] == .string(file))
            if let entry {
                #expect(report["path"]?.stringValue == entry, "\(file)")
            }
            let receipt = try harness.receipt(file)
            #expect(receipt["status"] == "rejected")
            #expect(receipt["error"]?["message"]?.stringValue == message)
        }
        // A truncated statement is placed where it ends.
        #expect(try harness.errorReport("truncated.ofx")["line"]?.intValue != nil)
        #expect(try harness.errorReport("truncated.camt053.xml")["path"] == "/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]")
        // The oversized file was refused by its size: not hashed, said so.
        #expect(try harness.receipt("sparse.ofx")["sha256"] == .null)
        #expect(try harness.errorReport("sparse.ofx")["sha256"] == .null)
        #expect(try harness.receipt("sparse.ofx")["size"]?.intValue == 2 << 30)
        // No entity was resolved: /etc/passwd is nowhere in the outputs.
        for name in harness.listing(harness.workspace.outbox) where name.hasSuffix(".json") {
            let text = try String(contentsOfFile: harness.workspace.outbox + "/" + name, encoding: .utf8)
            #expect(!text.contains("root:"), "\(name)")
        }
        // Nothing was extracted by an entry's own name.
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kontor-absolute-evil.ofx"))
        #expect(!harness.listing(harness.workspace.root).contains { $0.hasSuffix("evil.ofx") })
        #expect(!FileManager.default.fileExists(atPath: DurableFile.parent(of: harness.workspace.root) + "/evil.ofx"))
        // The archives' good members before the refusal were rolled back with the archive.
        #expect(try harness.files().count == Self.expected.count)
    }
}
