/// Cleans payee and vendor names so that `"ACME GmbH"`, `"Acme  gmbh"` and `"acme"` are
/// one vendor (key `acme`).
///
/// It trims and collapses spaces; takes the merchant out of payment-processor prefixes
/// (`SQ *`, `PAYPAL *`); and strips, from the end, card-terminal suffixes (`*1234`),
/// `#123`, store and reference numbers and legal forms (GmbH, AG, Ltd, LLC, Inc., S.A.,
/// SARL, BV, e.K., UG (haftungsbeschränkt), …). It never strips a name to nothing.
///
/// A number at the end is a store or reference number when it has three digits or more
/// (`REWE 4711`), or when a word that introduces one precedes it (`Filiale 12`); a short
/// number alone is part of the name (`Studio 54`, `Forever 21`), and so is a word such as
/// `Shop` or `Store` without a number after it (`City Shop`).
public struct VendorNormalizer: Sendable {
    /// Which suffix rules apply.
    public enum Rules: Sendable {
        /// The rules above.
        case current
        /// The rules of Kontor 0.1 before 2026-11-27, which also stripped a one- or two-digit
        /// number and a lone `Shop`, `Store`, `No.` … at the end. Expense-log record ids are
        /// fingerprints of the vendor key made with these rules and must not change, or an
        /// expense imported before would be posted again from an overlapping later file.
        case recordIDs
    }

    public let rules: Rules

    public init(rules: Rules = .current) {
        self.rules = rules
    }

    /// The display name and match key of a vendor name.
    public func normalize(_ name: String) -> NormalizedVendor {
        var tokens = name.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        tokens = VendorNormalizer.droppingProcessorPrefix(tokens)
        while let shorter = VendorNormalizer.strippingSuffix(tokens, rules: rules), !shorter.isEmpty, shorter != tokens {
            tokens = shorter
        }
        let display = tokens.joined(separator: " ")
        return NormalizedVendor(displayName: display, key: TextFolding.key(display))
    }

    /// `SQ *COFFEE BAR` → `COFFEE BAR`; `PAYPAL *NETFLIX` → `NETFLIX`.
    static func droppingProcessorPrefix(_ tokens: [String]) -> [String] {
        guard let first = tokens.first, let star = first.firstIndex(of: "*") else {
            if tokens.count > 2, processors.contains(tokens[0].uppercased()), tokens[1] == "*" { return Array(tokens.dropFirst(2)) }
            if tokens.count > 1, processors.contains(tokens[0].uppercased()), tokens[1].hasPrefix("*") {
                return [String(tokens[1].dropFirst())] + tokens.dropFirst(2)
            }
            return tokens
        }
        guard processors.contains(first[..<star].uppercased()) else { return tokens }
        let rest = String(first[first.index(after: star)...])
        let remaining = (rest.isEmpty ? [] : [rest]) + tokens.dropFirst()
        return remaining.isEmpty ? tokens : remaining
    }

    static let processors: Set<String> = ["SQ", "TST", "PAYPAL", "PP", "SP", "SUMUP", "ZETTLE", "IZ"]

    /// The tokens with one suffix removed, or the same tokens when none applies.
    static func strippingSuffix(_ tokens: [String], rules: Rules = .current) -> [String]? {
        guard tokens.count >= 1 else { return nil }
        // A card-terminal or order suffix: `AMZN*2K3L`, `STORE#123`, `*1234`, `#12`.
        for (index, token) in tokens.enumerated() {
            guard let mark = token.firstIndex(where: { $0 == "*" || $0 == "#" }) else { continue }
            let head = String(token[..<mark])
            var kept = Array(tokens[..<index]) + (head.isEmpty ? [] : [head])
            // `Apple Store #12`: the word that introduced the number goes with it.
            if rules == .current, head.isEmpty, kept.count > 1, let word = kept.last,
               numberWords.contains(TextFolding.key(word).replacingSpaces()) {
                kept.removeLast()
            }
            if !kept.isEmpty { return kept }
        }
        let last = tokens[tokens.count - 1]
        let simple = TextFolding.key(last).replacingSpaces()
        // A legal form, possibly several tokens long (`UG (haftungsbeschränkt)`, `S. A.`,
        // `GmbH & Co. KG`): the folded tail without spaces and punctuation.
        for length in stride(from: min(4, tokens.count - 1), through: 1, by: -1) {
            let tail = tokens.suffix(length).map { TextFolding.key($0).replacingSpaces() }.joined()
            if legalForms.contains(tail) { return trimmingTrailingPunctuation(Array(tokens.dropLast(length))) }
        }
        let digits = last.filter(\.isNumber).count
        switch rules {
        case .recordIDs:
            // A store or reference number: digits, or letters and at least four digits.
            if tokens.count > 1, digits > 0, digits == simple.count || digits >= 4 {
                return trimmingTrailingPunctuation(Array(tokens.dropLast()))
            }
            // Words that only introduce a number (`Store`, `Filiale`, `No.`, `Ref`).
            if tokens.count > 1, numberWords.contains(simple) {
                return trimmingTrailingPunctuation(Array(tokens.dropLast()))
            }
        case .current:
            guard tokens.count > 1, digits > 0 else { return tokens }
            let introduced = numberWords.contains(TextFolding.key(tokens[tokens.count - 2]).replacingSpaces())
            // A store or reference number: three digits or more, or letters and at least
            // four digits; a shorter one only after a word that introduces it (the word
            // goes too, unless nothing else would be left).
            if introduced {
                let kept = tokens.count > 2 ? Array(tokens.dropLast(2)) : Array(tokens.dropLast())
                return trimmingTrailingPunctuation(kept)
            }
            if (digits == simple.count && digits >= 3) || digits >= 4 {
                return trimmingTrailingPunctuation(Array(tokens.dropLast()))
            }
        }
        return tokens
    }

    /// Drops separators left at the end (`Acme,` → `Acme`, `Shop -` → `Shop`).
    static func trimmingTrailingPunctuation(_ tokens: [String]) -> [String] {
        var tokens = tokens
        while let last = tokens.last, last.allSatisfy({ $0.isPunctuation || $0 == "-" || $0 == "&" }) {
            tokens.removeLast()
        }
        guard var last = tokens.popLast() else { return tokens }
        while let end = last.last, end == "," || end == "-" || end == ";" || end == ":" { last.removeLast() }
        return tokens + [last]
    }

    static let numberWords: Set<String> = ["store", "filiale", "branch", "no", "nr", "ref", "reference", "referenz", "shop", "pos"]

    /// Legal forms, folded, without spaces and punctuation.
    static let legalForms: Set<String> = [
        "gmbh", "gmbhcokg", "gmbhcokgaa", "ag", "kg", "kgaa", "ohg", "ug", "ughaftungsbeschrankt", "ek", "ev",
        "ltd", "limited", "ptyltd", "coltd", "llc", "inc", "incorporated", "corp", "corporation", "plc", "llp",
        "sa", "sarl", "sas", "bv", "nv", "srl", "spa", "sl", "oy", "ab", "aps", "se",
    ]
}

extension String {
    /// The text with its spaces removed (`"s a"` → `"sa"`).
    func replacingSpaces() -> String { filter { $0 != " " } }
}
