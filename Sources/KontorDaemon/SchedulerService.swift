import ServiceLifecycle

/// The ticker: every `poll` interval it looks again at files that are still settling,
/// and every `rescan` interval it lists the whole inbox, as a safety net for missed
/// events. Time comes from the injected clock.
struct SchedulerService: Service, CustomStringConvertible {
    let poll: Duration
    let clock: ElapsedClock
    let coordinator: IntakeCoordinator

    var description: String { "scheduler" }

    func run() async throws {
        let (poll, clock, coordinator) = (poll, clock, coordinator)
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await clock.sleep(poll)
                    await coordinator.poll()
                }
            }
        } catch is CancellationError {
            // Shutting down: a sleep was cut short.
        }
    }
}
