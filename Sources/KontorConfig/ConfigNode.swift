import KontorCore
import Yams

/// A YAML node together with where it came from: the file (workspace-relative, as the
/// user sees it) and its key path in the document (`accounts[2].name`).
///
/// Every typed accessor throws a ``KontorError`` with code `.config` that names the file,
/// line, column and path, and says what was expected. The loaders read YAML only through
/// this type, so no error can lose its position.
struct ConfigNode {
    let node: Node
    let file: String
    /// The key path from the document root; empty for the root itself.
    let path: String

    /// Where this node starts in its file.
    var position: SourcePosition {
        SourcePosition(file: file, line: node.mark?.line, column: node.mark?.column,
                       path: path.isEmpty ? nil : path)
    }

    /// An error placed at this node.
    func error(_ message: String, hint: String? = nil) -> KontorError {
        KontorError(.config, message, hint: hint, at: position)
    }

    /// A child node, one step further along the key path.
    func child(_ node: Node, key: String) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path.isEmpty ? key : path + "." + key)
    }

    func element(_ node: Node, index: Int) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path + "[\(index)]")
    }

    /// What a user would call this node's kind, for "expected …, found …" messages.
    var kindDescription: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            isNull ? "nothing" : "'\(scalar.string)'"
        }
    }

    /// True for `~`, `null` or an empty plain value (`key:` with nothing after it).
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The label used in messages: the key path, or "the file" for the root.
    var label: String { path.isEmpty ? "the file" : path }
}
