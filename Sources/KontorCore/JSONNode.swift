/// A parsed JSON value that remembers where it was written: what readers of untrusted
/// JSON need for error messages. Numbers stay text (amounts never pass through a Double),
/// and object members keep their order and duplicates, so readers can refuse them.
public struct JSONNode: Hashable, Sendable {
    /// The 1-based line and byte column where the value starts.
    public var line: Int
    public var column: Int
    public var kind: Kind

    public init(line: Int, column: Int, kind: Kind) {
        self.line = line
        self.column = column
        self.kind = kind
    }

    public enum Kind: Hashable, Sendable {
        case null
        case bool(Bool)
        /// The number's literal text, exactly as written (`12.50`, `-3e2`).
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([Member])
    }

    /// An object member: the key, where the key starts, and the value.
    public struct Member: Hashable, Sendable {
        public var key: String
        public var line: Int
        public var column: Int
        public var value: JSONNode

        public init(key: String, line: Int, column: Int, value: JSONNode) {
            self.key = key
            self.line = line
            self.column = column
            self.value = value
        }
    }

    /// `a string`, `a number`, `an object`…: the value's type for messages.
    public var typeDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public var members: [Member]? { if case .object(let members) = kind { members } else { nil } }
    public var elements: [JSONNode]? { if case .array(let items) = kind { items } else { nil } }

    /// The first member with this key.
    public subscript(key: String) -> JSONNode? { members?.first { $0.key == key }?.value }

    /// The value without positions (integers that fit become `.int`; other numbers stay text;
    /// of duplicate keys the last wins).
    public var value: JSONValue {
        switch kind {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): Int64(text).map(JSONValue.int) ?? .number(text)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.value))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
