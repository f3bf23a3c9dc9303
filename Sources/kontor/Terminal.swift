#if canImport(Glibc)
import Glibc
#endif
import KontorCore

/// Writing to the terminal: data to stdout, diagnostics to stderr.
enum Terminal {
    /// Ends a command with a status that is not an error (1: some files were rejected).
    struct ExitStatus: Error {
        var code: Int32
    }

    /// Set by commands that print JSON, so errors come out as JSON too.
    nonisolated(unsafe) static var jsonErrors = false

    static func print(_ text: String) {
        Swift.print(text)
    }

    static func note(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func error(_ error: any Error) {
        if jsonErrors {
            note(JSONValue.object(["error": .object(ErrorRenderer.json(error))]).serialized())
        } else {
            note(ErrorRenderer.text(error))
        }
    }

    static func exit(_ code: Int32) -> Never {
        fflush(nil)
        Glibc.exit(code)
    }
}
