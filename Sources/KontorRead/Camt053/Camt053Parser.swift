import KontorCore

/// The camt.053 state machine: turns the element events of ``XMLPullParser`` into
/// statement events. Elements are matched by local name and by their path below the
/// record they belong to (`Stmt`, `Bal`, `Ntry`, `TxDtls`), so every version from
/// .001.02 on reads the same way and unknown elements are passed over.
struct Camt053Parser {
    /// Levels of the element path (0 is `Document`).
    private enum Level {
        static let message = 1, statement = 2, record = 3, entryDetails = 4, transactionDetails = 5
    }

    /// The repeating records, which positions number (`Stmt[2]/Ntry[5]`).
    static let indexedElements: Set<String> = ["Stmt", "Bal", "Ntry", "NtryDtls", "TxDtls"]
    /// The longest text Kontor keeps for one element.
    static let maximumTextLength = 1 << 16

    let fileName: String
    let rounding: RoundingMode?
    private var statement: Camt053Statement?
    private var balance: Camt053Balance?
    private var entry: Camt053Entry?
    private var statementCount = 0
    private var text = ""
    private var attributes: [String: String] = [:]

    init(fileName: String, rounding: RoundingMode?) {
        self.fileName = fileName
        self.rounding = rounding
    }

    mutating func handle(_ event: XMLPullEvent, _ path: XMLElementPath,
                         _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        switch event {
        case .start(let name, let attributes):
            text = ""
            self.attributes = attributes
            try start(name, path)
        case .text(let piece):
            guard text.utf8.count + piece.utf8.count <= Camt053Parser.maximumTextLength else {
                throw KontorError(.badInput, "the element's text is longer than \(Camt053Parser.maximumTextLength) bytes",
                                  hint: "no camt.053 field is that long; the file is damaged or not a bank statement",
                                  at: position(path))
            }
            text += piece
        case .end(let name):
            try end(name, path, sink)
            text = ""
        }
    }

    private mutating func start(_ name: String, _ path: XMLElementPath) throws(KontorError) {
        switch path.depth - 1 {
        case 0:
            guard name == "Document" else {
                throw KontorError(.badInput, "this XML is not an ISO 20022 document: its root element is <\(name)>, not <Document>",
                                  hint: "the file is not a camt.053 bank statement", at: position(path))
            }
        case Level.message:
            guard name == "BkToCstmrStmt" else { throw Camt053Parser.notStatement(name, at: position(path)) }
        case Level.statement where name == "Stmt":
            statement = Camt053Statement(position: position(path))
            statementCount += 1
        case Level.record where statement != nil && name == "Bal":
            balance = Camt053Balance(position: position(path))
        case Level.record where statement != nil && name == "Ntry":
            entry = Camt053Entry(position: position(path))
        default:
            break
        }
    }

    private mutating func end(_ name: String, _ path: XMLElementPath,
                              _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let level = path.depth - 1
        let value = text.trimmingXMLSpace()
        if name == "CdtDbtInd" { _ = try Camt053Values.sign(value, at: position(path)) }
        let currency = attributes["Ccy"]
        let file = fileName
        func here() -> SourcePosition { SourcePosition(file: file, line: path.line(), path: path.text()) }
        // Records are mutated in place (optional chaining), never copied out and back,
        // so that their dictionaries are not copied at every element.
        if entry != nil {
            if level > Level.transactionDetails, path.name(at: Level.transactionDetails) == "TxDtls",
               path.name(at: Level.entryDetails) == "NtryDtls" {
                entry?.details.take(path.relative(below: Level.transactionDetails), value: value)
            } else if level == Level.transactionDetails, name == "TxDtls", path.name(at: Level.entryDetails) == "NtryDtls" {
                entry?.details.finishDetail()
            } else if level > Level.record {
                try entry?.take(path.relative(below: Level.record), value: value, currency: currency, rounding: rounding,
                                at: here())
            } else if let finished = entry {
                entry = nil
                try finish(finished, sink)
            }
        } else if balance != nil {
            if level > Level.record {
                try balance?.take(path.relative(below: Level.record), value: value, currency: currency, rounding: rounding,
                                  at: here())
            } else if let finished = balance {
                balance = nil
                statement?.add(try finished.stated())
            }
        } else if statement != nil {
            if level > Level.statement {
                try statement?.take(path.relative(below: Level.statement), value: value, at: here())
            } else if let finished = statement {
                statement = nil
                if !finished.begun { try sink(.begin(finished.header(entryCurrency: nil))) }
                try sink(.end(finished.footer(at: finished.position)))
            }
        } else if level == Level.message && statementCount == 0 {
            throw KontorError(.badInput, "the statement message has no statement (Stmt)",
                              hint: "a camt.053 file holds one or more <Stmt> in <BkToCstmrStmt>", at: position(path))
        }
    }

    /// Emits the header if it is still due, then the entry's transaction if it is booked.
    private mutating func finish(_ entry: Camt053Entry,
                                 _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        guard let current = statement else { return }
        if !current.begun {
            try sink(.begin(current.header(entryCurrency: entry.amount?.currency)))
            statement?.begun = true
        }
        guard try entry.isBooked() else { return }
        try sink(.transaction(entry.transaction()))
    }

    private func position(_ path: XMLElementPath) -> SourcePosition {
        SourcePosition(file: fileName, line: path.line(), path: path.text())
    }

    /// The error for an ISO 20022 message that is not a bank-to-customer statement.
    static func notStatement(_ name: String, at position: SourcePosition) -> KontorError {
        let kinds = [
            "BkToCstmrAcctRpt": "a camt.052 account report",
            "BkToCstmrDbtCdtNtfctn": "a camt.054 debit/credit notification",
            "CstmrCdtTrfInitn": "a pain.001 payment order",
            "CstmrDrctDbtInitn": "a pain.008 direct debit order",
        ]
        let kind = kinds[name].map { " (\($0))" } ?? ""
        return KontorError(.badInput, "this ISO 20022 document is <\(name)>\(kind), not a camt.053 statement <BkToCstmrStmt>",
                           hint: "drop the bank's end-of-day statement (camt.053) into the bank inbox", at: position)
    }
}

extension String {
    /// The text without leading and trailing XML white space (space, tab, CR, LF).
    func trimmingXMLSpace() -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return self }
        return String(self[first...last])
    }
}
