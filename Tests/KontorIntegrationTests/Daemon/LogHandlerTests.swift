#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorDaemon
import Logging
import Testing

@Suite("Log handlers")
struct LogHandlerTests {
    /// 2026-11-26T10:00:00.042Z.
    static let instant: Int64 = 1_795_687_200_042_000_000

    static func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        while true {
            let byte = fgetc(file)
            if byte == EOF { break }
            bytes.append(UInt8(truncatingIfNeeded: byte))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func jsonLinesAreAppendedWithFlattenedDottedKeys() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let path = DaemonLogging.logFile(of: temp.workspace)
        #expect(path == temp.root + "/var/log/kontor.jsonl")
        try temp.write("{\"earlier\":true}\n", to: path)
        let sink = try LogSink(appendingTo: path)
        var logger = Logger(label: "kontor.daemon", factory: { label in JSONLogHandler(label: label, sink: sink, now: { Self.instant }) })
        logger[metadataKey: "Business.ID"] = "acme"

        logger.info("imported expenses.csv", metadata: ["file": ["sha256": "ab12"], "rows": "12", "level": "shadowed"])
        logger.debug("not written: below the level")
        logger.error("a \"quoted\"\nline", metadata: ["paths": ["a", "b"]])

        let lines = Self.read(path).split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"earlier":true}"#,
            #"{"ts":"2026-11-26T10:00:00.042Z","level":"info","message":"imported expenses.csv","label":"kontor.daemon","business.id":"acme","file.sha256":"ab12","metadata.level":"shadowed","rows":"12"}"#,
            #"{"ts":"2026-11-26T10:00:00.042Z","level":"error","message":"a \"quoted\"\nline","label":"kontor.daemon","business.id":"acme","paths":["a","b"]}"#,
        ])
    }

    @Test func humanLinesReadAsASentenceWithKeyValuePairs() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let path = temp.root + "/stderr.txt"
        let sink = try LogSink(appendingTo: path)
        let logger = Logger(label: "kontor", factory: { _ in HumanLogHandler(sink: sink, now: { Self.instant }) })

        logger.info("imported expenses.csv", metadata: ["business.id": "acme", "rows": "12"])
        logger.warning("rejected bank.csv", metadata: ["error.message": "line 3: no amount", "business": ["id": "acme"]])
        logger.error("disk full")

        #expect(Self.read(path) == """
            2026-11-26T10:00:00Z info  imported expenses.csv business.id=acme rows=12
            2026-11-26T10:00:00Z warning rejected bank.csv business.id=acme error.message="line 3: no amount"
            2026-11-26T10:00:00Z error disk full

            """)
    }

    @Test func bothHandlersTogetherThroughTheMultiplexer() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let json = try LogSink(appendingTo: temp.root + "/a.jsonl")
        let text = try LogSink(appendingTo: temp.root + "/b.txt")
        let logger = Logger(label: "kontor") { label in
            MultiplexLogHandler([JSONLogHandler(label: label, sink: json, now: { 0 }), HumanLogHandler(sink: text, now: { 0 })])
        }
        logger.notice("started", metadata: ["business.id": "acme"])
        #expect(Self.read(temp.root + "/a.jsonl")
                == #"{"ts":"1970-01-01T00:00:00.000Z","level":"notice","message":"started","label":"kontor","business.id":"acme"}"# + "\n")
        #expect(Self.read(temp.root + "/b.txt") == "1970-01-01T00:00:00Z notice started business.id=acme\n")
    }

    @Test func theWorkspaceLoggerCreatesTheLogDirectory() throws {
        let temp = try DaemonScratchWorkspace()
        defer { temp.remove() }
        let logger = try DaemonLogging.logger(workspace: temp.workspace, label: "kontor", level: .warning)
        logger.info("below the level")
        logger.warning("kept", metadata: ["business.id": "acme"])
        let lines = Self.read(DaemonLogging.logFile(of: temp.workspace)).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(#""message":"kept""#) == true)
        #expect(lines.first?.contains(#""business.id":"acme""#) == true)
    }
}
