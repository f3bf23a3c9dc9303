import KontorCore
import Yams

/// How a business invoices (`invoicing:` in its profile): the letterhead and Peppol
/// address, where payments go, the numbering series, rounding and the ledger accounts
/// an issued invoice posts to.
public struct InvoicingSettings: Hashable, Sendable {
    public struct Address: Hashable, Sendable {
        public var street: String?
        public var additionalStreet: String?
        public var city: String?
        public var postalCode: String?
        public var country: String
    }

    public var address: Address
    public var email: String?
    public var phone: String?
    /// The contact point printed and sent as BT-41 (a person or department); default: the business name.
    public var contact: String?
    public var legalID: String?
    /// `SCHEME:ID`, e.g. `9930:DE123456789`; when absent, derived from the VAT id where possible.
    public var peppolID: String?
    public var iban: String?
    public var bic: String?
    public var termsDays: Int = 30
    public var rounding: RoundingMode = .halfUp
    /// `rf` (ISO 11649 creditor reference from the number) or `number`.
    public var referenceStyle: String = "rf"
    /// Series name → numbering pattern, in file order; the first is the default.
    public var series: [(name: String, pattern: String)] = [("INV", "INV-{yyyy}-{seq:5}")]
    public var creditNotePattern: String = "CN-{yyyy}-{seq:5}"
    public var receivableAccount = AccountName(rawValue: "Assets:Receivables", type: .assets)
    public var revenueAccount = AccountName(rawValue: "Income:Sales", type: .income)
    public var outputTaxAccount = AccountName(rawValue: "Liabilities:Tax:Output", type: .liabilities)
    /// Payment matching (`payments:` in `invoicing:`; docs/decisions/payment-matching.md).
    public var payments = PaymentSettings()

    public var defaultSeries: String { series[0].name }

    public func pattern(ofSeries name: String) -> String? { series.first { $0.name == name }?.pattern }

    public static func == (lhs: InvoicingSettings, rhs: InvoicingSettings) -> Bool {
        lhs.address == rhs.address && lhs.email == rhs.email && lhs.phone == rhs.phone && lhs.contact == rhs.contact && lhs.legalID == rhs.legalID
            && lhs.peppolID == rhs.peppolID && lhs.iban == rhs.iban && lhs.bic == rhs.bic && lhs.termsDays == rhs.termsDays
            && lhs.rounding == rhs.rounding && lhs.referenceStyle == rhs.referenceStyle
            && lhs.series.map { "\($0.name)=\($0.pattern)" } == rhs.series.map { "\($0.name)=\($0.pattern)" }
            && lhs.creditNotePattern == rhs.creditNotePattern && lhs.receivableAccount == rhs.receivableAccount
            && lhs.revenueAccount == rhs.revenueAccount && lhs.outputTaxAccount == rhs.outputTaxAccount && lhs.payments == rhs.payments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(peppolID)
        hasher.combine(iban)
        for entry in series { hasher.combine(entry.name); hasher.combine(entry.pattern) }
    }

    static let allowedKeys = ["address", "contact", "email", "phone", "legal_id", "peppol_id", "iban", "bic", "terms_days", "rounding",
                              "reference", "series", "credit_note_pattern", "receivable_account", "revenue_account",
                              "output_tax_account", "payments"]

