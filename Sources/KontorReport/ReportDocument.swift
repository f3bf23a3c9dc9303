import KontorCore

/// A finished report: sections of typed rows, key figures and chart data. Every format
/// (table, CSV, JSON, HTML, PDF) renders this one value, so they never disagree.
public struct ReportDocument: Sendable {
    public var name: ReportName
    public var title: String
    public var business: BusinessID
    public var businessName: String
    public var period: ReportPeriod
    public var comparison: ReportPeriod?
    public var basis: Basis
    public var currency: CurrencyCode
    public var sections: [ReportSection] = []
    /// The figures a reader looks for first (net profit, net tax payable, …).
    public var totals: [ReportTotal] = []
    public var charts: [ReportChart] = []
    /// Plain-language notes on how figures were derived.
    public var notes: [String] = []
}

/// The reports Kontor makes.
public enum ReportName: String, Sendable, CaseIterable, Hashable {
    case pnl, expenses, tax, vendors, aging

    public var title: String {
        switch self {
        case .pnl: "Profit and loss"
        case .expenses: "Expense breakdown"
        case .tax: "Tax report"
        case .vendors: "Vendor expenses"
        case .aging: "Accounts receivable aging"
        }
    }
}

public struct ReportSection: Sendable {
    public var key: String
    public var title: String
    public var columns: [ReportColumn]
    public var rows: [[ReportCell]]

    public init(key: String, title: String, columns: [ReportColumn], rows: [[ReportCell]] = []) {
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

public struct ReportColumn: Sendable {
    public enum Kind: Sendable { case text, amount, percent, count }
    public var key: String
    public var label: String
    public var kind: Kind

    public init(_ key: String, _ label: String, _ kind: Kind = .text) {
        self.key = key
        self.label = label
        self.kind = kind
    }
}

public enum ReportCell: Sendable, Hashable {
    case text(String)
    /// Minor units of the report's currency.
    case amount(Int64)
    /// Hundredths of a percent (basis points).
    case percent(Int64)
    case count(Int64)
    case empty
}

public struct ReportTotal: Sendable {
    public var key: String
    public var label: String
    public var amount: Int64
    public var comparison: Int64?
}

public struct ReportChart: Sendable {
    public enum Kind: Sendable { case pie, bars }
    public var kind: Kind
    public var title: String
    public var labels: [String]
    /// Series name → one value per label (minor units).
    public var series: [(name: String, values: [Int64])]
}

extension ReportDocument {
    /// `12.34` from basis points.
    static func percentText(_ basisPoints: Int64) -> String {
        let money = Money(minorUnits: basisPoints, currency: CurrencyCode("EUR")!)
        return money.decimalString
    }

    /// amount / total in basis points, half-up; 0 when the total is 0.
    static func share(_ amount: Int64, of total: Int64) -> Int64 {
        guard total != 0 else { return 0 }
        let numerator = Int128(amount) * 10_000
        let denominator = Int128(total)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let roundsAway = remainder.magnitude * 2 >= denominator.magnitude
        let away: Int128 = (numerator < 0) != (denominator < 0) ? -1 : 1
        return Int64(quotient + (roundsAway ? away : 0))
    }

    func amountText(_ minorUnits: Int64) -> String {
        Money(minorUnits: minorUnits, currency: currency).decimalString
    }

    func text(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let text): text
        case .amount(let value): amountText(value)
        case .percent(let value): ReportDocument.percentText(value)
        case .count(let value): String(value)
        case .empty: ""
        }
    }
}
