/// A strict RFC 8259 parser on bytes for untrusted input: positions on every value and
/// error, a nesting cap, a size cap given by the caller, numbers kept as text, invalid
/// UTF-8 and unpaired surrogates refused. A leading UTF-8 BOM is ignored.
///
/// Errors are ``KontorError`` with code `badInput` and the line and byte column.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 64

    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one JSON document.
    public static func parse(_ bytes: [UInt8]) throws(KontorError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            parser.index = 3
            parser.lineStart = 3
        }
        parser.skipSpace()
        let node = try parser.parseValue()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the end of the JSON value") }
        return node
    }

    /// Reads the whole source (at most `maximumBytes`) and parses it.
    public static func parse(_ source: inout some ByteSource, maximumBytes: Int) throws(KontorError) -> JSONNode {
        var bytes: [UInt8] = []
        while let chunk = try source.nextChunk() {
            guard bytes.count + chunk.count <= maximumBytes else {
                throw KontorError(.badInput, "the JSON document is larger than \(maximumBytes) bytes",
                                  hint: "split the file into smaller files")
            }
            bytes.append(contentsOf: chunk)
        }
        return try parse(bytes)
    }

    private var column: Int { index - lineStart + 1 }

    func error(_ message: String, hint: String = "check the JSON syntax at this point (a validator or `jq .` shows it too)") -> KontorError {
        KontorError(.badInput, message, hint: hint, at: SourcePosition(line: line, column: column))
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func describeCurrent() -> String {
        guard let byte = current else { return "the end of the input" }
        return byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func parseValue() throws(KontorError) -> JSONNode {
        let (startLine, startColumn) = (line, column)
        let kind: JSONNode.Kind
        switch current {
        case 0x7B: kind = try parseObject()
        case 0x5B: kind = try parseArray()
        case 0x22: kind = .string(try parseString())
        case 0x74: try expectLiteral("true"); kind = .bool(true)
        case 0x66: try expectLiteral("false"); kind = .bool(false)
        case 0x6E: try expectLiteral("null"); kind = .null
        case .some(0x2D), .some(0x30...0x39): kind = .number(try parseNumber())
        default: throw error("expected a JSON value, found \(describeCurrent())")
        }
        return JSONNode(line: startLine, column: startColumn, kind: kind)
    }

    private mutating func enter() throws(KontorError) {
        depth += 1
        guard depth <= JSONParser.maximumDepth else {
            throw error("the JSON nests deeper than \(JSONParser.maximumDepth) levels")
        }
    }

    private mutating func parseObject() throws(KontorError) -> JSONNode.Kind {
        try enter()
        index += 1
        var members: [JSONNode.Member] = []
        skipSpace()
        if current == 0x7D {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard current == 0x22 else { throw error("expected a key in double quotes, found \(describeCurrent())") }
            let (keyLine, keyColumn) = (line, column)
            let key = try parseString()
            skipSpace()
            guard current == 0x3A else { throw error("expected ':' after the key \"\(key)\", found \(describeCurrent())") }
            index += 1
            skipSpace()
            let value = try parseValue()
            members.append(JSONNode.Member(key: key, line: keyLine, column: keyColumn, value: value))
            skipSpace()
            switch current {
            case 0x2C: index += 1
            case 0x7D:
                index += 1
                depth -= 1
                return .object(members)
            default: throw error("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws(KontorError) -> JSONNode.Kind {
        try enter()
        index += 1
        var items: [JSONNode] = []
        skipSpace()
        if current == 0x5D {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try parseValue())
            skipSpace()
            switch current {
            case 0x2C: index += 1
            case 0x5D:
                index += 1
                depth -= 1
                return .array(items)
            default: throw error("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(KontorError) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count
            && (0..<count).allSatisfy { bytes[index + $0] == word.utf8Start[$0] }
        guard matches else { throw error("expected a JSON value, found \(describeCurrent())") }
        index += count
    }

    private mutating func parseNumber() throws(KontorError) -> String {
        let start = index
        func digits(_ parser: inout JSONParser) -> Int {
            var count = 0
            while let byte = parser.current, byte >= 0x30, byte <= 0x39 { parser.index += 1; count += 1 }
            return count
        }
        if current == 0x2D { index += 1 }
        if current == 0x30 {
            index += 1
        } else if digits(&self) == 0 {
            throw error("a number needs digits after '-'")
        }
        if current == 0x2E {
            index += 1
            guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
        }
        if current == 0x65 || current == 0x45 {
            index += 1
            if current == 0x2B || current == 0x2D { index += 1 }
            guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
        }
        if let byte = current, (byte >= 0x30 && byte <= 0x39) || byte == 0x2E {
            throw error("a JSON number has no leading zeros")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
