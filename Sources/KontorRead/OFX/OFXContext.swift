/// What an OFX aggregate means to the statement builder. A value (leaf) is read in the
/// innermost enclosing aggregate that has a context; aggregates without one are
/// transparent (`INVBUY`, `INVTRAN`, `INVBANKTRAN`, message-set wrappers).
enum OFXContext: Sendable, Equatable {
    /// `SONRS`: the sign-on answer.
    case signon
    /// `STMTTRNRS`, `CCSTMTTRNRS`, `INVSTMTTRNRS`: a statement answer with its status.
    case response
    case status
    case statement(OFXStatementKind)
    /// `BANKACCTFROM`, `CCACCTFROM`, `INVACCTFROM`.
    case account
    /// `BANKTRANLIST`, `INVTRANLIST`.
    case transactionList
    /// `STMTTRN`.
    case transaction
    /// A child of `INVTRANLIST` such as `BUYMF` or `REINVEST` (not `INVBANKTRAN`).
    case investmentTransaction(String)
    case ledgerBalance
    case availableBalance
    /// `PAYEE` inside a transaction: its `NAME` is the payee.
    case payee
    /// `CURRENCY` inside a transaction: the transaction is in another currency.
    case currency
    /// Aggregates whose values Kontor does not read (`BANKACCTTO`, `SECID`, positions, …).
    case ignored

    /// The context of the element `name` opened inside `parent` (the innermost context).
    init?(element name: String, parent: OFXContext?) {
        if parent == .ignored {
            self = .ignored
            return
        }
        if let context = OFXContext.byElement[name] {
            self = context
        } else if parent == .transactionList, OFXContext.investmentTransactions.contains(name) {
            self = .investmentTransaction(name)
        } else {
            return nil
        }
    }

    /// The aggregates with a fixed context, by element name (one hash lookup per tag).
    static let byElement: [String: OFXContext] = {
        var table: [String: OFXContext] = [
            "SONRS": .signon, "STMTTRNRS": .response, "CCSTMTTRNRS": .response, "INVSTMTTRNRS": .response,
            "STATUS": .status, "STMTRS": .statement(.bank), "CCSTMTRS": .statement(.creditCard),
            "INVSTMTRS": .statement(.investment), "BANKACCTFROM": .account, "CCACCTFROM": .account,
            "INVACCTFROM": .account, "BANKTRANLIST": .transactionList, "INVTRANLIST": .transactionList,
            "STMTTRN": .transaction, "LEDGERBAL": .ledgerBalance, "AVAILBAL": .availableBalance,
            "PAYEE": .payee, "CURRENCY": .currency,
        ]
        for name in ["BANKACCTTO", "CCACCTTO", "ORIGCURRENCY", "SECID", "INVPOSLIST", "INVBAL", "INV401K", "INV401KBAL",
                     "BALLIST", "MKTGINFO", "INVOOLIST", "SECLIST", "IMAGEDATA"] {
            table[name] = .ignored
        }
        return table
    }()

    /// The investment transaction aggregates of `INVTRANLIST` (OFX 2.2 §13.9.2.4).
    static let investmentTransactions: Set<String> = [
        "BUYDEBT", "BUYMF", "BUYOPT", "BUYOTHER", "BUYSTOCK", "CLOSUREOPT", "INCOME", "INVEXPENSE", "JRNLFUND",
        "JRNLSEC", "MARGININTEREST", "REINVEST", "RETOFCAP", "SELLDEBT", "SELLMF", "SELLOPT", "SELLOTHER",
        "SELLSTOCK", "SPLIT", "TRANSFER",
    ]
}

/// Which kind of statement an OFX statement aggregate is.
enum OFXStatementKind: String, Sendable, Equatable {
    case bank, creditCard, investment

    /// The account kind reported when the file gives no `ACCTTYPE` (bank statements
    /// always should; nil then).
    var accountKind: String? {
        switch self {
        case .bank: nil
        case .creditCard: "CREDITCARD"
        case .investment: "INVESTMENT"
        }
    }
}
