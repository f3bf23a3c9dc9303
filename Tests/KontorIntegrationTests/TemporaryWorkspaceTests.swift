import Foundation
import KontorConfig
import KontorCore
import KontorTesting
import Testing

@Suite struct TemporaryWorkspaceTests {
    @Test func dropPutsACompleteFileInTheChannel() throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: ["kontor.yaml": "settle_seconds: 1\n"])
        let acme = try #require(BusinessID("acme"))
        let path = try temp.drop("date,amount\n", named: "week.csv", into: acme, channel: .expenses)
        #expect(path == temp.root + "/inbox/acme/expenses/week.csv")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "date,amount\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.root + "/inbox/acme/expenses") == ["week.csv"])
        #expect(try String(contentsOfFile: temp.workspace.settingsFile, encoding: .utf8) == "settle_seconds: 1\n")
    }

    @Test func slowDropGrowsTheFileChunkByChunk() async throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: [:])
        let acme = try #require(BusinessID("acme"))
        let clock = TestClock()
        let path = temp.root + "/inbox/acme/bank/statement.ofx"
        let writer = Task {
            try await temp.dropSlowly(Array("0123456789".utf8), named: "statement.ofx", into: acme, channel: .bank,
                                      chunkSize: 4, pause: .seconds(1), clock: clock)
        }
        await clock.waitForSleepers(1)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 4)
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(1)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 8)
        clock.advance(by: .seconds(1))
        #expect(try await writer.value == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "0123456789")
    }

    @Test func removeDeletesTheDirectory() throws {
        let temp = try KontorTesting.TemporaryWorkspace(pipelines: [:])
        let root = temp.root
        #expect(FileManager.default.fileExists(atPath: root))
        temp.remove()
        #expect(!FileManager.default.fileExists(atPath: root))
    }
}
