extension ArchiveReader {
    /// The label for an entry name, or why the name is refused.
    ///
    /// Names are labels, not paths, but a label that looks like an escape (absolute, a
    /// drive letter, a `..` component with either separator) or holds control characters
    /// is refused outright, so that no later stage can be tricked into using it as one.
    static func label(for name: String) -> Result<String, NameProblem> {
        let scalars = name.unicodeScalars
        if scalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { return .failure(.controlCharacter) }
        if name.hasPrefix("/") || name.hasPrefix("\\") { return .failure(.absolute) }
        let utf8 = Array(name.utf8)
        if utf8.count >= 2, utf8[1] == UInt8(ascii: ":"), (utf8[0] | 0x20) >= UInt8(ascii: "a"), (utf8[0] | 0x20) <= UInt8(ascii: "z") {
            return .failure(.absolute)
        }
        let components = name.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "/" || $0 == "\\" })
        if components.contains("..") { return .failure(.parentComponent) }
        let kept = components.filter { $0 != "." }
        if kept.isEmpty { return .failure(.empty) }
        return .success(kept.joined(separator: "/"))
    }

    /// Why an entry name was refused.
    enum NameProblem: Error {
        case empty, absolute, parentComponent, controlCharacter

        var text: String {
            switch self {
            case .empty: "has an empty name"
            case .absolute: "has an absolute name"
            case .parentComponent: "has a '..' component in its name"
            case .controlCharacter: "has a control character in its name"
            }
        }
    }
}
