/// "Did you mean …?": the closest candidate that is a likely typo: within a small edit
/// distance (adjacent swaps count as one edit), or a prefix of at least four letters
/// (`rescan_secs` → `rescan_seconds`).
enum Suggestion {
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let limit = min(2, max(1, word.count / 3))
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        var prefixMatch: String?
        for candidate in candidates where candidate != word {
            let other = candidate.lowercased()
            let distance = editDistance(lowered, other)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
            let shared = zip(lowered, other).prefix { $0 == $1 }.count
            if prefixMatch == nil, shared >= 4, shared >= min(lowered.count, other.count) - 4 { prefixMatch = candidate }
        }
        return best?.candidate ?? prefixMatch
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps
    /// of adjacent characters each cost one.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[i - 2][j - 2] + 1)
                }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }
}
