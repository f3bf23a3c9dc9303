import Foundation
import KontorCore
import KontorPackage
import Testing

@Suite("Package: reading untrusted archives")
struct PackageArchiveReaderTests {
    /// Expects a `bad-input` refusal of `archive` whose position names `entry` and whose
    /// message contains `words`.
    static func expectRefusal(_ archive: String, entry: String?, _ words: String, limits: ArchiveReader.Limits = .default,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try ArchiveReader(limits: limits).entries(ofFileAt: archive)
        } throws: { error in
            guard let error = error as? KontorError else { return false }
            return error.code == .badInput && error.position?.file == DurableFile.name(of: archive)
                && error.position?.path == entry && error.message.contains(words)
        }
    }

    @Test("what Kontor writes, it reads back unchanged", arguments: ArchiveFormat.allCases)
    func roundTrip(format: ArchiveFormat) throws {
        let entries = [
            ArchiveEntry(path: try ArchivePath("b/one.csv"), bytes: Array("1\n".utf8)),
            ArchiveEntry(path: try ArchivePath("a.bin"), bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) }),
        ]
        let bytes = try ArchiveWriter(format: format).archive(entries)
        let read = try ArchiveReader().entries(of: bytes, name: "in." + format.fileExtension)
        #expect(read == [ExtractedEntry(name: "a.bin", bytes: entries[1].bytes), ExtractedEntry(name: "b/one.csv", bytes: entries[0].bytes)])
    }

    @Test("garbage, empty and truncated input is bad input that names the archive")
    func garbage() throws {
        let reader = ArchiveReader()
        for (name, bytes) in [("garbage.zip", Array("this is not an archive at all, just text\n".utf8)),
                              ("noise.tar.gz", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }),
                              ("empty.zip", [])] {
            #expect {
                try reader.entries(of: bytes, name: name)
            } throws: { error in
                (error as? KontorError)?.code == .badInput && (error as? KontorError)?.position?.file == name
            }
        }
        let whole = try ArchiveWriter(format: .tarGz).archive([ArchiveEntry(path: try ArchivePath("x.bin"),
                                                                            bytes: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })])
        #expect(throws: KontorError.self) { try reader.entries(of: Array(whole.prefix(whole.count / 2)), name: "cut.tar.gz") }
    }

    @Test("a missing file is not-found")
    func missingFile() throws {
        let scratch = try PackageScratch()
        #expect { try ArchiveReader().entries(ofFileAt: scratch.file("nope.zip")) } throws: { error in
            (error as? KontorError)?.code == .notFound && (error as? KontorError)?.position?.file == "nope.zip"
        }
    }

    @Test("entry count and size caps are enforced")
    func caps() throws {
        let scratch = try PackageScratch()
        let entries = try (0..<5).map { ArchiveEntry(path: try ArchivePath("f\($0).txt"), bytes: Array(repeating: 65, count: 1000)) }
        let path = try scratch.write(try ArchiveWriter(format: .zip).archive(entries), to: "five.zip")
        #expect(try ArchiveReader(limits: .init(maxEntries: 5, maxTotalBytes: 5000, maxEntryBytes: 1000))
            .entries(ofFileAt: path).count == 5)
        Self.expectRefusal(path, entry: nil, "more than 4 entries",
                           limits: .init(maxEntries: 4, maxTotalBytes: 1 << 20, maxEntryBytes: 1 << 20))
        Self.expectRefusal(path, entry: "f4.txt", "more than 4999 bytes",
                           limits: .init(maxEntries: 10, maxTotalBytes: 4999, maxEntryBytes: 1 << 20))
        Self.expectRefusal(path, entry: "f0.txt", "more than 999 bytes",
                           limits: .init(maxEntries: 10, maxTotalBytes: 1 << 20, maxEntryBytes: 999))
    }

    @Test("a 1 GiB zip bomb stops at the cap", .enabled(if: HostileArchives.available, "python3 is not installed"))
    func zipBomb() throws {
        let scratch = try PackageScratch()
        let path = scratch.file("bomb.zip")
        try HostileArchives.zipBomb(size: 1 << 30, at: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? .max < 8 << 20)
        Self.expectRefusal(path, entry: "zeros.bin", "more than \(64 << 20) bytes")
    }

    @Test("a zip whose headers understate the size is stopped by the bytes produced",
          .enabled(if: HostileArchives.available, "python3 is not installed"))
    func lyingSize() throws {
        let scratch = try PackageScratch()
        let path = scratch.file("liar.zip")
        try HostileArchives.zipBomb(size: 64 << 20, claimedSize: 1000, at: path)
        Self.expectRefusal(path, entry: "zeros.bin", "more than \(1 << 20) bytes",
                           limits: .init(maxEntries: 10, maxTotalBytes: 1 << 30, maxEntryBytes: 1 << 20))
    }

    @Test("a tar.gz bomb stops at the cap", .enabled(if: HostileArchives.available, "python3 is not installed"))
    func tarBomb() throws {
        let scratch = try PackageScratch()
        let path = scratch.file("bomb.tar.gz")
        try HostileArchives.tarBomb(size: 256 << 20, at: path)
        Self.expectRefusal(path, entry: "zeros.bin", "more than \(16 << 20) bytes",
                           limits: .init(maxEntries: 10, maxTotalBytes: 1 << 30, maxEntryBytes: 16 << 20))
    }

    @Test("hostile zip entries refuse the archive", .enabled(if: HostileArchives.available, "python3 is not installed"),
          arguments: HostileFixtures.zip.map(\.label))
    func hostileZip(label: String) throws {
        let scratch = try PackageScratch()
        let fixture = try #require(HostileFixtures.zip.first { $0.label == label })
        let path = scratch.file("hostile.zip")
        try HostileArchives.zip(fixture.entries, at: path)
        Self.expectRefusal(path, entry: fixture.entry, fixture.words)
    }

    @Test("hostile tar entries refuse the archive", .enabled(if: HostileArchives.available, "python3 is not installed"),
          arguments: HostileFixtures.tar.map(\.label))
    func hostileTar(label: String) throws {
        let scratch = try PackageScratch()
        let fixture = try #require(HostileFixtures.tar.first { $0.label == label })
        let path = scratch.file("hostile.tar.gz")
        try HostileArchives.tarGz(fixture.entries, at: path)
        Self.expectRefusal(path, entry: fixture.entry, fixture.words)
    }

    @Test("directories are skipped and ./ prefixes dropped; a nested archive stays bytes",
          .enabled(if: HostileArchives.available, "python3 is not installed"))
    func directoriesAndNesting() throws {
        let scratch = try PackageScratch()
        let inner = try ArchiveWriter(format: .zip).archive([ArchiveEntry(path: try ArchivePath("x.txt"), bytes: [1])])
        let path = scratch.file("mixed.tar.gz")
        try HostileArchives.tarGz([.init(name: "dir", type: "dir"), .init(name: "./dir/a.csv", data: "1,2")], at: path)
        let read = try ArchiveReader().entries(ofFileAt: path)
        #expect(read == [ExtractedEntry(name: "dir/a.csv", bytes: Array("1,2".utf8))])

        let outer = try ArchiveWriter(format: .zip).archive([ArchiveEntry(path: try ArchivePath("inner.zip"), bytes: inner)])
        #expect(try ArchiveReader().entries(of: outer, name: "outer.zip") == [ExtractedEntry(name: "inner.zip", bytes: inner)])
    }
}

