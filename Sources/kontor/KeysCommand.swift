import ArgumentParser
import Foundation
import KontorApprove
import KontorConfig
import KontorCore
#if canImport(Glibc)
import Glibc
#endif

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the keys approvers sign decisions with.",
        subcommands: [KeysGenerateCommand.self])
}

struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate an approver's key pair.",
        discussion: """
            Writes the PRIVATE key (PKCS#8 PEM, permissions 0600) outside the workspace — by default to \
            $KONTOR_KEYS/<user>.key, else ~/.config/kontor/keys/<user>.key — and prints the PUBLIC key with \
            the lines to add under the user in pipelines/users.yaml. The private key never enters the workspace.
            """)

    @Option(help: "The user the key is for (their id in pipelines/users.yaml).")
    var user: String
    @Option(help: "EdDSA (Ed25519, default) or ES256 (P-256).")
    var alg: String = "EdDSA"
    @Option(help: "Where to write the private key (must be outside the workspace).", completion: .file())
    var out: String?
    @Option(help: "The key id (kid) to register; default <user>-<alg>.")
    var kid: String?
    @Option(help: "The workspace (only to make sure the key is not written into it).")
    var workspace: String?

    func run() throws {
        guard let id = UserID(user) else {
            throw KontorError(.usage, "'\(user)' is not a user id", hint: "user ids use lower-case letters, digits, '.', '-' and '_'")
        }
        guard let algorithm = SignatureAlgorithm(rawValue: alg) else {
            throw KontorError(.usage, "--alg '\(alg)' is not EdDSA or ES256")
        }
        let key = try SigningKey.generate(algorithm)
        let path = try out ?? KeyFiles.defaultPath(for: id)
        var global = GlobalOptions()
        global.workspace = workspace
        if let root = try? global.resolveWorkspace().root { try KeyFiles.refuseInside(root, path: path) }
        try KeyFiles.writePrivate(key.privatePEM, to: path)
        let kid = self.kid ?? "\(id)-\(algorithm.rawValue.lowercased())"
        let pem = key.publicPEM ?? ""
        Terminal.print("""
            private key written to \(path) (mode 0600; keep it secret, never put it in the workspace)

            register the public key under user \(id) in pipelines/users.yaml:

                keys:
                  - id: \(kid)
                    alg: \(algorithm.rawValue)
                    public_key: |
            \(pem.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
            """)
    }
}

/// Where private keys live, and writing them safely.
enum KeyFiles {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `$KONTOR_KEYS/<user>.key`, else `$XDG_CONFIG_HOME/kontor/keys/<user>.key`, else
    /// `~/.config/kontor/keys/<user>.key`.
    static func defaultPath(for user: UserID) throws(KontorError) -> String {
        if let directory = environment("KONTOR_KEYS") { return directory + "/\(user).key" }
        if let config = environment("XDG_CONFIG_HOME") { return config + "/kontor/keys/\(user).key" }
        guard let home = environment("HOME") else {
            throw KontorError(.usage, "no place for keys: $HOME is not set", hint: "pass --out PATH or set KONTOR_KEYS")
        }
        return home + "/.config/kontor/keys/\(user).key"
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func refuseInside(_ root: String, path: String) throws(KontorError) {
        let resolvedRoot = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: absolute(path)).standardizedFileURL
        let parent = target.deletingLastPathComponent().resolvingSymlinksInPath().path
        if parent == resolvedRoot || parent.hasPrefix(resolvedRoot + "/") {
            throw KontorError(.usage, "\(path) is inside the workspace \(root): private keys never go there",
                              hint: "omit --out (keys go to ~/.config/kontor/keys/) or choose a path outside the workspace")
        }
    }

    /// Creates the file with mode 0600 (never replacing one), writes and syncs it.
    static func writePrivate(_ text: String, to path: String) throws(KontorError) {
        let absolutePath = absolute(path)
        try DurableFile.makeDirectory(DurableFile.parent(of: absolutePath))
        chmod(DurableFile.parent(of: absolutePath), 0o700)
        let fd = open(absolutePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw KontorError(errno == EEXIST ? .conflict : .io, "cannot create \(path): \(reason)",
                              hint: errno == EEXIST ? "a key is already there; move it away first (it may be registered)" : nil)
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw KontorError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func read(_ path: String) throws(KontorError) -> [UInt8] {
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: absolute(path)))) } catch {
            throw KontorError(.notFound, "cannot read the key file \(path)",
                              hint: "pass --key PATH, or generate one with kontor keys generate --user USER", cause: String(describing: error))
        }
    }
}
