import KontorCore

/// One report schedule of `pipelines/kontor.yaml` (`schedules:`): which reports to
/// package for which businesses, how often, and when each run is due.
///
/// A run covers the period that just ended (the previous month, quarter or fiscal year)
/// and is due on `day` of the month after it ends, at `at` (UTC): `every: month, day: 2,
/// at: "06:00"` packages September on 2 October at 06:00.
public struct ReportSchedule: Hashable, Sendable {
    public enum Frequency: String, Hashable, Sendable, CaseIterable {
        case month, quarter, year
    }

    public var id: String
    /// Nil: every business of the workspace.
    public var business: BusinessID?
    public var reports: [String]
    public var formats: [String]
    public var every: Frequency
    /// Day of the month after the period ends (1…28).
    public var day: Int
    /// Time of day in UTC.
    public var hour: Int
    public var minute: Int
    /// `accrual` or `cash`.
    public var basis: String

    public init(id: String, business: BusinessID? = nil, reports: [String] = ReportSchedule.reportNames,
                formats: [String] = ["csv", "json", "html"], every: Frequency, day: Int = 1, hour: Int = 6, minute: Int = 0,
                basis: String = "accrual") {
        self.id = id
        self.business = business
        self.reports = reports
        self.formats = formats
        self.every = every
        self.day = day
        self.hour = hour
        self.minute = minute
        self.basis = basis
    }

    public static let reportNames = ["pnl", "expenses", "tax", "vendors", "aging"]
    public static let formatNames = ["table", "csv", "json", "html", "pdf"]

    /// Parses one entry of `schedules:`.
    static func parse(_ node: ConfigNode) throws(KontorError) -> ReportSchedule {
        let map = try ConfigMapping(node, what: "a report schedule",
                                    allowed: ["id", "business", "reports", "formats", "every", "day", "at", "basis"])
        let id = try map.required("id", expected: "a name such as monthly-reports").nonEmptyString()
        guard id.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }), id.count <= 64 else {
            throw node.error("schedule id '\(id)' may only hold a-z, 0-9 and '-'", hint: "for example monthly-reports")
        }
        let everyNode = try map.required("every", expected: "month, quarter or year")
        let everyText = try everyNode.string()
        guard let every = Frequency(rawValue: everyText) else {
            throw everyNode.error("\(everyNode.label) must be month, quarter or year, found '\(everyText)'", hint: "for example every: month")
        }
        var schedule = ReportSchedule(id: id, every: every)
        if let value = map.optional("business") {
            let text = try value.string()
            guard let business = BusinessID(text) else { throw value.error("'\(text)' is not a business id") }
            schedule.business = business
        }
        if let value = map.optional("reports") {
            schedule.reports = try names(value, allowed: reportNames, what: "report")
        }
        if let value = map.optional("formats") {
            schedule.formats = try names(value, allowed: formatNames, what: "format")
        }
        if let value = map.optional("day") { schedule.day = Int(try value.integer(in: 1...28)) }
        if let value = map.optional("at") {
            let text = try value.string()
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
                  (0...23).contains(hour), (0...59).contains(minute) else {
                throw value.error("\(value.label) must be a time of day HH:MM (UTC), found '\(text)'", hint: "for example at: \"06:00\"")
            }
            (schedule.hour, schedule.minute) = (hour, minute)
        }
        if let value = map.optional("basis") {
            let text = try value.string()
            guard text == "accrual" || text == "cash" else {
                throw value.error("\(value.label) must be accrual or cash, found '\(text)'")
            }
            schedule.basis = text
        }
        return schedule
    }

    private static func names(_ node: ConfigNode, allowed: [String], what: String) throws(KontorError) -> [String] {
        var result: [String] = []
        for element in try node.sequence(of: "\(what)s") {
            let text = try element.string()
            guard allowed.contains(text) else {
                throw element.error("'\(text)' is not a \(what)", hint: "use \(allowed.joined(separator: ", "))")
            }
            if !result.contains(text) { result.append(text) }
        }
        guard !result.isEmpty else { throw node.error("\(node.label) lists no \(what)", hint: "name at least one of \(allowed.joined(separator: ", "))") }
        return result
    }
}
