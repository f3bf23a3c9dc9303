import KontorCore

/// A path inside an archive that Kontor writes: relative, `/`-separated, made of portable
/// characters only, and short enough for a plain ustar header.
///
/// The rules are deliberately narrow so that every tool and every platform unpacks the
/// same names, and so that no entry needs a pax extended header (whose contents could
/// vary): ASCII letters, digits, `.`, `_` and `-`; no empty, `.` or `..` component; no
/// leading `/`; each component at most 100 bytes and the whole path at most 255 bytes,
/// split at a `/` into at most 155 + 100 bytes as ustar requires.
public struct ArchivePath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `text`, or throws a `bad-input` error that says which rule it breaks.
    public init(_ text: String) throws(KontorError) {
        if let problem = ArchivePath.problem(with: text) {
            throw KontorError(.badInput, "'\(text)' is not a valid path inside an archive: \(problem)",
                              hint: "use a relative path such as 'reports/pnl-2026-09.csv' made of letters, digits, '.', '_', '-' and '/'",
                              at: SourcePosition(path: text))
        }
        rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: ArchivePath, rhs: ArchivePath) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Why `text` is not a valid path, or nil when it is.
    static func problem(with text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "it is empty" }
        if bytes.first == slash { return "it is absolute (starts with '/')" }
        if bytes.count > 255 { return "it is longer than 255 bytes" }
        for component in bytes.split(separator: slash, omittingEmptySubsequences: false) {
            if component.isEmpty { return "it has an empty component ('//' or a trailing '/')" }
            if component.elementsEqual([dot]) || component.elementsEqual([dot, dot]) {
                return "it has a '.' or '..' component"
            }
            if component.count > 100 { return "a component is longer than 100 bytes" }
            if let bad = component.first(where: { !isPortable($0) }) {
                return "it contains the character \(describe(bad)), outside letters, digits, '.', '_' and '-'"
            }
        }
        if !fitsUstar(bytes) { return "it cannot be split into a 155-byte prefix and a 100-byte name at a '/'" }
        return nil
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    private static func isPortable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), dot, UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7f ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }

    /// ustar stores names up to 100 bytes directly, longer ones as prefix + "/" + name.
    private static func fitsUstar(_ bytes: [UInt8]) -> Bool {
        if bytes.count <= 100 { return true }
        // The shortest prefix whose remainder fits the 100-byte name field.
        guard let split = bytes.indices.first(where: { bytes[$0] == slash && bytes.count - $0 - 1 <= 100 }) else { return false }
        return split <= 155
    }
}
