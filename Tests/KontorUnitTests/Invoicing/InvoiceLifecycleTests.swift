import KontorCore
import KontorInvoicing
import Testing

/// Every state × event pair of the invoice lifecycle (STYLE.md 13).
@Suite struct InvoiceLifecycleTests {
    typealias State = InvoiceLifecycle.State
    typealias Event = InvoiceLifecycle.Event

    enum Expected: Equatable {
        case moves(State, InvoiceLifecycle.Action)
        case refused
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var state: State
        var event: Event
        var expected: Expected
        var testDescription: String { "\(state.rawValue) × \(event)" }
    }

    /// Payable 100; partially-paid has 40 paid; paid has 100 paid; credited has 100 credited.
    static func machine(_ state: State) -> InvoiceLifecycle {
        switch state {
        case .partiallyPaid: InvoiceLifecycle(state: state, payable: 100, paid: 40)
        case .paid: InvoiceLifecycle(state: state, payable: 100, paid: 100)
        case .credited: InvoiceLifecycle(state: state, payable: 100, credited: 100)
        default: InvoiceLifecycle(state: state, payable: 100)
        }
    }

    static let cases: [Case] = [
        Case(state: .draft, event: .issue, expected: .moves(.issued, .issue)),
        Case(state: .draft, event: .void, expected: .moves(.void, .void)),
        Case(state: .draft, event: .credit(10), expected: .refused),
        Case(state: .draft, event: .pay(10), expected: .refused),
        Case(state: .draft, event: .changeDueDate, expected: .refused),
        Case(state: .draft, event: .unpay(10), expected: .refused),
        Case(state: .issued, event: .issue, expected: .refused),
        Case(state: .issued, event: .void, expected: .refused),
        Case(state: .issued, event: .credit(30), expected: .moves(.issued, .credit)),
        Case(state: .issued, event: .credit(100), expected: .moves(.credited, .credit)),
        Case(state: .issued, event: .credit(101), expected: .refused),
        Case(state: .issued, event: .pay(30), expected: .moves(.partiallyPaid, .applyPayment)),
        Case(state: .issued, event: .pay(100), expected: .moves(.paid, .applyPayment)),
        Case(state: .issued, event: .pay(101), expected: .refused),
        Case(state: .issued, event: .changeDueDate, expected: .moves(.issued, .recordDueDate)),
        Case(state: .issued, event: .unpay(10), expected: .refused),
        Case(state: .partiallyPaid, event: .issue, expected: .refused),
        Case(state: .partiallyPaid, event: .void, expected: .refused),
        Case(state: .partiallyPaid, event: .credit(60), expected: .moves(.paid, .credit)),
        Case(state: .partiallyPaid, event: .credit(10), expected: .moves(.partiallyPaid, .credit)),
        Case(state: .partiallyPaid, event: .pay(60), expected: .moves(.paid, .applyPayment)),
        Case(state: .partiallyPaid, event: .pay(10), expected: .moves(.partiallyPaid, .applyPayment)),
        Case(state: .partiallyPaid, event: .pay(61), expected: .refused),
        Case(state: .partiallyPaid, event: .changeDueDate, expected: .moves(.partiallyPaid, .recordDueDate)),
        Case(state: .partiallyPaid, event: .unpay(40), expected: .moves(.issued, .reversePayment)),
        Case(state: .partiallyPaid, event: .unpay(10), expected: .moves(.partiallyPaid, .reversePayment)),
        Case(state: .partiallyPaid, event: .unpay(41), expected: .refused),
        Case(state: .paid, event: .issue, expected: .refused),
        Case(state: .paid, event: .void, expected: .refused),
        Case(state: .paid, event: .credit(10), expected: .refused),
        Case(state: .paid, event: .pay(10), expected: .refused),
        Case(state: .paid, event: .changeDueDate, expected: .refused),
        Case(state: .paid, event: .unpay(100), expected: .moves(.issued, .reversePayment)),
        Case(state: .paid, event: .unpay(30), expected: .moves(.partiallyPaid, .reversePayment)),
        Case(state: .paid, event: .unpay(101), expected: .refused),
        Case(state: .void, event: .issue, expected: .refused),
        Case(state: .void, event: .void, expected: .refused),
        Case(state: .void, event: .credit(10), expected: .refused),
        Case(state: .void, event: .pay(10), expected: .refused),
        Case(state: .void, event: .changeDueDate, expected: .refused),
        Case(state: .void, event: .unpay(10), expected: .refused),
        Case(state: .credited, event: .issue, expected: .refused),
        Case(state: .credited, event: .void, expected: .refused),
        Case(state: .credited, event: .credit(10), expected: .refused),
        Case(state: .credited, event: .pay(10), expected: .refused),
        Case(state: .credited, event: .changeDueDate, expected: .refused),
        Case(state: .credited, event: .unpay(10), expected: .refused),
    ]

    @Test(arguments: cases)
    func transition(_ testCase: Case) {
        var machine = InvoiceLifecycleTests.machine(testCase.state)
        let before = machine
        let action = machine.handle(testCase.event)
        switch testCase.expected {
        case .moves(let state, let expectedAction):
            #expect(action == expectedAction)
            #expect(machine.state == state)
        case .refused:
            guard case .refuse = action else {
                Issue.record("expected a refusal, got \(action)")
                return
            }
            #expect(machine == before, "a refused event changes nothing")
        }
    }

    @Test func everyStateMeetsEveryEventKind() {
        let kinds = Set(InvoiceLifecycleTests.cases.map { "\($0.state.rawValue)/\(String(describing: $0.event).prefix(while: { $0 != "(" }))" })
        #expect(kinds.count == State.allCases.count * 6)
    }

    @Test func overdueIsDerivedFromDueDateAndOpenBalance() {
        let due = LocalDateFixture.date("2026-11-30")
        #expect(!InvoiceLifecycle(state: .issued, payable: 100).isOverdue(dueDate: due, today: LocalDateFixture.date("2026-11-30")))
        #expect(InvoiceLifecycle(state: .issued, payable: 100).isOverdue(dueDate: due, today: LocalDateFixture.date("2026-12-01")))
        #expect(InvoiceLifecycle(state: .partiallyPaid, payable: 100, paid: 50).isOverdue(dueDate: due, today: LocalDateFixture.date("2026-12-01")))
        #expect(!InvoiceLifecycle(state: .paid, payable: 100, paid: 100).isOverdue(dueDate: due, today: LocalDateFixture.date("2027-01-01")))
        #expect(!InvoiceLifecycle(state: .draft, payable: 100).isOverdue(dueDate: due, today: LocalDateFixture.date("2027-01-01")))
    }
}

enum LocalDateFixture {
    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }
}
