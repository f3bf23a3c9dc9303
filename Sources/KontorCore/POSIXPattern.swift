#if canImport(Glibc)
import Glibc
#endif

/// A POSIX extended regular expression (`regcomp` with REG_EXTENDED | REG_ICASE |
/// REG_NOSUB), matched case-insensitively. Rules use the ERE subset every bookkeeping
/// tool shares (literals, `.`, `*`, `+`, `?`, `[...]`, `(...)`, `|`, `^`, `$`), and glibc's
/// matcher runs it in about a microsecond where Swift's `Regex` took tens.
///
/// Patterns are compiled under the C.UTF-8 character type, so `.` matches one character
/// (`F.rs.kringar` matches `Försäkringar`), not one byte.
public final class POSIXPattern: @unchecked Sendable {
    // @unchecked: the compiled regex_t is never changed after init; glibc's regexec takes
    // its own lock, so concurrent matching is safe.
    private var compiled = regex_t()
    /// Texts (ASCII, lower case) of which every match contains at least one, when the
    /// pattern pins them down: a text without any of them cannot match, and needs no
    /// `regexec`. Rules are mostly names (`REWE`, `(EDEKA|ALDI SUED)`), so most rules are
    /// decided by this test.
    let requiredLiterals: [[UInt8]]?

    public init?(_ pattern: String) {
        _ = POSIXPattern.utf8Locale
        guard regcomp(&compiled, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0 else { return nil }
        requiredLiterals = POSIXPattern.requiredLiterals(Array(pattern.utf8))
    }

    deinit {
        regfree(&compiled)
    }

    public func matches(_ text: String) -> Bool {
        regexec(&compiled, text, 0, nil, 0) == 0
    }

    /// A text prepared once for matching against many patterns.
    public struct Subject {
        let text: String
        /// The text in ASCII lower case; nil when it has other characters (case folding
        /// beyond ASCII is left to glibc).
        let folded: [UInt8]?

        public init(_ text: String) {
            self.text = text
            var bytes = Array(text.utf8)
            for index in bytes.indices {
                let byte = bytes[index]
                if byte >= 0x80 { folded = nil; return }
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { bytes[index] = byte + 32 }
            }
            folded = bytes
        }
    }

    public func matches(_ subject: Subject) -> Bool {
        if let literals = requiredLiterals, let folded = subject.folded,
           !literals.contains(where: { POSIXPattern.contains(folded, $0) }) {
            return false
        }
        return matches(subject.text)
    }

    /// The required texts, for tests and diagnostics.
    public var requiredTexts: [String]? { requiredLiterals?.map { String(decoding: $0, as: UTF8.self) } }

    static func contains(_ text: [UInt8], _ literal: [UInt8]) -> Bool {
        guard let first = literal.first else { return true }
        guard literal.count <= text.count else { return false }
        var start = 0
        let last = text.count - literal.count
        while start <= last {
            if text[start] == first {
                var offset = 1
                while offset < literal.count, text[start + offset] == literal[offset] { offset += 1 }
                if offset == literal.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The literal texts one of which every match of `pattern` contains: per top-level
    /// branch the longest run of plain characters outside groups, brackets and
    /// quantifiers, or a group of plain alternatives; nil when a branch has neither.
    static func requiredLiterals(_ pattern: [UInt8]) -> [[UInt8]]? {
        var branches: [[UInt8]] = [[]]
        var depth = 0, index = 0
        while index < pattern.count {
            let byte = pattern[index]
            switch byte {
            case UInt8(ascii: "\\"):
                branches[branches.count - 1].append(byte)
                if index + 1 < pattern.count { branches[branches.count - 1].append(pattern[index + 1]) }
                index += 2
                continue
            case UInt8(ascii: "["):
                let end = bracketEnd(pattern, from: index)
                branches[branches.count - 1].append(contentsOf: pattern[index..<end])
                index = end
                continue
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: "|") where depth == 0:
                branches.append([])
                index += 1
                continue
            default: break
            }
            branches[branches.count - 1].append(byte)
            index += 1
        }
        var result: [[UInt8]] = []
        for branch in branches {
            guard let literals = branchLiterals(branch) else { return nil }
            result.append(contentsOf: literals)
        }
        return result.isEmpty ? nil : result
    }

    /// One branch (no top-level `|`): its longest required run, or a required group of
    /// plain alternatives.
    private static func branchLiterals(_ branch: [UInt8]) -> [[UInt8]]? {
        var best: [UInt8] = [], run: [UInt8] = []
        var alternatives: [[UInt8]]?
        func commit() {
            if run.count > best.count { best = run }
            run = []
        }
        func isQuantifier(_ at: Int) -> Bool {
            at < branch.count && [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{")].contains(branch[at])
        }
        var index = 0
        while index < branch.count {
            let byte = branch[index]
            switch byte {
            case UInt8(ascii: "\\"):
                // `\.` is a literal dot; `\w`, `\b`… are GNU classes and anchors.
                guard index + 1 < branch.count else { return nil }
                let next = branch[index + 1]
                let isPlain = next < 0x80 && !(isLetterOrDigit(next))
                index += 2
                if isQuantifier(index) || !isPlain { commit(); continue }
                run.append(lowercased(next))
                if index < branch.count, branch[index] == UInt8(ascii: "+") { commit(); index += 1 }
                continue
            case UInt8(ascii: "("):
                commit()
                var depth = 0, end = index
                while end < branch.count {
                    if branch[end] == UInt8(ascii: "\\") { end += 2; continue }
                    if branch[end] == UInt8(ascii: "[") { end = bracketEnd(branch, from: end); continue }
                    if branch[end] == UInt8(ascii: "(") { depth += 1 }
                    if branch[end] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                guard end < branch.count else { return nil }
                let inner = Array(branch[(index + 1)..<end])
                index = end + 1
                if isQuantifier(index) { continue }
                if alternatives == nil, !inner.isEmpty, inner.allSatisfy(isPlainOrBar) {
                    let options = inner.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map { Array($0).map(lowercased) }
                    if options.allSatisfy({ !$0.isEmpty }) { alternatives = options }
                }
                continue
            case UInt8(ascii: "["):
                commit()
                index = bracketEnd(branch, from: index)
                continue
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: ")"):
                commit()
            case UInt8(ascii: "?"), UInt8(ascii: "*"):
                if !run.isEmpty { run.removeLast() }
                commit()
            case UInt8(ascii: "{"):
                if !run.isEmpty { run.removeLast() }
                commit()
                while index < branch.count, branch[index] != UInt8(ascii: "}") { index += 1 }
            case UInt8(ascii: "+"):
                commit()
            default:
                guard byte < 0x80 else { commit(); break }
                if isQuantifier(index + 1) {
                    commit()
                } else {
                    run.append(lowercased(byte))
                }
            }
            index += 1
        }
        commit()
        if best.count >= 2 || (alternatives == nil && !best.isEmpty) { return [best] }
        return alternatives
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// A character that stands for itself in an ERE, or the `|` between alternatives.
    private static func isPlainOrBar(_ byte: UInt8) -> Bool {
        byte < 0x80 && !"\\[](){}.*+?^$".utf8.contains(byte)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// The index after the bracket expression that starts at `start` (`[`), where `]`
    /// right after `[` or `[^` is a member.
    private static func bracketEnd(_ pattern: [UInt8], from start: Int) -> Int {
        var index = start + 1
        if index < pattern.count, pattern[index] == UInt8(ascii: "^") { index += 1 }
        if index < pattern.count, pattern[index] == UInt8(ascii: "]") { index += 1 }
        while index < pattern.count, pattern[index] != UInt8(ascii: "]") {
            // [:alpha:], [.x.], [=x=] hold their own closing bracket.
            if pattern[index] == UInt8(ascii: "["), index + 1 < pattern.count,
               [UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "=")].contains(pattern[index + 1]) {
                let delimiter = pattern[index + 1]
                index += 2
                while index + 1 < pattern.count, !(pattern[index] == delimiter && pattern[index + 1] == UInt8(ascii: "]")) { index += 1 }
                index += 2
                continue
            }
            index += 1
        }
        return min(index + 1, pattern.count)
    }

    /// glibc's regex follows LC_CTYPE; a process starts in the "C" locale, where `.` is a
    /// byte. Switched once, for character classification only.
    private static let utf8Locale: Bool = setlocale(LC_CTYPE, "C.UTF-8") != nil
}
