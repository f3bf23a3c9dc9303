/// A stream of bytes in chunks: how readers see a file without loading it whole.
///
/// Intake hands readers a file-backed source; tests hand them bytes in memory. Readers
/// stay pure (STYLE.md 2): they never open files themselves.
public protocol ByteSource {
    /// The next chunk, or nil at the end. Chunks are never empty.
    mutating func nextChunk() throws(KontorError) -> ArraySlice<UInt8>?
}

/// Bytes already in memory, handed out in chunks of `chunkSize` (tests use small chunks
/// to exercise records that straddle chunk boundaries).
public struct MemoryByteSource: ByteSource, Sendable {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunkSize: Int

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 16) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public init(_ text: String, chunkSize: Int = 1 << 16) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    public mutating func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return bytes[offset..<end]
    }
}
