import KontorCore
import KontorRead
import Testing

@Suite struct PayPalCSVReaderTests {
    @Test func englishSlashedDatesAreMonthFirstUnlessADayAbove12Says() throws {
        let header = #""Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID","Reference Txn ID""#
        let us = header + "\n" + #""03/04/2026","10:00:00","PDT","Ann","Website Payment","Completed","USD","1,000.00","-30.00","970.00","T1","""#
        let usRead = try GatewayReading.read(PayPalCSVReader(), us)
        #expect(usRead[0].transactions[0].date == LocalDate(year: 2026, month: 3, day: 4))
        #expect(usRead[0].transactions[0].amount == Money(minorUnits: 100_000, currency: .USD))
        #expect(usRead[0].transactions[0].fee == Money(minorUnits: 3000, currency: .USD))
        #expect(usRead[0].transactions[0].gatewayKind == "charge")
        let uk = us + "\n" + #""25/04/2026","10:00:00","PDT","","General Withdrawal","Pending","USD","-970.00","0.00","-970.00","T2","T1""#
        let ukRead = try GatewayReading.read(PayPalCSVReader(), uk)
        #expect(ukRead[0].transactions.map(\.date) == [LocalDate(year: 2026, month: 4, day: 3), LocalDate(year: 2026, month: 4, day: 25)])
        let withdrawal = ukRead[0].transactions[1]
        #expect(withdrawal.kind == "General Withdrawal (Pending)")
        #expect(withdrawal.gatewayKind == "payout")
        #expect(withdrawal.endToEndID == "T1")
    }

    /// A payment PayPal denied, canceled or failed, and a row whose balance impact is Memo,
    /// moved no money: they are left out. Pending rows stay (they move the balance).
    @Test func rowsThatMovedNoMoneyAreLeftOut() throws {
        let header = #""Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID","Balance Impact""#
        let rows = [
            #""03/04/2026","10:00:00","PDT","Ann","Website Payment","Completed","USD","10.00","0.00","10.00","T1","Credit""#,
            #""03/04/2026","10:01:00","PDT","Bob","Website Payment","Denied","USD","20.00","0.00","20.00","T2","Credit""#,
            #""03/04/2026","10:02:00","PDT","Cy","Website Payment","Canceled","USD","30.00","0.00","30.00","T3","Credit""#,
            #""03/04/2026","10:03:00","PDT","Di","Express Checkout Payment","Failed","USD","-40.00","0.00","-40.00","T4","Debit""#,
            #""03/04/2026","10:04:00","PDT","Ed","Payment Review Hold","Completed","USD","50.00","0.00","50.00","T5","Memo""#,
            #""03/04/2026","10:05:00","PDT","","General Withdrawal","Pending","USD","-10.00","0.00","-10.00","T6","Debit""#,
        ]
        let statements = try GatewayReading.read(PayPalCSVReader(), ([header] + rows).joined(separator: "\n"))
        #expect(statements[0].transactions.map(\.bankID) == ["T1", "T6"])
        let german = "\"Datum\",\"Name\",\"Typ\",\"Status\",\"Währung\",\"Brutto\",\"Gebühr\",\"Netto\",\"Transaktionscode\"\n"
            + "\"14.07.2025\",\"\",\"Zahlung\",\"Abgelehnt\",\"EUR\",\"5,00\",\"0,00\",\"5,00\",\"7KE\"\n"
            + "\"14.07.2025\",\"\",\"Zahlung\",\"Abgeschlossen\",\"EUR\",\"6,00\",\"0,00\",\"6,00\",\"7KF\"\n"
        #expect(try GatewayReading.read(PayPalCSVReader(), german)[0].transactions.map(\.bankID) == ["7KF"])
    }

    @Test func germanExportWithDecimalCommas() throws {
        let text = "\u{FEFF}\"Datum\",\"Uhrzeit\",\"Name\",\"Typ\",\"Status\",\"Währung\",\"Brutto\",\"Gebühr\",\"Netto\",\"Transaktionscode\",\"Empfänger E-Mail-Adresse\"\n"
            + "\"14.07.2025\",\"12:56:04\",\"\",\"PayPal Express-Zahlung\",\"Abgeschlossen\",\"EUR\",\"-1.013,21\",\"0,00\",\"-1.013,21\",\"7KE\",\"shop@example.de\"\n"
        let statements = try GatewayReading.read(PayPalCSVReader(), text)
        let line = statements[0].transactions[0]
        #expect(line.amount == Money(minorUnits: -101_321, currency: .EUR))
        #expect(line.payee == "shop@example.de")
        #expect(line.gatewayKind == "payment")
        #expect(line.kind == "PayPal Express-Zahlung")
        #expect(line.date == LocalDate(year: 2025, month: 7, day: 14))
    }

