#if canImport(Glibc)
import Glibc
#endif
import Crypto
import KontorCore

/// The SHA-256 of a directory tree's files (relative path and bytes of each, in sorted
/// order): for `pipelines/`, a fingerprint of the configuration files are judged by.
public enum ConfigurationDigest {
    public static func of(directory root: String) throws(KontorError) -> FileDigest {
        var hasher = SHA256()
        for relative in try files(under: root, prefix: "") {
            hasher.update(data: Array(relative.utf8) + [0])
            var source = try FileByteSource(path: root + "/" + relative, limit: 64 << 20)
            defer { source.close() }
            while let chunk = try source.nextChunk() { hasher.update(data: chunk) }
            hasher.update(data: [0])
        }
        return FileDigest(hex: hasher.finalize().hexString)
    }

    /// Regular files below `root`, as sorted relative paths; hidden names are skipped.
    static func files(under root: String, prefix: String) throws(KontorError) -> [String] {
        var result: [String] = []
        for name in Spool.entries(of: root + (prefix.isEmpty ? "" : "/" + prefix)) where !name.hasPrefix(".") {
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            var status = stat()
            guard lstat(root + "/" + relative, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: result += try files(under: root, prefix: relative)
            case S_IFREG: result.append(relative)
            default: continue
            }
        }
        return result
    }
}
