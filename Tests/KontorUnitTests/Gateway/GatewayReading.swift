import KontorCore
import KontorRead

/// Runs a statement reader over text or bytes in small chunks (so records straddle chunk
/// boundaries) and collects what it emits.
enum GatewayReading {
    struct Statement {
        var header: StatementHeader
        var transactions: [BankTransaction] = []
    }

    static func read(_ reader: some StatementReader, _ bytes: [UInt8], fileName: String = "in.txt") throws(KontorError) -> [Statement] {
        var source = MemoryByteSource(bytes, chunkSize: 7)
        var statements: [Statement] = []
        try reader.read(&source, fileName: fileName) { event in
            switch event {
            case .begin(let header): statements.append(Statement(header: header))
            case .transaction(let transaction): statements[statements.count - 1].transactions.append(transaction)
            case .end: break
            }
        }
        return statements
    }

    static func read(_ reader: some StatementReader, _ text: String, fileName: String = "in.txt") throws(KontorError) -> [Statement] {
        try read(reader, Array(text.utf8), fileName: fileName)
    }

    static func error(_ reader: some StatementReader, _ text: String, fileName: String = "in.txt") -> KontorError? {
        do {
            _ = try read(reader, text, fileName: fileName)
            return nil
        } catch {
            return error
        }
    }
}
