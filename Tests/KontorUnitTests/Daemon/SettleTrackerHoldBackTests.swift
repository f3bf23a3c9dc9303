import KontorCore
import KontorIntake
import Testing

/// A webhook event whose signature sidecar is still settling is held back and handed out
/// again once the sidecar settled (`SettleTracker.holdBack`, used by the daemon).
@Suite("SettleTracker hold back")
struct SettleTrackerHoldBackTests {
    @Test func aHeldBackFileIsHandedOutAgain() {
        var tracker = SettleTracker(settleInterval: SettleTrackerTests.settle)
        let event = SettleTrackerTests.file("evt.json", channel: .gateway)
        let sidecar = SettleTrackerTests.file("evt.json.sig", channel: .gateway)
        tracker.observe(event, at: .seconds(0))
        tracker.observe(sidecar, at: .seconds(1))
        tracker.observe(event, at: .seconds(2))
        tracker.observe(sidecar, at: .seconds(2))
        #expect(tracker.pending.map(\.path) == [sidecar.path])
        #expect(tracker.takeSettled() == [event])
        tracker.holdBack(path: event.path)
        #expect(tracker.isWaiting(path: event.path))
        tracker.observe(sidecar, at: .seconds(3))
        #expect(tracker.takeSettled() == [event, sidecar])
        #expect(tracker.takeSettled().isEmpty)
    }

    @Test func sidecarNames() {
        #expect(SignatureSidecar.isSidecar("evt.json.sig"))
        #expect(SignatureSidecar.isSidecar("EVT.JSON.SIG"))
        #expect(!SignatureSidecar.isSidecar(".sig"))
        #expect(!SignatureSidecar.isSidecar("evt.json"))
        #expect(SignatureSidecar.path(of: "/in/evt.json") == "/in/evt.json.sig")
    }

    @Test func headerValues() {
        #expect(SignatureSidecar.headerValue(Array("t=1,v1=ab\n".utf8)) == "t=1,v1=ab")
        #expect(SignatureSidecar.headerValue(Array("Host: x\r\nstripe-signature:  t=2,v1=cd \r\n".utf8)) == "t=2,v1=cd")
        #expect(SignatureSidecar.headerValue(Array("Host: x\n".utf8)) == nil)
        #expect(SignatureSidecar.headerValue([]) == nil)
    }
}
