/// Why one OFX value (an amount, a date, an entity) could not be read. The builder adds
/// the position and turns it into a ``KontorError``.
struct OFXValueProblem: Error, Sendable, Equatable {
    var message: String
    var hint: String?
    /// The byte offset inside the value where the problem is, when it is known.
    var offset: Int?

    init(_ message: String, hint: String? = nil, offset: Int? = nil) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }
}
