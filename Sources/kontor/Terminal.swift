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

    /// Writes bytes to stdout as they are (a PDF), after what `print` buffered.
    static func writeBytes(_ bytes: [UInt8]) throws(KontorError) {
        fflush(nil)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw KontorError(.io, "could not write to standard output", cause: String(cString: strerror(errno)))
            }
            offset += written
        }
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
