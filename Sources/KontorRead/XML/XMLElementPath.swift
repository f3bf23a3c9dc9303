/// The element path from the document root to the current element, for positions such as
/// `/Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt`.
///
/// Only the names in `indexed` (the repeating records of a format) carry a sibling index,
/// so the counters stay bounded by the depth whatever the document holds.
struct XMLElementPath {
    private struct Frame {
        var name: String
        var index: Int?
        var line: Int?
        var childCounts: [String: Int] = [:]
    }

    private var frames: [Frame] = []
    private var rootCounts: [String: Int] = [:]
    let indexed: Set<String>

    init(indexed: Set<String>) {
        self.indexed = indexed
    }

    /// How many elements are open.
    var depth: Int { frames.count }

    /// The local name of the element `level` steps below the root (0 is the root).
    func name(at level: Int) -> String { frames[level].name }

    /// The innermost open element's name.
    var current: String? { frames.last?.name }

    /// The line of the element open at `level`, or of the innermost one.
    func line(at level: Int? = nil) -> Int? {
        guard let level else { return frames.last?.line }
        return frames.indices.contains(level) ? frames[level].line : nil
    }

    mutating func push(_ name: String, line: Int?) {
        var index: Int?
        if indexed.contains(name) {
            if frames.isEmpty {
                index = (rootCounts[name] ?? 0) + 1
                rootCounts[name] = index
            } else {
                index = (frames[frames.count - 1].childCounts[name] ?? 0) + 1
                frames[frames.count - 1].childCounts[name] = index
            }
        }
        frames.append(Frame(name: name, index: index, line: line))
    }

    mutating func pop() {
        _ = frames.popLast()
    }

    /// The path of the open elements down to `level` (inclusive), or all of them.
    func text(through level: Int? = nil) -> String {
        let end = min(frames.count, (level ?? frames.count - 1) + 1)
        var result = ""
        for frame in frames.prefix(end) {
            result += "/" + frame.name
            if let index = frame.index { result += "[\(index)]" }
        }
        return result.isEmpty ? "/" : result
    }

    /// The names below `level`, joined by `/`: the path relative to a record element.
    func relative(below level: Int) -> String {
        guard level + 1 < frames.count else { return "" }
        return frames[(level + 1)...].map(\.name).joined(separator: "/")
    }
}