    static func parse(_ node: ConfigNode) throws(KontorError) -> InvoicingSettings {
        let fields = try ConfigMapping(node, what: "the invoicing settings", allowed: allowedKeys)
        let addressNode = try fields.required("address", expected: "the business's postal address (street, city, postal_code, country)")
        let address = try ConfigMapping(addressNode, what: "an address", allowed: ["street", "additional_street", "city", "postal_code", "country"])
        let countryNode = try address.required("country", expected: "the ISO 3166-1 alpha-2 country code, such as DE")
        let country = try countryNode.nonEmptyString()
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw countryNode.error("country '\(country)' is not an ISO 3166-1 alpha-2 code", hint: "write two capital letters such as DE")
        }
        var settings = InvoicingSettings(address: Address(
            street: try address.optional("street")?.nonEmptyString(), additionalStreet: try address.optional("additional_street")?.nonEmptyString(),
            city: try address.optional("city")?.nonEmptyString(), postalCode: try address.optional("postal_code")?.nonEmptyString(), country: country))
        settings.email = try fields.optional("email")?.nonEmptyString()
        settings.phone = try fields.optional("phone")?.nonEmptyString()
        settings.contact = try fields.optional("contact")?.nonEmptyString()
        settings.legalID = try fields.optional("legal_id")?.nonEmptyString()
        if let peppolNode = fields.optional("peppol_id") {
            let text = try peppolNode.nonEmptyString()
            let parts = text.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isNumber) else {
                throw peppolNode.error("peppol_id '\(text)' is not SCHEME:ID", hint: "for example 9930:DE123456789 (EAS scheme 9930 = German VAT number)")
            }
            settings.peppolID = text
        }
        if let ibanNode = fields.optional("iban") {
            let iban = try ibanNode.nonEmptyString()
            guard InvoicingSettings.isValidIBAN(iban) else {
                throw ibanNode.error("iban '\(iban)' is not a valid IBAN (its check digits do not match)", hint: "copy the IBAN from a bank statement")
            }
            settings.iban = iban
        }
        settings.bic = try fields.optional("bic")?.nonEmptyString()
        if let node = fields.optional("terms_days") { settings.termsDays = Int(try node.integer(in: 0...3650, unit: "days")) }
        if let node = fields.optional("rounding") {
            let text = try node.nonEmptyString()
            guard let mode = RoundingMode(rawValue: text) else { throw node.error("rounding must be half-up or half-even, found '\(text)'") }
            settings.rounding = mode
        }
        if let node = fields.optional("reference") {
            let text = try node.nonEmptyString()
            guard text == "rf" || text == "number" else {
                throw node.error("reference must be rf (an ISO 11649 creditor reference) or number (the invoice number)")
            }
            settings.referenceStyle = text
        }
        if let node = fields.optional("series") {
            guard case .mapping(let mapping) = node.node, mapping.count > 0 else {
                throw node.error("series must be a mapping of series name to numbering pattern, such as 'INV: INV-{yyyy}-{seq:5}'")
            }
            settings.series = []
            for (keyNode, valueNode) in mapping {
                let name = try ConfigNode(node: keyNode, file: node.file, path: node.path).string(expected: "a series name")
                let value = node.child(valueNode, key: name)
                let pattern = try value.nonEmptyString(expected: "a numbering pattern")
                try check(pattern: pattern, at: value)
                settings.series.append((name, pattern))
            }
        }
        if let node = fields.optional("credit_note_pattern") {
            let pattern = try node.nonEmptyString()
            try check(pattern: pattern, at: node)
            settings.creditNotePattern = pattern
        }
        if let node = fields.optional("receivable_account") { settings.receivableAccount = try node.accountName() }
        if let node = fields.optional("revenue_account") { settings.revenueAccount = try node.accountName() }
        if let node = fields.optional("output_tax_account") { settings.outputTaxAccount = try node.accountName() }
        if let node = fields.optional("payments") { settings.payments = try PaymentSettings.parse(node) }
        guard settings.receivableAccount.type == .assets else {
            throw fields.optional("receivable_account")!.error("receivable_account must be under Assets")
        }
        guard settings.revenueAccount.type == .income else { throw fields.optional("revenue_account")!.error("revenue_account must be under Income") }
        guard settings.outputTaxAccount.type == .liabilities else {
            throw fields.optional("output_tax_account")!.error("output_tax_account must be under Liabilities")
        }
        return settings
    }

    /// The same placeholder rules as the invoicing module's pattern: exactly one `{seq}`
    /// or `{seq:N}`, optional `{yyyy}`, `{yy}`, `{mm}`; literals of letters, digits, `-_/.`.
    static func check(pattern: String, at node: ConfigNode) throws(KontorError) {
        var rest = Substring(pattern)
        var sequences = 0
        var literals = ""
        while let open = rest.firstIndex(of: "{") {
            literals += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { sequences = -1; break }
            let name = rest[rest.index(after: open)..<close]
            if name == "seq" || (name.hasPrefix("seq:") && Int(name.dropFirst(4)).map { (1...12).contains($0) } == true) {
                sequences += 1
            } else if !["yyyy", "yy", "mm"].contains(name) {
                sequences = -1
                break
            }
            rest = rest[rest.index(after: close)...]
        }
        literals += rest
        guard sequences == 1, literals.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_/.".contains($0)) }) else {
            throw node.error("'\(pattern)' is not a numbering pattern",
                             hint: "use letters, digits, - _ / . and the placeholders {yyyy} {yy} {mm} and exactly one {seq} or {seq:N}, e.g. INV-{yyyy}-{seq:5}")
        }
    }

    /// ISO 13616: letters and digits, country + check digits, mod 97 = 1.
    public static func isValidIBAN(_ text: String) -> Bool {
        let compact = text.filter { $0 != " " }.uppercased()
        guard compact.count >= 15, compact.count <= 34, compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        var remainder = 0
        for character in compact.dropFirst(4) + compact.prefix(4) {
            let ascii = Int(character.asciiValue!)
            if ascii >= 65 { remainder = (remainder * 100 + ascii - 55) % 97 } else { remainder = (remainder * 10 + ascii - 48) % 97 }
        }
        return remainder == 1
    }
}
