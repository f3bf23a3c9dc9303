import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

/// `kontor export expenses --package`: deterministic archives that standard tools accept
/// and whose manifest matches their entries (issue 2, acceptance 8).
@Suite struct EndToEndPackageTests {
    /// The archive format option and the file extension it gives.
    static let formats: [(option: String, fileExtension: String)] = [("zip", "zip"), ("tar.gz", "tar.gz")]

    static func ledger() async throws -> EndToEndWorkspace {
        let temp = try EndToEndWorkspace()
        try temp.drop(fixture: "expenses-list", "ledger.csv")
        try await temp.runOnce()
        return temp
    }

    /// Exports and returns the archive's path (from the command's own report line).
    static func export(_ temp: EndToEndWorkspace, _ format: String, _ filters: [String] = [],
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await KontorProcess.run(["export", "expenses", "--package", "--archive", format, "--business", "acme"]
                                           + filters + ["--workspace", temp.root], sourceLocation: sourceLocation)
        try #require(result.exited && result.status == 0, "\(result)", sourceLocation: sourceLocation)
        let words = result.stdout.split(separator: " ")
        let relative = try #require(words.count > 1 ? words[1] : nil, "\(result)", sourceLocation: sourceLocation)
        #expect(relative.hasPrefix("outbox/acme/exports/expenses-"), "\(result)", sourceLocation: sourceLocation)
        return temp.root + "/" + relative
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test(arguments: ["zip", "tar.gz"])
    func exportingTwiceGivesIdenticalBytes(_ format: String) async throws {
        let temp = try await Self.ledger()
        let path = try await Self.export(temp, format)
        #expect(path.hasSuffix("/expenses-2026-11-02-2026-11-20." + format))
        let first = try Self.bytes(path)
        let second = try Self.bytes(try await Self.export(temp, format))
        #expect(!first.isEmpty)
        #expect(first == second)
        // Only the archive in exports/: no temp file left behind.
        #expect(temp.files(in: temp.workspace.exports(.acme)) == ["expenses-2026-11-02-2026-11-20." + format])

        // Another workspace with the same inputs (other paths, other clock) gives the same
        // bytes: nothing of the machine or the moment leaks into a package.
        let other = try await Self.ledger()
        #expect(try Self.bytes(try await Self.export(other, format)) == first)
    }

    @Test(arguments: ["zip", "tar.gz"])
    func standardToolsAcceptThePackageAndTheManifestMatches(_ format: String) async throws {
        let temp = try await Self.ledger()
        let archive = try await Self.export(temp, format, ["--category", "travel"])
        let bsdtar = try #require(PackageTools.bsdtar, "bsdtar is not installed (libarchive-tools)")

        let listing = try PackageTools.run(bsdtar, ["-tvf", archive])
        #expect(listing.status == 0, "\(listing.output)")
        let names = try PackageTools.run(bsdtar, ["-tf", archive]).output.split(separator: "\n").map(String.init)
        #expect(names == ["expenses.csv", "expenses.json", "filters.json", "manifest.json"])
        if format == "zip" {
            let unzip = try #require(PackageTools.unzip, "unzip is not installed")
            let test = try PackageTools.run(unzip, ["-t", archive])
            #expect(test.status == 0 && test.output.contains("No errors detected"), "\(test.output)")
        } else {
            let gzip = try PackageTools.run("/bin/gzip", ["-t", archive])
            #expect(gzip.status == 0, "\(gzip.output)")
        }

        let scratch = try PackageScratch()
        let extract = try PackageTools.run(bsdtar, ["-xf", archive, "-C", scratch.path])
        #expect(extract.status == 0, "\(extract.output)")
        let manifest = try JSONParser.parse(Self.bytes(scratch.file("manifest.json"))).value
        #expect(manifest["business"] == "acme")
        #expect(manifest["kind"] == "expenses")
        #expect(manifest["generator"]?["name"] == "kontor")
        #expect(manifest["period"]?["from"] == "2026-11-06" && manifest["period"]?["to"] == "2026-11-07")
        let entries = try #require(manifest["entries"]?.arrayValue)
        let paths = entries.compactMap { $0["path"]?.stringValue }
        #expect(paths == ["expenses.csv", "expenses.json", "filters.json"])
        let hashes = try PackageTools.sha256(ofFiles: paths.map(scratch.file))
        for (entry, hash) in zip(entries, hashes) {
            let path = try #require(entry["path"]?.stringValue)
            #expect(entry["sha256"] == .string(hash), "\(path)")
            #expect(entry["size"] == .int(Int64(try Self.bytes(scratch.file(path)).count)), "\(path)")
        }

        // The package holds exactly what `expenses list` shows for the same filters.
        let packaged = try JSONParser.parse(Self.bytes(scratch.file("expenses.json"))).value
        let listed = try await temp.json("expenses", "list", "--business", "acme", "--category", "travel", "--format", "json")
        #expect(packaged == listed)
        #expect(packaged["expenses"]?.arrayValue?.count == 3)
    }

    /// A package sorted otherwise holds other bytes, so it is named apart and says its order.
    @Test func aReorderedPackageNeverReplacesTheDefaultOne() async throws {
        let temp = try await Self.ledger()
        let plain = try await Self.export(temp, "zip")
        let sorted = try await Self.export(temp, "zip", ["--sort", "amount", "--desc"])
        #expect(sorted != plain)
        #expect(sorted.hasPrefix(temp.root + "/outbox/acme/exports/expenses-2026-11-02-2026-11-20-"))
        #expect(Set(temp.files(in: temp.workspace.exports(.acme))).count == 2)
        let bsdtar = try #require(PackageTools.bsdtar, "bsdtar is not installed (libarchive-tools)")
        let scratch = try PackageScratch()
        #expect(try PackageTools.run(bsdtar, ["-xf", sorted, "-C", scratch.path]).status == 0)
        let filters = try JSONParser.parse(Self.bytes(scratch.file("filters.json"))).value
        #expect(filters["sort"] == "amount desc")
    }
}
