import KontorCore

extension OFXStatementBuilder {
    /// Reads the value `text` of element `name` inside the aggregate `context`. An empty
    /// value counts as absent (`<BALAMT></BALAMT>` is no balance).
    mutating func leaf(_ name: String, _ text: String, at position: OFXLocation, in context: OFXContext?) throws(KontorError) {
        guard let context else { return }
        let value: String? = text.isEmpty ? nil : text
        switch context {
        case .status:
            switch name {
            case "CODE": status?.code = value
            case "SEVERITY": status?.severity = value
            case "MESSAGE": status?.message = value
            default: break
            }
        case .statement:
            guard name == "CURDEF" else { return }
            let parsed = try currency(value, name: name, at: position); statement?.currency = parsed
        case .account:
            switch name {
            case "ACCTID": statement?.account = value
            case "BANKID", "BROKERID": statement?.bank = value
            case "ACCTTYPE": statement?.accountType = value?.uppercased()
            default: break
            }
        case .transactionList:
            switch name {
            case "DTSTART":
                if let date = try date(value, name: name, at: position) { let from = statement?.from; statement?.from = min(from ?? date, date) }
            case "DTEND":
                if let date = try date(value, name: name, at: position) { let to = statement?.to; statement?.to = max(to ?? date, date) }
            default: break
            }
        case .transaction:
            try transactionValue(name, value, at: position)
        case .investmentTransaction:
            switch name {
            case "FITID": transaction?.fitID = value
            case "DTTRADE": let parsed = try date(value, name: name, at: position); transaction?.posted = parsed
            case "DTSETTLE": let parsed = try date(value, name: name, at: position); transaction?.settled = parsed
            case "MEMO": transaction?.memo = value
            case "TOTAL": let parsed = try amount(value, name: name, at: position); transaction?.amount = parsed
            default: break
            }
        case .payee:
            if name == "NAME" { transaction?.payee = value }
        case .currency:
            if name == "CURSYM" { try checkCurrency(value, at: position) }
        case .ledgerBalance, .availableBalance:
            switch name {
            case "BALAMT": let parsed = try amount(value, name: name, at: position); balance?.amount = parsed
            case "DTASOF": let parsed = try date(value, name: name, at: position); balance?.date = parsed
            default: break
            }
        case .signon, .response, .ignored:
            break
        }
    }

    /// A value of `STMTTRN`.
    mutating func transactionValue(_ name: String, _ value: String?, at position: OFXLocation) throws(KontorError) {
        switch name {
        case "TRNTYPE":
            guard let value, let type = OFXTransactionType(rawValue: value.uppercased()) else {
                throw problem(OFXValueProblem("'\(value ?? "")' is not an OFX transaction type",
                                              hint: "OFX allows \(OFXTransactionType.allowed); a withdrawal is DEBIT (or ATM, POS, CASH)"),
                              name: name, at: position)
            }
            transaction?.type = type.rawValue
        case "DTPOSTED": let parsed = try date(value, name: name, at: position); transaction?.posted = parsed
        case "DTUSER": _ = try date(value, name: name, at: position)
        case "DTAVAIL": let parsed = try date(value, name: name, at: position); transaction?.available = parsed
        case "TRNAMT":
            guard let value else {
                throw problem(OFXValueProblem("is empty", hint: OFXAmount.hint), name: name, at: position)
            }
            let parsed = try amount(value, name: name, at: position); transaction?.amount = parsed
        case "FITID": transaction?.fitID = value
        case "NAME": transaction?.name = value
        case "PAYEE": transaction?.payee = value
        case "MEMO": transaction?.memo = value
        case "CHECKNUM": transaction?.checkNumber = value
        case "REFNUM": transaction?.referenceNumber = value
        case "CURRENCY": try checkCurrency(value, at: position)
        case "CORRECTACTION", "CORRECTFITID":
            throw KontorError(.badInput, "the transaction corrects an earlier one (\(name)), which Kontor does not apply",
                              hint: "download the whole statement again, so that it holds the corrected transactions",
                              at: at(position, name))
        default: break
        }
    }

    /// A transaction in another currency than the statement's would be booked at the
    /// wrong amount: refused.
    func checkCurrency(_ value: String?, at position: OFXLocation) throws(KontorError) {
        guard let value, let currency = statement?.currency, value.uppercased() != currency.code else { return }
        throw KontorError(.badInput, "the transaction is in \(value), the statement in \(currency.code); Kontor does not convert currencies",
                          hint: "download a statement of the \(value) account, or book this transaction by hand",
                          at: at(position, "CURSYM"))
    }

    func currency(_ value: String?, name: String, at position: OFXLocation) throws(KontorError) -> CurrencyCode? {
        guard let value else { return nil }
        guard let code = CurrencyCode(value.uppercased()) else {
            throw problem(OFXValueProblem("'\(value)' is not an ISO 4217 currency code", hint: "CURDEF names the statement's currency, such as USD or EUR"),
                          name: name, at: position)
        }
        return code
    }

    func date(_ value: String?, name: String, at position: OFXLocation) throws(KontorError) -> LocalDate? {
        guard let value else { return nil }
        do throws(OFXValueProblem) {
            return try OFXDateTime.parse(value).date(in: dateBasis)
        } catch {
            throw problem(error, name: name, at: position)
        }
    }

    func amount(_ value: String?, name: String, at position: OFXLocation) throws(KontorError) -> Money? {
        guard let value else { return nil }
        guard let currency = statement?.currency else {
            throw KontorError(.badInput, "\(name) comes before the statement's currency (CURDEF)",
                              hint: "every OFX statement starts with <CURDEF>; the file is damaged", at: at(position, name))
        }
        do throws(OFXValueProblem) {
            return try OFXAmount.parse(value, currency: currency)
        } catch {
            throw problem(error, name: name, at: position)
        }
    }

    /// The error for a bad value of element `name`.
    func problem(_ problem: OFXValueProblem, name: String, at position: OFXLocation) -> KontorError {
        KontorError(.badInput, "\(name) \(problem.message)", hint: problem.hint, at: at(position, name))
    }

    /// `position` with the element path of `name` added.
    func at(_ position: OFXLocation, _ name: String) -> SourcePosition {
        var result = position.source
        result.path = path(adding: name)
        return result
    }
}
