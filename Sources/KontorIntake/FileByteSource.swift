#if canImport(Glibc)
import Glibc
#endif
import Crypto
import KontorCore

/// Reads a file in chunks for a reader, hashing the bytes as they pass and refusing to
/// read past `limit` bytes (an oversized or sparse file costs no memory).
public struct FileByteSource: ByteSource {
    private let descriptor: Int32
    private let path: String
    private let limit: Int64
    private var buffer: [UInt8]
    private var total: Int64 = 0

    /// Opens `path` for reading. Close it with ``close()``.
    public init(path: String, limit: Int64, chunkSize: Int = 1 << 20) throws(KontorError) {
        // O_NOFOLLOW and O_NONBLOCK: a symbolic link or a FIFO swapped in for the file is
        // refused instead of followed or waited on.
        descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ELOOP { throw FileByteSource.notRegular }
            throw KontorError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            _ = Glibc.close(descriptor)
            throw FileByteSource.notRegular
        }
        self.path = path
        self.limit = limit
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    public mutating func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? {
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let result = read(descriptor, raw.baseAddress, raw.count)
                if result < 0 && errno == EINTR { continue }
                return result
            }
        }
        guard count >= 0 else { throw KontorError(.io, "cannot read \(path): \(String(cString: strerror(errno)))") }
        guard count > 0 else { return nil }
        total += Int64(count)
        guard total <= limit else {
            throw KontorError(.badInput, "the file is larger than the limit of \(limit) bytes",
                              hint: "split it into smaller files, or raise limits.max_file_bytes in pipelines/kontor.yaml")
        }
        return buffer[0..<count]
    }

    /// The error for anything in an inbox that is not a regular file.
    public static let notRegular = KontorError(
        .badInput, "this is not a regular file (a symbolic link, directory, device or pipe)",
        hint: "drop the file itself, not a link to it")

    public func close() {
        _ = Glibc.close(descriptor)
    }

    /// The SHA-256 and size of a whole file, read in 1 MiB chunks.
    public static func digest(of path: String) throws(KontorError) -> (FileDigest, Int64) {
        let (digest, size) = try digest(of: path, unlessLargerThan: .max)
        return (digest ?? .notComputed, size)
    }

    /// The SHA-256 and size of a file, or only its size (digest nil) when the file has more
    /// than `limit` bytes: an oversized file is refused by its size (`fstat`), without
    /// reading it (a 2 GB sparse file costs no time). The file may still grow while it is
    /// hashed; the size returned is the number of bytes hashed.
    public static func digest(of path: String, unlessLargerThan limit: Int64) throws(KontorError) -> (FileDigest?, Int64) {
        var source = try FileByteSource(path: path, limit: .max)
        defer { source.close() }
        var status = stat()
        if fstat(source.descriptor, &status) == 0, Int64(status.st_size) > limit {
            return (nil, Int64(status.st_size))
        }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try source.nextChunk() {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return (FileDigest(hex: hasher.finalize().hexString), size)
    }

    /// The SHA-256 of bytes in memory (an archive member).
    public static func digest(of bytes: [UInt8]) -> FileDigest {
        FileDigest(hex: SHA256.hash(data: bytes).hexString)
    }


    /// The first `count` bytes of a file (for format detection).
    public static func prefix(of path: String, count: Int = 1 << 16) throws(KontorError) -> [UInt8] {
        var source = try FileByteSource(path: path, limit: .max, chunkSize: count)
        defer { source.close() }
        guard let chunk = try source.nextChunk() else { return [] }
        return Array(chunk)
    }
}
