@testable import KontorDaemon
import Testing

@Suite("Inotify record parsing")
struct InotifyRecordTests {
    /// The bytes of one `struct inotify_event` with `name` padded to `padded` bytes.
    static func record(watch: Int32, mask: UInt32, cookie: UInt32 = 0, name: String, padded: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: watch.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt32(padded).littleEndian) { bytes += $0 }
        let name = Array(name.utf8)
        return bytes + name + Array(repeating: 0, count: padded - name.count)
    }

    @Test func parsesConsecutiveRecordsAndStripsPadding() {
        let bytes = Self.record(watch: 3, mask: InotifyMask.movedTo, cookie: 9, name: "a.csv", padded: 16)
            + Self.record(watch: 1, mask: InotifyMask.overflow, name: "", padded: 0)
            + Self.record(watch: 4, mask: InotifyMask.create | InotifyMask.isDirectory, name: "bank", padded: 8)
        let records = bytes.withUnsafeBytes { InotifyRecord.parse($0) }
        #expect(records == [
            InotifyRecord(watch: 3, mask: InotifyMask.movedTo, cookie: 9, name: "a.csv"),
            InotifyRecord(watch: 1, mask: InotifyMask.overflow, cookie: 0, name: ""),
            InotifyRecord(watch: 4, mask: InotifyMask.create | InotifyMask.isDirectory, cookie: 0, name: "bank"),
        ])
        #expect(records.last?.has(InotifyMask.isDirectory) == true)
    }

    @Test func aTruncatedRecordIsNotReadPastTheBuffer() {
        let whole = Self.record(watch: 3, mask: InotifyMask.modify, name: "ok.csv", padded: 16)
        let cut = Array(Self.record(watch: 5, mask: InotifyMask.modify, name: "long-name.csv", padded: 32).prefix(20))
        let records = (whole + cut).withUnsafeBytes { InotifyRecord.parse($0) }
        #expect(records.map(\.name) == ["ok.csv"])
    }

    @Test(arguments: [
        (InotifyMask.movedTo, InboxEvent.Kind.movedIn),
        (InotifyMask.create, .created),
        (InotifyMask.closeWrite, .closedWrite),
        (InotifyMask.modify, .modified),
        (InotifyMask.movedFrom, .movedOut),
        (InotifyMask.delete, .deleted),
    ])
    func fileEventKinds(mask: UInt32, kind: InboxEvent.Kind) {
        #expect(InotifyReader.kind(of: InotifyRecord(watch: 1, mask: mask, cookie: 0, name: "f")) == kind)
    }

    @Test func timestampsAreUTCWithOrWithoutMilliseconds() {
        #expect(LogFormat.timestamp(nanoseconds: 1_795_687_200_042_999_999, milliseconds: true) == "2026-11-26T10:00:00.042Z")
        #expect(LogFormat.timestamp(nanoseconds: 1_795_687_199_999_000_000, milliseconds: false) == "2026-11-26T09:59:59Z")
        #expect(LogFormat.timestamp(nanoseconds: -1, milliseconds: true) == "1969-12-31T23:59:59.999Z")
    }
}
