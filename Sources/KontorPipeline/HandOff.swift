import Foundation
import KontorCore

/// Runs the two halves of an import on the machine's two cores: `produce` (reading and
/// booking, plain Swift) on a thread of its own, `consume` (posting, SQLite) on the calling
/// thread, which holds the file's write transaction. Items travel in chunks through a
/// bounded queue, so memory stays flat however large the file.
///
/// Errors keep file order: the consumer handles every item the producer emitted before
/// it failed, so the first failing row (reading or posting) is the error reported. When
/// the consumer fails, the producer is stopped at its next item. Either way the producer's
/// thread has ended when this returns.
enum HandOff {
    /// Items per chunk, and chunks in flight: ~2,000 records at most.
    static let chunkSize = 256
    static let capacity = 8

    static func run<Item: Sendable>(
        produce: @escaping @Sendable (_ emit: (Item) throws(KontorError) -> Void) throws(KontorError) -> Void,
        consume: (Item) throws -> Void
    ) throws {
        let queue = ChunkQueue<Item>(capacity: capacity)
        let thread = Thread {
            var chunk: [Item] = []
            chunk.reserveCapacity(chunkSize)
            do throws(KontorError) {
                try produce { (item: Item) throws(KontorError) -> Void in
                    chunk.append(item)
                    if chunk.count == chunkSize {
                        guard queue.put(chunk) else { throw ChunkQueue<Item>.stopped }
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { _ = queue.put(chunk) }
                queue.finish(with: nil)
            } catch {
                if !chunk.isEmpty, error != ChunkQueue<Item>.stopped { _ = queue.put(chunk) }
                queue.finish(with: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer { queue.waitUntilProducerEnded() }
        do {
            while let chunk = queue.take() {
                for item in chunk { try consume(item) }
            }
        } catch {
            queue.stop()
            throw error
        }
        if let error = queue.producerError { throw error }
    }
}

/// A bounded FIFO of chunks between one producer and one consumer thread.
final class ChunkQueue<Item: Sendable>: @unchecked Sendable {
    // @unchecked: every field is read and written under `condition`.
    private let condition = NSCondition()
    private var chunks: [[Item]] = []
    private var head = 0
    private var finished = false
    private var stopped = false
    private var ended = false
    private var error: KontorError?
    private let capacity: Int

    /// What `put` makes the producer throw once the consumer has stopped.
    static var stopped: KontorError { KontorError(.internal, "the import stopped") }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits for room; false when the consumer stopped (the producer should end).
    func put(_ chunk: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count - head >= capacity && !stopped { condition.wait() }
        guard !stopped else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// The next chunk, or nil when the producer has finished and everything was taken.
    func take() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while head == chunks.count && !finished { condition.wait() }
        guard head < chunks.count else { return nil }
        let chunk = chunks[head]
        head += 1
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return chunk
    }

    /// The producer is done, with the error it failed with, if any.
    func finish(with error: KontorError?) {
        condition.lock()
        self.error = error
        finished = true
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: a waiting or later `put` returns false.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    var producerError: KontorError? {
        condition.lock()
        defer { condition.unlock() }
        return error
    }

    func waitUntilProducerEnded() {
        condition.lock()
        while !ended { condition.wait() }
        condition.unlock()
    }
}
