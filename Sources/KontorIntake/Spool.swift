#if canImport(Glibc)
import Glibc
#endif
import KontorCore

/// `var/spool/`: where intake claims a settled file by one atomic rename, so that a file
/// is either still in the inbox or owned by Kontor, never both (DESIGN.md 3, step 2).
///
/// A claimed file sits at `var/spool/<business>/<channel>/<name>` until the pipeline
/// moves it to its terminal place. Files found there at start-up were left by a crash and
/// are resumed.
public struct Spool: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The spool path a file of this business, channel and name is claimed to.
    public func path(business: BusinessID, channel: Channel, name: String) -> String {
        "\(root)/\(business)/\(channel)/\(name)"
    }

    /// Moves `file` from the inbox into the spool. Returns nil when the file is gone (taken
    /// or deleted meanwhile) or when a file of the same name is still in the spool (it
    /// stays in the inbox until that one is finished).
    public func claim(_ file: InboxFile) throws(KontorError) -> ClaimedFile? {
        let directory = "\(root)/\(file.business)/\(file.channel)"
        try DurableFile.makeDirectory(directory)
        let target = "\(directory)/\(file.name)"
        var status = stat()
        if lstat(target, &status) == 0 { return nil }
        guard rename(file.path, target) == 0 else {
            if errno == ENOENT { return nil }
            throw KontorError(.io, "cannot claim \(file.path): \(String(cString: strerror(errno)))",
                              hint: "the inbox and var/ must be on the same file system and writable")
        }
        try DurableFile.syncDirectory(directory)
        try DurableFile.syncDirectory(DurableFile.parent(of: file.path))
        return ClaimedFile(business: file.business, channel: file.channel, name: file.name, path: target)
    }

    /// Files a crash left in the spool, sorted by business, channel and name.
    public func leftovers() -> [ClaimedFile] {
        var result: [ClaimedFile] = []
        for businessName in Spool.entries(of: root) {
            guard let business = BusinessID(businessName) else { continue }
            for channelName in Spool.entries(of: "\(root)/\(businessName)") {
                let channelPath = "\(root)/\(businessName)/\(channelName)"
                for name in Spool.entries(of: channelPath) where !name.hasSuffix(".tmp") {
                    let path = "\(channelPath)/\(name)"
                    var status = stat()
                    guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
                    result.append(ClaimedFile(business: business, channel: Channel(channelName), name: name, path: path))
                }
            }
        }
        return result
    }

    static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// A file owned by Kontor in the spool.
public struct ClaimedFile: Hashable, Sendable {
    public var business: BusinessID
    public var channel: Channel
    public var name: String
    public var path: String

    public init(business: BusinessID, channel: Channel, name: String, path: String) {
        self.business = business
        self.channel = channel
        self.name = name
        self.path = path
    }
}
