/// Writes CSV that opens safely in a spreadsheet (RFC 4180 quoting, CRLF line ends).
///
/// Text cells that a spreadsheet would run as a formula — beginning with `=`, `+`, `-`,
/// `@`, tab, CR, LF or NUL (OWASP CSV injection, CWE-1236) — are prefixed with `'`.
/// Numbers come from Kontor's own formatter and are written as they are, so a negative
/// amount stays a number.
public struct CSVWriter: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(String)
        case empty
    }

    public let delimiter: Character
    public private(set) var output = ""

    public init(delimiter: Character = ",") {
        self.delimiter = delimiter
    }

    public mutating func row(_ cells: [Cell]) {
        output += cells.map(render).joined(separator: String(delimiter))
        output += "\r\n"
    }

    public mutating func header(_ names: [String]) {
        row(names.map(Cell.text))
    }

    func render(_ cell: Cell) -> String {
        switch cell {
        case .empty: return ""
        case .number(let text): return text
        case .text(var text):
            if let first = text.unicodeScalars.first, CSVWriter.formulaStarts.contains(first) {
                text = "'" + text
            }
            guard text.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    || text.first == " " || text.last == " " else { return text }
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "\0"]
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
