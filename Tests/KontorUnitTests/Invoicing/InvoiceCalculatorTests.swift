import KontorCore
import KontorInvoicing
import Testing

@Suite struct InvoiceCalculatorTests {
    @Test func taxIsComputedPerCategoryTotalNotSummedFromLines() throws {
        // Three lines of 0.13 at 19 %: per line 0.0247 → 0.02, summed 0.06; on the
        // category total 0.39 × 19 % = 0.0741 → 0.07 (EN 16931: tax per category total).
        let document = try InvoiceFixtures.invoice(InvoiceFixtures.request([
            InvoiceFixtures.line("a", "1", "0.13"), InvoiceFixtures.line("b", "1", "0.13"), InvoiceFixtures.line("c", "1", "0.13"),
        ]))
        #expect(document.totals.lineTotal == 39)
        #expect(document.breakdown.count == 1)
        #expect(document.breakdown[0].taxAmount == 7)
        #expect(document.totals.payable == 46)
    }

    @Test func severalRatesGiveOneBreakdownRowEach() throws {
        let document = try InvoiceFixtures.invoice(InvoiceFixtures.request([
            InvoiceFixtures.line("consulting", "10", "120", rate: "19"), InvoiceFixtures.line("book", "2", "24.95", rate: "7"),
            InvoiceFixtures.line("export", "1", "50", rate: "0", category: .zeroRated),
        ]))
        #expect(document.breakdown.map(\.category) == [.standard, .standard, .zeroRated])
        #expect(document.breakdown.map(\.taxableAmount) == [120_000, 4_990, 5_000])
        #expect(document.breakdown.map(\.taxAmount) == [22_800, 349, 0])
        #expect(document.totals.taxExclusive == 129_990)
        #expect(document.totals.taxInclusive == 129_990 + 22_800 + 349)
    }

    @Test func invariantsHoldWithAllowancesAndCharges() throws {
        var request = InvoiceFixtures.request([InvoiceFixtures.line("widget", "3", "33.33"), InvoiceFixtures.line("gadget", "1.5", "10.01", rate: "7")])
        request.allowances = [AllowanceChargeRequest(reason: "Loyalty", amount: ExactDecimal("5.00")!, taxCategory: .standard, taxRate: ExactDecimal(19))]
        request.charges = [AllowanceChargeRequest(reason: "Freight", reasonCode: "FC", amount: ExactDecimal("7.5")!, taxCategory: .standard, taxRate: ExactDecimal(19))]
        let d = try InvoiceFixtures.invoice(request)
        // BR-CO-10 … BR-CO-16.
        #expect(d.totals.lineTotal == d.lines.reduce(0) { $0 + $1.netAmount })
        #expect(d.totals.allowanceTotal == 500)
        #expect(d.totals.chargeTotal == 750)
        #expect(d.totals.taxExclusive == d.totals.lineTotal - d.totals.allowanceTotal + d.totals.chargeTotal)
        #expect(d.totals.taxTotal == d.breakdown.reduce(0) { $0 + $1.taxAmount })
        #expect(d.totals.taxInclusive == d.totals.taxExclusive + d.totals.taxTotal)
        #expect(d.totals.payable == d.totals.taxInclusive)
        // 1.5 × 10.01 = 15.015 → 15.02 half-up.
        #expect(d.lines[1].netAmount == 1_502)
        let standard = try #require(d.breakdown.first { $0.rate == ExactDecimal(19) })
        let expected: Int64 = 9_999 - 500 + 750
        #expect(standard.taxableAmount == expected)
    }

    @Test func roundingModeIsNamedAndApplied() throws {
        let request = InvoiceFixtures.request([InvoiceFixtures.line("x", "1.5", "10.01")])
        #expect(try InvoiceFixtures.invoice(request, rounding: .halfUp).lines[0].netAmount == 1_502)
        #expect(try InvoiceFixtures.invoice(request, rounding: .halfEven).lines[0].netAmount == 1_502)
        let tie = InvoiceFixtures.request([InvoiceFixtures.line("x", "1", "0.125")])
        #expect(try InvoiceFixtures.invoice(tie, rounding: .halfUp).lines[0].netAmount == 13)
        #expect(try InvoiceFixtures.invoice(tie, rounding: .halfEven).lines[0].netAmount == 12)
    }

