import KontorCore

/// The JSON receipt of one processed input file (`outbox/<b>/receipts/`): what it was,
/// what became of it, what was posted and what was skipped as already posted.
public struct Receipt: Sendable, Equatable {
    /// A record of the file that was not posted because its id was posted before.
    public struct SkippedRecord: Sendable, Equatable {
        public var recordID: String
        public var position: SourcePosition
        public var existingTransaction: Int64

        public init(recordID: String, position: SourcePosition, existingTransaction: Int64) {
            self.recordID = recordID
            self.position = position
            self.existingTransaction = existingTransaction
        }
    }

    public var fileID: Int64
    public var business: BusinessID
    public var name: String
    public var channel: Channel
    public var digest: FileDigest
    public var size: Int64
    public var receivedAt: String
    public var status: FileOutcome.Status
    public var format: String?
    /// Where the original went, relative to the workspace.
    public var original: String
    public var posted: Int = 0
    public var skipped: [SkippedRecord] = []
    /// For a duplicate file: the file id and name it repeats.
    /// The earlier file is imported (its records are in the ledger) or rejected (with the
    /// same configuration, so it would be rejected again; its error is in its receipt).
    public var duplicateOf: (id: Int64, name: String, receivedAt: String, status: FileOutcome.Status)?
    public var error: KontorError?
    /// What a format adds to its receipt (statements and their balances, lines for review).
    public var details: [String: JSONValue] = [:]

    public init(fileID: Int64, business: BusinessID, name: String, channel: Channel, digest: FileDigest, size: Int64,
                receivedAt: String, status: FileOutcome.Status, format: String?, original: String) {
        self.fileID = fileID
        self.business = business
        self.name = name
        self.channel = channel
        self.digest = digest
        self.size = size
        self.receivedAt = receivedAt
        self.status = status
        self.format = format
        self.original = original
    }

    public static func == (lhs: Receipt, rhs: Receipt) -> Bool {
        lhs.json == rhs.json
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "receipt": .int(fileID),
            "business": .string(business.rawValue),
            "file": .string(name),
            "channel": .string(channel.rawValue),
            "sha256": digest.isComputed ? .string(digest.hex) : .null,
            "size": .int(size),
            "received_at": .string(receivedAt),
            "status": .string(status.rawValue),
            "format": .optional(format),
            "original": .string(original),
        ]
        if status == .imported {
            object["posted"] = .int(Int64(posted))
            object["skipped"] = .array(skipped.map { skipped in
                [
                    "record": .string(skipped.recordID),
                    "line": skipped.position.line.map { .int(Int64($0)) } ?? .null,
                    "path": .optional(skipped.position.path),
                    "already_posted_as": .int(skipped.existingTransaction),
                ]
            })
        }
        if let duplicateOf {
            object["duplicate_of"] = [
                "receipt": .int(duplicateOf.id), "file": .string(duplicateOf.name), "received_at": .string(duplicateOf.receivedAt),
                "status": .string(duplicateOf.status.rawValue),
            ]
        }
        if let error { object["error"] = .object(ErrorRenderer.json(error)) }
        for (key, value) in details { object[key] = value }
        return .object(object)
    }

    public var bytes: [UInt8] { Array(json.serialized().utf8) }
}
