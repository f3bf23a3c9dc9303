import KontorCore
import KontorMatch
import Testing

/// One hand-made case per matching rule (docs/decisions/payment-matching.md).
@Suite struct PaymentMatcherTests {
    static let eur = CurrencyCode.EUR

    static func invoice(_ id: Int64, _ number: String, client: String, name: String, open: Int64, due: String = "2026-11-30",
                        reference: String? = nil, currency: CurrencyCode = .EUR) -> OpenInvoice {
        OpenInvoice(id: id, number: number, clientID: client, clientName: name, open: open, currency: currency,
                    dueDate: LocalDate(iso: due)!, reference: reference)
    }

    static func payment(_ amount: Int64, from payer: String? = nil, text: String? = nil, e2e: String? = nil, reference: String? = nil,
                        currency: CurrencyCode = .EUR) -> IncomingPayment {
        IncomingPayment(amount: Money(minorUnits: amount, currency: currency), date: LocalDate(iso: "2026-11-20")!,
                        counterparty: payer, text: text, endToEndID: e2e, reference: reference)
    }

    static let book: [OpenInvoice] = [
        invoice(1, "INV-2026-00001", client: "nord", name: "Nord Bau OHG", open: 32_161, reference: "RF76INV202600001"),
        invoice(2, "INV-2026-00002", client: "elb", name: "Elb Automation KG", open: 19_900, due: "2026-11-10"),
        invoice(3, "INV-2026-00003", client: "elb", name: "Elb Automation KG", open: 16_769, due: "2026-11-20"),
        invoice(4, "INV-2026-00004", client: "ost", name: "Ost Digital GmbH", open: 305_200),
        invoice(5, "INV-2026-00005", client: "spree", name: "Spree Digital GmbH", open: 20_900),
        invoice(6, "INV-2026-00006", client: "west", name: "West Solar eK", open: 50_000),
        invoice(7, "INV-2026-00007", client: "west", name: "West Solar eK", open: 50_000),
        invoice(8, "INV-2026-00008", client: "helios", name: "Helios Logistik AG", open: 1_905_686),
    ]

    static func matched(_ outcome: MatchOutcome, sourceLocation: SourceLocation = #_sourceLocation) -> PaymentMatch? {
        guard case .matched(let match) = outcome else {
            Issue.record("expected a match, got \(outcome)", sourceLocation: sourceLocation)
            return nil
        }
        return match
    }

    let matcher = PaymentMatcher(invoices: PaymentMatcherTests.book)

