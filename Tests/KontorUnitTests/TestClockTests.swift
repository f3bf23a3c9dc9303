import KontorTesting
import Testing

@Suite struct TestClockTests {
    @Test func timeMovesOnlyWhenAdvanced() {
        let clock = TestClock()
        let start = clock.now
        #expect(clock.now == start)
        clock.advance(by: .seconds(5))
        #expect(start.duration(to: clock.now) == .seconds(5))
        clock.advance(to: start)
        #expect(start.duration(to: clock.now) == .seconds(5), "advance(to:) never goes back")
    }

    @Test func sleeperWakesWhenItsDeadlineIsReached() async throws {
        let clock = TestClock()
        let task = Task { try await clock.sleep(for: .seconds(30)); return clock.now }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(29))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        let woke = try await task.value
        #expect(woke.offset == .seconds(30))
        #expect(clock.sleeperCount == 0)
    }

    @Test func sleepersWakeInDeadlineOrder() async throws {
        let clock = TestClock()
        let order = Recorder()
        let tasks = [3, 1, 2].map { seconds in
            Task {
                try await Task.sleep(until: clock.now.advanced(by: .seconds(seconds)), clock: clock)
                await order.append(seconds)
            }
        }
        await clock.waitForSleepers(3)
        clock.advance(by: .seconds(1))
        try await tasks[1].value
        clock.advance(by: .seconds(1))
        try await tasks[2].value
        clock.advance(by: .seconds(10))
        try await tasks[0].value
        #expect(await order.values == [1, 2, 3])
    }

    @Test func pastDeadlineReturnsImmediately() async throws {
        let clock = TestClock()
        clock.advance(by: .seconds(10))
        try await clock.sleep(until: clock.now.advanced(by: .seconds(-1)), tolerance: nil)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationEndsTheSleep() async {
        let clock = TestClock()
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }
}

/// Collects values from concurrent tasks in the order they arrive.
private actor Recorder {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
