import KontorCore
@testable import KontorPipeline
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
}
