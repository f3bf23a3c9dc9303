import KontorCore

/// A streaming tag scanner for OFX 1 (SGML) and OFX 2 (XML): turns chunks of bytes into
/// ``OFXToken``s without building a document.
///
/// It works on bytes and keeps only the unread rest of the current chunk plus the token
/// being scanned, so memory stays flat however long the statement is. It knows nothing of
/// element nesting (SGML leaves need not be closed); ``OFXStatementBuilder`` does that.
/// It tracks the line and column of every token for error messages, refuses NUL bytes
/// (binary data) and any `<!DOCTYPE`/`<!ENTITY` declaration, and caps the length of a tag
/// and of a value.
struct OFXScanner {
    /// The longest value, comment or CDATA section accepted (OFX values are at most a few
    /// hundred bytes; a longer one means the file is not what it claims).
    static let maximumValueBytes = 1 << 20
    /// The longest tag, `<` to `>`.
    static let maximumTagBytes = 1 << 12

    var buffer: [UInt8] = []
    /// The next unread byte in `buffer`.
    var index = 0
    /// The input offset of `buffer[0]`.
    var base = 0
    var exhausted = false
    /// Line of the next unread byte, the input offset where that line starts, and whether
    /// the last byte consumed was a CR (so that CRLF counts once).
    var line = 1
    var lineStart = 0
    var lastWasCR = false
    /// How values are decoded; the prologue and the XML declaration set it.
    var encoding = OFXTextEncoding.auto
    /// The close half of a `<NAME/>` already returned as open.
    var pendingClose: String?
    /// Where the last token (or, for text, its first non-blank byte) starts.
    private(set) var tokenLine = 1
    private(set) var tokenColumn = 1

    /// The position of the last token.
    var position: SourcePosition { SourcePosition(line: tokenLine, column: tokenColumn) }

    /// The position of the last token, cheaply.
    var location: OFXLocation { OFXLocation(line: tokenLine, column: tokenColumn) }

    /// The position of the next unread byte.
    var here: SourcePosition { SourcePosition(line: line, column: base + index - lineStart + 1) }

    /// The next token; `.end` at the end of the input.
    mutating func next(from source: inout some ByteSource) throws(KontorError) -> OFXToken {
        if let name = pendingClose {
            pendingClose = nil
            return .close(name)
        }
        while true {
            guard try ensure(1, from: &source) else {
                markToken()
                return .end
            }
            if buffer[index] == 0x3C {
                if let token = try markup(from: &source) { return token }
            } else if let text = try text(from: &source) {
                return .text(text)
            }
        }
    }

    // MARK: Buffer

