#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The regular files under a directory, recursively, as paths relative to the workspace
/// root (`var/archive/acme/expenses/000001-a.csv`); missing directories list nothing.
enum WorkspaceFiles {
    static func list(_ relativeDirectory: String, in root: String) -> [String] {
        var result: [String] = []
        walk(root + "/" + relativeDirectory, relative: relativeDirectory, into: &result)
        return result.sorted()
    }

    private static func walk(_ path: String, relative: String, into result: inout [String]) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in names { walk(path + "/" + name, relative: relative + "/" + name, into: &result) }
        } else {
            result.append(relative)
        }
    }

    static func bytes(_ relativePath: String, in root: String) -> [UInt8]? {
        (try? Data(contentsOf: URL(fileURLWithPath: root + "/" + relativePath))).map { [UInt8]($0) }
    }

    static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
