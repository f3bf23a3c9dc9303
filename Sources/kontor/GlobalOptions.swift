import ArgumentParser
import KontorConfig
import KontorCore
import KontorStore
#if canImport(Glibc)
import Glibc
#endif

/// Options every command takes: where the workspace is and which business it is about.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The workspace directory (holds pipelines/).",
        discussion: "Default: the nearest parent of the current directory that has pipelines/, else $KONTOR_HOME."),
        completion: .directory)
    var workspace: String?

    @Option(name: .long, help: ArgumentHelp(
        "The business to act on.",
        discussion: "Default: the one chosen with `kontor use`, else the only business of the workspace. `kontor run` without it processes every business."))
    var business: String?

    /// The workspace this command works on.
    func resolveWorkspace() throws(KontorError) -> Workspace {
        if let workspace {
            let root = absolute(workspace)
            guard DurableFile.exists(root + "/pipelines") else {
                throw KontorError(.usage, "\(workspace) is not a Kontor workspace: it has no pipelines/ directory",
                                  hint: "pass the directory that holds pipelines/, inbox/ and outbox/")
            }
            return Workspace(root: root)
        }
        var directory = absolute(".")
        while true {
            if DurableFile.exists(directory + "/pipelines") { return Workspace(root: directory) }
            guard directory != "/" else { break }
            directory = DurableFile.parent(of: directory)
        }
        let home = getenv("KONTOR_HOME").map { String(cString: $0) }
        if let home, DurableFile.exists(home + "/pipelines") {
            return Workspace(root: absolute(home))
        }
        let why = home.map { "$KONTOR_HOME (\($0)) has no pipelines/ either" } ?? "$KONTOR_HOME is not set"
        throw KontorError(.usage, "no workspace found: neither this directory nor a parent has pipelines/, and \(why)",
                          hint: "run kontor inside a workspace, or pass --workspace DIR")
    }

    /// The workspace, its configuration and the business this command is about.
    func resolve() throws(KontorError) -> (Workspace, Configuration, BusinessProfile) {
        let workspace = try resolveWorkspace()
        let configuration = try Configuration.load(workspace: workspace)
        return (workspace, configuration, try resolveBusiness(in: workspace, configuration))
    }

    func resolveBusiness(in workspace: Workspace, _ configuration: Configuration) throws(KontorError) -> BusinessProfile {
        let known = configuration.businesses.map(\.id.rawValue).joined(separator: ", ")
        guard !configuration.businesses.isEmpty else {
            throw KontorError(.config, "this workspace has no business",
                              hint: "add a profile such as pipelines/businesses/acme.yaml (README: Workspace and configuration)")
        }
        let stored = business == nil ? CurrentBusiness.read(workspace) : nil
        let chosen = business ?? stored
        guard let chosen else {
            if configuration.businesses.count == 1 { return configuration.businesses[0] }
            throw KontorError(.usage, "which business? this workspace has \(configuration.businesses.count): \(known)",
                              hint: "pass --business ID, or choose a default with `kontor use ID`")
        }
        guard let id = BusinessID(chosen), let profile = configuration.business(id) else {
            if stored != nil {
                throw KontorError(.notFound, "the default business '\(chosen)' (chosen with `kontor use`) is not in this workspace any more "
                                  + "(known: \(known))", hint: "choose another with `kontor use ID`, or pass --business ID")
            }
            throw KontorError(.notFound, "there is no business '\(chosen)' in this workspace (known: \(known))",
                              hint: "add pipelines/businesses/\(chosen).yaml, or pick one of the known businesses")
        }
        return profile
    }

    /// Opens the ledger (creating it on first use).
    func openStore(_ workspace: Workspace) throws(KontorError) -> LedgerStore {
        try DurableFile.makeDirectory(workspace.state)
        return try LedgerStore.open(path: workspace.database)
    }

    private func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard let cwd = getcwd(&buffer, buffer.count) else { return path }
        let base = String(cString: cwd)
        if path == "." { return base }
        return (base == "/" ? "" : base) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }
}

/// The default business of a workspace, kept in `var/current-business` by `kontor use`.
enum CurrentBusiness {
    static func read(_ workspace: Workspace) -> String? {
        guard let file = fopen(workspace.currentBusinessFile, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \n\t")
        return text.isEmpty ? nil : text
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}