    /// Appends the next chunk, dropping what was consumed. False at the end of the input.
    mutating func fill(from source: inout some ByteSource) throws(KontorError) -> Bool {
        guard !exhausted else { return false }
        guard let chunk = try source.nextChunk() else {
            exhausted = true
            return false
        }
        if index > 0 {
            buffer.removeSubrange(0..<index)
            base += index
            index = 0
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    /// Makes `count` unread bytes available; false when the input ends first.
    mutating func ensure(_ count: Int, from source: inout some ByteSource) throws(KontorError) -> Bool {
        while buffer.count - index < count {
            guard try fill(from: &source) else { return false }
        }
        return true
    }

    enum Search { case found(Int), end, tooLong }

    /// Looks for `pattern` in the unread bytes at or after offset `start` (relative to
    /// `index`), reading more input as needed, but no further than `limit` bytes.
    /// `.found` gives the offset of the pattern's first byte.
    mutating func find(_ pattern: [UInt8], from start: Int, limit: Int,
                       in source: inout some ByteSource) throws(KontorError) -> Search {
        var from = start
        let last = pattern[pattern.count - 1]
        let lead = pattern.count - 1
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { bytes in
                var position = index + from + lead
                let end = min(bytes.count, index + limit)
                while position < end {
                    if bytes[position] == last {
                        var matches = true
                        var offset = 0
                        while offset < lead {
                            if bytes[position - lead + offset] != pattern[offset] { matches = false; break }
                            offset += 1
                        }
                        if matches { return position - lead - index }
                    }
                    position += 1
                }
                return nil
            }
            if let found { return .found(found) }
            from = max(start, buffer.count - index - lead)
            if buffer.count - index >= limit { return .tooLong }
            guard try fill(from: &source) else { return .end }
        }
    }

    /// Consumes `count` bytes, counting lines and refusing NUL bytes.
    mutating func consume(_ count: Int) throws(KontorError) {
        var line = self.line
        var lineStart = self.lineStart
        var lastWasCR = self.lastWasCR
        let base = self.base
        let nul: Int? = buffer.withUnsafeBufferPointer { bytes in
            var position = index
            let end = index + count
            while position < end {
                let byte = bytes[position]
                if byte <= 0x0D {
                    if byte == 0x0A {
                        if !lastWasCR { line += 1 }
                        lineStart = base + position + 1
                        lastWasCR = false
                    } else if byte == 0x0D {
                        line += 1
                        lineStart = base + position + 1
                        lastWasCR = true
                    } else if byte == 0 {
                        return position
                    } else {
                        lastWasCR = false
                    }
                } else {
                    lastWasCR = false
                }
                position += 1
            }
            return nil
        }
        if let nul {
            let column = base + nul - lineStart + 1
            throw KontorError(.badInput, "the file contains a NUL byte: it is binary data, not an OFX statement",
                              hint: "check that this is the statement file the bank offers as OFX/QFX (a text file), not a PDF, archive or damaged download",
                              at: SourcePosition(line: line, column: column))
        }
        self.line = line
        self.lineStart = lineStart
        self.lastWasCR = lastWasCR
        index += count
    }

    /// Records the next unread byte as the start of a token.
    mutating func markToken() {
        tokenLine = line
        tokenColumn = base + index - lineStart + 1
    }

    // MARK: Text

    /// The value up to the next `<` (or the end), trimmed and decoded; nil when blank.
    mutating func text(from source: inout some ByteSource) throws(KontorError) -> String? {
        let length: Int
        switch try find([0x3C], from: 0, limit: OFXScanner.maximumValueBytes, in: &source) {
        case .found(let offset): length = offset
        case .end: length = buffer.count - index
        case .tooLong:
            markToken()
            throw KontorError(.badInput, "a value is longer than \(OFXScanner.maximumValueBytes) bytes",
                              hint: "OFX values are short; this file is damaged or not an OFX statement", at: position)
        }
        return try decodeValue(length: length, entities: true)
    }

    /// Consumes `length` bytes and returns them as a trimmed, decoded value (nil if blank).
    mutating func decodeValue(length: Int, entities: Bool) throws(KontorError) -> String? {
        let (first, end) = buffer.withUnsafeBufferPointer { bytes -> (Int, Int) in
            var first = index
            var end = index + length
            while first < end, OFXScanner.isBlank(bytes[first]) { first += 1 }
            while end > first, OFXScanner.isBlank(bytes[end - 1]) { end -= 1 }
            return (first - index, end - index)
        }
        guard first < end else {
            try consume(length)
            return nil
        }
        try consume(first)
        markToken()
        let encoding = self.encoding
        let start = index
        let decoded: Result<String, OFXValueProblem> = buffer.withUnsafeBufferPointer { bytes in
            let value = UnsafeBufferPointer(rebasing: bytes[start..<(start + end - first)])
            do throws(OFXValueProblem) {
                return .success(try encoding.decode(value, entities: entities))
            } catch {
                return .failure(error)
            }
        }
        switch decoded {
        case .success(let text):
            try consume(length - first)
            return text
        case .failure(let problem):
            if let offset = problem.offset { try consume(offset) }
            throw KontorError(.badInput, problem.message, hint: problem.hint, at: here)
        }
    }

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
