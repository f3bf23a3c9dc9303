import Foundation
import KontorConfig
import KontorCore
import KontorDaemon
import KontorPackage
import KontorPipeline
import KontorReport
import KontorStore
import KontorTesting
import Logging
import ServiceLifecycle
import Testing

/// Report schedules run by the daemon on a test clock (STYLE.md 14).
@Suite(.timeLimit(.minutes(2))) struct ReportScheduleTests {
    static let settings = """
        settle_seconds: 1
        schedules:
          - id: monthly
            business: acme
            reports: [pnl, expenses]
            formats: [json]
            every: month
            day: 2
            at: "06:00"
          - id: quarterly-tax
            business: acme
            reports: [tax]
            formats: [csv, json, pdf]
            every: quarter
            day: 10
            at: "06:00"
        """

    static func seconds(_ date: String, hour: Int = 0) -> Int64 {
        Int64(LocalDate(iso: date)!.daysSinceEpoch) * 86_400 + Int64(hour * 3_600)
    }

    /// Runs a daemon whose clock starts at `from` (wall time) and advances it in steps of
    /// six hours up to `until`, then stops it gracefully.
    static func runDaemon(_ workspace: KontorTesting.TemporaryWorkspace, runner: ReportScheduleRunner,
                          from: Int64, until: Int64) async throws {
        let clock = TestClock()
        let processor = RecordingProcessor(claimDirectory: nil)
        let daemon = Daemon(workspace: workspace.workspace, businesses: [BusinessID("acme")!], processor: processor,
                            settings: DaemonSettings(settle: .seconds(1), rescan: .seconds(3_600), poll: .seconds(3_600)),
                            clock: clock, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                            scheduled: (runner, from, .seconds(3_600)))
        let group = daemon.makeServiceGroup(gracefulShutdownSignals: [])
        let running = Task { try await group.run() }
        var now = from
        while now < until {
            await clock.waitForSleepers(2)
            clock.advance(by: .seconds(6 * 3_600))
            now += 6 * 3_600
        }
        await clock.waitForSleepers(2)
        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test func aQuarterWithTheDaemonStoppedForTwoWeeksGivesEveryDuePackageExactlyOnce() async throws {
        let workspace = try KontorTesting.TemporaryWorkspace(copyingPipelinesFrom: KontorProcess.packageRoot + "/pipelines")
        try workspace.write(Self.settings, to: workspace.workspace.settingsFile)
        let configuration = try Configuration.load(workspace: workspace.workspace)
        try DurableFile.makeDirectory(workspace.workspace.state)
        let store = try LedgerStore.open(path: workspace.workspace.database)
        try ReportGoldenLedger.post(into: store)
        let (logger, log) = InMemoryLogHandler.logger()
        let runner = ReportScheduleRunner(workspace: workspace.workspace, configuration: configuration, store: store,
                                          generatorVersion: "test", logger: logger)

        // Running 1 July – 30 August, stopped until 13 September (2 September's run is missed), running to 15 October.
        try await Self.runDaemon(workspace, runner: runner, from: Self.seconds("2026-07-01"), until: Self.seconds("2026-08-30"))
        let beforeStop = log.messages.filter { $0 == "report package written" }.count
        #expect(beforeStop == 3, "June and July monthly, Q2 tax")
        try await Self.runDaemon(workspace, runner: runner, from: Self.seconds("2026-09-13"), until: Self.seconds("2026-10-15"))

        let written = log.all.filter { $0.message == "report package written" }
        let runs = written.map { "\($0.metadata("schedule.id") ?? "") \($0.metadata("report.period") ?? "")" }
        #expect(runs == ["monthly 2026-06", "quarterly-tax 2026-Q2", "monthly 2026-07",
                         "monthly 2026-08", "monthly 2026-09", "quarterly-tax 2026-Q3"])
        let recorded = try store.reportRunList(business: BusinessID("acme")!)
        #expect(recorded.map { "\($0.schedule) \($0.period)" } == ["monthly 2026-06", "monthly 2026-07", "monthly 2026-08",
                                                                   "monthly 2026-09", "quarterly-tax 2026-Q2", "quarterly-tax 2026-Q3"])
        let packages = try FileManager.default.contentsOfDirectory(atPath: workspace.workspace.reports(BusinessID("acme")!)).sorted()
        #expect(packages.count == 6)
        #expect(Set(recorded.map { String($0.package.split(separator: "/").last!) }) == Set(packages))
        // The quarterly schedule asks for PDF too.
        let quarter = try #require(recorded.first { $0.period == "2026-Q3" })
        let entries = try ArchiveReader().entries(ofFileAt: workspace.root + "/" + quarter.package)
        #expect(entries.map(\.name).sorted().filter { $0.hasPrefix("reports/") } == ["reports/tax.csv", "reports/tax.json", "reports/tax.pdf"])
        #expect(entries.first { $0.name == "reports/tax.pdf" }?.bytes.starts(with: Array("%PDF-".utf8)) == true)

        // Running again at the same time makes nothing new.
        #expect(try await runner.runDue(at: Self.seconds("2026-10-15")).isEmpty)
    }

    @Test func dueRunsFollowTheCalendar() throws {
        let monthly = ReportSchedule(id: "m", every: .month, day: 2, hour: 6)
        let runs = ReportScheduleRunner.dueRuns(monthly, fiscalYearStart: .januaryFirst, after: Self.seconds("2026-07-02", hour: 6),
                                                through: Self.seconds("2026-10-02", hour: 6))
        // 2 July 06:00 itself is not after the start; 2 October 06:00 is due.
        #expect(runs.map(\.period.label) == ["2026-07", "2026-08", "2026-09"])
        #expect(runs.last?.due == Self.seconds("2026-10-02", hour: 6))
        let yearly = ReportSchedule(id: "y", every: .year, day: 15)
        let fiscal = ReportScheduleRunner.dueRuns(yearly, fiscalYearStart: MonthDay(month: 7, day: 1)!, after: Self.seconds("2026-01-01"),
                                                  through: Self.seconds("2028-01-01"))
        #expect(fiscal.map(\.period.label) == ["2025", "2026"])
        #expect(fiscal.first?.period.from == LocalDate(iso: "2025-07-01"))
    }

    @Test func schedulesAreValidated() {
        #expect(throws: KontorError.self) {
            try WorkspaceSettings.parse(yaml: "schedules:\n  - id: x\n    every: week\n")
        }
        #expect(throws: KontorError.self) {
            try WorkspaceSettings.parse(yaml: "schedules:\n  - id: x\n    every: month\n    reports: [profit]\n")
        }
        #expect(throws: KontorError.self) {
            try WorkspaceSettings.parse(yaml: "schedules:\n  - id: x\n    every: month\n    at: \"6am\"\n")
        }
        let parsed = try? WorkspaceSettings.parse(yaml: "schedules:\n  - id: monthly\n    every: month\n    day: 2\n    at: \"06:30\"\n")
        #expect(parsed?.schedules == [ReportSchedule(id: "monthly", every: .month, day: 2, hour: 6, minute: 30)])
    }
}
