import Foundation
import KontorCore

/// Two stages of an import on two cores: `produce` (reading and booking, pure Swift) runs
/// on a thread of its own, and hands its items in chunks to `consume` (posting into the
/// ledger), which runs on the calling thread, inside the file's database transaction.
///
/// - Order: items reach `consume` in the order `produce` emitted them.
/// - Errors: the first error in item order wins. An error of `produce` reaches the caller
///   after every item emitted before it was consumed; an error of `consume` stops the
///   producer at its next item. Either way `run` returns only after the producer thread
///   has ended, so whatever it reads (the input file) is no longer in use.
/// - Memory: at most `depth` full chunks wait, so memory stays flat however long the
///   file is. Consumed chunks go back to the producer, which empties and refills them: the
///   items' strings are freed on the thread that allocated them (freeing on the other
///   thread made glibc's per-thread arenas grow, docs/decisions/import-speed.md).
enum Handoff {
    static func run<Item: Sendable>(
        chunkSize: Int = 256, depth: Int = 4,
        produce: @escaping @Sendable (_ emit: (Item) throws(KontorError) -> Void) throws(KontorError) -> Void,
        consume: (Item) throws(KontorError) -> Void
    ) throws(KontorError) {
        try run(chunkSize: chunkSize, depth: depth, produce: { (emit, _: Caller) throws(KontorError) in try produce(emit) },
                consume: consume)
    }

    /// The same, with a ``Caller`` that lets the producer run a piece of work on the
    /// consuming thread (a database read the producer needs now and then).
    static func run<Item: Sendable>(
        chunkSize: Int = 256, depth: Int = 4,
        produce: @escaping @Sendable (_ emit: (Item) throws(KontorError) -> Void, _ caller: Caller) throws(KontorError) -> Void,
        consume: (Item) throws(KontorError) -> Void
    ) throws(KontorError) {
        let channel = Channel<Item>(depth: depth)
        let caller = Caller(channel)
        let thread = Thread {
            var chunk: [Item] = []
            chunk.reserveCapacity(chunkSize)
            let emit = { (item: Item) throws(KontorError) -> Void in
                chunk.append(item)
                if chunk.count >= chunkSize { chunk = try channel.send(chunk) }
            }
            do throws(KontorError) {
                try produce(emit, caller)
                if !chunk.isEmpty { _ = try channel.send(chunk) }
                channel.finish(failure: nil)
            } catch {
                // The items emitted before the error are consumed first: one of them may
                // fail earlier in item order.
                if !chunk.isEmpty { _ = try? channel.send(chunk) }
                channel.finish(failure: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.name = "kontor-read"
        thread.start()
        defer { channel.waitForProducer() }
        while let chunk = try channel.receive() {
            for item in chunk { try consume(item) }  // on error, the deferred wait stops the producer
            channel.giveBack(consume chunk)
        }
    }

    /// Runs work for the producer on the consuming thread, which owns the database
    /// connection, while the producer waits. The consumer takes the work between chunks
    /// (or while it waits for one), so it never runs beside a post.
    final class Caller: @unchecked Sendable {
        private let perform: (@escaping () -> Void) throws(KontorError) -> Void

        fileprivate init<Item: Sendable>(_ channel: Channel<Item>) {
            perform = { (work: @escaping () -> Void) throws(KontorError) in try channel.call(work) }
        }

        /// `body`'s result, computed on the consuming thread.
        func onConsumer<T>(_ body: @escaping () throws(KontorError) -> T) throws(KontorError) -> T {
            let outcome = Outcome<T>()
            try perform {
                do throws(KontorError) { outcome.value = .success(try body()) } catch { outcome.value = .failure(error) }
            }
            guard let value = outcome.value else { throw KontorError(.internal, "work for the posting thread did not run") }
            return try value.get()
        }

        private final class Outcome<T>: @unchecked Sendable {
            var value: Result<T, KontorError>?
        }
    }

    /// The chunks in flight between the two threads, behind one lock.
    fileprivate final class Channel<Item: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let depth: Int
        private var ready: [[Item]] = []
        private var spare: [[Item]] = []
        private var finished = false
        private var failure: KontorError?
        private var cancelled = false
        /// Work the producer waits for, not yet taken by the consumer; and whether the
        /// work taken last has run.
        private var request: (() -> Void)?
        private var requestDone = false

        init(depth: Int) {
            self.depth = max(1, depth)
        }

        /// Queues a full chunk (waiting while `depth` chunks wait) and returns an empty
        /// one to fill next, emptied here on the producer's thread.
        func send(_ chunk: [Item]) throws(KontorError) -> [Item] {
            condition.lock()
            while ready.count >= depth && !cancelled { condition.wait() }
            guard !cancelled else {
                condition.unlock()
                throw Channel.cancellation
            }
            ready.append(chunk)
            var next = spare.popLast() ?? []
            condition.broadcast()
            condition.unlock()
            next.removeAll(keepingCapacity: true)
            return next
        }

        /// The producer is done, with the error that stopped it, if any.
        func finish(failure: KontorError?) {
            condition.lock()
            finished = true
            if !cancelled { self.failure = failure }
            condition.broadcast()
            condition.unlock()
        }

        /// The next chunk in order; nil once the producer finished and everything was
        /// handed over; the producer's error after its last chunk.
        func receive() throws(KontorError) -> [Item]? {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let work = request {
                    request = nil
                    condition.unlock()
                    work()
                    condition.lock()
                    requestDone = true
                    condition.broadcast()
                    continue
                }
                if !ready.isEmpty {
                    condition.broadcast()  // the producer may wait for room
                    return ready.removeFirst()
                }
                if finished {
                    if let failure { throw failure }
                    return nil
                }
                condition.wait()
            }
        }

        /// Runs `work` on the consumer's thread (see ``Caller``); throws when the consumer
        /// stopped before taking it.
        func call(_ work: @escaping () -> Void) throws(KontorError) {
            condition.lock()
            defer { condition.unlock() }
            guard !cancelled else { throw Channel.cancellation }
            request = work
            requestDone = false
            condition.broadcast()
            while !requestDone && !cancelled { condition.wait() }
            guard requestDone else { throw Channel.cancellation }
        }

        /// A consumed chunk, back to the producer to be emptied and refilled.
        func giveBack(_ chunk: [Item]) {
            condition.lock()
            if spare.count < depth { spare.append(chunk) }
            condition.unlock()
        }

        /// Blocks until the producer thread has finished. A producer still running when
        /// the consumer stops (it failed) is cancelled: it stops at its next chunk or call.
        func waitForProducer() {
            condition.lock()
            if !finished {
                cancelled = true
                ready.removeAll()
                condition.broadcast()
            }
            while !finished { condition.wait() }
            condition.unlock()
        }

        private static var cancellation: KontorError {
            KontorError(.internal, "the import was stopped by an earlier error")
        }
    }
}
