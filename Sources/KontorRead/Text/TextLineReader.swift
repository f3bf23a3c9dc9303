import KontorCore

/// Splits a ``ByteSource`` into physical lines (CRLF, LF or CR), with their 1-based
/// numbers, in flat memory: only the current line is held, and a line longer than
/// `maximumLineBytes` is an error rather than an allocation.
struct TextLineReader {
    let maximumLineBytes: Int
    private var chunk: ArraySlice<UInt8> = []
    private var buffer: [UInt8] = []
    private var number = 0
    private var lastWasCR = false
    private var atStart = true
    private var finished = false

    init(maximumLineBytes: Int = 1 << 16) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// The next line without its terminator, or nil at the end of the input. A UTF-8
    /// byte order mark at the start of the input is dropped.
    mutating func nextLine(from source: inout some ByteSource) throws(KontorError) -> (number: Int, bytes: [UInt8])? {
        while true {
            if chunk.isEmpty {
                guard !finished else { return nil }
                guard let next = try source.nextChunk() else {
                    finished = true
                    guard !buffer.isEmpty else { return nil }
                    number += 1
                    defer { buffer = [] }
                    return (number, dropBOM(buffer))
                }
                chunk = next
                continue
            }
            if lastWasCR {
                lastWasCR = false
                if chunk.first == 0x0A {
                    chunk = chunk.dropFirst()
                    continue
                }
            }
            guard let end = chunk.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
                try append(chunk)
                chunk = []
                continue
            }
            try append(chunk[chunk.startIndex..<end])
            lastWasCR = chunk[end] == 0x0D
            chunk = chunk[(end + 1)...]
            number += 1
            let line = dropBOM(buffer)
            buffer.removeAll(keepingCapacity: true)
            return (number, line)
        }
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) throws(KontorError) {
        buffer.append(contentsOf: bytes)
        guard buffer.count <= maximumLineBytes else {
            throw KontorError(.badInput, "line \(number + 1) is longer than \(maximumLineBytes) bytes",
                              hint: "this is not a line-based text statement; check that the file is the one the bank exported",
                              at: SourcePosition(line: number + 1))
        }
    }

    private mutating func dropBOM(_ line: [UInt8]) -> [UInt8] {
        defer { atStart = false }
        guard atStart, line.starts(with: [0xEF, 0xBB, 0xBF]) else { return line }
        return Array(line.dropFirst(3))
    }
}
