import KontorCore
import KontorPackage
import Testing

@Suite("Package: archive paths")
struct PackageArchivePathTests {
    @Test("portable relative paths are accepted", arguments: [
        "manifest.json", "reports/pnl-2026-09.csv", "a/b/c/d.e_f-g",
        [String(repeating: "d", count: 100), String(repeating: "e", count: 50), String(repeating: "f", count: 100)].joined(separator: "/"),
    ])
    func accepted(path: String) throws {
        #expect(try ArchivePath(path).rawValue == path)
    }

    @Test("unsafe or unportable paths are rejected with the broken rule", arguments: [
        ("", "it is empty"),
        ("/etc/passwd", "it is absolute"),
        ("../escape.csv", "'.' or '..' component"),
        ("reports/../../escape.csv", "'.' or '..' component"),
        ("./pnl.csv", "'.' or '..' component"),
        ("reports//pnl.csv", "empty component"),
        ("reports/", "empty component"),
        ("reports\\pnl.csv", "character '\\'"),
        ("bad name.csv", "character ' '"),
        ("tab\there.csv", "character 0x9"),
        ("r\u{e9}sum\u{e9}.pdf", "character 0xc3"),
        (String(repeating: "x", count: 101), "component is longer than 100 bytes"),
        ([String(repeating: "a", count: 60), String(repeating: "b", count: 100), String(repeating: "c", count: 90)].joined(separator: "/"),
         "155-byte prefix"),
        ([String(repeating: "d", count: 90), String(repeating: "d", count: 90), String(repeating: "d", count: 70)].joined(separator: "/"),
         "155-byte prefix"),
        (Array(repeating: String(repeating: "d", count: 60), count: 5).joined(separator: "/"), "longer than 255 bytes"),
    ])
    func rejected(path: String, reason: String) {
        #expect {
            try ArchivePath(path)
        } throws: { error in
            guard let error = error as? KontorError else { return false }
            return error.code == .badInput && error.message.contains(reason) && error.position?.path == path
        }
    }
}
