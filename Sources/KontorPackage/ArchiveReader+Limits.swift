extension ArchiveReader {
    /// Caps that stop decompression bombs and entry floods. libarchive has no limits of
    /// its own, and a header's declared size may lie, so the reader counts the bytes that
    /// decompression actually produces and stops at the first byte over a cap.
    public struct Limits: Hashable, Sendable {
        /// Entries of any kind (directories included) before the archive is refused.
        public var maxEntries: Int
        /// Decompressed bytes of all entries together.
        public var maxTotalBytes: Int
        /// Decompressed bytes of one entry.
        public var maxEntryBytes: Int

        public init(maxEntries: Int, maxTotalBytes: Int, maxEntryBytes: Int) {
            self.maxEntries = maxEntries
            self.maxTotalBytes = maxTotalBytes
            self.maxEntryBytes = maxEntryBytes
        }

        /// 1,000 entries, 256 MiB in all, 64 MiB per entry: far above a month of bank
        /// statements, far below what would hurt a small server.
        public static let `default` = Limits(maxEntries: 1_000, maxTotalBytes: 256 << 20, maxEntryBytes: 64 << 20)
    }
}
