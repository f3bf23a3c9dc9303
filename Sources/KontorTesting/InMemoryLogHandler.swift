import Logging
import Synchronization

/// A swift-log `LogHandler` that keeps every entry in memory, for tests that assert on
/// what was logged (levels, messages, metadata keys such as `file.sha256`).
///
/// Copies of the handler (each `Logger` holds one) share one ``Store``, so entries from
/// loggers derived with `logger[metadataKey:] = …` land in the same list.
public struct InMemoryLogHandler: LogHandler {
    /// One logged event, with the handler's metadata merged under the event's own.
    public struct Entry: Sendable {
        public var label: String
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
        public var source: String
        /// The description of the error passed to the log call, if any.
        public var error: String?

        /// The metadata value of `key` as text (`"acme"` for `business.id`).
        public func metadata(_ key: String) -> String? { metadata[key].map { "\($0)" } }
    }

    /// The entries all copies of a handler write to.
    public final class Store: Sendable {
        private let entries = Mutex<[Entry]>([])

        public init() {}

        /// Every entry so far, in logging order.
        public var all: [Entry] { entries.withLock { $0 } }

        /// The entries of one level.
        public func entries(at level: Logger.Level) -> [Entry] { all.filter { $0.level == level } }

        /// The messages so far, in order.
        public var messages: [String] { all.map(\.message) }

        public func removeAll() { entries.withLock { $0.removeAll() } }

        func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }
    }

    public let label: String
    public let store: Store
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .trace

    public init(label: String, store: Store = Store()) {
        self.label = label
        self.store = store
    }

    /// A logger that writes into a fresh store, and that store.
    public static func logger(label: String = "test", level: Logger.Level = .trace) -> (Logger, Store) {
        let store = Store()
        var logger = Logger(label: label) { label in InMemoryLogHandler(label: label, store: store) }
        logger.logLevel = level
        return (logger, store)
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        store.append(Entry(label: label, level: event.level, message: event.message.description, metadata: merged,
                           source: event.source, error: event.error.map { String(describing: $0) }))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
