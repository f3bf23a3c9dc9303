#if canImport(Glibc)
import Glibc
#endif
import KontorCore

/// A test double behind ``InboxProcessor``: records every call, optionally moves each file
/// out of the inbox (as the real claim does), waits, or fails.
actor RecordingProcessor: InboxProcessor {
    enum Call: Hashable, Sendable {
        case resumeSpool
        case process(name: String, size: Int64)
    }

    private(set) var calls: [Call] = []
    /// Files whose `process` call ran to its end (not cut short by cancellation).
    private(set) var finished: [String] = []
    private let claimDirectory: String?
    private let delay: Duration
    private let failing: String?

    /// - Parameters:
    ///   - claimDirectory: where processed files are renamed to; nil leaves them in place.
    ///   - delay: how long each `process` call takes.
    ///   - failing: a file name whose processing throws an I/O error.
    init(claimDirectory: String? = nil, delay: Duration = .zero, failing: String? = nil) {
        self.claimDirectory = claimDirectory
        self.delay = delay
        self.failing = failing
    }

    var processed: [String] {
        calls.compactMap { call in
            if case .process(let name, _) = call { return name }
            return nil
        }
    }

    func resumeSpool() async throws(KontorError) -> [FileOutcome] {
        calls.append(.resumeSpool)
        return []
    }

    func process(_ file: InboxFile) async throws(KontorError) -> FileOutcome? {
        calls.append(.process(name: file.name, size: file.size))
        if file.name == failing { throw KontorError(.io, "disk full", cause: "errno 28") }
        if delay > .zero { try? await Task.sleep(for: delay) }
        if let claimDirectory {
            _ = rename(file.path, claimDirectory + "/" + file.name)
        }
        if !Task.isCancelled { finished.append(file.name) }
        return FileOutcome(business: file.business, name: file.name, status: .imported, receiptPath: "receipts/\(file.name).json")
    }
}
