import KontorCore
import Logging
import ServiceLifecycle

/// Hands settled files to the processor one at a time, in the order they settled.
/// Finishes the spool first. On graceful shutdown the file in hand is finished, then the
/// runner returns; a throw from the processor (the workspace failed) stops the daemon.
struct RunnerService: Service, CustomStringConvertible {
    let processor: any InboxProcessor
    let files: AsyncStream<InboxFile>
    let coordinator: IntakeCoordinator
    let logger: Logger

    var description: String { "runner" }

    func run() async throws {
        // Services start after the group has trapped SIGTERM/SIGINT, so from this line on
        // a signal stops the daemon gracefully (logged here, not before, for that reason).
        logger.info("daemon started")
        for outcome in try await processor.resumeSpool() {
            OutcomeLog.record(outcome, resumed: true, to: logger)
        }
        for await file in files.cancelOnGracefulShutdown() {
            guard let current = await coordinator.confirm(file) else { continue }
            let outcome: FileOutcome?
            do {
                outcome = try await processor.process(current)
            } catch {
                logger.critical("processing stopped: the workspace failed", metadata: OutcomeLog.metadata(of: error, file: current))
                throw error
            }
            if let outcome { OutcomeLog.record(outcome, resumed: false, to: logger) }
        }
    }
}
