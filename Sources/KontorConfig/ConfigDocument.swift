import KontorCore
import Yams

/// Parses the text of one configuration file into its root ``ConfigNode``, turning
/// every YAML syntax error into a ``KontorError`` with the file, line and column.
enum ConfigDocument {
    /// The largest configuration file Kontor reads: configuration is small, and a cap
    /// keeps a mistaken file (a log, a dump) from being loaded into memory.
    static let maximumBytes = 1 << 20

    /// The root node of `text`. An empty document is returned as an empty mapping, so a
    /// file with only comments means "all defaults".
    static func root(of text: String, file: String) throws(KontorError) -> ConfigNode {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw KontorError(.config, "\(file) could not be read as YAML", hint: "check the YAML syntax",
                              at: SourcePosition(file: file), cause: String(describing: error))
        }
        guard let composed else {
            return ConfigNode(node: Node([(Node, Node)]()), file: file, path: "")
        }
        return ConfigNode(node: composed, file: file, path: "")
    }

    static func syntaxError(_ error: YamlError, file: String) -> KontorError {
        func at(_ mark: Mark?) -> SourcePosition {
            SourcePosition(file: file, line: mark?.line, column: mark?.column)
        }
        let hint = "fix the YAML syntax: indent with spaces, put a space after ':' and quote text that contains ': ' or starts with '*', '&', '!' or '%'"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return KontorError(.config, "invalid YAML: \(problem)\(detail)", hint: hint, at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return KontorError(.config, "the key \(keys) appears more than once in the same mapping",
                               hint: "keep one of them; YAML mappings cannot repeat a key", at: at(context.mark))
        case .reader(let problem, let offset, _, _):
            return KontorError(.config, "\(file) is not valid UTF-8 text: \(problem)",
                               hint: "save the file as UTF-8", at: SourcePosition(file: file),
                               cause: offset.map { "byte offset \($0)" })
        default:
            return KontorError(.config, "\(file) could not be read as YAML", hint: hint,
                               at: SourcePosition(file: file), cause: String(describing: error))
        }
    }
}
