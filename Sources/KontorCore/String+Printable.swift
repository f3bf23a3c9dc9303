extension String {
    /// The text with control characters (C0, DEL, C1 — terminal escape sequences among
    /// them) written as `\u{1b}`, so a hostile file name or field value printed on a
    /// terminal shows what it is instead of acting on the terminal.
    public var printable: String {
        guard unicodeScalars.contains(where: String.isControl) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if String.isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
