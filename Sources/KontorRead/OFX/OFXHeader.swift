import KontorCore

/// The OFX 1 header block: `KEY:VALUE` lines before the first `<`
/// (`OFXHEADER:100`, `DATA:OFXSGML`, `VERSION:102`, `ENCODING:USASCII`, `CHARSET:1252`,
/// `COMPRESSION:NONE`, …). Unknown keys are kept and ignored.
struct OFXHeader: Sendable, Equatable {
    /// Values by upper-cased key.
    var fields: [String: String] = [:]

    /// How the file's values are encoded.
    var encoding: OFXTextEncoding { OFXTextEncoding(ofx1Encoding: fields["ENCODING"], charset: fields["CHARSET"]) }

    /// Parses the header text that starts on `firstLine`. Pairs are separated by line
    /// breaks or blanks; a blank after the colon is allowed (`OFXHEADER: 100`).
    static func parse(_ bytes: ArraySlice<UInt8>, firstLine: Int) throws(KontorError) -> OFXHeader {
        var header = OFXHeader()
        var line = firstLine
        var words: [(text: String, line: Int)] = []
        var word: [UInt8] = []
        var lastWasCR = false
        for byte in bytes {
            if OFXScanner.isBlank(byte) {
                if !word.isEmpty { words.append((String(decoding: word, as: UTF8.self), line)); word = [] }
                if byte == 0x0A { if !lastWasCR { line += 1 } } else if byte == 0x0D { line += 1 }
                lastWasCR = byte == 0x0D
                continue
            }
            lastWasCR = false
            guard byte >= 0x20, byte < 0x7F else {
                throw KontorError(.badInput, "the OFX header contains the byte 0x\(OFXTextEncoding.hex(byte)); header lines are plain ASCII",
                                  hint: "the file is damaged or not an OFX statement", at: SourcePosition(line: line))
            }
            word.append(byte)
        }
        if !word.isEmpty { words.append((String(decoding: word, as: UTF8.self), line)) }
        var index = 0
        while index < words.count {
            var (text, wordLine) = words[index]
            index += 1
            if text.hasSuffix(":"), index < words.count, !words[index].text.contains(":") {
                text += words[index].text
                index += 1
            }
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                throw KontorError(.badInput, "'\(text)' in the OFX header is not a KEY:VALUE pair",
                                  hint: "the header block before <OFX> holds lines like OFXHEADER:100 and CHARSET:1252; the file is damaged",
                                  at: SourcePosition(line: wordLine))
            }
            let key = text[..<colon].uppercased()
            let value = String(text[text.index(after: colon)...])
            try header.check(key: key, value: value, line: wordLine)
            header.fields[key] = value
        }
        guard header.fields["OFXHEADER"] != nil else {
            throw KontorError(.badInput, "the OFX header has no OFXHEADER line", at: SourcePosition(line: firstLine))
        }
        return header
    }

    /// Refuses header values that change how the body must be read.
    func check(key: String, value: String, line: Int) throws(KontorError) {
        let at = SourcePosition(line: line, field: key)
        switch key {
        case "OFXHEADER" where value != "100":
            throw KontorError(.badInput, "OFXHEADER:\(value) is not an OFX 1 header (expected OFXHEADER:100)",
                              hint: "OFX 2 files start with <?xml …?> and <?OFX OFXHEADER=\"200\" …?> instead", at: at)
        case "DATA" where value.uppercased() != "OFXSGML":
            throw KontorError(.badInput, "DATA:\(value) is not OFX data (expected DATA:OFXSGML)", at: at)
        case "COMPRESSION" where !["NONE", ""].contains(value.uppercased()):
            throw KontorError(.badInput, "the OFX body is compressed (COMPRESSION:\(value)), which Kontor does not read",
                              hint: "download the statement again without compression", at: at)
        default:
            break
        }
    }
}
