import KontorConfig
import KontorCore
import Logging

/// The daemon's loggers: JSON lines to `var/log/kontor.jsonl` and readable lines to
/// stderr, through swift-log's `MultiplexLogHandler`.
public enum DaemonLogging {
    /// The structured log of a workspace.
    public static func logFile(of workspace: Workspace) -> String {
        workspace.logs + "/kontor.jsonl"
    }

    /// A factory for `LoggingSystem.bootstrap` or `Logger(label:factory:)`, writing to
    /// both places. Opens (and creates) the log file once; every logger shares it.
    public static func handlerFactory(workspace: Workspace, level: Logger.Level = .info)
        throws(KontorError) -> @Sendable (String) -> any LogHandler {
        let file = try LogSink(appendingTo: logFile(of: workspace))
        return { label in
            var json = JSONLogHandler(label: label, sink: file)
            json.logLevel = level
            var human = HumanLogHandler(sink: .standardError)
            human.logLevel = level
            return MultiplexLogHandler([json, human])
        }
    }

    /// A logger labelled `label` that writes to both places.
    public static func logger(workspace: Workspace, label: String = "kontor", level: Logger.Level = .info)
        throws(KontorError) -> Logger {
        Logger(label: label, factory: try handlerFactory(workspace: workspace, level: level))
    }
}
