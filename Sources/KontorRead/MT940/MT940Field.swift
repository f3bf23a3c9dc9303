/// One field of an MT940 message: its tag (`20`, `61`, `86`, `60F`) and its content
/// lines as written (a field may continue over several lines), with the line it starts on.
struct MT940Field: Sendable {
    var tag: String
    var lines: [String]
    var line: Int

    /// The content bytes so far (continuation lines included), for the size cap.
    var byteCount: Int { lines.reduce(0) { $0 + $1.utf8.count } }

    /// The field starting on a physical line, when the line starts with a tag: `:NN:`,
    /// `:NNa:` or `:NS:`. Returns nil for a continuation or preamble line.
    static func start(of text: String, line: Int) -> MT940Field? {
        let bytes = Array(text.utf8.prefix(6))
        guard bytes.count >= 4, bytes[0] == 0x3A else { return nil }
        func digit(_ index: Int) -> Bool { index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        var end: Int
        if digit(1), digit(2) {
            end = 3
            if end < bytes.count, bytes[end] >= 0x41, bytes[end] <= 0x5A { end += 1 }
        } else if bytes[1] == 0x4E, bytes[2] == 0x53 {  // :NS: (bank-specific non-SWIFT field)
            end = 3
        } else {
            return nil
        }
        guard end < bytes.count, bytes[end] == 0x3A else { return nil }
        let tag = String(decoding: bytes[1..<end], as: UTF8.self)
        let content = String(text.utf8.dropFirst(end + 1)) ?? ""
        return MT940Field(tag: tag, lines: [content], line: line)
    }
}
