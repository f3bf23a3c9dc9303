import KontorCore

extension CSVTokenizer {
    /// Checks that every field of a row is valid UTF-8 (no overlong forms, no surrogates,
    /// nothing above U+10FFFF). All-ASCII rows, the common case, take one pass.
    static func validateUTF8(_ bytes: [UInt8], ends: [Int], line: Int) throws(KontorError) {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        guard any & 0x80 != 0 else { return }
        var start = 0
        for (index, end) in ends.enumerated() {
            if !isValidUTF8(bytes[start..<end]) {
                throw KontorError(.badInput, "line \(line) is not valid UTF-8 text",
                                  hint: "save the file with UTF-8 encoding (in spreadsheet programs: 'CSV UTF-8')",
                                  at: SourcePosition(line: line, column: index + 1))
            }
            start = end
        }
    }

    /// Strict UTF-8 validation (RFC 3629).
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard end - index >= length else { return false }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return false }
            var offset = 2
            while offset < length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return false }
                offset += 1
            }
            index += length
        }
        return true
    }
}
