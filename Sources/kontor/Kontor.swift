import ArgumentParser
import KontorCore

/// The `kontor` command: one executable for the daemon and every query (DESIGN.md 5).
@main
struct Kontor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kontor",
        abstract: "Bookkeeping for small businesses as a file-based pipeline.",
        discussion: """
            Drop files into inbox/<business>/<channel>/; `kontor run` imports them into the ledger \
            in var/kontor.sqlite and writes receipts and outputs to outbox/<business>/.

            Exit status: 0 ok; 1 some input files were rejected; 64 usage error; 65 bad input data; \
            66 something named was not found; 70 internal error (a bug); 74 disk or database \
            failure; 77 the user's role does not allow the action; 78 a file in pipelines/ is invalid.
            """,
        version: KontorVersion.current,
        subcommands: [
            RunCommand.self, StatusCommand.self, ExpensesCommand.self, CategoriesCommand.self,
            ExportCommand.self, ReportCommand.self, ReadCommand.self, SchemaCommand.self, UseCommand.self, VendorsCommand.self,
            ClientsCommand.self, InvoicesCommand.self, PaymentsCommand.self, PipelinesCommand.self,
            ApproveCommand.self, RejectCommand.self, ApprovalsCommand.self, KeysCommand.self,
        ])

    /// Runs the command, rendering every error through ``ErrorRenderer`` (never a Swift
    /// dump) with its sysexits status.
    /// Whether ArgumentParser threw `error` (help requested, a bad value, a clean exit — some
    /// of its error types are internal to it, so they are told by their module).
    static func isArgumentParsers(_ error: any Error) -> Bool {
        error is CleanExit || error is ExitCode || error is ValidationError
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    static func main() async {
        do {
            var command = try parseAsRoot()
            do {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch let error where !(error is KontorError) && !(error is Terminal.ExitStatus) && !Kontor.isArgumentParsers(error) {
                // A failure that is not Kontor's own error is a bug: an internal error (exit
                // 70) with its detail, not ArgumentParser's "Error:" line and exit 1, which
                // means "some files were rejected".
                throw ErrorRenderer.normalize(error)
            }
        } catch let error as KontorError {
            Terminal.error(error)
            Terminal.exit(error.code.exitCode)
        } catch let error as Terminal.ExitStatus {
            Terminal.exit(error.code)
        } catch {
            // ArgumentParser's own errors (unknown option, bad value, --help): as JSON
            // when the command line asked for JSON output, else as ArgumentParser prints them.
            let arguments = CommandLine.arguments
            let wantsJSON = arguments.contains("--format=json")
                || zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" }
            let code = exitCode(for: error).rawValue
            if wantsJSON && code != 0 {
                Terminal.jsonErrors = true
                Terminal.error(KontorError(.usage, fullMessage(for: error), hint: "see kontor --help"))
                Terminal.exit(code)
            }
            exit(withError: error)
        }
    }
}
