import KontorCore

/// How an OFX file begins.
enum OFXPrologue: Sendable, Equatable {
    /// OFX 1: a `KEY:VALUE` header block, then SGML.
    case header(OFXHeader)
    /// Markup from the first byte: OFX 2's `<?xml …?>`, or a bare `<OFX>`.
    case markup
}

extension OFXScanner {
    /// The longest OFX 1 header block accepted.
    static let maximumHeaderBytes = 1 << 14

    /// Reads what comes before the first tag: a BOM, blank lines and the OFX 1 header
    /// block. Sets ``encoding`` from the header; refuses input that starts like no OFX file.
    mutating func prologue(from source: inout some ByteSource) throws(KontorError) -> OFXPrologue {
        guard try ensure(1, from: &source) else {
            throw KontorError(.badInput, "the file is empty", hint: "download the statement again", at: SourcePosition(line: 1))
        }
        _ = try ensure(3, from: &source)
        if buffer[index...].starts(with: [0xEF, 0xBB, 0xBF]) {
            index += 3
            lineStart += 3
        } else if buffer[index...].starts(with: [0xFF, 0xFE]) || buffer[index...].starts(with: [0xFE, 0xFF]) {
            throw KontorError(.badInput, "the file is UTF-16 text; Kontor reads OFX in UTF-8, US-ASCII or Windows-1252",
                              hint: "save the file as UTF-8, or download it again from the bank", at: SourcePosition(line: 1, column: 1))
        }
        while try ensure(1, from: &source), OFXScanner.isBlank(buffer[index]) { try consume(1) }
        guard try ensure(1, from: &source) else {
            throw KontorError(.badInput, "the file holds only blank lines", hint: "download the statement again", at: here)
        }
        if buffer[index] == 0x3C {
            encoding = .auto
            return .markup
        }
        let signature = Array("OFXHEADER".utf8)
        _ = try ensure(signature.count, from: &source)
        let start = buffer[index..<min(buffer.count, index + signature.count)].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        guard start.elementsEqual(signature) else {
            markToken()
            let shown = buffer[index..<min(buffer.count, index + 8)].map { OFXTextEncoding.hex($0) }.joined(separator: " ")
            throw KontorError(.badInput, "the file does not start like an OFX statement (first bytes: \(shown))",
                              hint: "an OFX/QFX file starts with an OFXHEADER:100 header block, an <?xml …?> declaration or <OFX>; check that this is the file the bank offers as OFX, Quicken or Money download",
                              at: position)
        }
        markToken()
        let firstLine = line
        let length: Int
        switch try find([0x3C], from: 0, limit: OFXScanner.maximumHeaderBytes, in: &source) {
        case .found(let offset): length = offset
        case .end: throw KontorError(.badInput, "the file has an OFX header but no <OFX> body after it: it is truncated",
                                     hint: "download the statement again", at: position)
        case .tooLong: throw KontorError(.badInput, "the OFX header block is longer than \(OFXScanner.maximumHeaderBytes) bytes",
                                         hint: "the header holds a few KEY:VALUE lines; the file is damaged", at: position)
        }
        let header = try OFXHeader.parse(buffer[index..<(index + length)], firstLine: firstLine)
        try consume(length)
        encoding = header.encoding
        return .header(header)
    }
}
