import Foundation
import KontorCore
import KontorRead

/// The gateway part of the conformance tests: reads a sample with the reader its content
/// selects, and compares the gateway-only keys of the expected files (`sum_gross`,
/// `sum_fee`, `sum_net`, `type_counts`, `reporting_category_counts`, `event_type`) that
/// ``ConformanceHarness`` does not know.
///
/// Kontor's rule for a gateway line is the same for Stripe and PayPal: `amount` is the
/// gross, `fee` the fee withheld (positive), net = amount − fee. The expected files define
/// `sum_amounts` per format — the gross for Stripe exports, the net for PayPal exports, the
/// unsigned object amount for Stripe events — so each test hands the harness the view of
/// the amounts its format's expected files use.
enum GatewayConformance {
    /// Which amount of a line the expected file's `sum_amounts` adds up.
    enum SumView {
        case gross, net, objectMagnitude

        func apply(_ events: [StatementEvent]) -> [StatementEvent] {
            events.map { event in
                guard case .transaction(var transaction) = event else { return event }
                switch self {
                case .gross: break
                case .net:
                    transaction.amount.minorUnits -= transaction.fee?.minorUnits ?? 0
                case .objectMagnitude:
                    transaction.amount = transaction.amount.magnitude
                }
                return .transaction(transaction)
            }
        }
    }

    /// Reads one sample with the reader `GatewayFormat.detect` picks.
    static func read(_ path: String) throws -> (GatewayFormat?, Result<[StatementEvent], KontorError>) {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let format = GatewayFormat.detect(prefix: Array(bytes.prefix(FormatDetector.prefixLength)))
        guard let format else { return (nil, .success([])) }
        var source = MemoryByteSource(bytes, chunkSize: 4096)
        var events: [StatementEvent] = []
        do {
            try format.reader.read(&source, fileName: (path as NSString).lastPathComponent) { event in events.append(event) }
            return (format, .success(events))
        } catch {
            return (format, .failure(error))
        }
    }

    /// The transactions of each statement.
    static func statements(_ events: [StatementEvent]) -> [[BankTransaction]] {
        var result: [[BankTransaction]] = []
        for event in events {
            switch event {
            case .begin: result.append([])
            case .transaction(let transaction): if !result.isEmpty { result[result.count - 1].append(transaction) }
            case .end: break
            }
        }
        return result
    }

    /// Differences in the gateway-only keys. `feeSign` is +1 when the expected `sum_fee`
    /// is the fee withheld (Stripe) and −1 when it is the fee column as written (PayPal,
    /// which writes fees negative).
    static func differences(_ events: [StatementEvent], expectedFile: String, feeSign: Int64) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: expectedFile))
        guard let expected = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let wanted = expected["statements"] as? [[String: Any]] else { return ["\(expectedFile) has no statements array"] }
        var problems: [String] = []
        for (index, (transactions, statement)) in zip(statements(events), wanted).enumerated() {
            func sum(_ value: (BankTransaction) -> Int64) -> Decimal {
                guard let first = transactions.first else { return 0 }
                let total = Money(minorUnits: transactions.reduce(0) { $0 + value($1) }, currency: first.amount.currency)
                return ConformanceHarness.decimal(total)
            }
            func check(_ key: String, _ actual: Decimal) {
                guard let text = statement[key] as? String else { return }
                let want = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
                if want != actual { problems.append("statement \(index + 1) \(key): \(actual), expected \(text)") }
            }
            check("sum_gross", sum { $0.amount.minorUnits })
            check("sum_fee", sum { feeSign * ($0.fee?.minorUnits ?? 0) })
            check("sum_net", sum { $0.amount.minorUnits - ($0.fee?.minorUnits ?? 0) })
            for key in ["type_counts", "reporting_category_counts"] {
                guard let counts = statement[key] as? [String: Int] else { continue }
                let actual = Dictionary(grouping: transactions, by: { $0.kind ?? "" }).mapValues(\.count)
                if actual != counts { problems.append("statement \(index + 1) \(key): \(actual.sorted { $0.key < $1.key }), expected \(counts.sorted { $0.key < $1.key })") }
            }
            if let eventType = statement["event_type"] as? String, let kind = transactions.first?.kind, kind != eventType {
                problems.append("statement \(index + 1) event type: \(kind), expected \(eventType)")
            }
        }
        return problems
    }
}
