import KontorCore

/// The columns of a PayPal activity or statement CSV export, found by their names in the
/// export's language (English, Spanish, German, French), and what the language implies.
///
/// PayPal names the same column differently per language (`Gross`/`Bruto`/`Brutto`) and
/// orders them differently per report, so columns are found by name, never by position.
struct PayPalCSVColumns: GatewayCSVColumns {
    enum Field: Hashable {
        case date, time, timeZone, name, type, status, currency, gross, fee, net, transactionID, referenceID
        case balance, subject, note, invoice, fromEmail, toEmail, itemTitle, impact
    }

    enum Language: String { case english, spanish, german, french }

    private static let names: [Language: [String: Field]] = [
        .english: [
            "date": .date, "time": .time, "timezone": .timeZone, "time zone": .timeZone, "name": .name, "type": .type,
            "description": .type, "status": .status, "currency": .currency, "gross": .gross, "fee": .fee, "net": .net,
            "transaction id": .transactionID, "reference txn id": .referenceID, "balance": .balance, "subject": .subject,
            "note": .note, "invoice number": .invoice, "from email address": .fromEmail, "to email address": .toEmail,
            "item title": .itemTitle, "balance impact": .impact,
        ],
        .spanish: [
            "fecha": .date, "hora": .time, "zona horaria": .timeZone, "nombre": .name, "tipo": .type,
            "descripción": .type, "estado": .status, "divisa": .currency, "moneda": .currency, "bruto": .gross,
            "comisión": .fee, "tarifa": .fee, "neto": .net, "id. de transacción": .transactionID,
            "id. de referencia de trans.": .referenceID, "saldo": .balance, "asunto": .subject, "nota": .note,
            "id. de factura": .invoice, "número de factura": .invoice, "correo electrónico del remitente": .fromEmail,
            "correo electrónico del destinatario": .toEmail, "título del artículo": .itemTitle, "impacto en el saldo": .impact,
        ],
        .german: [
            "datum": .date, "uhrzeit": .time, "zeitzone": .timeZone, "name": .name, "typ": .type,
            "beschreibung": .type, "status": .status, "währung": .currency, "brutto": .gross, "gebühr": .fee,
            "netto": .net, "transaktionscode": .transactionID, "zugehöriger transaktionscode": .referenceID,
            "guthaben": .balance, "betreff": .subject, "hinweis": .note, "rechnungsnummer": .invoice,
            "absender e-mail-adresse": .fromEmail, "empfänger e-mail-adresse": .toEmail,
            "artikelbezeichnung": .itemTitle, "auswirkung auf guthaben": .impact,
        ],
        .french: [
            "date": .date, "heure": .time, "fuseau horaire": .timeZone, "nom": .name, "type": .type,
            "état": .status, "etat": .status, "devise": .currency, "avant commission": .gross, "brut": .gross,
            "commission": .fee, "frais": .fee, "net": .net, "numéro de transaction": .transactionID,
            "numéro de la transaction de référence": .referenceID, "solde": .balance, "objet": .subject,
            "remarque": .note, "numéro de facture": .invoice, "de l'adresse email": .fromEmail,
            "à l'adresse email": .toEmail, "titre de l'objet": .itemTitle, "impact sur le solde": .impact,
        ],
    ]

    let language: Language
    let headers: [String]
    /// The columns up to the last named one: every row has at least these (a shorter row
    /// is a file cut short or edited).
    let width: Int
    private(set) var index: [Field: Int] = [:]

    static func normalized(_ header: String) -> String { header.trimming(" \t\"\u{FEFF}").lowercased() }

    /// The language whose names the header uses, when it has date, gross and currency columns.
    static func language(of headers: [String]) -> Language? {
        let normalized = headers.map(normalized)
        var best: (Language, Int)?
        for language in [Language.english, .spanish, .german, .french] {
            guard let table = names[language] else { continue }
            let fields = Set(normalized.compactMap { table[$0] })
            guard fields.isSuperset(of: [.date, .gross, .currency]) else { continue }
            if best.map({ fields.count > $0.1 }) ?? true { best = (language, fields.count) }
        }
        return best?.0
    }

    init(_ row: CSVRow, fileName: String) throws(KontorError) {
        headers = row.values
        width = (headers.lastIndex { !$0.trimming(" \t\"\u{FEFF}").isEmpty } ?? -1) + 1
        guard let language = PayPalCSVColumns.language(of: headers), let table = PayPalCSVColumns.names[language] else {
            throw KontorError(.badInput, "the header names no date, gross and currency columns Kontor knows; this is not a PayPal export it reads",
                              hint: "download the activity report from PayPal (Activity → Statements → Activity download, CSV) in English, Spanish, German or French",
                              at: SourcePosition(file: fileName, line: row.line))
        }
        self.language = language
        for (offset, header) in headers.enumerated() {
            if let field = table[PayPalCSVColumns.normalized(header)], index[field] == nil { index[field] = offset }
        }
    }

    func has(_ field: Field) -> Bool { index[field] != nil }



    func position(_ field: Field, line: Int, fileName: String) -> SourcePosition {
        let column = index[field]
        return SourcePosition(file: fileName, line: line, column: column.map { $0 + 1 }, field: column.map { headers[$0] })
    }

    /// The decimal separator the language's exports use when the amounts do not tell.
    var defaultSeparator: DecimalSeparator { language == .english ? .point : .comma }
}
