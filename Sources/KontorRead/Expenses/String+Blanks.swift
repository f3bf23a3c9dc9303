extension String {
    /// The text without spaces, tabs, no-break spaces and line breaks at both ends. Works
    /// on UTF-8 bytes: the common case (nothing to trim) costs two byte checks.
    func trimmingBlanks() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if !Self.isBlankByte(first) && !Self.isBlankByte(last) && first < 0x80 && last < 0x80 { return String(self) }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" || $0.isNewline }
        guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[start...end])
    }

    private static func isBlankByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
