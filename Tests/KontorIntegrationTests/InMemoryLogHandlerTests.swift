import KontorTesting
import Logging
import Testing

/// Here rather than in the unit tests because only this target declares swift-log, and
/// every `import` must be a declared dependency (STYLE.md 1).
@Suite struct InMemoryLogHandlerTests {
    struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }

    @Test func recordsLevelMessageAndMergedMetadata() {
        let (base, store) = InMemoryLogHandler.logger(label: "intake")
        var logger = base
        logger[metadataKey: "business.id"] = "acme"
        logger.info("claimed", metadata: ["file.sha256": "ab12"])
        logger.debug("settling")
        logger.error("cannot move", error: Failure(), metadata: ["business.id": "beta"])
        let entries = store.all
        #expect(entries.map(\.message) == ["claimed", "settling", "cannot move"])
        #expect(entries.map(\.level) == [.info, .debug, .error])
        #expect(entries[0].label == "intake")
        #expect(entries[0].metadata("business.id") == "acme")
        #expect(entries[0].metadata("file.sha256") == "ab12")
        #expect(entries[2].metadata("business.id") == "beta", "call metadata wins over the logger's")
        #expect(entries[2].error == "disk full")
        #expect(store.entries(at: .error).count == 1)
    }

    @Test func respectsTheLogLevelAndSharesOneStoreAcrossCopies() {
        let (logger, store) = InMemoryLogHandler.logger(level: .warning)
        logger.info("dropped")
        var child = logger
        child[metadataKey: "stage"] = "read"
        child.warning("kept")
        logger.warning("also kept")
        #expect(store.messages == ["kept", "also kept"])
        #expect(store.all[0].metadata("stage") == "read")
        #expect(store.all[1].metadata("stage") == nil)
        store.removeAll()
        #expect(store.all.isEmpty)
    }
}
