import KontorCore
import KontorRead
import Testing

@Suite struct StripeCSVReaderTests {
    static let balance = """
        id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description
        txn_1,charge,ch_1,100.00,3.20,96.80,eur,2026-09-01 10:00,2026-09-08 00:00,Order 7
        txn_2,refund,re_1,-20.00,0.00,-20.00,eur,2026-09-02 11:00:05,2026-09-02 11:00:05,Refund order 7
        txn_3,payout,po_1,-5000,0,-5000,jpy,2026-09-03 00:00,2026-09-05 00:00,STRIPE PAYOUT
        txn_4,adjustment,du_1,-15.00,15.00,-30.00,eur,2026-09-04 00:00,2026-09-04 00:00,Chargeback
        """

    @Test func readsABalanceExportPerCurrency() throws {
        let statements = try GatewayReading.read(StripeCSVReader(), Self.balance + "\n")
        #expect(statements.map(\.header.currency.code) == ["EUR", "JPY"])
        #expect(statements[0].header.account == nil)
        #expect(statements[0].header.accountKind == "gateway")
        let charge = statements[0].transactions[0]
        #expect(charge.amount == Money(minorUnits: 10000, currency: .EUR))
        #expect(charge.fee == Money(minorUnits: 320, currency: .EUR))
        #expect(charge.bankID == "txn_1")
        #expect(charge.endToEndID == "ch_1")
        #expect(charge.gatewayKind == "charge")
        #expect(charge.date == LocalDate(year: 2026, month: 9, day: 1))
        #expect(charge.valueDate == LocalDate(year: 2026, month: 9, day: 8))
        #expect(charge.memo == "Order 7")
        #expect(charge.position.line == 2)
        #expect(statements[0].transactions[1].gatewayKind == "refund")
        #expect(statements[0].transactions[2].gatewayKind == "adjustment")
        let payout = statements[1].transactions[0]
        #expect(payout.amount == Money(minorUnits: -5000, currency: CurrencyCode("JPY")!))
        #expect(payout.gatewayKind == "payout")
    }

    @Test func readsAPaymentsExportAndLeavesOutFailedCharges() throws {
        let text = """
            id,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Currency,Fee,Status,Customer Email
            ch_1,2026-09-01 10:00,10.00,0.00,usd,9.20,eur,0.45,Paid,a@example.com
            ch_2,2026-09-01 11:00,12.00,0.00,usd,,,0.00,Failed,b@example.com
            """
        let statements = try GatewayReading.read(StripeCSVReader(), text)
        #expect(statements.count == 1)
        let charge = try #require(statements.first?.transactions.first)
        #expect(statements[0].transactions.count == 1)
        #expect(charge.amount == Money(minorUnits: 920, currency: .EUR))
        #expect(charge.fee == Money(minorUnits: 45, currency: .EUR))
        #expect(charge.payee == "a@example.com")
        #expect(charge.bankID == "ch_1")
    }

    @Test func refusesANetThatIsNotGrossMinusFee() throws {
        let text = "id,Type,Amount,Fee,Net,Currency,Created (UTC)\ntxn_1,charge,100.00,3.20,96.00,eur,2026-09-01 10:00\n"
        let error = try #require(GatewayReading.error(StripeCSVReader(), text, fileName: "balance.csv"))
        #expect(error.message == "line 2 (txn_1): net 96.00 is not amount 100.00 − fee 3.20")
        #expect(error.position == SourcePosition(file: "balance.csv", line: 2, column: 5, field: "Net"))
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("date,amount,vendor\n2026-09-01,1.00,x\n",
         "the header has no column id, Currency, Created (UTC); this is not a Stripe export Kontor reads"),
        ("id,Amount,Currency,Created (UTC),Net\ntxn_1,12.5x,eur,2026-09-01,12.5\n",
         "line 2: amount '12.5x' cannot be read: 'x' is not allowed in an amount (decimal separator is '.')"),
        ("id,Amount,Currency,Created (UTC),Net\ntxn_1,1.00,xyz,2026-09-01,1.00\n",
         "currency 'xyz' on line 2 is not an ISO 4217 currency Kontor knows"),
        ("id,Amount,Currency,Created (UTC),Net\ntxn_1,1.00,eur,01.09.2026,1.00\n",
         "line 2: creation date '01.09.2026' is not a date"),
        ("id,Amount,Currency,Created (UTC),Net\ntxn_1,\"1.00,eur,2026-09-01,1.00\n",
         "a quoted field that opens on line 2 is never closed"),
    ])
    func refusesBrokenInputWithAMessage(text: String, message: String) throws {
        let error = try #require(GatewayReading.error(StripeCSVReader(), text, fileName: "s.csv"))
        #expect(error.message == message)
        #expect(error.position?.file == "s.csv")
        #expect(error.position?.line != nil)
    }

    @Test func refusesBinaryGarbage() throws {
        let garbage: [UInt8] = [0x69, 0x64, 0x2C, 0xFF, 0xFE, 0x00, 0x0A, 0x80, 0x81]
        #expect(throws: KontorError.self) { try GatewayReading.read(StripeCSVReader(), garbage, fileName: "x.csv") }
        #expect(GatewayFormat.detect(prefix: garbage) == nil)
    }
}
