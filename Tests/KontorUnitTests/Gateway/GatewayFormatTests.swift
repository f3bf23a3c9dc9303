import KontorCore
import KontorRead
import Testing

@Suite struct GatewayFormatTests {
    @Test(arguments: [
        ("id,Type,Source,Amount,Fee,Net,Currency,Created (UTC)\n", GatewayFormat?.some(.stripeCSV)),
        ("\"balance_transaction_id\",\"created_utc\",\"currency\",\"gross\",\"fee\",\"net\",\"reporting_category\"\n", .stripeCSV),
        ("\u{FEFF}\"Datum\",\"Uhrzeit\",\"Name\",\"Währung\",\"Brutto\",\"Transaktionscode\"\n", .payPalCSV),
        (#"{"object": "list", "data": [{"id": "txn_1", "object": "balance_transaction"}]}"#, .stripeBalanceJSON),
        ("{\n  \"id\": \"evt_1\",\n  \"object\": \"event\"\n}", .stripeEvent),
        (#"{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}"#, .payPalEvent),
        ("date,amount,vendor,category\n", nil),
        (#"{"content-type": "application/json"}"#, nil),
    ])
    func detectsByContent(text: String, format: GatewayFormat?) {
        #expect(GatewayFormat.detect(prefix: Array(text.utf8)) == format)
    }
}

@Suite struct GatewayHostileInputTests {
    @Test func aPayPalExportSavedAsWindows1252IsRefusedWithItsLine() throws {
        // "Währung" with ä as the single byte 0xE4.
        var bytes = Array("\"Datum\",\"W".utf8) + [0xE4] + Array("hrung\",\"Brutto\"\n\"01.02.2026\",\"EUR\",\"1,00\"\n".utf8)
        let error = #expect(throws: KontorError.self) {
            try GatewayReading.read(PayPalCSVReader(), bytes, fileName: "pp.csv")
        }
        #expect(error?.message == "line 1 is not valid UTF-8 text")
        #expect(error?.position?.file == "pp.csv")
        bytes = []
    }

    @Test func aTruncatedStripeExportNamesTheCutLine() throws {
        let text = String(StripeCSVReaderTests.balance.prefix(through: StripeCSVReaderTests.balance.firstIndex(of: "5")!))
        let error = try #require(GatewayReading.error(StripeCSVReader(), text, fileName: "cut.csv"))
        #expect(error.message == "line 3 has 8 fields, the header names 10")
        #expect(error.position?.line == 3)
        #expect(error.position?.file == "cut.csv")
    }

    @Test func aTruncatedEventIsRefusedWithAPosition() throws {
        let text = StripeEventReaderTests.event("payout.paid", #"{"id": "po_1", "object": "payout", "amount": 1100, "currency": "usd"}"#)
        let error = try #require(GatewayReading.error(StripeEventReader(), String(text.prefix(60)), fileName: "evt.json"))
        #expect(error.position?.line == 1)
        #expect(error.position?.column != nil)
    }

    @Test func binaryGarbageWithAJSONNameIsRefused() throws {
        let garbage: [UInt8] = [0x7B, 0x00, 0xFF, 0x13, 0x37, 0x80]
        #expect(GatewayFormat.detect(prefix: garbage) == nil)
        #expect(throws: KontorError.self) { try GatewayReading.read(StripeEventReader(), garbage, fileName: "evt.json") }
        #expect(throws: KontorError.self) { try GatewayReading.read(PayPalEventReader(), garbage, fileName: "evt.json") }
    }
}
