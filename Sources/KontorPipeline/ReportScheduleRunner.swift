import KontorConfig
import KontorCore
import KontorPackage
import KontorReport
import KontorStore
import Logging

/// Runs the report schedules of `pipelines/kontor.yaml`: for every schedule and business,
/// every run due after the daemon first saw the schedule and not made yet — also those
/// missed while the daemon was stopped — writes its package into `outbox/<b>/reports/`
/// and is recorded in the ledger (`report_run`), so each period is packaged exactly once.
///
/// A crash between writing a package and recording it makes the run again on restart;
/// the same ledger state gives the same bytes, so the package is only replaced by itself.
public struct ReportScheduleRunner: ScheduledRunner {
    let workspace: Workspace
    let configuration: Configuration
    let store: LedgerStore
    let generatorVersion: String
    let logger: Logger

    public init(workspace: Workspace, configuration: Configuration, store: LedgerStore, generatorVersion: String, logger: Logger) {
        self.workspace = workspace
        self.configuration = configuration
        self.store = store
        self.generatorVersion = generatorVersion
        self.logger = logger
    }

    public func runDue(at now: Int64) async throws(KontorError) -> [String] {
        var lines: [String] = []
        for schedule in configuration.settings.schedules {
            let businesses = schedule.business.map { [$0] } ?? configuration.businesses.map(\.id)
            for id in businesses {
                guard let business = configuration.business(id) else {
                    throw KontorError(.config, "schedule \(schedule.id) names business \(id), which this workspace does not have",
                                      hint: "fix 'business' of the schedule in pipelines/kontor.yaml")
                }
                try store.register(business: id, name: business.name, baseCurrency: business.baseCurrency)
                let start = try store.scheduleStart(schedule.id, business: id, now: now)
                let done = try store.reportRuns(schedule.id, business: id)
                for run in ReportScheduleRunner.dueRuns(schedule, fiscalYearStart: business.fiscalYearStart, after: start, through: now)
                where !done.contains(run.period.label) {
                    let spec = ReportPackageSpec(reports: schedule.reports.compactMap(ReportName.init(rawValue:)),
                                                 formats: schedule.formats.compactMap(ReportFormat.init(rawValue:)),
                                                 period: run.period, basis: Basis(rawValue: schedule.basis) ?? .accrual)
                    let summary = try ReportPackager.write(spec, workspace: workspace, store: store, business: business,
                                                           configuration: configuration, generatorVersion: generatorVersion)
                    try store.recordReportRun(schedule.id, business: id, period: run.period.label, due: run.due, ran: now,
                                              package: workspace.relative(summary.path), sha256: summary.sha256.hex)
                    logger.info("report package written", metadata: [
                        "business.id": "\(id)", "schedule.id": "\(schedule.id)", "report.period": "\(run.period.label)",
                        "package.path": "\(workspace.relative(summary.path))", "package.sha256": "\(summary.sha256.hex)",
                    ])
                    lines.append("\(schedule.id) \(id) \(run.period.label) \(workspace.relative(summary.path))")
                }
            }
        }
        return lines
    }

    /// The runs of `schedule` due in `(start, now]`, oldest first: each period that ended,
    /// due on `day` of the following month at the schedule's time (UTC).
    public static func dueRuns(_ schedule: ReportSchedule, fiscalYearStart: MonthDay, after start: Int64,
                               through now: Int64) -> [(period: ReportPeriod, due: Int64)] {
        let startDate = LocalDate(daysSinceEpoch: Int(floorDivide(start, 86_400)))
        var period: ReportPeriod
        switch schedule.every {
        case .month:
            period = .month(year: startDate.year, month: startDate.month)
        case .quarter:
            period = (try? ReportPeriod.parse("\(startDate.year)-Q\((startDate.month + 2) / 3)"))!
        case .year:
            let year = (startDate.month, startDate.day) >= (fiscalYearStart.month, fiscalYearStart.day) ? startDate.year : startDate.year - 1
            period = (try? ReportPeriod.parse(String(year), fiscalYearStart: (fiscalYearStart.month, fiscalYearStart.day)))!
        }
        period = period.previous.previous
        var runs: [(ReportPeriod, Int64)] = []
        while true {
            let next = period.to.adding(days: 1)
            let dueDate = LocalDate(year: next.year, month: next.month, day: schedule.day)!
            let due = Int64(dueDate.daysSinceEpoch) * 86_400 + Int64(schedule.hour * 3_600 + schedule.minute * 60)
            if due > now { break }
            if due > start { runs.append((period, due)) }
            period = schedule.every == .year ? period.lastYearForward : period.next
        }
        return runs
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

extension ReportPeriod {
    /// The period just after this month or quarter.
    var next: ReportPeriod {
        let after = to.adding(days: 1)
        switch kind {
        case .quarter: return (try? ReportPeriod.parse("\(after.year)-Q\((after.month + 2) / 3)"))!
        default: return .month(year: after.year, month: after.month)
        }
    }

    /// The fiscal year after this one.
    var lastYearForward: ReportPeriod {
        let start = to.adding(days: 1)
        return (try? ReportPeriod.parse(String(start.year), fiscalYearStart: (start.month, start.day)))!
    }
}
