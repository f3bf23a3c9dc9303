extension MappingSniffer {
    /// Header names of the common bank exports (English, German, Dutch, French), lower
    /// case, per column role; the first role whose list names a header cell takes it.
    enum Vocabulary {
        static let date = ["buchungstag", "buchungsdatum", "buchung", "datum", "date", "booking date", "transaction date",
                           "posting date", "boekdatum", "date de comptabilisation", "date comptable", "trans. date"]
        static let valueDate = ["wertstellung", "wertstellungsdatum", "valutadatum", "valuta", "value date", "valuedate",
                                "rentedatum", "date de valeur", "date valeur"]
        static let amount = ["betrag", "amount", "bedrag", "montant", "umsatz", "betrag (€)", "betrag (eur)", "amount (eur)",
                             "bedrag (eur)", "transaction amount", "montant (eur)"]
        static let debit = ["debit", "débit", "withdrawal", "withdrawals", "soll", "debet", "belastung", "ausgabe", "money out"]
        static let credit = ["credit", "crédit", "deposit", "deposits", "haben", "bij", "gutschrift", "einnahme", "money in"]
        static let currency = ["währung", "waehrung", "currency", "ccy", "munt", "monnaie", "monn.", "devise"]
        static let payee = ["auftraggeber/empfänger", "auftraggeber / empfänger", "beguenstigter/zahlungspflichtiger",
                            "begünstigter/zahlungspflichtiger", "zahlungsempfänger*in", "zahlungsempfänger", "empfänger",
                            "name counterpty", "naam tegenpartij", "naam / omschrijving", "name / description", "payee",
                            "counterparty", "bénéficiaire", "description 2", "name", "description"]
        static let payer = ["zahlungspflichtige*r", "zahlungspflichtiger", "auftraggeber"]
        static let memo = ["verwendungszweck", "omschrijving", "memo", "libellé", "mededelingen", "purpose", "details",
                           "description-1", "description-2", "description-3", "description 1", "description 3",
                           "omschrijving-1", "omschrijving-2", "omschrijving-3", "reference", "buchungstext"]
        static let kind = ["umsatzart", "umsatztyp", "type", "transaction type", "code", "mutatiesoort", "buchungstext"]
        static let account = ["auftragskonto", "iban/bban", "iban kontoinhaber", "account", "rekening", "rekeningnummer",
                              "rekeningnummer/bban", "produit", "konto", "account number"]
        static let counterpartyAccount = ["kontonummer/iban", "counterpty iban/bban", "tegenrekening", "tegenrekening iban/bban",
                                          "iban", "counterparty account"]
        static let counterpartyBank = ["bic (swift-code)", "counterpty bic", "bic tegenpartij"]
        static let bankID = ["n° de transaction", "transaction id", "transaktions-id", "id"]
        static let endToEndID = ["kundenreferenz (end-to-end)", "kundenreferenz", "end-to-end-id", "end-to-end reference",
                                 "transaction reference", "transactiereferentie"]
        static let balance = ["saldo", "balance", "solde", "bal after bkng", "saldo na mutatie", "runningbalance",
                              "running balance", "kontostand", "saldo nach buchung"]
        static let indicator = ["soll/haben", "s/h", "af bij", "af/bij", "debit/credit", "d/c", "cdtdbtind"]
        /// First cells of a line above the header that states the balance.
        static let balanceLabels = ["saldo", "kontostand", "balance", "solde"]
    }
}
