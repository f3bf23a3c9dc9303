import ArgumentParser
import KontorConfig
import KontorCore
import KontorDaemon
import KontorPipeline
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: import every file dropped into the inbox.",
        discussion: """
            Watches inbox/<business>/<channel>/ of every business (or only --business) with inotify and a \
            periodic rescan. A file is taken once it is complete: renamed into place, or unchanged for \
            settle_seconds (pipelines/kontor.yaml). Each file is imported all or nothing, then moved to \
            var/archive/ or outbox/<business>/rejected/, with a receipt in outbox/<business>/receipts/. \
            Files a crash left in var/spool/ are finished first. SIGTERM or SIGINT stop the daemon after \
            the file in hand. Logs: JSON lines in var/log/kontor.jsonl, readable lines on stderr.

            With --once: processes what is waiting and exits 0, or 1 when any file was rejected.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Process the files waiting now, then exit (0: all imported or duplicates; 1: some rejected).")
    var once = false
    @Option(help: "Print the --once summary as table or json.")
    var format: RunSummaryFormat = .table
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        Terminal.jsonErrors = format == .json
        let workspace = try global.resolveWorkspace()
        let configuration = try Configuration.load(workspace: workspace)
        let businesses = try global.business == nil
            ? configuration.businesses.map(\.id)
            : [global.resolveBusiness(in: workspace, configuration).id]
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw KontorError(.usage, "--log-level '\(logLevel)' is not a level",
                              hint: "use trace, debug, info, notice, warning, error or critical")
        }
        for directory in [workspace.state, workspace.spool, workspace.archive, workspace.logs] {
            try DurableFile.makeDirectory(directory)
        }
        let logger = try DaemonLogging.logger(workspace: workspace, level: once && format == .json ? .warning : level)
        let store = try global.openStore(workspace)
        var pipeline = try Pipeline(workspace: workspace, configuration: configuration, store: store, logger: logger,
                                    timestamp: { Timestamp.iso8601(nanoseconds: WallClock.nanoseconds()) })
        pipeline.generatorVersion = KontorVersion.current
        let settings = DaemonSettings(settle: configuration.settings.settleInterval, rescan: configuration.settings.rescanInterval)
        let schedules = ReportScheduleRunner(workspace: workspace, configuration: configuration, store: store,
                                             generatorVersion: KontorVersion.current, logger: logger)
        let daemon = Daemon(workspace: workspace, businesses: businesses, processor: pipeline, settings: settings, logger: logger,
                            scheduled: configuration.settings.schedules.isEmpty ? nil
                                : (schedules, WallClock.nanoseconds() / 1_000_000_000, .seconds(60)))
        guard once else {
            var logger = logger
            logger[metadataKey: "workspace.root"] = "\(workspace.root)"
            logger.info("daemon starting", metadata: ["businesses": "\(businesses.map(\.rawValue))"])
            try await daemon.run()
            logger.info("daemon stopped")
            return
        }
        let outcomes: [FileOutcome]
        do {
            outcomes = try await daemon.runOnce()
        } catch {
            throw ErrorRenderer.normalize(error)
        }
        Terminal.print(RunSummary(workspace: workspace, outcomes: outcomes).render(format))
        if outcomes.contains(where: { $0.status == .rejected }) {
            throw Terminal.ExitStatus(code: ErrorRenderer.someRejected)
        }
    }
}

enum RunSummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// What `kontor run --once` did, file by file.
struct RunSummary {
    var workspace: Workspace
    var outcomes: [FileOutcome]

    func render(_ format: RunSummaryFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object(["files": .array(outcomes.map { outcome in
                [
                    "business": .string(outcome.business.rawValue), "file": .string(outcome.name),
                    "status": .string(outcome.status.rawValue), "receipt": .string(workspace.relative(outcome.receiptPath)),
                    "error": outcome.error.map { .string($0.message) } ?? .null,
                ]
            })]).serialized().trimmingTrailingNewline()
        case .table:
            guard !outcomes.isEmpty else { return "nothing to do: the inbox is empty" }
            var table = TextTable(headers: ["STATUS", "BUSINESS", "FILE", "RECEIPT"])
            table.rows = outcomes.map { [$0.status.rawValue, $0.business.rawValue, $0.name, workspace.relative($0.receiptPath)] }
            var counts: [FileOutcome.Status: Int] = [:]
            for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
            let summary = [FileOutcome.Status.imported, .duplicate, .rejected].compactMap { status in
                counts[status].map { "\($0) \(status.rawValue)" }
            }.joined(separator: ", ")
            return table.rendered + "\n" + summary
        }
    }
}
