extension JSONParser {
    /// Parses a string at the opening quote: escapes decoded, control characters,
    /// invalid UTF-8 and unpaired surrogates refused.
    mutating func parseString() throws(KontorError) -> String {
        index += 1
        var text = ""
        var runStart = index
        func flush(_ parser: JSONParser, upTo end: Int, into text: inout String) throws(KontorError) {
            guard end > runStart else { return }
            guard let run = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
                throw parser.error("a string is not valid UTF-8", hint: "save the file with UTF-8 encoding")
            }
            text += run
        }
        while true {
            guard let byte = current else { throw error("a string is never closed") }
            switch byte {
            case 0x22:
                try flush(self, upTo: index, into: &text)
                index += 1
                return text
            case 0x5C:
                try flush(self, upTo: index, into: &text)
                index += 1
                text.unicodeScalars.append(try parseEscape())
                runStart = index
            case 0x00..<0x20:
                throw error("a string contains a raw control character (line breaks in strings are written \\n)")
            default:
                index += 1
            }
        }
    }

    private mutating func parseEscape() throws(KontorError) -> Unicode.Scalar {
        guard let byte = current else { throw error("a string is never closed") }
        index += 1
        switch byte {
        case 0x22: return "\""
        case 0x5C: return "\\"
        case 0x2F: return "/"
        case 0x62: return "\u{08}"
        case 0x66: return "\u{0C}"
        case 0x6E: return "\n"
        case 0x72: return "\r"
        case 0x74: return "\t"
        case 0x75:
            let first = try hex4()
            if (0xD800..<0xDC00).contains(first) {
                guard current == 0x5C, index + 1 < bytes.count, bytes[index + 1] == 0x75 else {
                    throw error("a \\u escape is an unpaired surrogate")
                }
                index += 2
                let second = try hex4()
                guard (0xDC00..<0xE000).contains(second),
                      let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                    throw error("a \\u escape is an unpaired surrogate")
                }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw error("a \\u escape is an unpaired surrogate") }
            return scalar
        default:
            index -= 1
            throw error("'\\\(Character(Unicode.Scalar(byte)))' is not a JSON escape")
        }
    }

    private mutating func hex4() throws(KontorError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("a \\u escape needs four hex digits") }
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
