import Foundation
import KontorConfig
import KontorCore
import KontorReport
#if canImport(Glibc)
import Glibc
#endif

/// The workspace's pseudonym key, `var/anonymize.key`: 32 random bytes made on the first
/// anonymized export (0600, beside the ledger it protects), so every later export gives
/// the same pseudonyms. Deleting it starts a new, unlinkable set of pseudonyms.
enum AnonymizationKey {
    static let length = 32

    static func path(_ workspace: Workspace) -> String { workspace.state + "/anonymize.key" }

    static func anonymizer(_ workspace: Workspace) throws(KontorError) -> Anonymizer {
        let path = path(workspace)
        if !DurableFile.exists(path) { try create(path) }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw KontorError(.io, "cannot read the anonymization key \(workspace.relative(path))", cause: String(describing: error))
        }
        guard bytes.count == length, let anonymizer = Anonymizer(key: bytes) else {
            throw KontorError(.config, "\(workspace.relative(path)) holds \(bytes.count) bytes, not the \(length) of a key",
                              hint: "delete it to make a new key (every pseudonym changes), or restore the file from a backup")
        }
        return anonymizer
    }

    /// Writes a fresh key to a temp file and links it into place, so two exports racing
    /// for the first key end up reading the same one.
    private static func create(_ path: String) throws(KontorError) {
        try DurableFile.makeDirectory(DurableFile.parent(of: path))
        var generator = SystemRandomNumberGenerator()  // getrandom(2): cryptographically secure on Linux
        let key = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let temp = path + ".\(getpid()).new"
        try DurableFile.write(key, to: temp, mode: 0o600)
        defer { unlink(temp) }
        if link(temp, path) != 0, errno != EEXIST {
            throw KontorError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        try DurableFile.syncDirectory(DurableFile.parent(of: path))
    }
}
