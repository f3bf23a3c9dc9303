import KontorCore
import Yams

extension ConfigNode {
    /// The text of a scalar. Numbers and booleans are accepted as their text, so
    /// `tax_id: 123` reads as `"123"`; a mapping, list or empty value is an error.
    func string(expected: String = "a text") throws(KontorError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("\(label) must be \(expected), found \(kindDescription)")
        }
        return scalar.string
    }

    /// A non-empty string after trimming spaces.
    func nonEmptyString(expected: String = "a text") throws(KontorError) -> String {
        let text = try string(expected: expected)
        let trimmed = text.trimmedSpaces
        guard !trimmed.isEmpty else { throw error("\(label) must be \(expected), found an empty text") }
        return trimmed
    }

    /// `true` or `false`, exactly (YAML 1.1's `yes`/`on` are refused: they surprise people).
    func bool() throws(KontorError) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else {
            throw error("\(label) must be true or false, found \(kindDescription)", hint: "write true or false")
        }
        switch scalar.string {
        case "true": return true
        case "false": return false
        default: throw error("\(label) must be true or false, found \(kindDescription)", hint: "write true or false")
        }
    }

    /// A whole number in `range` (digits only; `_` separators such as `1_000` allowed).
    func integer(in range: ClosedRange<Int64>, unit: String = "") throws(KontorError) -> Int64 {
        let text = try string(expected: "a whole number")
        let digits = text.filter { $0 != "_" }
        let suffix = unit.isEmpty ? "" : " \(unit)"
        let hint = "write a whole number from \(range.lowerBound) to \(range.upperBound), such as \(label): \(range.lowerBound)"
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int64(digits) else {
            throw error("\(label) must be a whole number\(unit.isEmpty ? "" : " of \(unit)"), found '\(text)'", hint: hint)
        }
        guard range.contains(value) else {
            throw error("\(label) must be between \(range.lowerBound) and \(range.upperBound)\(suffix), found \(value)", hint: hint)
        }
        return value
    }

    /// The elements of a list.
    func sequence(of expected: String) throws(KontorError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else {
            throw error("\(label) must be a list of \(expected), found \(kindDescription)",
                        hint: "start each \(label) entry on its own line with '- '")
        }
        return sequence.enumerated().map { element($0.element, index: $0.offset) }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
