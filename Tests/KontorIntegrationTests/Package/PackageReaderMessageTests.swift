import KontorCore
import KontorPackage
import Testing

/// Golden texts of the reader's user-facing refusals (STYLE.md 15): they end up in
/// `rejected/<name>.error.json`, so a change to them must be deliberate.
@Suite("Package: reader error messages")
struct PackageReaderMessageTests {
    static func fiveFiles() throws -> [UInt8] {
        try ArchiveWriter(format: .zip).archive(try (0..<5).map {
            ArchiveEntry(path: try ArchivePath("f\($0).txt"), bytes: Array(repeating: 65, count: 1000))
        })
    }

    @Test("refusals read as documented", arguments: [
        (ArchiveReader.Limits(maxEntries: 4, maxTotalBytes: 1 << 20, maxEntryBytes: 1 << 20),
         "error: in.zip: the archive 'in.zip' has more than 4 entries\n  hint: split it into smaller archives"),
        (ArchiveReader.Limits(maxEntries: 9, maxTotalBytes: 1 << 20, maxEntryBytes: 999),
         "error: in.zip f0.txt: the archive 'in.zip' entry 'f0.txt' unpacks to more than 999 bytes\n"
            + "  hint: send large files on their own, not inside an archive"),
        (ArchiveReader.Limits(maxEntries: 9, maxTotalBytes: 2500, maxEntryBytes: 1 << 20),
         "error: in.zip f2.txt: the archive 'in.zip' unpacks to more than 2500 bytes\n  hint: split it into smaller archives"),
    ])
    func refusals(limits: ArchiveReader.Limits, expected: String) throws {
        let bytes = try Self.fiveFiles()
        #expect {
            try ArchiveReader(limits: limits).entries(of: bytes, name: "in.zip")
        } throws: { error in
            ErrorRenderer.text(error) == expected
        }
    }

    @Test("unreadable input says what libarchive saw")
    func garbage() {
        #expect {
            try ArchiveReader().entries(of: Array("hello".utf8), name: "in.zip")
        } throws: { error in
            ErrorRenderer.text(error) == "error: in.zip: the archive 'in.zip' is not a readable zip or tar archive: "
                + "Unrecognized archive format\n  hint: send a complete, undamaged .zip or .tar.gz"
        }
        #expect {
            try ArchiveReader().entries(of: [], name: "in.zip")
        } throws: { error in
            ErrorRenderer.text(error) == "error: in.zip: the archive 'in.zip' is empty\n  hint: send a .zip or .tar.gz file"
        }
    }
}