/// Hostile entries, each with the entry name the refusal must name and words of its message.
enum HostileFixtures {
    typealias Fixture = (label: String, entries: [HostileArchives.Entry], entry: String?, words: String)

    static let common: [Fixture] = [
        ("dot-dot", [.init(name: "ok.csv", data: "1"), .init(name: "../../etc/cron.d/x", data: "boom")],
         "../../etc/cron.d/x", "'..' component"),
        ("dot-dot inside", [.init(name: "a/../../x", data: "boom")], "a/../../x", "'..' component"),
        ("absolute", [.init(name: "/etc/passwd", data: "root")], "/etc/passwd", "absolute name"),
        ("symlink", [.init(name: "link", type: "symlink", target: "/etc/passwd")], "link", "symbolic link"),
        ("duplicate", [.init(name: "a.csv", data: "1"), .init(name: "./a.csv", data: "2")], "./a.csv", "two entries named 'a.csv'"),
    ]

    /// libarchive turns a zip name's backslashes into slashes; a tar name keeps them.
    static let zip: [Fixture] = common + [
        ("backslash dot-dot", [.init(name: "..\\..\\x.txt", data: "boom")], "../../x.txt", "'..' component"),
    ]

    static let tar: [Fixture] = common + [
        ("backslash dot-dot", [.init(name: "..\\..\\x.txt", data: "boom")], "..\\..\\x.txt", "'..' component"),
        ("hardlink", [.init(name: "a.csv", data: "1"), .init(name: "b.csv", type: "hardlink", target: "a.csv")], "b.csv", "hard link"),
        ("device", [.init(name: "null", type: "chardev")], "null", "character device"),
    ]
}
