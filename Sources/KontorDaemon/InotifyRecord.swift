#if canImport(Glibc)
import Glibc
#endif

/// One `struct inotify_event` as read from an inotify descriptor.
struct InotifyRecord: Hashable, Sendable {
    var watch: Int32
    var mask: UInt32
    var cookie: UInt32
    /// The name inside the watched directory; empty for events on the directory itself.
    var name: String

    /// The size of `struct inotify_event` before its name: wd, mask, cookie, len.
    static let headerSize = 16

    /// Splits a buffer filled by `read(2)` into records. A truncated tail (which the
    /// kernel never produces) is dropped rather than read past.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [InotifyRecord] {
        var records: [InotifyRecord] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let start = offset + headerSize
            guard start + length <= bytes.count else { break }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            records.append(InotifyRecord(watch: watch, mask: mask, cookie: cookie, name: name))
            offset = start + length
        }
        return records
    }

    func has(_ flag: UInt32) -> Bool { mask & flag != 0 }
}

/// The inotify flags Kontor uses, as `UInt32` whatever type the C headers import them as.
enum InotifyMask {
    static let create = UInt32(truncatingIfNeeded: IN_CREATE)
    static let modify = UInt32(truncatingIfNeeded: IN_MODIFY)
    static let closeWrite = UInt32(truncatingIfNeeded: IN_CLOSE_WRITE)
    static let movedTo = UInt32(truncatingIfNeeded: IN_MOVED_TO)
    static let movedFrom = UInt32(truncatingIfNeeded: IN_MOVED_FROM)
    static let delete = UInt32(truncatingIfNeeded: IN_DELETE)
    static let deleteSelf = UInt32(truncatingIfNeeded: IN_DELETE_SELF)
    static let moveSelf = UInt32(truncatingIfNeeded: IN_MOVE_SELF)
    static let ignored = UInt32(truncatingIfNeeded: IN_IGNORED)
    static let overflow = UInt32(truncatingIfNeeded: IN_Q_OVERFLOW)
    static let isDirectory = UInt32(truncatingIfNeeded: IN_ISDIR)
    static let onlyDirectory = UInt32(truncatingIfNeeded: IN_ONLYDIR)

    /// What a channel directory is watched for: files appearing, changing, going away.
    static let channel = create | modify | closeWrite | movedTo | movedFrom | delete | deleteSelf | moveSelf | onlyDirectory
    /// What `inbox/` and `inbox/<business>/` are watched for: directories appearing.
    static let parent = create | movedTo | deleteSelf | moveSelf | onlyDirectory
}
