import KontorCore
import Testing

/// What a person sees of an error on the command line.
@Suite struct ErrorRendererTests {
    struct Unexpected: Error, CustomStringConvertible { var description: String { "disk full (errno 28)" } }

    /// A failure that is not Kontor's own is an internal error (exit 70) whose detail is
    /// shown in text, never in the JSON that outputs and rejected files carry.
    @Test func foreignErrorsAreInternalWithTheirDetailInTextOnly() {
        #expect(ErrorRenderer.exitCode(Unexpected()) == 70)
        let text = ErrorRenderer.text(Unexpected())
        #expect(text.hasPrefix("error: internal error: an unexpected failure stopped this operation"))
        #expect(text.hasSuffix("\n  detail: disk full (errno 28)"))
        #expect(ErrorRenderer.json(Unexpected())["detail"] == nil)
        #expect(!ErrorRenderer.json(Unexpected()).values.contains { $0.stringValue?.contains("errno") == true })
    }

    @Test func anIOErrorShowsItsCauseAndABadInputErrorDoesNot() {
        let io = KontorError(.io, "cannot read outbox/acme", hint: "check the permissions", cause: "Permission denied")
        #expect(ErrorRenderer.text(io) == "error: cannot read outbox/acme\n  hint: check the permissions\n  detail: Permission denied")
        let bad = KontorError(.badInput, "'x' is not an amount", cause: "internal parser state")
        #expect(ErrorRenderer.text(bad) == "error: 'x' is not an amount")
    }
}
