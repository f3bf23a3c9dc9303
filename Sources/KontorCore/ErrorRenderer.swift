import Foundation

/// Renders errors for people and programs: the one place (STYLE.md 8) that turns any
/// error into CLI text, a JSON object (`--format json`, `rejected/<name>.error.json`) and
/// an exit status. An error that is not a ``KontorError`` is a bug: it is shown as an
/// internal error, never as a Swift dump.
public enum ErrorRenderer {
    /// Exit statuses (sysexits): 0 ok, 1 some inputs were rejected, 64 usage, 65 bad
    /// input data, 66 not found, 70 internal, 74 I/O, 78 configuration.
    public static let ok: Int32 = 0
    public static let someRejected: Int32 = 1

    /// Any error as a ``KontorError``; foreign errors become `internal`.
    public static func normalize(_ error: any Error) -> KontorError {
        if let error = error as? KontorError { return error }
        return KontorError(.internal, "internal error: an unexpected failure stopped this operation",
                           hint: "this is a bug in Kontor; the detail line below (and the daemon's log in var/log/) says what failed",
                           cause: String(describing: error))
    }

    /// `error: expenses.csv:3:2 (amount): '12,x' is not an amount` + an indented hint line,
    /// and for an internal or I/O error the underlying cause (`detail:`), which the JSON
    /// forms leave out.
    public static func text(_ error: any Error) -> String {
        let error = normalize(error)
        var line = "error: "
        if let position = error.position { line += position.label.printable + ": " }
        line += error.message.printable
        if let hint = error.hint { line += "\n  hint: \(hint.printable)" }
        if let cause = error.cause, error.code == .internal || error.code == .io { line += "\n  detail: \(cause.printable)" }
        return line
    }

    public static func exitCode(_ error: any Error) -> Int32 { normalize(error).code.exitCode }

    /// The JSON object of an error. Keys are stable: `code`, `message`, `hint`, `file`,
    /// `line`, `column`, `field`, `path`, `record`. The cause of an internal error is left
    /// out (it goes to the log), so outputs never leak internals.
    public static func json(_ error: any Error) -> [String: JSONValue] {
        let error = normalize(error)
        var object: [String: JSONValue] = ["code": .string(error.code.description), "message": .string(error.message)]
        if let hint = error.hint { object["hint"] = .string(hint) }
        if let position = error.position {
            if let file = position.file { object["file"] = .string(file) }
            if let line = position.line { object["line"] = .int(Int64(line)) }
            if let column = position.column { object["column"] = .int(Int64(column)) }
            if let field = position.field { object["field"] = .string(field) }
            if let path = position.path { object["path"] = .string(path) }
            if let record = position.recordID { object["record"] = .string(record) }
        }
        return object
    }
}
