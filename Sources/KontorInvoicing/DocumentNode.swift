import KontorCore
import Yams

/// A node of an inbox document (JSON or YAML: JSON is read as YAML's flow style) with
/// where it sits: line, column and key path. Every typed accessor throws a `bad-input`
/// ``KontorError`` at that position saying what was expected, so a rejected file's
/// error report names the element and how to fix it.
struct DocumentNode {
    let node: Node
    let path: String

    var position: SourcePosition {
        SourcePosition(line: node.mark?.line, column: node.mark?.column, path: path.isEmpty ? nil : path)
    }

    func error(_ message: String, hint: String? = nil) -> KontorError {
        KontorError(.badInput, message, hint: hint, at: position)
    }

    var label: String { path.isEmpty ? "the document" : path }

    /// The line the node starts on.
    var line: Int? { node.mark?.line }

    var isSequence: Bool { if case .sequence = node { true } else { false } }

    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var kindDescription: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): isNull ? "nothing" : "'\(scalar.string)'"
        }
    }

    /// Parses a whole document; a syntax error becomes a positioned `bad-input` error.
    static func root(of text: String) throws(KontorError) -> DocumentNode {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw KontorError(.badInput, "the file is neither valid JSON nor valid YAML: \(problem)",
                                  hint: "check the syntax near this position", at: SourcePosition(line: mark.line, column: mark.column))
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw KontorError(.badInput, "the key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one object",
                                  hint: "keep one of them", at: SourcePosition(line: context.mark.line, column: context.mark.column))
            default:
                throw KontorError(.badInput, "the file could not be read as JSON or YAML", hint: "save it as UTF-8 JSON or YAML",
                                  cause: String(describing: error))
            }
        } catch {
            throw KontorError(.badInput, "the file could not be read as JSON or YAML", hint: "save it as UTF-8 JSON or YAML",
                              cause: String(describing: error))
        }
        guard let composed else {
            throw KontorError(.badInput, "the file is empty", hint: "write a JSON or YAML document")
        }
        return DocumentNode(node: composed, path: "")
    }

    func child(_ node: Node, key: String) -> DocumentNode {
        DocumentNode(node: node, path: path.isEmpty ? key : path + "." + key)
    }

    func string(expected: String = "a text") throws(KontorError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("\(label) must be \(expected), found \(kindDescription)")
        }
        return scalar.string
    }

    func nonEmptyString(expected: String = "a text") throws(KontorError) -> String {
        let text = try string(expected: expected).trimmingSpaces()
        guard !text.isEmpty else { throw error("\(label) must be \(expected), found an empty text") }
        return String(text)
    }

    func sequence(of expected: String) throws(KontorError) -> [DocumentNode] {
        guard case .sequence(let sequence) = node else {
            throw error("\(label) must be a list of \(expected), found \(kindDescription)")
        }
        return sequence.enumerated().map { DocumentNode(node: $0.element, path: path + "[\($0.offset)]") }
    }

    func decimal(expected: String = "a number") throws(KontorError) -> ExactDecimal {
        let text = try nonEmptyString(expected: expected)
        guard let value = ExactDecimal(text) else {
            throw error("\(label) '\(text)' is not \(expected)",
                        hint: "write a plain decimal number with a dot, at most \(ExactDecimal.maximumScale) decimals, such as 12.50")
        }
        return value
    }

    func date() throws(KontorError) -> LocalDate {
        let text = try nonEmptyString(expected: "a date as YYYY-MM-DD")
        guard let date = LocalDate(iso: text) else {
            throw error("\(label) '\(text)' is not a date", hint: "write dates as YYYY-MM-DD, e.g. 2026-11-02")
        }
        return date
    }

    func integer(in range: ClosedRange<Int64>) throws(KontorError) -> Int64 {
        let text = try nonEmptyString(expected: "a whole number")
        guard let value = Int64(text), range.contains(value) else {
            throw error("\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
        }
        return value
    }

    func currency() throws(KontorError) -> CurrencyCode {
        let text = try nonEmptyString(expected: "an ISO 4217 currency code such as EUR")
        guard let code = CurrencyCode(text) else {
            throw error("\(label) '\(text)' is not an ISO 4217 currency code", hint: "use a three-letter code in capitals such as EUR, USD or BHD")
        }
        return code
    }

    func bool() throws(KontorError) -> Bool {
        switch try string(expected: "true or false") {
        case "true": return true
        case "false": return false
        default: throw error("\(label) must be true or false, found \(kindDescription)")
        }
    }
}

/// A mapping whose keys were checked against the keys it may have.
struct DocumentMapping {
    let node: DocumentNode
    let what: String
    private let values: [String: DocumentNode]

    init(_ node: DocumentNode, what: String, allowed: [String]) throws(KontorError) {
        guard case .mapping(let mapping) = node.node else {
            throw node.error("\(node.label) must be \(what), an object with keys \(allowed.joined(separator: ", ")); found \(node.kindDescription)")
        }
        var values: [String: DocumentNode] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw DocumentNode(node: keyNode, path: node.path).error("keys in \(node.label) must be names")
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                throw DocumentNode(node: keyNode, path: node.child(keyNode, key: key).path)
                    .error("unknown key '\(key)' in \(what)", hint: "allowed keys: \(allowed.joined(separator: ", "))")
            }
            values[key] = node.child(value, key: key)
        }
        self.node = node
        self.what = what
        self.values = values
    }

    func required(_ key: String, expected: String) throws(KontorError) -> DocumentNode {
        guard let value = values[key], !value.isNull else {
            throw node.error("\(what) is missing '\(key)' (\(expected))", hint: "add \"\(key)\" to \(node.label)")
        }
        return value
    }

    func optional(_ key: String) -> DocumentNode? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    func optionalString(_ key: String, expected: String = "a text") throws(KontorError) -> String? {
        try optional(key)?.nonEmptyString(expected: expected)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}
