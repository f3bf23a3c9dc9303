import KontorCore

/// The days a report covers, both included: a month (`2026-09`), a calendar quarter
/// (`2026-Q3`), a fiscal year (`2026`, the fiscal year that starts in 2026) or any range
/// (`--from/--to`). See docs/decisions/reports.md.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case month, quarter, fiscalYear, range
    }

    public let from: LocalDate
    public let to: LocalDate
    public let kind: Kind
    /// How the period was written: `2026-09`, `2026-Q3`, `2026`, `2026-01-01..2026-03-15`.
    public let label: String

    public init?(from: LocalDate, to: LocalDate, kind: Kind = .range, label: String? = nil) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
        self.kind = kind
        self.label = label ?? "\(from)..\(to)"
    }

    public var description: String { label }

    /// The years a report may be asked for: the comparison periods (a year or one period
    /// earlier) and the next fiscal year must still be calendar dates.
    public static let supportedYears = 1901...9998

    /// A `--from/--to` range asked for by a user or a request file.
    public static func range(from: LocalDate, to: LocalDate) throws(KontorError) -> ReportPeriod {
        guard supportedYears.contains(from.year), supportedYears.contains(to.year) else {
            throw KontorError(.usage, "reports cover the years \(supportedYears.lowerBound) to \(supportedYears.upperBound); \(from) to \(to) is outside",
                              hint: "give dates within those years")
        }
        guard let period = ReportPeriod(from: from, to: to) else {
            throw KontorError(.usage, "the period starts (\(from)) after it ends (\(to))", hint: "give --from before --to")
        }
        return period
    }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    /// Parses `2026-09`, `2026-Q3` or `2026`; a fiscal year starts on `fiscalYearStart`
    /// (month, day) of the year written.
    public static func parse(_ text: String, fiscalYearStart: (month: Int, day: Int) = (1, 1)) throws(KontorError) -> ReportPeriod {
        let hint = "write a month (2026-09), a quarter (2026-Q3) or a fiscal year (2026), or use --from/--to"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText) else {
            throw KontorError(.usage, "'\(text)' is not a period", hint: hint)
        }
        guard supportedYears.contains(year) else {
            throw KontorError(.usage, "'\(text)': reports cover the years \(supportedYears.lowerBound) to \(supportedYears.upperBound)", hint: hint)
        }
        if parts.count == 1 {
            guard let start = LocalDate(year: year, month: fiscalYearStart.month, day: fiscalYearStart.day) else {
                throw KontorError(.usage, "the fiscal year start does not exist in \(year)", hint: hint)
            }
            let next = LocalDate(year: year + 1, month: fiscalYearStart.month, day: fiscalYearStart.day) ?? start.adding(days: 365)
            return ReportPeriod(from: start, to: next.adding(days: -1), kind: .fiscalYear, label: text)!
        }
        guard parts.count == 2 else { throw KontorError(.usage, "'\(text)' is not a period", hint: hint) }
        let rest = parts[1]
        if rest.count == 2, rest.first == "Q" || rest.first == "q", let quarter = Int(rest.dropFirst()), (1...4).contains(quarter) {
            let first = LocalDate(year: year, month: quarter * 3 - 2, day: 1)!
            let last = LocalDate(year: year, month: quarter * 3, day: LocalDate.daysIn(month: quarter * 3, year: year))!
            return ReportPeriod(from: first, to: last, kind: .quarter, label: "\(year)-Q\(quarter)")!
        }
        guard rest.count == 2, let month = Int(rest), (1...12).contains(month) else {
            throw KontorError(.usage, "'\(text)' is not a period", hint: hint)
        }
        return ReportPeriod.month(year: year, month: month)
    }

    /// The calendar month `year-month`.
    public static func month(year: Int, month: Int) -> ReportPeriod {
        let first = LocalDate(year: year, month: month, day: 1)!
        let last = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))!
        return ReportPeriod(from: first, to: last, kind: .month, label: first.description.prefix(7).description)!
    }

    /// The period just before this one, of the same kind (a month before a month, a quarter
    /// before a quarter, a year before a year, the same number of days before a range).
    public var previous: ReportPeriod {
        switch kind {
        case .month:
            return from.month == 1 ? .month(year: from.year - 1, month: 12) : .month(year: from.year, month: from.month - 1)
        case .quarter:
            let quarter = (from.month + 2) / 3
            let label = quarter == 1 ? "\(from.year - 1)-Q4" : "\(from.year)-Q\(quarter - 1)"
            return (try? ReportPeriod.parse(label)) ?? shifted(days: -(days))
        case .fiscalYear:
            return lastYear
        case .range:
            return shifted(days: -days)
        }
    }

    /// The same period one year earlier (29 February becomes the 28th).
    public var lastYear: ReportPeriod {
        func back(_ date: LocalDate) -> LocalDate {
            LocalDate(year: date.year - 1, month: date.month, day: min(date.day, LocalDate.daysIn(month: date.month, year: date.year - 1)))!
        }
        var end = back(to)
        // A period that ends on the last day of a month ends on the last day of that month a year before.
        if to.day == LocalDate.daysIn(month: to.month, year: to.year) {
            end = LocalDate(year: to.year - 1, month: to.month, day: LocalDate.daysIn(month: to.month, year: to.year - 1))!
        }
        let label: String = switch kind {
        case .month: String(back(from).description.prefix(7))
        case .quarter: "\(from.year - 1)-Q\((from.month + 2) / 3)"
        case .fiscalYear: String(from.year - 1)
        case .range: "\(back(from))..\(end)"
        }
        return ReportPeriod(from: back(from), to: end, kind: kind, label: label)!
    }

    /// Number of days, both ends included.
    public var days: Int { to.daysSinceEpoch - from.daysSinceEpoch + 1 }

    private func shifted(days offset: Int) -> ReportPeriod {
        let start = from.adding(days: offset)
        let end = to.adding(days: offset)
        return ReportPeriod(from: start, to: end, kind: .range, label: "\(start)..\(end)")!
    }

    /// The calendar months the period touches, as (year, month), in order.
    public var months: [(year: Int, month: Int)] {
        var result: [(Int, Int)] = []
        var year = from.year
        var month = from.month
        while (year, month) <= (to.year, to.month) {
            result.append((year, month))
            month += 1
            if month == 13 { month = 1; year += 1 }
        }
        return result
    }

    /// `{"from": …, "to": …, "label": …}`.
    public var json: JSONValue {
        ["from": .string(from.description), "to": .string(to.description), "label": .string(label)]
    }
}
