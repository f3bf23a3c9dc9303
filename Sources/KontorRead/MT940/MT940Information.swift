/// Field `:86:`, information to the account owner, read into the parts Kontor keeps.
///
/// Three layouts are in use:
/// - **German structured** (DK/ZKA, Sparkassen, Volksbanken, Deutsche Bank…):
///   `166?00GUTSCHRIFT?10931?20EREF+…?21SVWZ+…?30BLZ?31account?32name?33name…` — the
///   business transaction code (GVC), `?00` posting text, `?20`–`?29` and `?60`–`?63`
///   remittance, `?30` bank, `?31` account, `?32`/`?33` the other party's name. SEPA
///   keywords inside the remittance (`EREF+`, `SVWZ+`, …) are split out.
/// - **Slash tags** (ABN AMRO, ING, Rabobank SEPA exports):
///   `/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/…/NAME/…/REMI/…/EREF/…`, Rabobank's
///   `/CNTP/iban/bic/name/city/`.
/// - **Free text** (older Dutch exports, mBank, most others): kept as the memo.
///
/// Lines of a structured field are joined without a separator (banks wrap them at a fixed
/// width, in the middle of words); free-text lines are joined with a space.
struct MT940Information: Sendable, Equatable {
    var transactionCode: String?
    var postingText: String?
    var payee: String?
    var memo: String?
    var endToEndID: String?
    var creditorReference: String?
    var counterpartyAccount: String?
    var counterpartyBank: String?

    /// Reads the content of one or more `:86:` fields that belong to one statement line.
    static func parse(_ fields: [[String]]) -> MT940Information {
        let structured = fields.map { $0.joined() }.joined()
        let bytes = Array(structured.utf8)
        if bytes.count >= 4, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes[3] == 0x3F {
            return german(structured)
        }
        if structured.hasPrefix("/"), slashTags.contains(where: { structured.contains("/\($0)/") }) {
            return slashed(structured)
        }
        let text = fields.joined().map { $0.strippingEnds(of: " \t") }.filter { !$0.isEmpty }.joined(separator: " ")
        return MT940Information(memo: collapsingSpaces(text).nonBlank)
    }

    // MARK: German structured

    static func german(_ text: String) -> MT940Information {
        var subfields: [String: String] = [:]
        let scalars = Array(text.unicodeScalars)
        var code = "", value = ""
        var index = 3
        func flush() { if !code.isEmpty { subfields[code, default: ""] += value } }
        while index < scalars.count {
            if scalars[index] == "?", index + 2 < scalars.count, scalars[index + 1].properties.numericType != nil,
               scalars[index + 2].properties.numericType != nil, scalars[index + 1].isASCII, scalars[index + 2].isASCII {
                flush()
                code = String(scalars[index + 1]) + String(scalars[index + 2])
                value = ""
                index += 3
                continue
            }
            value.unicodeScalars.append(scalars[index])
            index += 1
        }
        flush()
        let remittance = (20...29).compactMap { subfields[String($0)] }.joined()
            + (60...63).compactMap { subfields[String($0)] }.joined()
        var info = MT940Information(transactionCode: String(text.prefix(3)))
        info.postingText = subfields["00"]?.nonBlank
        info.counterpartyBank = subfields["30"]?.nonBlank
        info.counterpartyAccount = subfields["31"]?.nonBlank
        info.payee = ((subfields["32"] ?? "") + (subfields["33"] ?? "")).nonBlank
        let sepa = sepaKeywords(in: remittance)
        if let reference = sepa["EREF"], reference != "NOTPROVIDED" { info.endToEndID = reference }
        info.memo = (sepa["SVWZ"] ?? collapsingSpaces(remittance)).nonBlank ?? info.postingText
        return info
    }

    /// The SEPA keywords of a German remittance text (`EREF+`, `MREF+`, `CRED+`, `SVWZ+`,
    /// …) and their values; the text before the first keyword is ignored.
    static func sepaKeywords(in text: String) -> [String: String] {
        let keywords = ["EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "COAM", "OAMT", "PURP", "IBAN", "BIC"]
        var hits: [(range: Range<String.Index>, key: String)] = []
        for key in keywords {
            var searchStart = text.startIndex
            while let range = text[searchStart...].firstRange(of: key + "+") {
                hits.append((range, key))
                searchStart = range.upperBound
            }
        }
        hits.sort { $0.range.lowerBound < $1.range.lowerBound }
        var result: [String: String] = [:]
        for (offset, hit) in hits.enumerated() {
            if offset > 0, hit.range.lowerBound < hits[offset - 1].range.upperBound { continue }
            let end = offset + 1 < hits.count ? hits[offset + 1].range.lowerBound : text.endIndex
            guard hit.range.upperBound <= end, result[hit.key] == nil else { continue }
            result[hit.key] = collapsingSpaces(String(text[hit.range.upperBound..<end])).nonBlank
        }
        return result
    }

    // MARK: Slash tags

    static let slashTags = ["TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "ORDP", "BENM", "CSID", "MARF", "CNTP",
                            "ADDR", "ISDT", "RTRN", "PURP", "SVCL", "PREF", "ULTD", "ULTC", "ULTB", "CREF"]

    static func slashed(_ text: String) -> MT940Information {
        var values: [String: String] = [:]
        var key: String?
        var value: [Substring] = []
        func flush() { if let key, values[key] == nil { values[key] = value.joined(separator: "/") } }
        for token in text.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if slashTags.contains(String(token)) {
                flush()
                key = String(token)
                value = []
            } else {
                value.append(token)
            }
        }
        flush()
        var info = MT940Information(transactionCode: values["TRTP"]?.nonBlank)
        info.payee = values["NAME"].flatMap(clean)
        info.counterpartyAccount = values["IBAN"].flatMap(clean)
        info.counterpartyBank = values["BIC"].flatMap(clean)
        if let reference = values["EREF"].flatMap(clean), reference != "NOTPROVIDED" { info.endToEndID = reference }
        if let cntp = values["CNTP"] {
            let parts = cntp.split(separator: "/", omittingEmptySubsequences: false).map { String($0).nonBlank }
            if parts.count > 0, info.counterpartyAccount == nil { info.counterpartyAccount = parts[0] }
            if parts.count > 1, info.counterpartyBank == nil { info.counterpartyBank = parts[1] }
            if parts.count > 2, info.payee == nil { info.payee = parts[2] }
        }
        if var remittance = values["REMI"] {
            if remittance.hasPrefix("USTD//") {
                remittance.removeFirst(6)
            } else if remittance.hasPrefix("STRD/") {
                let parts = remittance.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count >= 3 { info.creditorReference = clean(parts[2...].joined(separator: "/")) }
            }
            info.memo = clean(remittance)
        }
        return info
    }

    private static func clean(_ text: String) -> String? {
        collapsingSpaces(text.strippingEnds(of: " /")).nonBlank
    }

    /// Runs of spaces become one space (fixed-width exports pad with many).
    static func collapsingSpaces(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = false
        for character in text {
            let isSpace = character == " " || character == "\t"
            if isSpace && lastWasSpace { continue }
            result.append(isSpace ? " " : character)
            lastWasSpace = isSpace
        }
        return result.strippingEnds(of: " ")
    }
}
