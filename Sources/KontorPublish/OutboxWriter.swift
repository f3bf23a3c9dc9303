import KontorCore

/// Writes committed outputs into `outbox/` (and moves originals to their terminal
/// place): every file appears complete or not at all (temp, fsync, rename, fsync dir).
public struct OutboxWriter: Sendable {
    public init() {}

    /// Writes each item, creating directories as needed. Idempotent: writing the same
    /// items again after a crash gives the same files.
    public func write(_ items: [OutboxItem]) throws(KontorError) {
        for item in items {
            try DurableFile.makeDirectory(DurableFile.parent(of: item.path))
            try DurableFile.write(item.content, to: item.path)
        }
    }

    /// Removes the temp files an earlier, interrupted write of these items left beside
    /// them. Called before writing a crashed file's outputs again.
    public func removeInterruptedWrites(of items: [OutboxItem]) throws(KontorError) {
        for item in items {
            try DurableFile.removeInterruptedWrites(of: item.path)
        }
    }

    /// Moves an original from the spool to its terminal place (archive or rejected/).
    public func move(_ source: String, to destination: String) throws(KontorError) {
        try DurableFile.makeDirectory(DurableFile.parent(of: destination))
        try DurableFile.move(source, to: destination)
    }
}
