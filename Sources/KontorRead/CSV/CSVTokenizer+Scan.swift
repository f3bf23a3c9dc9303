import KontorCore

// The byte-level state machine of ``CSVTokenizer``: a tight loop over one chunk that
// copies runs of field bytes at once and never builds a String.
extension CSVTokenizer {
    enum ScanOutcome {
        /// The chunk is used up without finishing a row.
        case needMore
        /// A row ended after `consumed` bytes of the chunk.
        case row(consumed: Int)
        case failure(KontorError)
    }

    private static let quote: UInt8 = 0x22
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> ScanOutcome {
        let delimiter = self.delimiter.rawValue
        let quote = CSVTokenizer.quote, cr = CSVTokenizer.cr, lf = CSVTokenizer.lf
        let count = buffer.count
        var index = 0
        while index < count {
            switch state {
            case .rowStart:
                let byte = buffer[index]
                if byte == lf && lastWasCR {
                    lastWasCR = false
                    index += 1
                    continue
                }
                lastWasCR = false
                if byte == cr || byte == lf {  // an empty line: skipped
                    line += 1
                    lastWasCR = byte == cr
                    index += 1
                    continue
                }
                rowLine = line
                state = .fieldStart
            case .fieldStart:
                let byte = buffer[index]
                if byte == quote {
                    state = .quoted
                    quoteLine = line
                    index += 1
                } else if byte == delimiter {
                    if let error = closeField() { return .failure(error) }
                    index += 1
                } else if byte == cr || byte == lf {
                    if let error = closeField() { return .failure(error) }
                    return .row(consumed: endLine(byte, at: index))
                } else {
                    state = .unquoted
                }
            case .unquoted:
                var end = index
                while end < count {
                    let byte = buffer[end]
                    if byte == delimiter || byte == cr || byte == lf || byte == quote { break }
                    end += 1
                }
                if let error = append(buffer, index..<end) { return .failure(error) }
                index = end
                guard end < count else { return .needMore }
                let byte = buffer[end]
                if byte == quote && acceptsStrayQuotes {
                    if let error = append(buffer, end..<end + 1) { return .failure(error) }
                    index = end + 1
                    continue
                }
                if byte == quote {
                    return .failure(KontorError(
                        .badInput, "a double quote appears inside an unquoted field",
                        hint: "enclose the whole field in double quotes and write each quote inside it twice: \"a \"\"b\"\" c\"",
                        at: SourcePosition(line: line, column: fieldEnds.count + 1)))
                }
                if let error = closeField() { return .failure(error) }
                if byte == delimiter {
                    state = .fieldStart
                    index += 1
                } else {
                    return .row(consumed: endLine(byte, at: index))
                }
            case .quoted:
                var end = index
                while end < count {
                    let byte = buffer[end]
                    if byte == quote || byte == cr || byte == lf { break }
                    end += 1
                }
                if end > index {
                    lastWasCR = false
                    if let error = append(buffer, index..<end) { return .failure(error) }
                }
                index = end
                guard end < count else { return .needMore }
                let byte = buffer[end]
                if byte == quote {
                    lastWasCR = false
                    state = .quoteInQuoted
                } else {
                    if let error = append(buffer, end..<end + 1) { return .failure(error) }
                    if byte == cr || !lastWasCR { line += 1 }
                    lastWasCR = byte == cr
                }
                index += 1
            case .quoteInQuoted:
                let byte = buffer[index]
                if byte == quote {
                    if let error = append(buffer, index..<index + 1) { return .failure(error) }
                    state = .quoted
                    index += 1
                } else if byte == delimiter {
                    if let error = closeField() { return .failure(error) }
                    state = .fieldStart
                    index += 1
                } else if byte == cr || byte == lf {
                    if let error = closeField() { return .failure(error) }
                    return .row(consumed: endLine(byte, at: index))
                } else if acceptsStrayQuotes {
                    state = .unquoted
                } else {
                    let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "a byte 0x\(String(byte, radix: 16))"
                    return .failure(KontorError(
                        .badInput, "\(shown) follows the closing quote of a quoted field",
                        hint: "a quote inside a quoted field is written twice (\"\"); the closing quote must be followed by \(self.delimiter) or the end of the line",
                        at: SourcePosition(line: line, column: fieldEnds.count + 1)))
                }
            case .finished:
                return .needMore
            }
        }
        return .needMore
    }

    /// Ends the row at a CR or LF at `index`; returns the bytes consumed.
    private mutating func endLine(_ byte: UInt8, at index: Int) -> Int {
        line += 1
        lastWasCR = byte == CSVTokenizer.cr
        state = .rowStart
        return index + 1
    }

    /// Appends field bytes, enforcing the field and row caps.
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> KontorError? {
        guard !range.isEmpty else { return nil }
        rowBytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
        let fieldLength = rowBytes.count - (fieldEnds.last ?? 0)
        if fieldLength > limits.maximumFieldBytes {
            return KontorError(.badInput, "a field is longer than \(limits.maximumFieldBytes) bytes",
                               hint: "check for a missing closing quote before this point; fields this long are not expense data",
                               at: SourcePosition(line: rowLine, column: fieldEnds.count + 1))
        }
        if rowBytes.count > limits.maximumRowBytes {
            return KontorError(.badInput, "a row is longer than \(limits.maximumRowBytes) bytes",
                               hint: "check for a missing closing quote before this point",
                               at: SourcePosition(line: rowLine))
        }
        return nil
    }

    /// Ends the current field, enforcing the field-count cap.
    private mutating func closeField() -> KontorError? {
        guard fieldEnds.count < limits.maximumFieldsPerRow else {
            return KontorError(.badInput, "a row has more than \(limits.maximumFieldsPerRow) fields",
                               hint: "check that the delimiter is right", at: SourcePosition(line: rowLine))
        }
        endField()
        return nil
    }
}
