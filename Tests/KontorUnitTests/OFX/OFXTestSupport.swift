import KontorCore
import KontorRead

/// Reading helpers shared by the OFX reader tests: bytes in, events or the error out.
enum OFXTestSupport {
    static func read(_ bytes: [UInt8], chunkSize: Int = 1 << 16, dateBasis: OFXReader.DateBasis = .asWritten)
        -> Result<[StatementEvent], KontorError> {
        var source = MemoryByteSource(bytes, chunkSize: chunkSize)
        var events: [StatementEvent] = []
        do throws(KontorError) {
            try OFXReader(dateBasis: dateBasis).read(&source, fileName: "test.ofx") { event in events.append(event) }
            return .success(events)
        } catch {
            return .failure(error)
        }
    }

    static func read(_ text: String, chunkSize: Int = 1 << 16, dateBasis: OFXReader.DateBasis = .asWritten)
        -> Result<[StatementEvent], KontorError> {
        read(Array(text.utf8), chunkSize: chunkSize, dateBasis: dateBasis)
    }

    /// The events of a read that must succeed (an empty list, recorded as an issue, if not).
    static func events(_ text: String, chunkSize: Int = 1 << 16) throws -> [StatementEvent] {
        try read(text, chunkSize: chunkSize).get()
    }

    /// The error text of a read that must fail, or nil if it succeeded.
    static func errorText(_ bytes: [UInt8]) -> String? {
        if case .failure(let error) = read(bytes) { return ErrorRenderer.text(error) }
        return nil
    }

    static func errorText(_ text: String) -> String? { errorText(Array(text.utf8)) }

    /// The `error: file:line:column: message` line of an error text (the hint dropped).
    static func firstLine(_ text: String?) -> String? {
        text.map { String($0.prefix { $0 != "\n" }) }
    }

    static func transactions(_ events: [StatementEvent]) -> [BankTransaction] {
        events.compactMap { if case .transaction(let transaction) = $0 { transaction } else { nil } }
    }

    static func headers(_ events: [StatementEvent]) -> [StatementHeader] {
        events.compactMap { if case .begin(let header) = $0 { header } else { nil } }
    }

    static func footers(_ events: [StatementEvent]) -> [StatementFooter] {
        events.compactMap { if case .end(let footer) = $0 { footer } else { nil } }
    }

    /// A bank statement in OFX 1 SGML around the given `STMTTRN` text.
    static func sgml(header: String = sgmlHeader, currency: String = "USD", transactions: String,
                     balance: String = "<LEDGERBAL><BALAMT>100.00<DTASOF>20300131</LEDGERBAL>") -> String {
        header + """
        <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20300131<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
        <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
        <STMTRS><CURDEF>\(currency)<BANKACCTFROM><BANKID>121000248<ACCTID>1234<ACCTTYPE>CHECKING</BANKACCTFROM>
        <BANKTRANLIST><DTSTART>20300101<DTEND>20300131
        \(transactions)
        </BANKTRANLIST>
        \(balance)
        </STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>

        """
    }

    static let sgmlHeader = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"

    static let xmlProlog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n"

    /// A bank statement in OFX 2 XML around the given `STMTTRN` elements.
    static func xml(prolog: String = xmlProlog, transactions: String) -> String {
        prolog + """
        <OFX>
        <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20300131</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
        <BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
        <STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>37040044</BANKID><ACCTID>0532013000</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
        <BANKTRANLIST><DTSTART>20300101</DTSTART><DTEND>20300131</DTEND>
        \(transactions)
        </BANKTRANLIST>
        <LEDGERBAL><BALAMT>1876.55</BALAMT><DTASOF>20300131</DTASOF></LEDGERBAL>
        </STMTRS></STMTTRNRS></BANKMSGSRSV1>
        </OFX>

        """
    }

    /// `text` with the first occurrence of `target` replaced.
    static func replacing(_ text: String, _ target: String, _ replacement: String) -> String {
        guard let range = text.firstRange(of: target) else { return text }
        var copy = text
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
