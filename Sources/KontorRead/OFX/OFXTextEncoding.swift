/// How the bytes of OFX values become text: what the file's header declares.
///
/// - OFX 1 (`ENCODING:USASCII` + `CHARSET:1252` or `ISO-8859-1`): bytes above 0x7F are
///   Windows-1252 (ISO-8859-1 is read as Windows-1252, as browsers do: the two differ
///   only in 0x80–0x9F, where Latin-1 has unused control characters).
/// - OFX 1 `ENCODING:UTF-8` (or `UNICODE`), OFX 2 with `encoding="UTF-8"` or no encoding:
///   strict UTF-8; an invalid sequence is an error naming its position.
/// - OFX 2 `encoding="US-ASCII"`: a byte above 0x7F is an error.
/// - No header at all, or `CHARSET:NONE`: each value is UTF-8 when it is valid UTF-8,
///   else Windows-1252 (what such files in the wild turn out to be).
/// - Any other declared character set is refused when the first non-ASCII byte appears
///   (a pure ASCII file with an exotic label still reads).
enum OFXTextEncoding: Sendable, Equatable {
    case utf8
    case windows1252
    case ascii
    case auto
    case unsupported(String)

    /// The encoding an OFX 1 header's `ENCODING` and `CHARSET` declare.
    init(ofx1Encoding encoding: String?, charset: String?) {
        switch encoding?.uppercased() {
        case "UTF-8", "UTF8", "UNICODE":
            self = .utf8
        default:
            switch charset?.uppercased() {
            case nil, "", "NONE": self = .auto
            case "1252", "WINDOWS-1252", "CP1252", "ISO-8859-1", "8859-1", "ISO8859-1", "LATIN1", "LATIN-1", "ASCII",
                 "USASCII", "US-ASCII":
                self = .windows1252
            case "UTF-8", "UTF8", "CSUNICODE": self = .utf8
            case let other?: self = .unsupported(other)
            }
        }
    }

    /// The encoding an XML declaration's `encoding` attribute names (nil: UTF-8).
    init(xmlEncoding label: String?) {
        switch label?.uppercased() {
        case nil, "UTF-8", "UTF8": self = .utf8
        case "US-ASCII", "ASCII": self = .ascii
        case "WINDOWS-1252", "CP1252", "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1": self = .windows1252
        case let other?: self = .unsupported(other)
        }
    }

    /// Decodes one value. `entities` expands `&amp; &lt; &gt; &quot; &apos;` and numeric
    /// references; an `&` that starts none of them stays as written (bank files write
    /// `AT&T` unescaped). Declared entities do not exist: a DOCTYPE is refused earlier.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, entities: Bool) throws(OFXValueProblem) -> String {
        var plain = true
        var nonASCII = false
        for byte in bytes where byte >= 0x80 || (entities && byte == 0x26) {
            plain = false
            if byte >= 0x80 { nonASCII = true; break }
        }
        if plain { return String(decoding: bytes, as: UTF8.self) }
        var effective = self
        if nonASCII {
            switch self {
            case .utf8, .auto:
                if let bad = OFXTextEncoding.firstInvalidUTF8(bytes) {
                    guard self == .auto else {
                        throw OFXValueProblem(
                            "byte 0x\(OFXTextEncoding.hex(bytes[bad])) is not valid UTF-8, but the file declares UTF-8",
                            hint: "export the statement again, or fix the header's ENCODING/encoding to the character set the bank used (for example CHARSET:1252)",
                            offset: bad)
                    }
                    effective = .windows1252
                }
            case .ascii:
                let bad = bytes.firstIndex { $0 >= 0x80 } ?? 0
                throw OFXValueProblem("byte 0x\(OFXTextEncoding.hex(bytes[bad])) is not US-ASCII, but the file declares US-ASCII",
                                      hint: "fix the XML declaration's encoding to the character set the bank used (UTF-8 or windows-1252)",
                                      offset: bad)
            case .unsupported(let label):
                let bad = bytes.firstIndex { $0 >= 0x80 } ?? 0
                throw OFXValueProblem("the file declares the character set '\(label)', which Kontor cannot read",
                                      hint: "export the statement as UTF-8 or Windows-1252", offset: bad)
            case .windows1252:
                break
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x26, entities, let (scalar, length) = try OFXTextEncoding.entity(in: bytes, at: index) {
                UTF8.encode(scalar) { output.append($0) }
                index += length
            } else if byte >= 0x80, effective == .windows1252 {
                UTF8.encode(OFXTextEncoding.windows1252Scalar(byte)) { output.append($0) }
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The character a Windows-1252 byte stands for (WHATWG mapping: the five unassigned
    /// bytes map to the C1 control of the same value).
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        let value: UInt32 = byte >= 0x80 && byte <= 0x9F ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The entity at `start` (an `&`) and its length in bytes, or nil when the `&` starts
    /// no predefined or numeric entity.
    static func entity(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(OFXValueProblem) -> (Unicode.Scalar, Int)? {
        var end = start + 1
        while end < bytes.count, end - start <= 12, bytes[end] != 0x3B { end += 1 }
        guard end < bytes.count, bytes[end] == 0x3B, end > start + 1 else { return nil }
        let name = bytes[(start + 1)..<end]
        let length = end - start + 1
        switch String(decoding: UnsafeBufferPointer(rebasing: name), as: UTF8.self) {
        case "amp": return ("&", length)
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "quot": return ("\"", length)
        case "apos": return ("'", length)
        default: break
        }
        guard name.first == 0x23 else { return nil }
        var digits = name.dropFirst()
        var radix: UInt32 = 10
        if digits.first == 0x78 || digits.first == 0x58 { radix = 16; digits = digits.dropFirst() }
        var value: UInt32 = 0
        for byte in digits {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where radix == 16: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where radix == 16: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value * radix + digit
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start...end]), as: UTF8.self)
        guard !digits.isEmpty, value != 0, let scalar = Unicode.Scalar(value) else {
            throw OFXValueProblem("the character reference \(text) names no character",
                                  hint: "write the character itself, or a reference to a valid Unicode code point", offset: start)
        }
        return (scalar, length)
    }

    /// Two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence
    /// (overlong forms, surrogates and code points above U+10FFFF are invalid).
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }
}
