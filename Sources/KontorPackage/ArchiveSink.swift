/// The memory that ``ArchiveWriter`` hands to libarchive as its output: libarchive calls
/// ``write`` with each block it produces, and the bytes collect in ``bytes``.
///
/// Not `Sendable`: one writer owns one sink for the length of one `archive(_:)` call.
final class ArchiveSink {
    var bytes: [UInt8] = []

    /// The `archive_write_callback`: appends the block to the sink passed as client data.
    static let write: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> Int = {
        _, context, buffer, length in
        guard let context else { return -1 }
        let sink = Unmanaged<ArchiveSink>.fromOpaque(context).takeUnretainedValue()
        if length > 0, let buffer {
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        }
        return length
    }
}
