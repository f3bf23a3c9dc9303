import Foundation
import KontorCore
import KontorPackage
import Testing

@Suite("Package: deterministic archive writer")
struct PackageArchiveWriterTests {
    /// Entries out of order, with an empty file, a long (prefix-split) path and a
    /// compressible blob.
    static func fixture() throws -> [ArchiveEntry] {
        func entry(_ path: String, _ text: String) throws -> ArchiveEntry {
            ArchiveEntry(path: try ArchivePath(path), bytes: Array(text.utf8))
        }
        return [
            try entry("reports/pnl.csv", "account,amount\n4000,1200.00\n"),
            try entry("README.txt", "Kontor report package\n"),
            try entry("empty.txt", ""),
            try entry("reports/" + String(repeating: "long", count: 20) + "/" + String(repeating: "deep", count: 20) + "/x.json", "{}\n"),
            try entry("data/zeros.bin", String(repeating: "\u{0}", count: 100_000)),
        ]
    }

    @Test("two builds of the same entries are byte-identical, whatever their order", arguments: ArchiveFormat.allCases)
    func deterministic(format: ArchiveFormat) throws {
        let entries = try Self.fixture()
        let writer = ArchiveWriter(format: format)
        let first = try writer.archive(entries)
        let second = try writer.archive(entries.reversed())
        #expect(!first.isEmpty)
        #expect(first == second)
        #expect(Set(entries.map(\.path.rawValue)).count == entries.count)
    }

    @Test("a zip's DOS time is the 1980 minimum in every time zone")
    func zipTimeIsZoneFree() throws {
        let entries = try Self.fixture()
        let bytes = try ArchiveWriter(format: .zip).archive(entries)
        #expect(Array(bytes[0..<4]) == [0x50, 0x4b, 0x03, 0x04])
        // Local header: time at offset 10 (0 = 00:00:00), date at 12 (0x0021 = 1980-01-01).
        #expect(Array(bytes[10..<14]) == [0x00, 0x00, 0x21, 0x00])
    }

    @Test("the gzip header has no name and no mtime")
    func gzipHeaderIsFixed() throws {
        let entries = try Self.fixture()
        let bytes = try ArchiveWriter(format: .tarGz, modificationTime: 1_790_000_000).archive(entries)
        #expect(Array(bytes[0..<3]) == [0x1f, 0x8b, 0x08])
        #expect(bytes[3] == 0, "FLG must be 0: no FNAME, FCOMMENT or FEXTRA")
        #expect(Array(bytes[4..<8]) == [0, 0, 0, 0], "MTIME must be 0")
    }

    @Test("the tar mtime follows the writer's modificationTime")
    func tarTimeIsTheGivenOne() throws {
        let entries = try Self.fixture()
        let early = try ArchiveWriter(format: .tarGz).archive(entries)
        let late = try ArchiveWriter(format: .tarGz, modificationTime: 1_790_000_000).archive(entries)
        #expect(early != late)
    }

    @Test("a path used twice is refused", arguments: ArchiveFormat.allCases)
    func duplicatePaths(format: ArchiveFormat) throws {
        let entries = try Self.fixture()
        let entry = try #require(entries.first)
        #expect(throws: KontorError.self) { try ArchiveWriter(format: format).archive([entry, entry]) }
    }

    @Test("bsdtar lists the archive: regular files, mode 0644, owner 0, 1980",
          .enabled(if: PackageTools.bsdtar != nil, "bsdtar is not installed (apt-get install libarchive-tools)"),
          arguments: ArchiveFormat.allCases)
    func bsdtarAccepts(format: ArchiveFormat) throws {
        let entries = try Self.fixture()
        let scratch = try PackageScratch()
        let path = try scratch.write(try ArchiveWriter(format: format).archive(entries), to: "out." + format.fileExtension)
        let run = try PackageTools.run(try #require(PackageTools.bsdtar), ["-tvf", path])
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == entries.count)
        let sortedPaths = entries.map(\.path.rawValue).sorted()
        for (line, path) in zip(lines, sortedPaths) {
            #expect(line.hasPrefix("-rw-r--r--"), "\(line)")
            #expect(line.hasSuffix(" " + path), "entries must come sorted by path: \(line)")
            #expect(line.contains(" 0 0 ") || line.contains(" 0      0 "), "owner and group 0: \(line)")
            #expect(line.contains("1980"), "\(line)")
        }
    }

    @Test("unzip -t finds no errors in the zip",
          .enabled(if: PackageTools.unzip != nil, "unzip is not installed (apt-get install unzip)"))
    func unzipAccepts() throws {
        let entries = try Self.fixture()
        let scratch = try PackageScratch()
        let path = try scratch.write(try ArchiveWriter(format: .zip).archive(entries), to: "out.zip")
        let run = try PackageTools.run(try #require(PackageTools.unzip), ["-t", path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("No errors detected"), "\(run.output)")
        for entry in entries {
            #expect(run.output.contains(entry.path.rawValue))
        }
    }
}
