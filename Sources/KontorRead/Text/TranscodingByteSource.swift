import KontorCore

/// A ``ByteSource`` that hands out the UTF-8 form of a Windows-1252 or Latin-1 source,
/// chunk by chunk (both encodings are single-byte, so chunks never split a character).
/// Readers that work on UTF-8, such as ``CSVTokenizer``, read legacy files through it.
public struct TranscodingByteSource<Base: ByteSource>: ByteSource {
    private var base: Base
    private let latin1: Bool

    /// - Parameter latin1: true for ISO 8859-1, false for Windows-1252.
    public init(_ base: Base, latin1: Bool = false) {
        self.base = base
        self.latin1 = latin1
    }

    public mutating func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? {
        guard let chunk = try base.nextChunk() else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(chunk.count + chunk.count / 8)
        Windows1252.appendUTF8(of: chunk, latin1: latin1, to: &output)
        return output[...]
    }
}
