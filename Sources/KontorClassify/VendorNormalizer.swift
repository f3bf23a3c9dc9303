/// Cleans payee and vendor names so that `"ACME GmbH"`, `"Acme  gmbh"` and `"acme"` are
/// one vendor (key `acme`).
///
/// It trims and collapses spaces; takes the merchant out of payment-processor prefixes
/// (`SQ *`, `PAYPAL *`); and strips, from the end, card-terminal suffixes (`*1234`),
/// `#123`, store and reference numbers and legal forms (GmbH, AG, Ltd, LLC, Inc., S.A.,
/// SARL, BV, e.K., UG (haftungsbeschränkt), …). It never strips a name to nothing.
public struct VendorNormalizer: Sendable {
    public init() {}

    /// The display name and match key of a vendor name.
    public func normalize(_ name: String) -> NormalizedVendor {
        var tokens = name.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        tokens = VendorNormalizer.droppingProcessorPrefix(tokens)
        while let shorter = VendorNormalizer.strippingSuffix(tokens), !shorter.isEmpty, shorter != tokens {
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
    static func strippingSuffix(_ tokens: [String]) -> [String]? {
        guard tokens.count >= 1 else { return nil }
        // A card-terminal or order suffix: `AMZN*2K3L`, `STORE#123`, `*1234`, `#12`.
        for (index, token) in tokens.enumerated() {
            guard let mark = token.firstIndex(where: { $0 == "*" || $0 == "#" }) else { continue }
            let head = String(token[..<mark])
            let kept = Array(tokens[..<index]) + (head.isEmpty ? [] : [head])
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
        // A store or reference number: digits, or letters and at least four digits.
        let digits = last.filter(\.isNumber).count
        if tokens.count > 1, digits > 0, digits == simple.count || digits >= 4 {
            return trimmingTrailingPunctuation(Array(tokens.dropLast()))
        }
        // Words that only introduce a number (`Store`, `Filiale`, `No.`, `Ref`).
        if tokens.count > 1, numberWords.contains(simple) {
            return trimmingTrailingPunctuation(Array(tokens.dropLast()))
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
