import KontorConfig
import KontorCore
import KontorIntake
import KontorPackage
import KontorPublish
import KontorRead
import KontorStore
import Logging

/// Archives dropped into an inbox (docs/decisions/archives-in-the-inbox.md): each member
/// is taken in on its own — its own hash, dedupe, reading, receipt or rejection, named
/// `<archive>!<member>` — and the archive gets a receipt listing its members. The archive
/// and all its members are recorded in one ledger transaction, so a crash leaves either
/// nothing of them or all of them.
extension Pipeline {
    /// The caps for archives: the reader's defaults, with no member larger than a file
    /// may be (`limits.max_file_bytes`).
    var archiveLimits: ArchiveReader.Limits {
        var limits = ArchiveReader.Limits.default
        limits.maxEntryBytes = Int(min(Int64(limits.maxEntryBytes), configuration.settings.limits.maxFileBytes))
        return limits
    }

    /// Reads the archive at the arrival's spool path member by member. A member that is
    /// bad (unreadable, unknown format, failing a statement check) is rejected alone; an
    /// archive that is hostile or damaged as an archive (a link, a `..` or absolute name,
    /// a cap exceeded, broken compression) is rejected as a whole and nothing of it stays.
    func importArchive(_ arrival: FileArrival, format: InputFormat, log: Logger) throws(KontorError) -> StoredFile {
        let reader = ArchiveReader(limits: archiveLimits)
        let formatName = format == .zip ? "zip" : "tar"
        let (stored, members) = try store.importArchive(arrival, format: formatName,
                                                        plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (session: ArchiveSession) throws -> [StoredFile] in
            var members: [StoredFile] = []
            try reader.forEachEntry(ofFileAt: arrival.spoolPath, name: arrival.name) { (entry: ExtractedEntry) throws(KontorError) -> Void in
                members.append(try takeMember(entry, of: arrival, session: session, log: log))
            }
            guard !members.isEmpty else {
                throw KontorError(.badInput, "the archive holds no files", hint: "put the statement files into the archive, or drop them directly")
            }
            return members
        } outputs: { (file: StoredFile, members: [StoredFile]) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = members.reduce(0) { $0 + $1.postedCount }
            receipt.details["members"] = .array(members.map(memberJSON))
            receipt.details["members_rejected"] = .int(Int64(members.filter { $0.status == .rejected }.count))
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        for member in members {
            _ = try finish(member)
        }
        log.info("archive read", metadata: ["archive.members": "\(members.count)",
                                             "archive.rejected": "\(members.filter { $0.status == .rejected }.count)"])
        return stored
    }

    /// One member through intake: hash, duplicate checks, then import or rejection.
    func takeMember(_ entry: ExtractedEntry, of arrival: FileArrival, session: ArchiveSession, log: Logger) throws(KontorError) -> StoredFile {
        let name = arrival.name + "!" + entry.name
        let member = FileArrival(business: arrival.business, digest: FileByteSource.digest(of: entry.bytes), name: name,
                                 channel: arrival.channel, size: Int64(entry.bytes.count), receivedAt: arrival.receivedAt,
                                 spoolPath: arrival.spoolPath + "!" + entry.name, configurationDigest: configurationDigest)
        let input = IntakeInput(arrival: member, content: .memory(entry.bytes), recorder: session,
                                archive: session.archive, memberName: entry.name)
        if let original = try session.importedFile(business: member.business, digest: member.digest) {
            return try recordDuplicate(input, of: original)
        }
        if let earlier = try session.rejectedFile(business: member.business, digest: member.digest, configuration: configurationDigest) {
            return try recordDuplicate(input, of: earlier)
        }
        do {
            return try importFile(input, log: log)
        } catch where error.code != .io {
            var memberLog = log
            memberLog[metadataKey: "file.member"] = "\(entry.name)"
            memberLog.warning("archive member rejected", metadata: ["error.message": "\(error.message)"])
            return try recordRejection(input, error: error.inFile(name))
        }
    }

    /// A member's line in its archive's receipt.
    func memberJSON(_ member: StoredFile) -> JSONValue {
        var object: [String: JSONValue] = [
            "file": .string(member.name),
            "sha256": .string(member.digest.hex),
            "size": .int(member.size),
            "status": .string(member.status.rawValue),
            "format": .optional(member.format),
            "receipt": .string(workspace.relative(member.receiptPath)),
        ]
        if member.status == .imported {
            object["posted"] = .int(Int64(member.postedCount))
            object["skipped"] = .int(Int64(member.skippedCount))
        }
        if member.status == .rejected {
            object["rejected_as"] = .string(workspace.relative(member.finalPath))
        }
        if let duplicateOf = member.duplicateOf { object["duplicate_of"] = .int(duplicateOf) }
        return .object(object)
    }
}
