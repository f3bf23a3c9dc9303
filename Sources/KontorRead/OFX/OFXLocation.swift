import KontorCore

/// Where a token starts: a cheap line and column that becomes a ``SourcePosition`` only
/// where one is kept (a statement, a transaction, an error).
struct OFXLocation: Sendable, Equatable {
    var line: Int
    var column: Int

    var source: SourcePosition { SourcePosition(line: line, column: column) }
}