    @Test func creditorReferenceInItsFieldWins() throws {
        let reference = "RF76INV202600001"
        // The fixture's reference must be a valid ISO 11649 one for the test to mean anything.
        let match = try #require(Self.matched(matcher.match(Self.payment(32_161, from: "Somebody else", text: "Zahlung 2026-00004",
                                                                           reference: "RF76 INV2 0260 0001"))))
        #expect(reference.count == 16)
        #expect(match.evidence == .reference)
        #expect(match.score == 1.0)
        #expect(match.allocations == [Allocation(invoiceID: 1, number: "INV-2026-00001", amount: 32_161)])
    }

    @Test func creditorReferenceInTheText() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(10_000, text: "RF76 INV2 0260 0001 thanks"))))
        #expect(match.evidence == .reference)
        #expect(match.allocations.first?.amount == 10_000)
    }

    @Test func endToEndID() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(20_900, from: "X", e2e: "INV-2026-00005"))))
        #expect(match.evidence == .endToEnd)
        #expect(match.allocations.map(\.invoiceID) == [5])
    }

    @Test(arguments: ["INV-2026-00004", "inv2026 00004", "Rechnung INV 2026-00004", "RG 2026/00004 Kd 4711", "payment inv-2026-00004."])
    func numberInText(_ text: String) throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(305_200, from: "SEPA CREDIT OST DIGITAL GMBH", text: text))))
        #expect(match.evidence == .number)
        #expect(match.allocations.map(\.invoiceID) == [4])
    }

    @Test func looseDigitsNeedTheNameOrTheAmount() throws {
        let confirmed = try #require(Self.matched(matcher.match(Self.payment(1_905_686, from: "HELIOS LOGISTIK AG", text: "Invoice 2026-8"))))
        #expect(confirmed.evidence == .looseNumber)
        #expect(confirmed.allocations.map(\.invoiceID) == [8])
        let reversed = try #require(Self.matched(matcher.match(Self.payment(100_000, from: "HELIOS LOGISTIK AG", text: "Ihre Rechnung 8 vom 2026"))))
        #expect(reversed.allocations.map(\.invoiceID) == [8])
        // Neither name nor amount: the digits alone are not enough.
        guard case .review = matcher.match(Self.payment(12_345, from: "UNKNOWN PAYER", text: "Invoice 2026-8")) else {
            Issue.record("digits without confirmation must go to review")
            return
        }
    }

    @Test func exactAmountAndName() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(305_200, from: "SEPA CREDIT OST DIGITAL GMBH", text: "Zahlung"))))
        #expect(match.evidence == .amountAndName)
        #expect(match.score >= 0.8)
        // The same amount from a payer whose name is another client's goes nowhere near it.
        #expect(matcher.match(Self.payment(305_200, from: "OST FOOD LTD", text: "Zahlung")) == .unrelated)
    }

    @Test func withinToleranceAndName() throws {
        // Name and a near amount alone are a hint for review at the default threshold …
        guard case .review(_, let hint) = matcher.match(Self.payment(1_904_686, from: "HELIOS LOGISTIK AG")) else {
            Issue.record("a near amount without reference must go to review at the default threshold")
            return
        }
        #expect(hint == ["INV-2026-00008"])
        // … and a match when the business lowers the threshold.
        let lenient = PaymentMatcher(settings: MatchSettings(threshold: 0.75), invoices: Self.book)
        let short = try #require(Self.matched(lenient.match(Self.payment(1_904_686, from: "HELIOS LOGISTIK AG"))))
        #expect(short.evidence == .tolerance)
        #expect(short.allocations == [Allocation(invoiceID: 8, number: "INV-2026-00008", amount: 1_904_686, writeOff: 1_000)])
        let shortWithNumber = try #require(Self.matched(matcher.match(Self.payment(31_661, from: "NORD BAU OHG", text: "INV-2026-00001 / EREF 1"))))
        #expect(shortWithNumber.evidence == .number)
        #expect(shortWithNumber.allocations.first?.writeOff == 500)
    }

    @Test func partialPayment() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(7_559, from: "SPREE DIGITAL GMBH", text: "RG 2026-00005 RATE 1/2"))))
        #expect(match.allocations == [Allocation(invoiceID: 5, number: "INV-2026-00005", amount: 7_559)])
        #expect(match.excess == 0)
    }

    @Test func overpaymentLeavesExcess() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(25_000, text: "INV-2026-00005"))))
        #expect(match.allocations.first?.amount == 20_900)
        #expect(match.excess == 4_100)
    }

    @Test func severalNumbersInOnePayment() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(36_669, from: "ELB AUTOMATION KG", text: "INV 2026-00002 / 2026-00003"))))
        #expect(match.allocations.map(\.invoiceID) == [2, 3])
        #expect(match.allocated == 36_669)
        // Paying less than all named invoices is not split by guesswork.
        guard case .review = matcher.match(Self.payment(20_000, text: "INV-2026-00002 + INV-2026-00003")) else {
            Issue.record("a short multi-invoice payment must go to review")
            return
        }
    }

    @Test func sumOfTheClientsOpenInvoices() throws {
        let match = try #require(Self.matched(matcher.match(Self.payment(36_669, from: "UEBERWEISUNG ELB AUTOMATION KG", text: "Danke"))))
        #expect(match.evidence == .clientSum)
        #expect(match.allocations.map(\.invoiceID) == [2, 3], "oldest due first")
    }

    @Test func severalPaymentsForOneInvoice() throws {
        var matcher = matcher
        let first = try #require(Self.matched(matcher.match(Self.payment(10_000, text: "INV-2026-00008"))))
        matcher.apply(first)
        #expect(matcher.open(8) == 1_895_686)
        let second = try #require(Self.matched(matcher.match(Self.payment(1_895_686, text: "INV-2026-00008"))))
        matcher.apply(second)
        #expect(matcher.open(8) == 0)
        // A third payment naming the settled invoice is not forced onto it.
        guard case .review = matcher.match(Self.payment(500, text: "INV-2026-00008")) else {
            Issue.record("a payment for a settled invoice must go to review")
            return
        }
    }

    @Test func twoInvoicesFittingEquallyGoToReview() {
        guard case .review(_, let candidates) = matcher.match(Self.payment(50_000, from: "WEST SOLAR EK", text: "Zahlung")) else {
            Issue.record("ambiguous amount must go to review")
            return
        }
        #expect(candidates == ["INV-2026-00006", "INV-2026-00007"])
    }

    @Test func unknownNumberGoesToReviewAndOtherCreditsAreUnrelated() {
        guard case .review = matcher.match(Self.payment(319_300, from: "PRIMUS FOOD GMBH", text: "INV-2026-956326")) else {
            Issue.record("a number that looks like an invoice's must go to review")
            return
        }
        #expect(matcher.match(Self.payment(581, from: "ZINSGUTSCHRIFT", text: "Zinsen")) == .unrelated)
        #expect(matcher.match(Self.payment(-5_000, text: "INV-2026-00004")) == .unrelated)
    }

    @Test func otherCurrencyNeverMatches() {
        #expect(matcher.match(Self.payment(305_200, from: "OST DIGITAL GMBH", text: "Zahlung", currency: .USD)) == .unrelated)
    }

    @Test func aBareSequenceIsNotANumberOnItsOwn() throws {
        let matcher = PaymentMatcher(invoices: [Self.invoice(1, "RE-000123", client: "x", name: "Xaver Kunz", open: 5_000)])
        // `000123` alone (a customer number, a mandate) does not name RE-000123 …
        #expect(matcher.match(Self.payment(7_000, from: "SOMEONE", text: "Kd 000123")) == .unrelated)
        // … its full form does.
        let match = try #require(Self.matched(matcher.match(Self.payment(5_000, from: "SOMEONE", text: "RE 000123"))))
        #expect(match.evidence == .number)
    }

    @Test func toleranceSettings() {
        let settings = MatchSettings(toleranceMinorUnits: 100, toleranceBasisPoints: 200)
        #expect(settings.tolerance(for: 1_000) == 100)
        #expect(settings.tolerance(for: 1_000_000) == 20_000)
        // 1.00 is 1 yen (exponent 0) and 1.000 dinar (exponent 3).
        #expect(settings.tolerance(for: 10, exponent: 0) == 1)
        #expect(settings.tolerance(for: 10, exponent: 3) == 1_000)
    }

    /// A person looking at the review list searches their books for what the payer wrote,
    /// so the reason quotes the number as written, not the matcher's compact key.
    @Test(arguments: [("Rechnung INV-2026-00099 Probenahme", "INV-2026-00099"), ("re: inv 2026/00099.", "inv 2026/00099"),
                      ("INV202600099", "INV202600099")])
    func anUnknownNumberIsQuotedAsWritten(_ text: String, _ written: String) throws {
        guard case .review(let reason, let candidates) = matcher.match(Self.payment(48_000, from: "Hooli Labs", text: text)) else {
            Issue.record("a payment naming an invoice nobody issued must go to review")
            return
        }
        #expect(reason == "the text names \(written), which is not an open invoice")
        #expect(candidates.isEmpty)
    }
}
