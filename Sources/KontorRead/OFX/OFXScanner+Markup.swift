import KontorCore

extension OFXScanner {
    /// The tag, processing instruction, comment or CDATA section at `<`. Nil for a comment
    /// or a blank CDATA section.
    mutating func markup(from source: inout some ByteSource) throws(KontorError) -> OFXToken? {
        markToken()
        guard try ensure(2, from: &source) else { throw truncated("a lone '<'") }
        switch buffer[index + 1] {
        case 0x2F: // </NAME>
            let length = try tagLength(from: &source)
            let name = try tagName(from: 2, to: length - 1, allowSelfClosing: false).name
            try consume(length)
            return .close(name)
        case 0x3F: // <?target body?>
            let length = try delimited(by: [0x3F, 0x3E], from: 2, what: "a processing instruction (<?…?>)", in: &source)
            let body = buffer[(index + 2)..<(index + length - 2)]
            let target = body.prefix { !OFXScanner.isBlank($0) }
            let rest = body.dropFirst(target.count)
            let token = OFXToken.instruction(target: String(decoding: target, as: UTF8.self),
                                             body: String(decoding: rest, as: UTF8.self))
            try consume(length)
            return token
        case 0x21: // <!-- -->, <![CDATA[ ]]>, or a refused declaration
            if try starts(with: Array("<!--".utf8), in: &source) {
                let length = try delimited(by: Array("-->".utf8), from: 4, what: "a comment (<!-- … -->)", in: &source)
                try consume(length)
                return nil
            }
            if try starts(with: Array("<![CDATA[".utf8), in: &source) {
                let length = try delimited(by: Array("]]>".utf8), from: 9, what: "a CDATA section", in: &source)
                try consume(9)
                let text = try decodeValue(length: length - 12, entities: false)
                try consume(3)
                return text.map(OFXToken.text)
            }
            let word = buffer[(index + 2)...].prefix { !OFXScanner.isBlank($0) && $0 != 0x3E && $0 != 0x5B }.prefix(16)
            let shown = String(decoding: word, as: UTF8.self)
            throw KontorError(
                .badInput,
                "the file contains a <!\(shown) declaration; OFX needs no DOCTYPE or entity declarations, and Kontor refuses them so that no entity is ever expanded or loaded",
                hint: "remove the <!\(shown) …> block, or download the statement again from the bank",
                at: position)
        default: // <NAME> or <NAME/>
            let length = try tagLength(from: &source)
            let (name, selfClosing) = try tagName(from: 1, to: length - 1, allowSelfClosing: true)
            try consume(length)
            if selfClosing { pendingClose = name }
            return .open(name)
        }
    }

    /// The length of the tag at `index`, through its `>`.
    mutating func tagLength(from source: inout some ByteSource) throws(KontorError) -> Int {
        switch try find([0x3E], from: 1, limit: OFXScanner.maximumTagBytes, in: &source) {
        case .found(let offset): return offset + 1
        case .end: throw truncated("a tag")
        case .tooLong:
            throw KontorError(.badInput, "a '<' starts a tag that does not end within \(OFXScanner.maximumTagBytes) bytes",
                              hint: "a '<' inside a value must be written &lt;; otherwise the file is damaged", at: position)
        }
    }

    /// The length of the construct at `index`, through its closing `delimiter`.
    mutating func delimited(by delimiter: [UInt8], from start: Int, what: String,
                            in source: inout some ByteSource) throws(KontorError) -> Int {
        switch try find(delimiter, from: start, limit: OFXScanner.maximumValueBytes, in: &source) {
        case .found(let offset): return offset + delimiter.count
        case .end: throw truncated(what)
        case .tooLong:
            throw KontorError(.badInput, "\(what) does not end within \(OFXScanner.maximumValueBytes) bytes",
                              hint: "the file is damaged or not an OFX statement", at: position)
        }
    }

    /// Whether the unread bytes start with `prefix`.
    mutating func starts(with prefix: [UInt8], in source: inout some ByteSource) throws(KontorError) -> Bool {
        _ = try ensure(prefix.count, from: &source)
        return buffer[index...].starts(with: prefix)
    }

    /// The upper-cased element name between offsets `start` and `end` of the tag at
    /// `index` (`end` is the offset of `>`). Whitespace may follow the name; in an open tag
    /// attributes are skipped (OFX has none) and a final `/` makes it self-closing.
    func tagName(from start: Int, to end: Int, allowSelfClosing: Bool) throws(KontorError) -> (name: String, selfClosing: Bool) {
        let nameStart = index + start
        var nameEnd = nameStart
        let stop = index + end
        while nameEnd < stop, OFXScanner.isNameByte(buffer[nameEnd]) { nameEnd += 1 }
        var name = buffer[nameStart..<nameEnd]
        if let colon = name.lastIndex(of: 0x3A) { name = name[(colon + 1)...] } // <ofx:OFX>: drop the prefix
        var selfClosing = false
        var rest = stop
        if allowSelfClosing, rest > nameEnd, buffer[rest - 1] == 0x2F {
            selfClosing = true
            rest -= 1
        }
        let restIsValid = nameEnd == rest || OFXScanner.isBlank(buffer[nameEnd])
        let closeRestIsBlank = allowSelfClosing || buffer[nameEnd..<rest].allSatisfy(OFXScanner.isBlank)
        guard !name.isEmpty, name.first.map({ !($0 >= 0x30 && $0 <= 0x39) && $0 != 0x2D && $0 != 0x2E }) ?? false,
              restIsValid, closeRestIsBlank else {
            let shown = String(decoding: buffer[index..<min(stop + 1, index + 40)].map { $0 < 0x20 || $0 >= 0x7F ? 0x3F : $0 }, as: UTF8.self)
            throw KontorError(.badInput, "'\(shown)' is not a valid OFX tag",
                              hint: "a '<' inside a value must be written &lt;; otherwise the file is damaged",
                              at: position)
        }
        let text = String(unsafeUninitializedCapacity: name.count) { output in
            var written = 0
            for byte in name {
                output[written] = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                written += 1
            }
            return written
        }
        return (text, selfClosing)
    }

    @inline(__always) static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x3A
    }

    /// The error for an input that ends inside `what`.
    func truncated(_ what: String) -> KontorError {
        KontorError(.badInput, "the file ends inside \(what) that starts here: it is truncated",
                    hint: "download the statement again; the copy Kontor got is incomplete", at: position)
    }
}
