import KontorCore
import Logging

/// How the daemon logs what became of a file: the data in dotted metadata keys.
enum OutcomeLog {
    static func record(_ outcome: FileOutcome, resumed: Bool, to logger: Logger) {
        var metadata: Logger.Metadata = [
            "business.id": "\(outcome.business)",
            "file.name": "\(outcome.name)",
            "file.status": "\(outcome.status.rawValue)",
            "receipt.path": "\(outcome.receiptPath)",
        ]
        if resumed { metadata["spool.resumed"] = "true" }
        if let error = outcome.error {
            metadata["error.code"] = "\(error.code)"
            metadata["error.message"] = "\(error.message)"
            logger.debug("rejected \(outcome.name)", metadata: metadata)
        } else {
            logger.debug("\(outcome.status.rawValue) \(outcome.name)", metadata: metadata)
        }
    }

    static func metadata(of error: KontorError, file: InboxFile) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "business.id": "\(file.business)",
            "file.path": "\(file.path)",
            "error.code": "\(error.code)",
            "error.message": "\(error.message)",
        ]
        if let cause = error.cause { metadata["error.cause"] = "\(cause)" }
        return metadata
    }
}
