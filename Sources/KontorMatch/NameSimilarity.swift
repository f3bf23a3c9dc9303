/// How much of a client's name a payer's name contains.
///
/// Both are split into upper-case words (umlauts folded: Ä → AE, ß → SS). Each word of the
/// client's name weighs 1, legal forms (GmbH, AG, Ltd …) a quarter; the similarity is the
/// weight of the client's words found among the payer's words over the weight of all
/// the client's words. The payer's extra words (`SEPA CREDIT`, `TRANSFER FROM`) cost
/// nothing, banks add them; a missing distinctive word costs a lot.
struct ClientName: Hashable, Sendable {
    let words: [String]
    let weights: [Double]
    let total: Double

    init(_ name: String) {
        words = ClientName.words(name)
        weights = words.map { ClientName.legalForms.contains($0) ? 0.25 : 1 }
        total = weights.reduce(0, +)
    }

    /// The distinctive words (not legal forms), by which clients are indexed.
    var keyWords: [String] { zip(words, weights).filter { $0.1 == 1 }.map(\.0) }

    func similarity(toPayer payerWords: Set<String>) -> Double {
        guard total > 0 else { return 0 }
        var found = 0.0
        for (word, weight) in zip(words, weights) where payerWords.contains(word) { found += weight }
        return found / total
    }

    static func words(_ text: String) -> [String] {
        var folded = ""
        for character in text.uppercased() {
            switch character {
            case "Ä": folded += "AE"
            case "Ö": folded += "OE"
            case "Ü": folded += "UE"
            case "ß": folded += "SS"
            case "É", "È", "Ê": folded += "E"
            case "Á", "À", "Â": folded += "A"
            default: folded.append(character)
            }
        }
        return RemittanceText.words(folded)
    }

    static let legalForms: Set<String> = [
        "GMBH", "AG", "KG", "OHG", "UG", "EK", "EV", "SE", "LTD", "LIMITED", "INC", "LLC", "BV", "NV", "SA", "SARL", "SAS", "SRL",
        "SPA", "AB", "AS", "OY", "PLC", "CO", "CORP", "GBR", "KGAA", "MBH", "HAFTUNGSBESCHRAENKT",
    ]
}
