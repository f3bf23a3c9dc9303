import KontorCore

/// The lifecycle of one invoice as a state machine (STYLE.md 13): no I/O; the store
/// applies the returned action in the same transaction as the event's postings.
///
/// ```
/// draft ──issue──▶ issued ──pay (part)──▶ partially paid ──pay (rest)──▶ paid
///   │                 │  └──credit (all that is open)──▶ credited
///   └──void──▶ void   └──pay (all)──▶ paid
///
/// paid / partially paid ──unpay (a payment reversed)──▶ partially paid or issued
/// ```
/// Overdue is not a state: it is derived from the due date and the clock
/// (``isOverdue(dueDate:today:)``) for invoices that still have an open balance.
public struct InvoiceLifecycle: Hashable, Sendable {
    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        case draft, issued
        case partiallyPaid = "partially-paid"
        case paid, void, credited
    }

    public enum Event: Hashable, Sendable {
        case issue
        case void
        /// A credit note of this amount (minor units).
        case credit(Int64)
        /// A payment applied to the invoice (minor units).
        case pay(Int64)
        /// A payment allocation taken back (a manual correction moves it elsewhere).
        case unpay(Int64)
        case changeDueDate
    }

    public enum Action: Hashable, Sendable {
        /// Assign the number, post receivable, revenue and tax, write the package.
        case issue
        /// Mark the draft void (nothing was posted).
        case void
        /// Post the credit note (reversing revenue and tax) and write its package.
        case credit
        /// Record the payment allocation.
        case applyPayment
        /// Record the reversing allocation.
        case reversePayment
        /// Record the new due date (the document is never edited in place).
        case recordDueDate
        /// Refuse the event: the reason and how to proceed.
        case refuse(String, hint: String)
    }

    public private(set) var state: State
    /// The amount due as issued.
    public private(set) var payable: Int64
    public private(set) var paid: Int64
    public private(set) var credited: Int64

    public init(state: State = .draft, payable: Int64, paid: Int64 = 0, credited: Int64 = 0) {
        self.state = state
        self.payable = payable
        self.paid = paid
        self.credited = credited
    }

    /// What is still to be paid.
    public var open: Int64 { payable - paid - credited }

    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.draft, .issue):
            state = .issued
            return .issue
        case (.draft, .void):
            state = .void
            return .void
        case (.draft, .credit), (.draft, .pay), (.draft, .changeDueDate), (.draft, .unpay):
            return .refuse("the invoice is a draft: nothing was issued", hint: "issue it first (action issue), or void it")
        case (.issued, .issue), (.partiallyPaid, .issue), (.paid, .issue), (.credited, .issue):
            return .refuse("the invoice is already issued", hint: "an issued invoice is changed by a credit note, never issued again")
        case (.issued, .void), (.partiallyPaid, .void), (.paid, .void), (.credited, .void):
            return .refuse("an issued invoice cannot be voided", hint: "cancel it with a credit note (action credit)")
        case (.issued, .credit(let amount)), (.partiallyPaid, .credit(let amount)):
            guard amount > 0, amount <= open else {
                return .refuse("the credit of \(amount) minor units exceeds the open balance of \(open)",
                               hint: "credit at most what is still open")
            }
            credited += amount
            if open == 0 { state = paid > 0 ? .paid : .credited }
            return .credit
        case (.issued, .pay(let amount)), (.partiallyPaid, .pay(let amount)):
            guard amount > 0, amount <= open else {
                return .refuse("the payment of \(amount) minor units exceeds the open balance of \(open)",
                               hint: "apply the excess to another invoice or keep it as client credit")
            }
            paid += amount
            state = open == 0 ? .paid : .partiallyPaid
            return .applyPayment
        case (.issued, .changeDueDate), (.partiallyPaid, .changeDueDate):
            return .recordDueDate
        case (.partiallyPaid, .unpay(let amount)), (.paid, .unpay(let amount)):
            guard amount > 0, amount <= paid else {
                return .refuse("the reversal of \(amount) minor units exceeds the \(paid) paid",
                               hint: "reverse at most what was applied to the invoice")
            }
            paid -= amount
            state = paid > 0 ? .partiallyPaid : .issued
            return .reversePayment
        case (.issued, .unpay):
            return .refuse("no payment was applied to the invoice", hint: "a reversal undoes an applied payment")
        case (.paid, .credit), (.paid, .pay), (.paid, .changeDueDate):
            return .refuse("the invoice is paid: nothing is open", hint: "a refund is a new transaction, not a change to this invoice")
        case (.credited, .credit), (.credited, .pay), (.credited, .changeDueDate), (.credited, .unpay):
            return .refuse("the invoice was credited in full: nothing is open", hint: "issue a new invoice if something is still owed")
        case (.void, _):
            return .refuse("the invoice is void", hint: "a void draft stays void; send a new request")
        }
    }

    /// Overdue: still open and past its due date.
    public func isOverdue(dueDate: LocalDate, today: LocalDate) -> Bool {
        (state == .issued || state == .partiallyPaid) && open > 0 && today > dueDate
    }
}
