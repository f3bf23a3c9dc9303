import KontorCore
import Logging

extension Daemon {
    /// `kontor run --once`: finishes the spool, then processes every file waiting in the
    /// inbox, makes the scheduled report packages that are due, and returns.
    ///
    /// Files whose mtime is already older than the settle interval are taken at once;
    /// the others are processed as soon as they settle. Only files present when the call
    /// starts are waited for; files dropped later are left for the next run.
    ///
    /// - Returns: the outcomes of the resumed spool files, then of each processed file.
    /// - Throws: the processor's error when the workspace fails, or `CancellationError`.
    public func runOnce() async throws -> [FileOutcome] {
        var outcomes: [FileOutcome] = []
        for outcome in try await processor.resumeSpool() {
            OutcomeLog.record(outcome, resumed: true, to: logger)
            outcomes.append(outcome)
        }
        let coordinator = makeCoordinator(output: nil)
        var batch = await coordinator.rescan(startUp: true)
        var waiting = Set(batch.map(\.path))
        for path in await coordinator.waitingPaths() { waiting.insert(path) }
        let present = waiting
        while true {
            for file in batch where present.contains(file.path) {
                guard let current = await coordinator.confirm(file) else { continue }
                guard let outcome = try await processor.process(current) else { continue }
                OutcomeLog.record(outcome, resumed: false, to: logger)
                outcomes.append(outcome)
            }
            let stillWaiting = await coordinator.waitingPaths()
            waiting.formIntersection(stillWaiting)
            if waiting.isEmpty {
                // Scheduled report runs that are due (or were missed) are made before returning.
                if let scheduled {
                    _ = try await scheduled.runner.runDue(at: scheduled.origin + clock.now().components.seconds)
                }
                try await processor.review()
                return outcomes
            }
            try await clock.sleep(settings.poll)
            batch = await coordinator.poll()
        }
    }
}
