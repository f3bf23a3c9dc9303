import KontorCore
import Logging

/// The pieces both log handlers share: timestamps, metadata merging and flattening.
enum LogFormat {
    /// `2026-11-26T10:00:00.123Z` (with milliseconds) or `2026-11-26T10:00:00Z`.
    static func timestamp(nanoseconds: Int64, milliseconds: Bool) -> String {
        Timestamp.iso8601(nanoseconds: nanoseconds, milliseconds: milliseconds)
    }

    /// The metadata of one event: the handler's, then the provider's, then the call's,
    /// later ones winning; nested dictionaries flattened to dotted keys; keys lower-cased.
    static func merged(handler: Logger.Metadata, provider: Logger.MetadataProvider?,
                       event: Logger.Metadata?) -> [(key: String, value: Logger.MetadataValue)] {
        var all = handler
        if let provided = provider?.get() { all.merge(provided) { _, new in new } }
        if let event { all.merge(event) { _, new in new } }
        var flat: [String: Logger.MetadataValue] = [:]
        for (key, value) in all { flatten(key.lowercased(), value, into: &flat) }
        return flat.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    private static func flatten(_ key: String, _ value: Logger.MetadataValue, into flat: inout [String: Logger.MetadataValue]) {
        if case .dictionary(let members) = value {
            for (member, inner) in members { flatten(key + "." + member.lowercased(), inner, into: &flat) }
        } else {
            flat[key] = value
        }
    }

    /// A metadata value as JSON: strings stay strings, arrays become arrays.
    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let item): .string(item.description)
        case .array(let items): .array(items.map(json))
        case .dictionary(let members): .object(members.mapValues(json))
        }
    }

    /// A metadata value as text for a human: quoted when it would not read as one word.
    static func human(_ value: Logger.MetadataValue) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .stringConvertible(let item): text = item.description
        case .array(let items): text = "[" + items.map(human).joined(separator: ",") + "]"
        case .dictionary: text = json(value).serialized(pretty: false)
        }
        let plain = !text.isEmpty && !text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 }
        return plain ? text : JSONValue.string(text).serialized(pretty: false)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
