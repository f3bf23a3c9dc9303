import KontorCore
import Logging

/// A swift-log handler that writes readable lines, for a person watching stderr:
/// `2026-11-26T10:00:00Z info  imported expenses.csv business.id=acme rows=12`.
///
/// The level is padded to five characters; metadata follows the message as sorted
/// `key=value` pairs with dotted lower-case keys, values quoted when they contain spaces.
public struct HumanLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let sink: LogSink
    private let now: @Sendable () -> Int64

    /// - Parameter now: the wall-clock time in nanoseconds since the epoch.
    public init(sink: LogSink = .standardError, now: @escaping @Sendable () -> Int64 = WallClock.nanoseconds) {
        self.sink = sink
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.write(line: line(for: event))
    }

    /// The text line for `event`, without the newline.
    func line(for event: LogEvent) -> String {
        let level = event.level.rawValue
        var text = LogFormat.timestamp(nanoseconds: now(), milliseconds: false) + " " + level
        text += String(repeating: " ", count: max(0, 5 - level.count)) + " " + event.message.description
        var metadata = LogFormat.merged(handler: self.metadata, provider: metadataProvider, event: event.metadata)
        if let error = event.error, !metadata.contains(where: { $0.key == "error.message" }) {
            metadata.append((key: "error.message", value: .string("\(error)")))
        }
        for (key, value) in metadata { text += " " + key + "=" + LogFormat.human(value) }
        return text
    }
}
