/// Windows-1252 and ISO 8859-1 to UTF-8, byte by byte: the 8-bit encodings that bank
/// exports still use. Both are single-byte, so a chunk transcodes on its own and a
/// stream never needs to look back.
public enum Windows1252 {
    /// The code points of 0x80…0x9F in Windows-1252. The five bytes the code page leaves
    /// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same value,
    /// as the WHATWG encoding standard does, so no input is ever refused.
    static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Appends the UTF-8 form of `bytes` to `output`. With `latin1` the bytes 0x80…0x9F
    /// are the C1 controls of ISO 8859-1 instead of Windows-1252's letters and signs.
    public static func appendUTF8(of bytes: some Sequence<UInt8>, latin1: Bool = false, to output: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = (!latin1 && byte < 0xA0) ? high[Int(byte - 0x80)] : UInt32(byte)
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }

    /// The text of a line in an unknown 8-bit-or-UTF-8 encoding: valid UTF-8 is read as
    /// UTF-8, anything else as Windows-1252 (a Latin-1 export is almost always 1252).
    public static func decodeLine(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        appendUTF8(of: bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
