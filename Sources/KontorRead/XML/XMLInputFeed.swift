internal import CXML2
import KontorCore

/// The context libxml2's I/O callback reads through: hands out the bytes of a
/// ``ByteSource`` a buffer at a time, counts them against a size cap, and keeps the first
/// failure so that the parser can report it instead of libxml2's generic I/O error.
///
/// Non-generic, so that a `@convention(c)` callback can reach it through a raw pointer;
/// ``XMLSourceFeed`` binds it to a concrete source.
class XMLInputFeed {
    let maximumBytes: Int
    private(set) var bytesRead = 0
    /// Why reading stopped early (the source failed or the cap was reached).
    var failure: KontorError?
    /// How many line feeds the bytes handed out so far contain.
    private(set) var lineFeeds = 0
    private var pending: ArraySlice<UInt8> = []
    private var finished = false

    /// Whether the whole source has been handed out.
    var isExhausted: Bool { finished && pending.isEmpty }

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    /// The next chunk of the underlying source; subclasses override.
    func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? { nil }

    /// Copies up to `capacity` bytes into `buffer`: the count, 0 at the end, -1 on failure.
    func fill(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        guard failure == nil else { return -1 }
        if pending.isEmpty && !finished {
            do {
                if let chunk = try nextChunk() { pending = chunk } else { finished = true }
            } catch {
                failure = error
                return -1
            }
        }
        guard !pending.isEmpty, capacity > 0 else { return 0 }
        let count = min(capacity, pending.count)
        guard bytesRead + count <= maximumBytes else {
            failure = KontorError(.badInput, "the file is larger than \(maximumBytes) bytes, the limit for an XML statement",
                                  hint: "split the statement into smaller files or raise the input size limit")
            return -1
        }
        for byte in pending.prefix(count) where byte == 0x0A { lineFeeds += 1 }
        pending.withUnsafeBytes { raw in
            if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: count) }
        }
        pending = pending.dropFirst(count)
        bytesRead += count
        return Int32(count)
    }

    /// The C read callback libxml2 calls (`xmlInputReadCallback`).
    static let readCallback: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer, length >= 0 else { return -1 }
        let feed = Unmanaged<XMLInputFeed>.fromOpaque(context).takeUnretainedValue()
        return feed.fill(buffer, capacity: Int(length))
    }

    /// The C close callback: the source belongs to the caller, nothing to close.
    static let closeCallback: xmlInputCloseCallback = { _ in 0 }
}

/// An ``XMLInputFeed`` over one concrete source, held by value while libxml2 reads it and
/// handed back to the caller afterwards.
final class XMLSourceFeed<Source: ByteSource>: XMLInputFeed {
    var source: Source

    init(_ source: Source, maximumBytes: Int) {
        self.source = source
        super.init(maximumBytes: maximumBytes)
    }

    override func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? {
        try source.nextChunk()
    }
}
