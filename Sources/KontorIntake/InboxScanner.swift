#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KontorCore

/// Lists the candidate files in the inbox channels (DESIGN.md 3, step 1).
///
/// A candidate is a regular file (a symlink is never followed, so it is ignored) whose
/// name does not start with `.` and does not end in `.tmp`, `.part` or `.crdownload`
/// (the suffixes are compared without regard to case). A channel directory that does not
/// exist is simply empty.
public struct InboxScanner: Sendable {
    /// The `inbox/` directory of the workspace; channels live at `inbox/<business>/<channel>/`.
    public let inbox: String

    public init(inbox: String) {
        var inbox = inbox
        while inbox.count > 1 && inbox.hasSuffix("/") { inbox.removeLast() }
        self.inbox = inbox
    }

    /// Suffixes of names that are still being written by a browser or a copy tool.
    public static let ignoredSuffixes = [".tmp", ".part", ".crdownload"]

    /// True when a file with this name may be taken from the inbox.
    public static func isCandidate(name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix(".") else { return false }
        let lowered = name.lowercased()
        return !ignoredSuffixes.contains { lowered.hasSuffix($0) }
    }

    /// `inbox/<business>/<channel>`.
    public func directory(_ business: BusinessID, _ channel: Channel) -> String {
        inbox + "/\(business)/\(channel)"
    }

    /// Every candidate in the given channels of the given businesses, sorted by business,
    /// channel and name.
    public func scan(businesses: [BusinessID], channels: [Channel]) throws(KontorError) -> [InboxFile] {
        var files: [InboxFile] = []
        for business in Set(businesses) {
            for channel in Set(channels) {
                files += try scan(business, channel)
            }
        }
        return files.sorted(by: InboxScanner.inboxOrder)
    }

    /// The candidates of one channel directory, sorted by name.
    public func scan(_ business: BusinessID, _ channel: Channel) throws(KontorError) -> [InboxFile] {
        let path = directory(business, channel)
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw InboxScanner.failure("cannot list \(path)")
        }
        defer { closedir(dir) }
        var files: [InboxFile] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard InboxScanner.isCandidate(name: name) else { continue }
            if let file = file(at: path + "/" + name, business: business, channel: channel) {
                files.append(file)
            }
        }
        return files.sorted(by: InboxScanner.inboxOrder)
    }

    /// The file at `path` as an inbox candidate, or nil when it is missing, not a regular
    /// file (symlinks are not followed), or has an ignored name.
    public func file(at path: String, business: BusinessID, channel: Channel) -> InboxFile? {
        guard InboxScanner.isCandidate(name: DurableFile.name(of: path)) else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let nanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return InboxFile(business: business, channel: channel, path: path,
                         size: Int64(info.st_size), modifiedNanoseconds: nanoseconds)
    }

    /// The order in which files are listed and processed: business, then the channel's
    /// stage, then channel and name. Files dropped together are taken in the order their
    /// contents depend on each other, whatever their names:
    ///
    /// 0. master data (`vendors`, `clients`): statements and invoices of the same drop
    ///    already use its aliases, default categories and client addresses;
    /// 1. `invoices`: a payment in the same drop finds the invoice it settles open;
    /// 2. money (`expenses`, `bank`, `gateway`);
    /// 3. decisions on what those posted (`approvals`, `corrections`);
    /// 4. report `requests`, which then see everything the drop brought.
    public static func inboxOrder(_ a: InboxFile, _ b: InboxFile) -> Bool {
        if a.business != b.business { return a.business < b.business }
        if a.channel != b.channel {
            let (rankA, rankB) = (channelRank(a.channel), channelRank(b.channel))
            return rankA != rankB ? rankA < rankB : a.channel.rawValue < b.channel.rawValue
        }
        return a.name < b.name
    }

    static func channelRank(_ channel: Channel) -> Int {
        switch channel {
        case .vendors, .clients: 0
        case .invoices: 1
        case .approvals, .corrections: 3
        case .requests: 4
        default: 2
        }
    }

    static func failure(_ message: String) -> KontorError {
        let saved = errno
        return KontorError(.io, message + ": " + String(cString: strerror(saved)),
                           hint: "check that the inbox directories are readable by the daemon",
                           cause: "errno \(saved)")
    }
}