    @Test(arguments: [
        ("\"Date\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"Transaction ID\"\n\"13/01/2026\",\"USD\",\"1.00\",\"0.00\",\"1.00\",\"A\"\n\"01/13/2026\",\"USD\",\"1.00\",\"0.00\",\"1.00\",\"B\"\n",
         "dates mix two orders: '13/01/2026' on line 2 is day first, '01/13/2026' on line 3 month first", 3),
        ("\"Date\",\"Currency\",\"Gross\",\"Fee\",\"Net\"\n\"1/2/2026\",\"USD\",\"10.00\",\"-0.50\",\"9.00\"\n",
         "line 2: net 9.00 is not gross 10.00 + fee -0.50", 2),
        ("\"Date\",\"Currency\",\"Gross\"\n\"1/2/2026\",\"ZZZ\",\"10.00\"\n", "currency 'ZZZ' on line 2 is not an ISO 4217 currency Kontor knows", 2),
        ("\"Date\",\"Currency\",\"Gross\"\n\"yesterday\",\"USD\",\"10.00\"\n", "line 2: date 'yesterday' is not a date", 2),
        ("\"Fecha\",\"Importe\"\n\"1/2/2026\",\"1,00\"\n",
         "the header names no date, gross and currency columns Kontor knows; this is not a PayPal export it reads", 1),
    ])
    func refusesBrokenInput(text: String, message: String, line: Int) throws {
        let error = try #require(GatewayReading.error(PayPalCSVReader(), text, fileName: "pp.csv"))
        #expect(error.message == message)
        #expect(error.position?.line == line)
        #expect(error.position?.file == "pp.csv")
    }

    @Test func kindsFromTheTypeText() {
        let plus = Money(minorUnits: 1, currency: .EUR)
        #expect(PayPalCSVReader.gatewayKind(type: "Rückbuchung allgemeiner Einbehaltung", gross: plus) == .hold)
        #expect(PayPalCSVReader.gatewayKind(type: "Payment Refund", gross: plus.negated) == .refund)
        #expect(PayPalCSVReader.gatewayKind(type: "Chargeback", gross: plus.negated) == .dispute)
        #expect(PayPalCSVReader.gatewayKind(type: "General Currency Conversion", gross: plus) == .conversion)
        #expect(PayPalCSVReader.gatewayKind(type: "Pago estándar", gross: plus) == .charge)
    }
}

@Suite struct PayPalEventReaderTests {
    @Test func aReversalIsADispute() throws {
        let text = #"{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.REVERSED", "create_time": "2026-01-01T00:30:00+02:00", "resource": {"id": "CAP1", "amount": {"currency_code": "EUR", "value": "5.00"}}}"#
        let statements = try GatewayReading.read(PayPalEventReader(), text)
        let line = try #require(statements.first?.transactions.first)
        #expect(line.amount == Money(minorUnits: -500, currency: .EUR))
        #expect(line.bankID == "CAP1#reversed")
        #expect(line.gatewayKind == "dispute")
        // 00:30 at +02:00 is the previous day in UTC.
        #expect(line.date == LocalDate(year: 2025, month: 12, day: 31))
    }

    @Test func pendingCapturesAreInformational() throws {
        let text = #"{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.PENDING", "resource": {"id": "CAP1", "amount": {"currency_code": "USD", "value": "5.00"}}}"#
        let statements = try GatewayReading.read(PayPalEventReader(), text)
        #expect(statements.count == 1 && statements[0].transactions.isEmpty)
    }

    @Test(arguments: [
        (#"{"id": "WH-1", "event_type": "BILLING.PLAN.CREATED", "resource": {}}"#, "PayPal event type BILLING.PLAN.CREATED is not one Kontor reads"),
        (#"{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED", "create_time": "2026-01-01T00:00:00Z", "resource": {"id": "C", "amount": {"currency_code": "USD", "value": "5.00"}, "seller_receivable_breakdown": {"gross_amount": {"currency_code": "USD", "value": "5.00"}, "paypal_fee": {"currency_code": "USD", "value": "0.50"}, "net_amount": {"currency_code": "USD", "value": "4.00"}}}}"#,
         "net 4.00 is not gross 5.00 − fees 0.50"),
        (#"{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {"id": "C", "amount": {"currency_code": "USD", "value": "5,00"}}}"#,
         "resource.amount '5,00' cannot be read: ',' is not allowed in an amount (decimal separator is '.')"),
        (#"{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {"id": "C", "amount": {"currency_code": "USD", "value": "5.00"}}}"#,
         "the event has no create_time PayPal writes as RFC 3339 (2022-08-23T18:29:50Z)"),
    ])
    func refusesWhatItCannotRead(text: String, message: String) throws {
        let error = try #require(GatewayReading.error(PayPalEventReader(), text, fileName: "pp.json"))
        #expect(error.message == message)
        #expect(error.position?.file == "pp.json")
        #expect(error.position?.line == 1)
    }
}
