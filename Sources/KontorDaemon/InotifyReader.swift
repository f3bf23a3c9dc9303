#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import Synchronization

/// The state behind an ``InotifyWatcher``: the inotify descriptor, a wake-up pipe, and the
/// table of watched directories. After ``start()`` only the reader thread touches the
/// table; other threads only call ``wake()``.
// @unchecked Sendable: `targets` is mutated in `start()` before the thread exists, then only on the reader thread.
final class InotifyReader: @unchecked Sendable {

    /// What a watch descriptor stands for.
    enum Target: Hashable {
        case inbox
        case business(BusinessID)
        case channel(BusinessID, Channel)
    }

    private let inotify: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// True once the descriptors are closed; guards `wake()` against a reused descriptor.
    private let closed = Mutex(false)
    private let workspace: Workspace
    private let businesses: [BusinessID]
    private let channels: [Channel]
    private let continuation: AsyncStream<InboxEvent>.Continuation
    private var targets: [Int32: Target] = [:]

    init(workspace: Workspace, businesses: [BusinessID], channels: [Channel],
         continuation: AsyncStream<InboxEvent>.Continuation) throws(KontorError) {
        self.workspace = workspace
        self.businesses = businesses
        self.channels = channels
        self.continuation = continuation
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else {
            throw Self.failure("cannot start watching the inbox (inotify_init1)",
                               hint: "raise fs.inotify.max_user_instances or stop other watchers")
        }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            let error = Self.failure("cannot create the watcher's wake-up pipe")
            close(fd)
            throw error
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        inotify = fd
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
    }

    /// Creates missing channel directories, adds the watches and starts the reader thread.
    /// On failure the descriptors are closed and the stream is finished.
    func start() throws(KontorError) {
        do throws(KontorError) {
            try watchInbox()
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let status = pthread_create(&thread, nil, { context in
                guard let context else { return nil }
                Unmanaged<InotifyReader>.fromOpaque(context).takeRetainedValue().run()
                return nil
            }, context)
            guard status == 0 else {
                Unmanaged<InotifyReader>.fromOpaque(context).release()
                throw KontorError(.io, "cannot start the inbox watcher thread", cause: "pthread_create \(status)")
            }
            pthread_detach(thread)
        } catch {
            closeDescriptors()
            continuation.finish()
            throw error
        }
    }

    /// Asks the reader thread to stop. Safe from any thread, any number of times.
    func wake() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    private func watchInbox() throws(KontorError) {
        for business in businesses {
            for channel in channels { try DurableFile.makeDirectory(workspace.inbox(business, channel)) }
        }
        try add(workspace.inbox, .inbox, mask: InotifyMask.parent)
        for business in businesses { try watch(business) }
    }

    private func watch(_ business: BusinessID) throws(KontorError) {
        try add(workspace.inbox(business), .business(business), mask: InotifyMask.parent)
        for channel in channels {
            try add(workspace.inbox(business, channel), .channel(business, channel), mask: InotifyMask.channel)
        }
    }

    private func add(_ path: String, _ target: Target, mask: UInt32) throws(KontorError) {
        let watch = inotify_add_watch(inotify, path, mask)
        guard watch >= 0 else {
            throw Self.failure("cannot watch \(path)", hint: "check that it is a directory; raise fs.inotify.max_user_watches if the limit is reached")
        }
        targets[watch] = target
    }

    /// The reader thread: waits on the inotify descriptor and the wake-up pipe.
    private func run() {
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer {
            buffer.deallocate()
            closeDescriptors()
            continuation.finish()
        }
        var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            while true {
                let count = read(inotify, buffer.baseAddress, capacity)
                if count < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { break }
                    return
                }
                guard count > 0 else { break }
                for record in InotifyRecord.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
                    handle(record)
                }
            }
        }
    }

    private func handle(_ record: InotifyRecord) {
        if record.has(InotifyMask.overflow) {
            continuation.yield(InboxEvent(kind: .rescan, path: workspace.inbox))
            return
        }
        guard let target = targets[record.watch] else { return }
        if record.has(InotifyMask.ignored) || record.has(InotifyMask.moveSelf) || record.has(InotifyMask.deleteSelf) {
            // The directory went away or moved: its watch no longer means its path.
            if !record.has(InotifyMask.ignored) { _ = inotify_rm_watch(inotify, record.watch) }
            targets[record.watch] = nil
            continuation.yield(InboxEvent(kind: .rescan, path: path(of: target)))
            return
        }
        let appeared = record.has(InotifyMask.create) || record.has(InotifyMask.movedTo)
        switch target {
        case .inbox:
            guard record.has(InotifyMask.isDirectory), appeared,
                  let business = businesses.first(where: { $0.rawValue == record.name }) else { return }
            for channel in channels { try? DurableFile.makeDirectory(workspace.inbox(business, channel)) }
            try? watch(business)
            continuation.yield(InboxEvent(kind: .rescan, path: workspace.inbox(business)))
        case .business(let business):
            guard record.has(InotifyMask.isDirectory), appeared,
                  let channel = channels.first(where: { $0.rawValue == record.name }) else { return }
            try? add(workspace.inbox(business, channel), .channel(business, channel), mask: InotifyMask.channel)
            continuation.yield(InboxEvent(kind: .rescan, path: workspace.inbox(business, channel)))
        case .channel(let business, let channel):
            guard !record.has(InotifyMask.isDirectory), let kind = Self.kind(of: record) else { return }
            continuation.yield(InboxEvent(kind: kind, path: workspace.inbox(business, channel) + "/" + record.name,
                                          business: business, channel: channel))
        }
    }

    /// The file event an inotify record stands for.
    static func kind(of record: InotifyRecord) -> InboxEvent.Kind? {
        if record.has(InotifyMask.movedTo) { return .movedIn }
        if record.has(InotifyMask.create) { return .created }
        if record.has(InotifyMask.closeWrite) { return .closedWrite }
        if record.has(InotifyMask.modify) { return .modified }
        if record.has(InotifyMask.movedFrom) { return .movedOut }
        if record.has(InotifyMask.delete) { return .deleted }
        return nil
    }

    private func path(of target: Target) -> String {
        switch target {
        case .inbox: workspace.inbox
        case .business(let business): workspace.inbox(business)
        case .channel(let business, let channel): workspace.inbox(business, channel)
        }
    }

    private func closeDescriptors() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            close(inotify)
            close(wakeRead)
            close(wakeWrite)
        }
    }

    private static func failure(_ message: String, hint: String? = nil) -> KontorError {
        let saved = errno
        return KontorError(.io, message + ": " + String(cString: strerror(saved)), hint: hint, cause: "errno \(saved)")
    }
}
