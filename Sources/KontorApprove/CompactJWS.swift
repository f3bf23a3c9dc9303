import KontorConfig
import KontorCore

/// A compact JWS (RFC 7515 §7.1) taken apart: the decoded header and payload objects, and
/// the exact bytes the signature covers. Parsing checks only the shape; trust comes from
/// ``DecisionVerifier``.
public struct CompactJWS: Sendable {
    /// The most bytes a decision token may have: decisions are small.
    public static let maximumBytes = 16 * 1024

    public var header: [String: JSONValue]
    public var claims: [String: JSONValue]
    /// `BASE64URL(header) . BASE64URL(payload)`, as it came.
    public var signingInput: [UInt8]
    public var signature: [UInt8]

    /// Parses a token, surrounding white space ignored.
    public static func parse(_ bytes: [UInt8]) throws(DecisionRefusal) -> CompactJWS {
        guard bytes.count <= maximumBytes else {
            throw DecisionRefusal(.malformed, "the decision file has \(bytes.count) bytes; a decision token has at most \(maximumBytes)")
        }
        var slice = bytes[...]
        while let first = slice.first, first == 0x20 || first == 0x0A || first == 0x0D || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { slice = slice.dropLast() }
        let parts = slice.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw DecisionRefusal(.malformed, "a decision must be one compact JWS (header.payload.signature); this has \(parts.count) part\(parts.count == 1 ? "" : "s")",
                                  hint: parts.count == 5 ? "encrypted tokens (JWE) are not accepted; sign the decision" : nil)
        }
        guard let headerBytes = PublicKeyText.base64URL(String(decoding: parts[0], as: UTF8.self)) else {
            throw DecisionRefusal(.malformed, "the token's header is not base64url")
        }
        guard let payloadBytes = PublicKeyText.base64URL(String(decoding: parts[1], as: UTF8.self)) else {
            throw DecisionRefusal(.malformed, "the token's payload is not base64url")
        }
        guard let signature = PublicKeyText.base64URL(String(decoding: parts[2], as: UTF8.self)) else {
            throw DecisionRefusal(.malformed, "the token's signature is not base64url")
        }
        return CompactJWS(header: try object(headerBytes, "header"), claims: try object(payloadBytes, "payload"),
                          signingInput: Array(slice[slice.startIndex..<parts[1].endIndex]), signature: signature)
    }

    /// A JSON object with no duplicate member names (RFC 7515 §4: duplicates must be refused).
    static func object(_ bytes: [UInt8], _ what: String) throws(DecisionRefusal) -> [String: JSONValue] {
        let node: JSONNode
        do { node = try JSONParser.parse(bytes) } catch {
            throw DecisionRefusal(.malformed, "the token's \(what) is not JSON: \(error.message)")
        }
        guard let members = node.members else {
            throw DecisionRefusal(.malformed, "the token's \(what) must be a JSON object, found \(node.typeDescription)")
        }
        var seen = Set<String>()
        for member in members where !seen.insert(member.key).inserted {
            throw DecisionRefusal(.malformed, "the token's \(what) names '\(member.key)' twice")
        }
        return node.value.objectValue ?? [:]
    }

    /// Encodes a token: header and claims as compact JSON, then the signature over them.
    public static func encode(header: [String: JSONValue], claims: [String: JSONValue],
                              sign: ([UInt8]) throws(KontorError) -> [UInt8]) throws(KontorError) -> String {
        let input = PublicKeyText.base64URL(Array(JSONValue.object(header).serialized(pretty: false).utf8)) + "."
            + PublicKeyText.base64URL(Array(JSONValue.object(claims).serialized(pretty: false).utf8))
        return input + "." + PublicKeyText.base64URL(try sign(Array(input.utf8)))
    }
}
