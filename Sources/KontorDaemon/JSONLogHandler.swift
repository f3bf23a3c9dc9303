import KontorCore
import Logging

/// A swift-log handler that writes one JSON object per line, for `var/log/kontor.jsonl`.
///
/// Each line has `ts` (RFC 3339, UTC, milliseconds), `level`, `message`, `label`, then
/// the metadata flattened to dotted lower-case keys (`business.id`, `file.sha256`), sorted.
/// A metadata key that would overwrite one of the four is written as `metadata.<key>`.
/// `{"ts":"2026-11-26T10:00:00.123Z","level":"info","message":"imported expenses.csv","label":"kontor","business.id":"acme"}`
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: LogSink
    private let now: @Sendable () -> Int64

    /// - Parameter now: the wall-clock time in nanoseconds since the epoch.
    public init(label: String, sink: LogSink, now: @escaping @Sendable () -> Int64 = WallClock.nanoseconds) {
        self.label = label
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

    /// The JSON line for `event`, without the newline.
    func line(for event: LogEvent) -> String {
        var fields: [(String, JSONValue)] = [
            ("ts", .string(LogFormat.timestamp(nanoseconds: now(), milliseconds: true))),
            ("level", .string(event.level.rawValue)),
            ("message", .string(event.message.description)),
            ("label", .string(label)),
        ]
        let reserved: Set<String> = ["ts", "level", "message", "label"]
        var metadata = LogFormat.merged(handler: self.metadata, provider: metadataProvider, event: event.metadata)
        if let error = event.error, !metadata.contains(where: { $0.key == "error.message" }) {
            metadata.append((key: "error.message", value: .string("\(error)")))
        }
        for (key, value) in metadata {
            fields.append((reserved.contains(key) ? "metadata." + key : key, LogFormat.json(value)))
        }
        let members = fields.map { JSONValue.string($0.0).serialized(pretty: false) + ":" + $0.1.serialized(pretty: false) }
        return "{" + members.joined(separator: ",") + "}"
    }
}
