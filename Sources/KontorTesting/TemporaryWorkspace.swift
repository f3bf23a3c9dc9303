import Foundation
import KontorConfig
import KontorCore

/// A workspace in a fresh temporary directory, removed again when the value is released
/// (or by ``remove()``). It has `pipelines/`, `inbox/` and `outbox/`; `pipelines/` is copied
/// from a directory or written from strings.
///
/// Tests use it as an integrator would use a real workspace:
/// ```swift
/// let temp = try TemporaryWorkspace(copyingPipelinesFrom: repoRoot + "/pipelines")
/// try temp.drop("date,amount\n…", named: "week.csv", into: acme, channel: .expenses)
/// ```
public final class TemporaryWorkspace: Sendable {
    public let workspace: Workspace
    /// The workspace root, a directory under the system's temporary directory.
    public var root: String { workspace.root }

    /// A workspace whose `pipelines/` is a copy of `source` (a directory).
    public convenience init(copyingPipelinesFrom source: String) throws(KontorError) {
        try self.init(pipelines: [:])
        do {
            try FileManager.default.removeItem(atPath: workspace.pipelines)
            try FileManager.default.copyItem(atPath: source, toPath: workspace.pipelines)
        } catch {
            throw KontorError(.io, "cannot copy \(source) into a temporary workspace", cause: String(describing: error))
        }
    }

    /// A workspace whose `pipelines/` holds `files`: relative path (`kontor.yaml`,
    /// `businesses/acme.yaml`) → content.
    public init(pipelines files: [String: String]) throws(KontorError) {
        let base = FileManager.default.temporaryDirectory.path
        let root = base + "/kontor-test-" + UUID().uuidString.lowercased()
        workspace = Workspace(root: root)
        for directory in [workspace.pipelines, workspace.businessesDirectory, workspace.inbox, workspace.outbox] {
            try DurableFile.makeDirectory(directory)
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            try write(text, to: workspace.pipelines + "/" + path)
        }
    }

    deinit { remove() }

    /// Deletes the workspace directory. Safe to call more than once.
    public func remove() {
        try? FileManager.default.removeItem(atPath: workspace.root)
    }

    /// Writes `text` to `path` (absolute, or relative to the root), creating directories.
    public func write(_ text: String, to path: String) throws(KontorError) {
        let absolute = path.hasPrefix("/") ? path : root + "/" + path
        try DurableFile.makeDirectory(DurableFile.parent(of: absolute))
        try DurableFile.write(text, to: absolute)
    }

    /// The channel folder `inbox/<business>/<channel>/`, created if needed.
    public func inbox(_ business: BusinessID, _ channel: Channel) throws(KontorError) -> String {
        let directory = workspace.inbox(business, channel)
        try DurableFile.makeDirectory(directory)
        return directory
    }

    /// Drops a complete file into `inbox/<business>/<channel>/` atomically: written under
    /// a hidden `.part` name, then renamed into place. Returns the final path.
    @discardableResult
    public func drop(_ bytes: some Collection<UInt8>, named name: String, into business: BusinessID,
                     channel: Channel) throws(KontorError) -> String {
        let directory = try inbox(business, channel)
        let path = directory + "/" + name
        try DurableFile.write(bytes, to: directory + "/." + name + ".part")
        try DurableFile.move(directory + "/." + name + ".part", to: path)
        return path
    }

    @discardableResult
    public func drop(_ text: String, named name: String, into business: BusinessID, channel: Channel) throws(KontorError) -> String {
        try drop(Array(text.utf8), named: name, into: business, channel: channel)
    }

    /// Writes a file into `inbox/<business>/<channel>/` under its final name in chunks of
    /// `chunkSize` bytes, sleeping `pause` on `clock` between chunks: a slow upload, so
    /// tests can check that intake waits for the file to settle. Returns the final path.
    @discardableResult
    public func dropSlowly<C: Clock>(_ bytes: [UInt8], named name: String, into business: BusinessID, channel: Channel,
                                     chunkSize: Int, pause: C.Duration, clock: C) async throws -> String {
        let path = try inbox(business, channel) + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw KontorError(.io, "cannot create \(path)")
        }
        defer { try? handle.close() }
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + max(1, chunkSize))
            try handle.write(contentsOf: bytes[offset..<end])
            offset = end
            if offset < bytes.count { try await clock.sleep(for: pause) }
        }
        return path
    }
}

/// Edits of a business profile's YAML text, for tests that give a business their own
/// settings on top of the repository's profile.
public enum ProfileText {
    /// `text` without the top-level key `key` and its block (the lines up to the next
    /// top-level key), so a test can declare that key afresh.
    public static func removingTopLevelKey(_ key: String, from text: String) -> String {
        var kept: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let topLevel = !(line.first?.isWhitespace ?? true) && line.first != "#"
            if topLevel { skipping = line.hasPrefix(key + ":") }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }
}
