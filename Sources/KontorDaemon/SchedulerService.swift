import KontorCore
import Logging
import ServiceLifecycle

/// The ticker: every `poll` interval it looks again at files that are still settling,
/// and every `rescan` interval it lists the whole inbox, as a safety net for missed
/// events; every `review` interval it lets the processor do the work that falls due on
/// the clock (escalating and expiring approval requests). Time comes from the injected clock.
struct SchedulerService: Service, CustomStringConvertible {
    let poll: Duration
    let clock: ElapsedClock
    let coordinator: IntakeCoordinator
    var processor: (any InboxProcessor)? = nil
    var review: Duration = .seconds(60)
    var logger: Logger? = nil

    var description: String { "scheduler" }

    func run() async throws {
        let (poll, clock, coordinator, processor, review, logger) = (poll, clock, coordinator, processor, review, logger)
        do {
            try await cancelWhenGracefulShutdown {
                var lastReview = clock.now()
                while !Task.isCancelled {
                    try await clock.sleep(poll)
                    await coordinator.poll()
                    if let processor, clock.now() - lastReview >= review {
                        lastReview = clock.now()
                        do { try await processor.review() } catch {
                            logger?.error("review of approval requests failed", metadata: ["error.message": "\(error)"])
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Shutting down: a sleep was cut short.
        }
    }
}
