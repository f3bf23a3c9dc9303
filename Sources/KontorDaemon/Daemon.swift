import KontorConfig
import KontorCore
import KontorIntake
import Logging
import ServiceLifecycle
import UnixSignals

/// The Kontor daemon (`kontor run`): watches the inbox, waits for each dropped file to
/// settle, and hands settled files to the pipeline one at a time.
///
/// It is a swift-service-lifecycle `ServiceGroup` of three services:
/// - **watcher**: inotify events on `inbox/<business>/<channel>/` feed the settle tracker;
/// - **scheduler**: a ticker on the injected clock that re-examines settling files and
///   lists the whole inbox every `rescan` interval, in case an event was missed;
/// - **runner**: calls ``KontorCore/InboxProcessor/resumeSpool()`` once, then
///   ``KontorCore/InboxProcessor/process(_:)`` for each settled file, in order.
///
/// SIGTERM and SIGINT shut it down gracefully: the file in hand is finished, then
/// ``run()`` returns. A throw from the processor (the workspace failed) stops the daemon
/// and ``run()`` rethrows it.
public struct Daemon: Service {
    /// The workspace whose inbox is watched.
    public let workspace: Workspace
    /// The businesses whose inboxes are watched.
    public let businesses: [BusinessID]
    /// Settle, rescan and poll intervals, and the channels watched.
    public let settings: DaemonSettings
    let processor: any InboxProcessor
    let clock: ElapsedClock
    let logger: Logger
    /// Report schedules, run on the same clock; nil runs none.
    let scheduled: (runner: any ScheduledRunner, origin: Int64, interval: Duration)?

    /// - Parameters:
    ///   - businesses: the businesses whose inboxes are watched.
    ///   - clock: the time every interval is measured on; tests may pass their own.
    ///   - scheduled: work due at wall-clock times (report schedules): the runner, the wall
    ///     time in seconds since the epoch when `clock` reads zero, and how often to check.
    public init(workspace: Workspace, businesses: [BusinessID], processor: some InboxProcessor,
                settings: DaemonSettings, clock: some Clock<Duration> = ContinuousClock(), logger: Logger,
                scheduled: (runner: any ScheduledRunner, origin: Int64, interval: Duration)? = nil) {
        self.workspace = workspace
        self.businesses = businesses
        self.settings = settings
        self.processor = processor
        self.clock = ElapsedClock(clock)
        self.logger = logger
        self.scheduled = scheduled
    }

    /// Runs until SIGTERM or SIGINT (or the graceful shutdown of an enclosing
    /// `ServiceGroup`, or cancellation of the task).
    public func run() async throws {
        try await makeServiceGroup().run()
    }

    /// The daemon's services in a fresh `ServiceGroup`. Each call builds new services, so
    /// a group can be run once. Tests pass no signals and call `triggerGracefulShutdown()`.
    public func makeServiceGroup(gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]) -> ServiceGroup {
        let (files, output) = AsyncStream.makeStream(of: InboxFile.self)
        let coordinator = makeCoordinator(output: output)
        var services: [any Service] = [
            RunnerService(processor: processor, files: files, coordinator: coordinator, logger: logger),
            SchedulerService(poll: settings.poll, clock: clock, coordinator: coordinator, processor: processor,
                             review: settings.review, logger: logger),
            WatcherService(workspace: workspace, businesses: businesses, channels: settings.channels,
                           coordinator: coordinator),
        ]
        if let scheduled {
            services.append(ReportSchedulerService(runner: scheduled.runner, clock: clock, origin: scheduled.origin,
                                                   interval: scheduled.interval, logger: logger))
        }
        var configuration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0, serviceName: "\($0)") },
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        )
        configuration.logging.keys.signalKey = "service.signal"
        configuration.logging.keys.gracefulShutdownSignalsKey = "service.graceful_shutdown_signals"
        configuration.logging.keys.cancellationSignalsKey = "service.cancellation_signals"
        configuration.logging.keys.serviceKey = "service.name"
        configuration.logging.keys.servicesKey = "service.names"
        configuration.logging.keys.errorKey = "error.message"
        return ServiceGroup(configuration: configuration)
    }

    func makeCoordinator(output: AsyncStream<InboxFile>.Continuation?) -> IntakeCoordinator {
        IntakeCoordinator(scanner: InboxScanner(inbox: workspace.inbox), businesses: businesses,
                          settings: settings, clock: clock, output: output, logger: logger)
    }
}
