import KontorCore
import KontorRead
import Testing

@Suite struct StripeBalanceJSONReaderTests {
    @Test func readsAListWithZeroDecimalAndSpecialCurrencies() throws {
        let text = """
            {"object": "list", "account": "acct_1", "has_more": false, "data": [
              {"id": "txn_a", "object": "balance_transaction", "amount": 1500, "fee": 100, "net": 1400, "currency": "jpy",
               "created": 1788253200, "available_on": 1788480000, "type": "charge", "reporting_category": "charge",
               "description": "Order", "source": {"id": "ch_a", "object": "charge", "billing_details": {"name": "Aki"}}},
              {"id": "txn_b", "object": "balance_transaction", "amount": 50000, "fee": 0, "net": 50000, "currency": "isk",
               "created": 1788253200, "type": "adjustment", "reporting_category": "dispute", "source": "du_1"},
              {"id": "txn_c", "object": "balance_transaction", "amount": 1250, "fee": 0, "net": 1250, "currency": "mga",
               "created": 1788253200, "type": "payment", "reporting_category": "charge"}
            ]}
            """
        let statements = try GatewayReading.read(StripeBalanceJSONReader(), text)
        #expect(statements.map(\.header.currency.code) == ["JPY", "ISK", "MGA"])
        #expect(statements[0].header.account == "acct_1")
        let yen = statements[0].transactions[0]
        #expect(yen.amount == Money(minorUnits: 1500, currency: CurrencyCode("JPY")!))
        #expect(yen.fee == Money(minorUnits: 100, currency: CurrencyCode("JPY")!))
        #expect(yen.payee == "Aki")
        #expect(yen.endToEndID == "ch_a")
        #expect(yen.valueDate == LocalDate(year: 2026, month: 9, day: 4))
        // ISK: Stripe writes two decimals, ISO has none. MGA: the other way round.
        #expect(statements[1].transactions[0].amount == Money(minorUnits: 500, currency: CurrencyCode("ISK")!))
        #expect(statements[1].transactions[0].gatewayKind == "dispute")
        #expect(statements[2].transactions[0].amount == Money(minorUnits: 125_000, currency: CurrencyCode("MGA")!))
    }

    @Test func readsABareArray() throws {
        let text = #"[{"id": "txn_a", "amount": -100, "fee": 0, "net": -100, "currency": "usd", "created": 0, "type": "payout"}]"#
        let statements = try GatewayReading.read(StripeBalanceJSONReader(), text)
        #expect(statements[0].transactions[0].amount == Money(minorUnits: -100, currency: .USD))
        #expect(statements[0].transactions[0].date == LocalDate(year: 1970, month: 1, day: 1))
    }

    @Test(arguments: [
        (#"{"object": "list", "data": [{"id": "txn_a", "amount": 100, "fee": 3, "net": 90, "currency": "usd", "created": 0}]}"#,
         "data[0] (txn_a): net 0.90 is not amount 1.00 − fee 0.03", "data[0].net", 1),
        (#"{"object": "list", "data": [{"id": "txn_a", "amount": 1.5, "currency": "usd", "created": 0}]}"#,
         "data[0].amount is 1.5, expected a whole number", "data[0].amount", 1),
        (#"{"object": "list", "data": [{"id": "txn_a", "amount": 150, "currency": "isk", "created": 0}]}"#,
         "data[0].amount 150 is not an amount in ISK's smallest unit", "data[0].amount", 1),
        (#"{"object": "charge", "id": "ch_1"}"#, "the document is a Stripe charge, not a list of balance transactions", "object", 1),
        (#"{"object": "list", "data": [{"id": "ch_1", "object": "charge"}]}"#,
         "data[0] is a Stripe charge, not a balance transaction", "data[0].object", 1),
        ("{\"object\": \"list\",\n \"data\": [{\"id\": \"txn_a\", ", "a string is never closed", nil, 2),
    ] as [(String, String, String?, Int)])
    func refusesBrokenInput(text: String, message: String, path: String?, line: Int) throws {
        let error = try #require(GatewayReading.error(StripeBalanceJSONReader(), text, fileName: "b.json"))
        #expect(error.message == message || (path == nil && error.message.hasPrefix("expected")), "\(error.message)")
        #expect(error.position?.path == path)
        #expect(error.position?.line == line)
        #expect(error.position?.file == "b.json")
    }
}
