import Foundation
import KontorCore
import KontorRead
import Testing

/// Every PayPal export against its expected file, and the webhook events against what
/// their SOURCES.md describes.
@Suite struct PayPalConformanceTests {
    @Test func everySampleMatchesItsExpectedFile() throws {
        guard let samples = ConformanceHarness.samples else {
            print("paypal conformance: ../shared/samples is absent, nothing compared")
            return
        }
        let folder = samples + "/paypal"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { !$0.hasSuffix(".expected.json") && !$0.hasPrefix(".") }.sorted()
        var passed = 0
        var failures: [String] = []
        for file in files {
            let expectedFile = "\(folder)/\(file).expected.json"
            let (format, result) = try GatewayConformance.read("\(folder)/\(file)")
            guard format == .payPalCSV else {
                failures.append("\(file): detected as \(format.map(\.rawValue) ?? "nothing"), expected paypal-csv")
                continue
            }
            let events: [StatementEvent]
            switch result {
            case .failure(let error):
                failures.append("\(file): \(error)")
                continue
            case .success(let read): events = read
            }
            // PayPal's expected files add up Net (gross + fee) as sum_amounts.
            var problems = try ConformanceHarness.differences(
                ConformanceHarness.summarize(GatewayConformance.SumView.net.apply(events)), expectedFile: expectedFile)
            problems += try GatewayConformance.differences(events, expectedFile: expectedFile, feeSign: -1)
            if problems.isEmpty { passed += 1 } else { failures.append("\(file):\n    " + problems.joined(separator: "\n    ")) }
        }
        print("paypal conformance: \(passed) passed, \(failures.count) failed")
        for failure in failures { print("  " + failure) }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func eventsPostWhatTheirSourcesDescribe() throws {
        guard let samples = ConformanceHarness.samples else { return }
        func transaction(_ name: String) throws -> BankTransaction? {
            let (format, result) = try GatewayConformance.read("\(samples)/paypal-events/\(name)")
            #expect(format == .payPalEvent, "\(name)")
            let statements = GatewayConformance.statements(try result.get())
            #expect(statements.count == 1 && statements[0].count == 1, "\(name)")
            return statements.first?.first
        }
        let usd = CurrencyCode.USD
        let simulator = try #require(try transaction("PAYMENT.CAPTURE.COMPLETED.simulator.json"))
        #expect(simulator.amount == Money(minorUnits: 3000, currency: usd))
        #expect(simulator.fee == Money(minorUnits: 354, currency: usd))   // 1.54 PayPal + 2.00 platform; net 26.46
        #expect(simulator.bankID == "12A34567BC123456S")
        #expect(simulator.endToEndID == "1AB234567A1234567")
        #expect(simulator.gatewayKind == "charge")
        #expect(simulator.date == LocalDate(year: 2022, month: 8, day: 23))

        let docs = try #require(try transaction("PAYMENT.CAPTURE.COMPLETED.docs-sample.json"))
        #expect(docs.amount == Money(minorUnits: 251, currency: usd))
        #expect(docs.fee == Money(minorUnits: 37, currency: usd))
        #expect(docs.bankID == "27M47624FP291604U")
        // The two samples share one event id; their captures differ, so neither is a duplicate.
        #expect(docs.bankID != simulator.bankID)

        let refund = try #require(try transaction("PAYMENT.CAPTURE.REFUNDED.docs-sample.json"))
        #expect(refund.amount == Money(minorUnits: -99, currency: usd))
        #expect(refund.fee == Money(minorUnits: -2, currency: usd))   // the fee PayPal returns; net −0.97
        #expect(refund.bankID == "1Y107995YT783435V")
        #expect(refund.gatewayKind == "refund")
        #expect(refund.date == LocalDate(year: 2018, month: 8, day: 15))

        // The headers file is not an event.
        let (headersFormat, _) = try GatewayConformance.read("\(samples)/paypal-events/PAYMENT.CAPTURE.COMPLETED.simulator.headers.json")
        #expect(headersFormat == nil)
    }
}
