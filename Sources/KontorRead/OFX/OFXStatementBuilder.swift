import KontorCore

/// Turns the token stream of an OFX file into statement events.
///
/// It keeps the stack of open elements and closes what SGML leaves open: a value ends
/// its element (`<TRNAMT>-12.50` needs no `</TRNAMT>`), and a closing tag closes every
/// element opened after its own (`</STMTRS>` closes a `BANKTRANLIST` whose end tag is
/// missing). A closing tag that matches no open element is an error. Values are read in
/// the innermost enclosing aggregate that means something (``OFXContext``), so unknown
/// aggregates and misplaced empty tags do not move a value to another place. Memory is
/// the open-element stack and the statement and transaction being read.
struct OFXStatementBuilder {
    typealias Sink = (StatementEvent) throws(KontorError) -> Void

    struct Element {
        var name: String
        var context: OFXContext?
        var position: OFXLocation
        var hasChildren = false
    }

    /// Deeper nesting than any OFX statement has means the file is hostile or broken.
    static let maximumDepth = 64

    let dateBasis: OFXReader.DateBasis
    var stack: [Element] = []
    /// The value of the top element, not yet dispatched (the element may stay open).
    var pending: (text: String, position: OFXLocation)?
    var rootSeen = false
    var rootClosed = false
    var statement: OFXStatementDraft?
    var transaction: OFXTransactionDraft?
    var status: OFXStatusDraft?
    var balance: OFXBalanceDraft?
    var statementCount = 0

    init(dateBasis: OFXReader.DateBasis) {
        self.dateBasis = dateBasis
    }

    // MARK: Tokens

    mutating func open(_ name: String, at position: OFXLocation, _ sink: Sink) throws(KontorError) {
        if let pending {
            self.pending = nil
            try popLeaf(pending, sink)
        }
        if stack.isEmpty {
            guard !rootClosed else {
                throw KontorError(.badInput, "<\(name)> follows the end of the OFX document (</OFX>)",
                                  hint: "an OFX file holds one <OFX> element; the file is damaged or two files were joined", at: position.source)
            }
            guard name == "OFX" else {
                throw KontorError(.badInput, "the first element is <\(name)>; an OFX file's body is one <OFX> element",
                                  hint: "check that this is an OFX/QFX statement file", at: position.source)
            }
            rootSeen = true
        }
        guard stack.count < OFXStatementBuilder.maximumDepth else {
            throw KontorError(.badInput, "elements are nested more than \(OFXStatementBuilder.maximumDepth) deep",
                              hint: "OFX statements nest about ten levels; the file is damaged or hostile", at: position.source)
        }
        let context = OFXContext(element: name, parent: innermostContext())
        if let context { try enter(context, name: name, at: position) }
        if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
        stack.append(Element(name: name, context: context, position: position))
    }

    mutating func text(_ text: String, at position: OFXLocation) throws(KontorError) {
        guard let top = stack.last else {
            throw KontorError(.badInput, rootSeen ? "text follows the end of the OFX document (</OFX>)" : "text comes before <OFX>",
                              hint: "an OFX file holds a header and one <OFX> element; the file is damaged", at: position.source)
        }
        switch top.context {
        case nil, .payee, .currency, .ignored:
            break
        case .some:
            throw KontorError(.badInput, "text '\(text.prefix(40))' stands directly inside <\(top.name)>, which holds elements, not text",
                              hint: "the file is damaged; a '<' may be missing", at: position.source)
        }
        if let pending {
            self.pending = (pending.text + text, pending.position)
        } else {
            pending = (text, position)
        }
    }

    mutating func close(_ name: String, at position: OFXLocation, _ sink: Sink) throws(KontorError) {
        if let pending, let top = stack.last {
            self.pending = nil
            try popLeaf(pending, sink)
            if top.name == name {
                rootClosed = stack.isEmpty
                return
            }
        }
        guard let target = stack.lastIndex(where: { $0.name == name }) else {
            throw KontorError(.badInput, "</\(name)> closes no open element",
                              hint: stack.last.map { "the innermost open element is <\($0.name)> (line \($0.position.line)); the file is damaged" }
                                  ?? "the file is damaged",
                              at: position.source)
        }
        while stack.count > target {
            try pop(at: position, sink)
        }
        rootClosed = stack.isEmpty
    }

    /// Checks the end of the input.
    func finish(at position: OFXLocation) throws(KontorError) {
        if let open = stack.last {
            throw KontorError(.badInput, "the file ends inside <\(open.name)> (opened on line \(open.position.line)), before </OFX>: it is truncated",
                              hint: "download the statement again; the copy Kontor got is incomplete", at: position.source)
        }
        guard rootSeen else {
            throw KontorError(.badInput, "the file has no <OFX> element", hint: "check that this is an OFX/QFX statement file", at: position.source)
        }
        guard statementCount > 0 else {
            throw KontorError(.badInput, "the file holds no bank, credit-card or investment statement",
                              hint: "a statement download holds STMTRS, CCSTMTRS or INVSTMTRS; this file may be a sign-on, profile or account-list answer",
                              at: position.source)
        }
    }

    // MARK: Stack

    func innermostContext() -> OFXContext? {
        var index = stack.count - 1
        while index >= 0 {
            if let context = stack[index].context { return context }
            index -= 1
        }
        return nil
    }

    /// `/OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS`: the open elements, for error positions.
    func path(adding name: String? = nil) -> String {
        var names = stack.map(\.name)
        if let name { names.append(name) }
        return "/" + names.joined(separator: "/")
    }

    /// Pops the top element, which has a value.
    mutating func popLeaf(_ value: (text: String, position: OFXLocation), _ sink: Sink) throws(KontorError) {
        let element = stack.removeLast()
        try leaf(element.name, value.text, at: value.position, in: innermostContext())
        if let context = element.context { try leave(context, at: value.position, sink) }
    }

    /// Pops the top element without a value of its own (an empty leaf or an aggregate).
    mutating func pop(at position: OFXLocation, _ sink: Sink) throws(KontorError) {
        let element = stack.removeLast()
        if let context = element.context {
            try leave(context, at: position, sink)
        } else if !element.hasChildren {
            try leaf(element.name, "", at: element.position, in: innermostContext())
        }
    }
}
