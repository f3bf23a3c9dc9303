import Foundation
import KontorCore

/// How invoicing values are kept in the ledger database: JSON through Codable with
/// sorted keys (stable text), decoded back when an invoice is credited, issued from a
/// draft or shown.
public enum StorageCodec {
    public static func encode<T: Encodable>(_ value: T) throws(KontorError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw KontorError(.internal, "could not encode \(T.self) for the ledger", cause: String(describing: error))
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(KontorError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw KontorError(.internal, "the ledger holds a \(T.self) that cannot be read", cause: String(describing: error))
        }
    }
}
