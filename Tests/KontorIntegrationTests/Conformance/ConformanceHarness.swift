import Foundation
import KontorCore

/// The shared part of the sample conformance tests: summarizes what a reader emitted per
/// statement and compares it with the `<file>.expected.json` that an established parser
/// computed (`../shared/samples/SOURCES.md`). Each format's test feeds it its files.
enum ConformanceHarness {
    /// `../shared/samples`, next to the repository, or nil when it is not there.
    static var samples: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        let path = root + "/../shared/samples"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// What one statement of a file amounts to.
    struct Summary: Equatable {
        var account: String?
        var currency: String
        var count = 0
        var sum: Decimal = 0
        var earliest: LocalDate?
        var latest: LocalDate?
        var opening: Decimal?
        var closing: Decimal?
    }

    /// Folds reader events into one summary per statement.
    static func summarize(_ events: [StatementEvent]) -> [Summary] {
        var result: [Summary] = []
        for event in events {
            switch event {
            case .begin(let header):
                var summary = Summary(account: header.account, currency: header.currency.code)
                summary.opening = header.opening.map { decimal($0.amount) }
                result.append(summary)
            case .transaction(let transaction):
                guard !result.isEmpty else { continue }
                result[result.count - 1].count += 1
                result[result.count - 1].sum += decimal(transaction.amount)
                let date = transaction.date
                if result[result.count - 1].earliest.map({ date < $0 }) ?? true { result[result.count - 1].earliest = date }
                if result[result.count - 1].latest.map({ date > $0 }) ?? true { result[result.count - 1].latest = date }
            case .end(let footer):
                guard !result.isEmpty else { continue }
                if let opening = footer.opening { result[result.count - 1].opening = decimal(opening.amount) }
                if let closing = footer.closing { result[result.count - 1].closing = decimal(closing.amount) }
            }
        }
        return result
    }

    static func decimal(_ money: Money) -> Decimal {
        Decimal(string: money.decimalString, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    /// The differences between what Kontor read and the expectation, as readable lines
    /// (empty when they agree). `dateKeys` says which expected date fields to compare
    /// (`earliest_date` or `earliest_date_utc`, as the format's SOURCES note says).
    static func differences(_ summaries: [Summary], expectedFile: String,
                            dateKeys: (String, String) = ("earliest_date", "latest_date")) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: expectedFile))
        guard let expected = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let statements = expected["statements"] as? [[String: Any]] else {
            return ["\(expectedFile) has no statements array"]
        }
        var problems: [String] = []
        if let count = expected["statement_count"] as? Int, count != summaries.count {
            problems.append("statement count \(summaries.count), expected \(count)")
        }
        for (index, (summary, statement)) in zip(summaries, statements).enumerated() {
            func check(_ name: String, _ actual: String?, _ wanted: Any?) {
                let wantedText: String? = (wanted is NSNull) ? nil : wanted.map { "\($0)" }
                if actual != wantedText { problems.append("statement \(index + 1) \(name): \(actual ?? "null"), expected \(wantedText ?? "null")") }
            }
            func checkDecimal(_ name: String, _ actual: Decimal?, _ wanted: Any?) {
                let wantedDecimal = (wanted as? String).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
                    ?? (wanted as? NSNumber).map { $0.decimalValue }
                if actual != wantedDecimal {
                    problems.append("statement \(index + 1) \(name): \(actual.map { "\($0)" } ?? "null"), expected \(wantedDecimal.map { "\($0)" } ?? "null")")
                }
            }
            if statement.keys.contains("account_id") { check("account", summary.account, statement["account_id"]) }
            check("currency", summary.currency, statement["currency"])
            check("transaction count", String(summary.count), statement["transaction_count"])
            checkDecimal("sum", summary.sum, statement["sum_amounts"])
            if statement.keys.contains(dateKeys.0) { check("earliest date", summary.earliest?.description, statement[dateKeys.0]) }
            if statement.keys.contains(dateKeys.1) { check("latest date", summary.latest?.description, statement[dateKeys.1]) }
            if statement.keys.contains("opening_balance") { checkDecimal("opening balance", summary.opening, statement["opening_balance"]) }
            if statement.keys.contains("closing_balance") { checkDecimal("closing balance", summary.closing, statement["closing_balance"]) }
        }
        return problems
    }
}
