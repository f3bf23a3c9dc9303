import Foundation
import KontorCore
import KontorPackage
import Testing

@Suite("Package: builder, manifest and durable write")
struct PackageBuilderTests {
    static func builder() throws -> PackageBuilder {
        let business = try #require(BusinessID("acme"))
        let from = try #require(LocalDate(iso: "2026-09-01"))
        let to = try #require(LocalDate(iso: "2026-09-30"))
        let period = try #require(PackagePeriod(from: from, to: to))
        var builder = PackageBuilder(kind: .report, business: business, period: period,
                                     generatorVersion: "0.1.0", created: "2026-10-01T06:00:00Z")
        try builder.add(path: "pnl.csv", text: "account,amount\n4000,1200.00\n")
        try builder.add(path: "notes/empty.txt", bytes: [])
        return builder
    }

    @Test("the manifest is byte-for-byte the documented layout")
    func goldenManifest() throws {
        let expected = """
        {
          "business": "acme",
          "created": "2026-10-01T06:00:00Z",
          "entries": [
            {
              "path": "notes/empty.txt",
              "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              "size": 0
            },
            {
              "path": "pnl.csv",
              "sha256": "2a8747b261c48008c3e79a6fcd1661650369d8b627b19391bb8b993caf67fea8",
              "size": 28
            }
          ],
          "generator": {
            "name": "kontor",
            "version": "0.1.0"
          },
          "kind": "report",
          "period": {
            "from": "2026-09-01",
            "to": "2026-09-30"
          }
        }

        """
        #expect(String(decoding: try Self.builder().manifest.bytes, as: UTF8.self) == expected)
    }

    @Test("a package without a period says null")
    func nullPeriod() throws {
        let builder = PackageBuilder(kind: .invoice, business: try #require(BusinessID("acme")), period: nil,
                                     generatorVersion: "0.1.0", created: "2026-10-01T06:00:00Z")
        #expect(builder.manifest.json["period"] == .null)
        #expect(builder.manifest.json["entries"] == .array([]))
    }

    @Test("writing twice gives identical files, and only the finished file is left", arguments: ArchiveFormat.allCases)
    func durableDeterministicWrite(format: ArchiveFormat) throws {
        let scratch = try PackageScratch()
        let builder = try Self.builder()
        let first = try builder.write(to: scratch.file("one." + format.fileExtension), format: format)
        let second = try builder.write(to: scratch.file("two." + format.fileExtension), format: format)
        #expect(try scratch.listing() == ["one." + format.fileExtension, "two." + format.fileExtension])
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first.path))
        let secondBytes = try Data(contentsOf: URL(fileURLWithPath: second.path))
        #expect(firstBytes == secondBytes)
        #expect(first.sha256 == second.sha256)
        #expect(first.size == firstBytes.count)
        #expect(try PackageTools.sha256(ofFiles: [first.path]) == [first.sha256.hex])
    }

    @Test("the manifest's hashes and sizes match the entries read back", arguments: ArchiveFormat.allCases)
    func manifestMatchesEntries(format: ArchiveFormat) throws {
        let scratch = try PackageScratch()
        var builder = try Self.builder()
        try builder.add(path: "data/blob.bin", bytes: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let summary = try builder.write(to: scratch.file("pkg." + format.fileExtension), format: format)

        let read = try ArchiveReader().entries(ofFileAt: summary.path)
        #expect(read.map(\.name) == ["data/blob.bin", "manifest.json", "notes/empty.txt", "pnl.csv"])
        let manifestBytes = try #require(read.first { $0.name == "manifest.json" }).bytes
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(manifestBytes)) as? [String: Any])
        #expect(manifest["business"] as? String == "acme")
        #expect(manifest["kind"] as? String == "report")
        let listed = try #require(manifest["entries"] as? [[String: Any]])
        let files = read.filter { $0.name != "manifest.json" }
        #expect(listed.compactMap { $0["path"] as? String } == files.map(\.name))

        var paths: [String] = []
        for (index, file) in files.enumerated() {
            paths.append(try scratch.write(file.bytes, to: "extracted-\(index)"))
        }
        let oracle = try PackageTools.sha256(ofFiles: paths)
        for (index, entry) in listed.enumerated() {
            #expect(entry["sha256"] as? String == oracle[index], "\(files[index].name)")
            #expect(entry["size"] as? Int == files[index].bytes.count, "\(files[index].name)")
        }
        #expect(summary.entries.map(\.sha256.hex) == oracle)
    }

    @Test("bad, reserved and repeated paths are refused", arguments: [
        "../escape.csv", "/abs.csv", "a//b.csv", "", "manifest.json",
    ])
    func badPaths(path: String) throws {
        var builder = try Self.builder()
        #expect {
            try builder.add(path: path, bytes: [1])
        } throws: { error in
            (error as? KontorError)?.code == .badInput && (error as? KontorError)?.position?.path == path
        }
    }

    @Test("a path added twice is refused")
    func repeatedPath() throws {
        var builder = try Self.builder()
        #expect(throws: KontorError.self) { try builder.add(path: "pnl.csv", bytes: [1]) }
    }

    @Test("writing into a missing directory is an io error and leaves nothing behind")
    func missingDirectory() throws {
        let scratch = try PackageScratch()
        #expect {
            try Self.builder().write(to: scratch.file("missing/pkg.zip"), format: .zip)
        } throws: { error in
            (error as? KontorError)?.code == .io
        }
        #expect(try scratch.listing() == [])
    }
}
