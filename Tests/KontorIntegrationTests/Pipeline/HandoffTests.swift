import KontorCore
@testable import KontorPipeline
import Foundation
import Synchronization
import Testing

/// The two-thread handoff of an import: items arrive in order, the first error in item
/// order wins, a failing consumer stops the producer, and `run` returns only once the
/// producer thread has ended.
@Suite struct HandoffTests {
    @Test(arguments: [1, 3, 256])
    func everyItemArrivesInOrder(chunkSize: Int) throws {
        var seen: [Int] = []
        try Handoff.run(chunkSize: chunkSize, depth: 2) { (emit: (Int) throws(KontorError) -> Void) throws(KontorError) in
            for item in 0..<10_000 { try emit(item) }
        } consume: { (item: Int) throws(KontorError) in
            seen.append(item)
        }
        #expect(seen == Array(0..<10_000))
    }

    @Test func theProducersErrorComesAfterEverythingItEmittedBefore() {
        var seen: [Int] = []
        #expect(throws: KontorError.self) {
            try Handoff.run(chunkSize: 7, depth: 1) { (emit: (Int) throws(KontorError) -> Void) throws(KontorError) in
                for item in 0..<100 { try emit(item) }
                throw KontorError(.badInput, "line 101 is bad")
            } consume: { (item: Int) throws(KontorError) in
                seen.append(item)
            }
        }
        #expect(seen == Array(0..<100))
        do {
            try Handoff.run { (emit: (Int) throws(KontorError) -> Void) throws(KontorError) in
                try emit(1)
                throw KontorError(.badInput, "line 2 is bad")
            } consume: { (_: Int) throws(KontorError) in }
            Issue.record("the producer's error was lost")
        } catch {
            #expect(error.message == "line 2 is bad")
        }
    }

    /// Item 3 fails when posted and the reader fails after item 4: the error earlier in
    /// the file is the one reported, even though the reader failed first in time.
    @Test func theEarlierErrorInItemOrderWins() {
        do {
            try Handoff.run(chunkSize: 256) { (emit: (Int) throws(KontorError) -> Void) throws(KontorError) in
                for item in 0..<5 { try emit(item) }
                throw KontorError(.badInput, "line 6 is bad")
            } consume: { (item: Int) throws(KontorError) in
                if item == 3 { throw KontorError(.forbidden, "line 4 is not allowed") }
            }
            Issue.record("no error")
        } catch {
            #expect(error.message == "line 4 is not allowed")
        }
    }

    /// The consumer fails at item 10 of an endless producer: its error is the one thrown,
    /// and the producer has stopped (and ended) by the time `run` returns.
    @Test func aFailingConsumerStopsTheProducer() {
        let produced = Atomic<Int>(0)
        let ended = Atomic<Bool>(false)
        do {
            try Handoff.run(chunkSize: 4, depth: 2) { (emit: (Int) throws(KontorError) -> Void) throws(KontorError) in
                defer { ended.store(true, ordering: .sequentiallyConsistent) }
                var item = 0
                while true {
                    try emit(item)
                    produced.add(1, ordering: .sequentiallyConsistent)
                    item += 1
                }
            } consume: { (item: Int) throws(KontorError) in
                if item == 10 { throw KontorError(.forbidden, "item 10 is not allowed") }
            }
            Issue.record("the consumer's error was lost")
        } catch {
            #expect(error.message == "item 10 is not allowed")
        }
        let hasEnded = ended.load(ordering: .sequentiallyConsistent)
        #expect(hasEnded)
        // At most the chunks in flight (depth 2, the one being consumed, the one being
        // filled) were produced past the failing item.
        let count = produced.load(ordering: .sequentiallyConsistent)
        #expect(count <= 10 + 4 * 4)
    }

    /// Memory stays flat: the producer never runs more than `depth` chunks ahead.
    @Test func theProducerWaitsForRoom() throws {
        let produced = Atomic<Int>(0)
        var maximumLead = 0
        var consumed = 0
        try Handoff.run(chunkSize: 10, depth: 3) { (emit: (Int) throws(KontorError) -> Void) throws(KontorError) in
            for item in 0..<5_000 {
                try emit(item)
                produced.add(1, ordering: .sequentiallyConsistent)
            }
        } consume: { (_: Int) throws(KontorError) in
            consumed += 1
            let count = produced.load(ordering: .sequentiallyConsistent)
            maximumLead = max(maximumLead, count - consumed)
        }
        #expect(consumed == 5_000)
        // depth chunks waiting + the chunk being consumed + the one being filled.
        #expect(maximumLead <= 10 * (3 + 2))
    }

    /// The statement import reads the classifier's history through the ledger connection,
    /// which only the consuming thread may use: work the producer asks for runs there,
    /// between chunks, and its result (or error) comes back to the producer.
    @Test func workForTheConsumerRunsOnItsThread() throws {
        let consumerThread = pthread_self()
        let ranOnConsumer = Atomic<Int>(0)
        var seen: [Int] = []
        try Handoff.run(chunkSize: 3, depth: 1) { (emit: (Int) throws(KontorError) -> Void, caller: Handoff.Caller) throws(KontorError) in
            for item in 0..<10 { try emit(item) }
            let answer = try caller.onConsumer { () throws(KontorError) -> Int in
                if pthread_equal(pthread_self(), consumerThread) != 0 { ranOnConsumer.add(1, ordering: .sequentiallyConsistent) }
                return 42
            }
            try emit(answer)
            do throws(KontorError) {
                _ = try caller.onConsumer { () throws(KontorError) -> Int in throw KontorError(.io, "the ledger is gone") }
                try emit(-1)
            } catch {
                try emit(error.message == "the ledger is gone" ? 43 : -2)
            }
        } consume: { (item: Int) throws(KontorError) in
            seen.append(item)
        }
        #expect(seen == Array(0..<10) + [42, 43])
        let count = ranOnConsumer.load(ordering: .sequentiallyConsistent)
        #expect(count == 1)
    }

    /// A producer that asks for work after the consumer failed gets an error instead of
    /// waiting forever.
    @Test func workAskedForAfterTheConsumerFailedDoesNotHang() {
        do throws(KontorError) {
            try Handoff.run(chunkSize: 1, depth: 1) { (emit: (Int) throws(KontorError) -> Void, caller: Handoff.Caller) throws(KontorError) in
                try? emit(0)
                while true {
                    _ = try caller.onConsumer { () throws(KontorError) -> Int in 1 }
                }
            } consume: { (_: Int) throws(KontorError) in
                throw KontorError(.forbidden, "item 0 is not allowed")
            }
            Issue.record("no error")
        } catch {
            #expect(error.message == "item 0 is not allowed")
        }
    }
}
