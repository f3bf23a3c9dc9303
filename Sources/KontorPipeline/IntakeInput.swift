#if canImport(Glibc)
import Glibc
#endif
import KontorCore
import KontorIntake
import KontorStore

/// A file being taken in: what is known of it, where its bytes are, and what records it.
/// A file from the spool is recorded by the store in its own transaction; a member of an
/// archive is bytes in memory, recorded by the archive's session.
struct IntakeInput {
    var arrival: FileArrival
    var content: InputContent
    var recorder: any FileRecorder
    /// For an archive member: the archive's row.
    var archive: StoredFile?
    /// For an archive member: its name inside the archive.
    var memberName: String?
}

/// Where a file's bytes are.
enum InputContent {
    /// A file (in the spool).
    case file(String)
    /// Bytes in memory (an archive member).
    case memory([UInt8])

    /// The first bytes, for format detection.
    func prefix() throws(KontorError) -> [UInt8] {
        switch self {
        case .file(let path): try FileByteSource.prefix(of: path)
        case .memory(let bytes): Array(bytes.prefix(1 << 16))
        }
    }

    /// A byte source over the content that refuses to go past `limit` bytes.
    func open(limit: Int64) throws(KontorError) -> InputByteSource {
        switch self {
        case .file(let path): .file(try FileByteSource(path: path, limit: limit))
        case .memory(let bytes): .memory(MemoryByteSource(bytes))
        }
    }

    /// All the bytes (for a webhook event's signature: events are small), at most `limit`.
    func bytes(limit: Int64) throws(KontorError) -> [UInt8] {
        switch self {
        case .memory(let bytes):
            return bytes
        case .file(let path):
            var source = try FileByteSource(path: path, limit: limit)
            defer { source.close() }
            var bytes: [UInt8] = []
            while let chunk = try source.nextChunk() { bytes.append(contentsOf: chunk) }
            return bytes
        }
    }
}

/// The byte source of an ``InputContent``. Two optionals rather than an enum with
/// payloads: reading through an enum payload would copy the file source's buffer at
/// every chunk.
struct InputByteSource: ByteSource {
    private var file: FileByteSource?
    private var memory: MemoryByteSource?

    static func file(_ source: FileByteSource) -> InputByteSource { InputByteSource(file: source, memory: nil) }
    static func memory(_ source: MemoryByteSource) -> InputByteSource { InputByteSource(file: nil, memory: source) }

    mutating func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? {
        if file != nil { return try file!.nextChunk() }
        if memory != nil { return try memory!.nextChunk() }
        return nil
    }

    func close() {
        file?.close()
    }
}

extension Pipeline {
    /// The process environment, read with `getenv`.
    public static let processEnvironment: @Sendable (String) -> String? = { name in
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
