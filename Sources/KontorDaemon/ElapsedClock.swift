/// An injected `Clock<Duration>` reduced to what the daemon needs: the time elapsed since
/// the daemon started (the instants ``KontorIntake/SettleTracker`` works with) and sleeping.
struct ElapsedClock: Sendable {
    let now: @Sendable () -> Duration
    let sleep: @Sendable (Duration) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        now = { origin.duration(to: clock.now) }
        sleep = { duration in try await clock.sleep(for: duration) }
    }
}