    /// Found by dropping absurd requests into the inbox: the net price of a huge inclusive
    /// price overflowed 64 bits and trapped the process. Now it is an input error.
    @Test func aHugeInclusivePriceIsAnErrorNotACrash() throws {
        let request = InvoiceFixtures.request([InvoiceFixtures.line("x", "1", "99999999999999")], inclusive: true)
        #expect(throws: KontorError.self) { try InvoiceFixtures.invoice(request) }
    }

    @Test func inclusivePricesBecomeNetPerLine() throws {
        let d = try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("coffee", "3", "11.90")], inclusive: true))
        // 35.70 gross at 19 % → 30.00 net, 5.70 tax.
        #expect(d.lines[0].netAmount == 3_000)
        #expect(d.breakdown[0].taxAmount == 570)
        #expect(d.totals.payable == 3_570)
        #expect(d.lines[0].netPrice == ExactDecimal("10")!)
    }

    @Test func threeDecimalCurrencyInvoicesInStepsOfTenFils() throws {
        let d = try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("service", "3", "1.234", rate: "10")], currency: "BHD"))
        // 3.702 → 3.70 BHD (EN 16931: two decimals), stored as 3700 fils.
        #expect(d.lines[0].netAmount == 3_700)
        #expect(d.breakdown[0].taxAmount == 370)
        #expect(UBLWriter.amount(d.totals.payable, currency: d.currency) == "4.07")
    }

    @Test func zeroDecimalCurrency() throws {
        let d = try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("service", "3", "333", rate: "10"),
                                                                      InvoiceFixtures.line("hours", "1.5", "34", rate: "10")], currency: "JPY"))
        #expect(d.lines.map(\.netAmount) == [999, 51])
        // 10 % of 1050 = 105.
        #expect(d.breakdown[0].taxAmount == 105)
        #expect(UBLWriter.amount(d.totals.payable, currency: d.currency) == "1155")
        // 3 × 333.5 = 1000.5: rounding to 1001 would differ from quantity × price by more
        // than Peppol's 0.02, so the line is refused rather than misstated.
        #expect(throws: KontorError.self) {
            try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("x", "3", "333.5")], currency: "JPY"))
        }
    }

    @Test func exemptNeedsReasonReverseChargeGetsDefault() throws {
        #expect(throws: KontorError.self) {
            try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("course", "1", "100", rate: "0", category: .exempt)]))
        }
        var exempt = InvoiceFixtures.line("course", "1", "100", rate: "0", category: .exempt)
        exempt.exemptionReason = "Exempt under § 4 Nr. 21 UStG"
        let e = try InvoiceFixtures.invoice(InvoiceFixtures.request([exempt]))
        #expect(e.breakdown[0].exemptionReason == "Exempt under § 4 Nr. 21 UStG")
        let ae = try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("audit", "1", "100", rate: "0", category: .reverseCharge)]))
        #expect(ae.breakdown[0].exemptionCode == "VATEX-EU-AE")
        #expect(ae.totals.taxTotal == 0)
    }

    @Test func partialCreditNoteCountsOnlyItsLines() throws {
        let invoice = try InvoiceFixtures.invoice(InvoiceFixtures.request([InvoiceFixtures.line("a", "2", "100"), InvoiceFixtures.line("b", "1", "50", rate: "7")]))
        let calculator = InvoiceCalculator(seller: InvoiceFixtures.seller)
        let note = try calculator.creditNote(for: invoice, lines: [InvoiceFixtures.line("a", "1", "100")], number: "CN-2026-00001",
                                             series: "credit-note", date: LocalDate(iso: "2026-11-10")!, reason: "returned", key: "c1")
        #expect(note.kind == .creditNote)
        #expect(note.totals.payable == 11_900)
        #expect(note.creditedInvoice?.number == "INV-2026-00001")
        let full = try calculator.creditNote(for: invoice, lines: nil, number: "CN-2026-00002", series: "credit-note",
                                             date: LocalDate(iso: "2026-11-10")!, reason: "cancelled", key: "c2")
        #expect(full.totals == invoice.totals)
    }

    @Test func negativeInvoiceIsRefused() throws {
        var request = InvoiceFixtures.request([InvoiceFixtures.line("a", "1", "10")])
        request.allowances = [AllowanceChargeRequest(reason: "too much", amount: ExactDecimal(20), taxCategory: .standard, taxRate: ExactDecimal(19))]
        #expect(throws: KontorError.self) { try InvoiceFixtures.invoice(request) }
    }
}
