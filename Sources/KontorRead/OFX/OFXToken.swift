/// One piece of OFX markup, as ``OFXScanner`` hands it to the statement builder.
///
/// Tag names are upper-cased; text is trimmed, decoded to Unicode and entity-expanded.
/// Whitespace between tags and comments yield no token.
enum OFXToken: Sendable, Equatable {
    /// `<NAME>` (or the first half of `<NAME/>`).
    case open(String)
    /// `</NAME>` (or the second half of `<NAME/>`).
    case close(String)
    /// A value: the text between two tags.
    case text(String)
    /// `<?target body?>`: the XML declaration and the OFX 2 header.
    case instruction(target: String, body: String)
    /// The end of the input.
    case end
}
