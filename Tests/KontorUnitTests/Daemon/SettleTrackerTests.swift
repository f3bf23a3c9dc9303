import KontorCore
import KontorIntake
import Testing

@Suite("SettleTracker")
struct SettleTrackerTests {
    static let settle = Duration.seconds(2)

    /// A business id from a literal known to be valid.
    static func id(_ text: String) -> BusinessID {
        guard let id = BusinessID(text) else { preconditionFailure("'\(text)' is a valid business id") }
        return id
    }

    static func file(_ name: String, size: Int64 = 10, mtime: Int64 = 1_000, channel: Channel = .expenses,
                     business: String = "acme") -> InboxFile {
        InboxFile(business: id(business), channel: channel,
                  path: "/ws/inbox/\(business)/\(channel)/\(name)", size: size, modifiedNanoseconds: mtime)
    }

    @Test func aFileSeenOnceIsNotSettled() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        #expect(tracker.takeSettled().isEmpty)
        #expect(tracker.pending.map(\.name) == ["a.csv"])
    }

    @Test func aFileUnchangedForTheIntervalSettles() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        tracker.observe(Self.file("a.csv"), at: .seconds(1))
        #expect(tracker.takeSettled().isEmpty, "one second is less than the interval")
        tracker.observe(Self.file("a.csv"), at: .seconds(2))
        #expect(tracker.takeSettled() == [Self.file("a.csv")])
        #expect(tracker.pending.isEmpty)
    }

    @Test func settlingNeedsAnObservationAfterTheInterval() {
        // Time passing alone proves nothing: the file must be seen unchanged again.
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        #expect(tracker.nextDeadline == .seconds(2))
        #expect(tracker.takeSettled().isEmpty)
    }

    @Test(arguments: [
        (Int64(11), Int64(1_000)),  // grew
        (Int64(10), Int64(1_001)),  // touched
        (Int64(0), Int64(999)),     // truncated and mtime went back
    ])
    func aChangeRestartsTheInterval(size: Int64, mtime: Int64) {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        tracker.observe(Self.file("a.csv", size: size, mtime: mtime), at: .seconds(1))
        tracker.observe(Self.file("a.csv", size: size, mtime: mtime), at: .seconds(2))
        #expect(tracker.takeSettled().isEmpty, "only one second since the change")
        #expect(tracker.nextDeadline == .seconds(3))
        tracker.observe(Self.file("a.csv", size: size, mtime: mtime), at: .seconds(3))
        #expect(tracker.takeSettled() == [Self.file("a.csv", size: size, mtime: mtime)])
    }

    @Test func aFileRenamedIntoPlaceSettlesAtOnce() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.noteComplete(Self.file("a.csv"), at: .seconds(5))
        #expect(tracker.takeSettled() == [Self.file("a.csv")])
    }

    @Test func noteCompleteSettlesAFileThatWasStillSettling() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        tracker.noteComplete(Self.file("a.csv"), at: .milliseconds(100))
        #expect(tracker.takeSettled() == [Self.file("a.csv")])
    }

    @Test func aSettledFileIsHandedOutOnce() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.noteComplete(Self.file("a.csv"), at: .seconds(0))
        #expect(tracker.takeSettled().count == 1)
        tracker.observe(Self.file("a.csv"), at: .seconds(10))
        tracker.noteComplete(Self.file("a.csv"), at: .seconds(11))
        tracker.reconcile(with: [Self.file("a.csv")], at: .seconds(12))
        #expect(tracker.takeSettled().isEmpty)
        #expect(tracker.waitingPaths.isEmpty)
    }

    @Test func aHandedOutFileThatChangesSettlesAgain() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.noteComplete(Self.file("a.csv"), at: .seconds(0))
        #expect(tracker.takeSettled().count == 1)
        let rewritten = Self.file("a.csv", size: 20, mtime: 2_000)
        tracker.observe(rewritten, at: .seconds(1))
        #expect(tracker.takeSettled().isEmpty)
        tracker.observe(rewritten, at: .seconds(3))
        #expect(tracker.takeSettled() == [rewritten])
    }

    @Test func aFileThatVanishesIsForgottenAndIsNewWhenItReappears() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.noteComplete(Self.file("a.csv"), at: .seconds(0))
        #expect(tracker.takeSettled().count == 1)
        tracker.forget(path: Self.file("a.csv").path)
        #expect(tracker.pending.isEmpty)
        tracker.observe(Self.file("a.csv"), at: .seconds(1))
        #expect(tracker.takeSettled().isEmpty, "the reappeared file must settle again")
        tracker.observe(Self.file("a.csv"), at: .seconds(3))
        #expect(tracker.takeSettled() == [Self.file("a.csv")])
    }

    @Test func forgettingAPendingFileDropsIt() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        tracker.forget(path: Self.file("a.csv").path)
        tracker.observe(Self.file("b.csv"), at: .seconds(3))
        #expect(tracker.takeSettled().isEmpty)
        #expect(tracker.pending.map(\.name) == ["b.csv"])
        #expect(tracker.nextDeadline == .seconds(5))
    }

    @Test func reconcileForgetsWhatIsNotListed() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        tracker.observe(Self.file("a.csv"), at: .seconds(0))
        tracker.observe(Self.file("b.csv"), at: .seconds(0))
        tracker.reconcile(with: [Self.file("b.csv")], at: .seconds(2))
        #expect(tracker.takeSettled() == [Self.file("b.csv")])
        #expect(tracker.waitingPaths.isEmpty)
        tracker.reconcile(with: [Self.file("a.csv")], at: .seconds(3))
        #expect(tracker.waitingPaths == [Self.file("a.csv").path])
        #expect(tracker.takeSettled().isEmpty, "a.csv was forgotten, so it starts over")
    }

    @Test func settledFilesComeInInboxOrder() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        let files = [
            Self.file("z.csv", business: "zeta"),
            Self.file("b.ofx", channel: .bank),
            Self.file("b.csv"),
            Self.file("a.csv"),
            Self.file("a.csv", business: "beta"),
        ]
        for file in files { tracker.noteComplete(file, at: .zero) }
        let order = tracker.takeSettled().map { "\($0.business)/\($0.channel)/\($0.name)" }
        #expect(order == ["acme/bank/b.ofx", "acme/expenses/a.csv", "acme/expenses/b.csv", "beta/expenses/a.csv", "zeta/expenses/z.csv"])
    }

    @Test func nextDeadlineIsTheEarliestPendingFile() {
        var tracker = SettleTracker(settleInterval: Self.settle)
        #expect(tracker.nextDeadline == nil)
        tracker.observe(Self.file("late.csv"), at: .seconds(5))
        tracker.observe(Self.file("early.csv"), at: .seconds(1))
        tracker.noteComplete(Self.file("done.csv"), at: .zero)
        #expect(tracker.nextDeadline == .seconds(3))
    }

    @Test func aZeroIntervalSettlesOnTheFirstObservation() {
        var tracker = SettleTracker(settleInterval: .zero)
        tracker.observe(Self.file("a.csv"), at: .seconds(1))
        #expect(tracker.takeSettled() == [Self.file("a.csv")])
    }

    @Test(arguments: [
        (Int64(10_000_000_000), Int64(7_000_000_000), true),   // 3 s quiet
        (Int64(10_000_000_000), Int64(8_000_000_000), true),   // exactly 2 s
        (Int64(10_000_000_000), Int64(8_000_000_001), false),  // just under
        (Int64(10_000_000_000), Int64(12_000_000_000), false), // mtime in the future
        (Int64.max, Int64.min, false),                         // would overflow
    ])
    func quietByModificationTime(now: Int64, mtime: Int64, quiet: Bool) {
        let tracker = SettleTracker(settleInterval: Self.settle)
        #expect(tracker.hasBeenQuiet(Self.file("a.csv", mtime: mtime), wallClockNanoseconds: now) == quiet)
    }
}
