extension KontorError {
    /// One error for several problems of one file (a file is all-or-nothing, and the
    /// person fixing it wants every line at once): the first problem's position, and a
    /// message that lists each problem with its line and column.
    ///
    /// At most `limit` problems are listed; the count says how many there were.
    public static func combined(_ errors: [KontorError], limit: Int = 20) -> KontorError? {
        guard let first = errors.first else { return nil }
        guard errors.count > 1 else { return first }
        var lines = errors.prefix(limit).map { error in
            let position = error.position.map { position -> String in
                var text = position.line.map { "line \($0)" } ?? ""
                if let column = position.column { text += (text.isEmpty ? "" : ", ") + "column \(column)" }
                if let path = position.path, position.line == nil { text = path }
                return text.isEmpty ? "" : text + ": "
            } ?? ""
            return position + error.message
        }
        if errors.count > limit { lines.append("… and \(errors.count - limit) more") }
        return KontorError(first.code, "\(errors.count) problems: " + lines.joined(separator: "; "),
                           hint: first.hint, at: first.position)
    }
}
