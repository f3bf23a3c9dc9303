import KontorCore

/// Resolves the category a person wrote in an expense log to a catalog key: by key
/// (`office.software`), by name ignoring case and accents (`software & subscriptions`),
/// or by the key's last segment when only one category has it (`software`). For an
/// unknown category it suggests up to three close keys.
public struct CategoryResolver: Sendable {
    /// The outcome of ``resolve(_:)``.
    public enum Resolution: Hashable, Sendable {
        case found(CategoryKey)
        /// No category matched; `suggestions` are the closest keys, best first (may be empty).
        case unknown(suggestions: [CategoryKey])
        /// The text is the name or last key segment of more than one category (`other`:
        /// `office.other` and `travel.other`): never a new category, never a guess.
        case ambiguous(candidates: [CategoryKey])
    }

    /// The longest text suggestions are computed for; longer input gets none.
    static let maximumSuggestionInput = 100

    private let byKey: [String: CategoryKey]
    private let byName: [String: [CategoryKey]]
    private let bySegment: [String: [CategoryKey]]
    /// Folded texts each key can be reached by: key, name and each key segment.
    private let spellings: [(key: CategoryKey, texts: [[Unicode.Scalar]])]

    public init(_ entries: [CategoryEntry]) {
        var byKey: [String: CategoryKey] = [:]
        var byName: [String: [CategoryKey]] = [:]
        var bySegment: [String: [CategoryKey]] = [:]
        var spellings: [(key: CategoryKey, texts: [[Unicode.Scalar]])] = []
        for entry in entries.sorted(by: { $0.key < $1.key }) {
            let key = entry.key.rawValue.lowercased()
            guard byKey[key] == nil else { continue }
            byKey[key] = entry.key
            let name = TextFolding.key(entry.name)
            if !name.isEmpty { byName[name, default: []].append(entry.key) }
            let segments = key.split(separator: ".").map(String.init)
            if let last = segments.last { bySegment[last, default: []].append(entry.key) }
            let texts = [key, name] + segments
            spellings.append((entry.key, texts.filter { !$0.isEmpty }.map { Array($0.unicodeScalars) }))
        }
        self.byKey = byKey
        self.byName = byName
        self.bySegment = bySegment
        self.spellings = spellings
    }

    /// The category `text` names, or the closest known ones.
    public func resolve(_ text: String) -> Resolution {
        let trimmed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
        if let key = byKey[trimmed] { return .found(key) }
        let folded = TextFolding.key(trimmed)
        if let keys = byName[folded] {
            if keys.count == 1 { return .found(keys[0]) }
            return .ambiguous(candidates: keys)
        }
        if let keys = bySegment[trimmed] ?? bySegment[folded] {
            if keys.count == 1 { return .found(keys[0]) }
            return .ambiguous(candidates: keys)
        }
        return .unknown(suggestions: suggestions(for: trimmed))
    }

    /// Up to three keys whose key, name or a key segment is within a few edits of `text`.
    private func suggestions(for text: String) -> [CategoryKey] {
        let query = Array(text.unicodeScalars)
        guard !query.isEmpty, query.count <= CategoryResolver.maximumSuggestionInput else { return [] }
        let limit = max(1, min(3, query.count / 3))
        var scored: [(distance: Int, key: CategoryKey)] = []
        for (key, texts) in spellings {
            var best: Int?
            for candidate in texts {
                var distance = TextFolding.distance(query, candidate, limit: limit)
                if query.count >= 3, candidate.starts(with: query) { distance = min(distance ?? 1, 1) }
                if let distance, distance < (best ?? Int.max) { best = distance }
            }
            if let best { scored.append((best, key)) }
        }
        scored.sort { ($0.distance, $0.key.rawValue.count, $0.key) < ($1.distance, $1.key.rawValue.count, $1.key) }
        return scored.prefix(3).map(\.key)
    }

    /// `unknown category 'ofice' — did you mean office, office.supplies?`: the message of
    /// an unknown category, for the reader's error.
    public static func message(unknown text: String, suggestions: [CategoryKey]) -> String {
        let base = "unknown category '\(text)'"
        guard !suggestions.isEmpty else { return base }
        return base + " — did you mean " + suggestions.map(\.rawValue).joined(separator: ", ") + "?"
    }

    /// `category 'other' is ambiguous: office.other, travel.other`.
    public static func message(ambiguous text: String, candidates: [CategoryKey]) -> String {
        "category '\(text)' is ambiguous: " + candidates.map(\.rawValue).joined(separator: ", ")
    }
}
