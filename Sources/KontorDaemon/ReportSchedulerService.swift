import KontorCore
import Logging
import ServiceLifecycle

/// Runs scheduled work (report packages) on the injected clock: once at start-up, which
/// catches up runs missed while the daemon was stopped, then every `interval`. Wall time
/// is `origin` plus the time elapsed on the clock, so a test clock can play a quarter in
/// milliseconds.
struct ReportSchedulerService: Service, CustomStringConvertible {
    let runner: any ScheduledRunner
    let clock: ElapsedClock
    /// Seconds since the epoch when the clock read zero.
    let origin: Int64
    let interval: Duration
    let logger: Logger

    var description: String { "report-scheduler" }

    func run() async throws {
        let (runner, clock, origin, interval, logger) = (runner, clock, origin, interval, logger)
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    let now = origin + clock.now().components.seconds
                    do {
                        _ = try await runner.runDue(at: now)
                    } catch {
                        // A failed run is tried again at the next tick; the daemon goes on importing.
                        logger.error("scheduled report run failed", metadata: ["error.message": "\((error as? KontorError)?.message ?? String(describing: error))"])
                    }
                    try await clock.sleep(interval)
                }
            }
        } catch is CancellationError {
            // Shutting down.
        }
    }
}
