import KontorCore
import Yams

/// A YAML mapping whose keys were checked against the keys a section allows.
///
/// An unknown key is an error at that key that names it and lists the allowed keys (with
/// a "did you mean" when one is close); a missing required key is an error at the mapping.
struct ConfigMapping {
    let node: ConfigNode
    /// What the mapping describes, for messages: "a business profile", "a category".
    let what: String
    let allowed: [String]
    private let values: [String: ConfigNode]

    init(_ node: ConfigNode, what: String, allowed: [String]) throws(KontorError) {
        guard case .mapping(let mapping) = node.node else {
            let subject = node.path.isEmpty ? "the file must be \(what), a mapping" : "\(node.path) must be a mapping"
            throw node.error("\(subject) with keys \(allowed.joined(separator: ", ")); found \(node.kindDescription)",
                             hint: node.path.isEmpty ? "write one 'key: value' per line at the top level"
                                 : "write one 'key: value' per line, indented under '\(node.path):'")
        }
        var values: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            let keyAt = ConfigNode(node: keyNode, file: node.file, path: node.path)
            guard case .scalar(let scalar) = keyNode else {
                throw keyAt.error("keys in \(node.label) must be plain names, found \(keyAt.kindDescription)")
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                let unknown = ConfigNode(node: keyNode, file: node.file, path: node.child(keyNode, key: key).path)
                var hint = "allowed keys: \(allowed.joined(separator: ", "))"
                if let suggestion = Suggestion.closest(to: key, among: allowed) { hint = "did you mean '\(suggestion)'? " + hint }
                throw unknown.error("unknown key '\(key)' in \(what)", hint: hint)
            }
            values[key] = node.child(value, key: key)
        }
        self.node = node
        self.what = what
        self.allowed = allowed
        self.values = values
    }

    /// The value of `key`; missing or empty is an error at the mapping.
    func required(_ key: String, expected: String) throws(KontorError) -> ConfigNode {
        guard let value = values[key], !value.isNull else {
            throw node.error("\(what) is missing '\(key)' (\(expected))",
                             hint: "add '\(key): …' to \(node.path.isEmpty ? "the top level" : "'\(node.path)'")")
        }
        return value
    }

    /// The value of `key`, or nil when it is absent or empty (`key:` or `key: ~`).
    func optional(_ key: String) -> ConfigNode? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }
}
