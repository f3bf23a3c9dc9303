import Foundation
import Testing

/// `kontor --help` and every subcommand's `--help` exit 0 and describe every option
/// (issue 2, acceptance 7).
///
/// The table below is the list of options each command declares. The test compares it
/// with what the help prints, both ways: a new option (or subcommand) fails the test
/// until the table is updated, so the table cannot drift from the CLI.
@Suite struct EndToEndHelpTests {
    static let global = ["--workspace", "--business"]
    static let filters = ["--from", "--to", "--category", "--vendor", "--min", "--max", "--status", "--search", "--sort", "--desc"]

    /// Command path (space-separated; "" is the root) → the long option names it declares.
    static let options: [String: [String]] = [
        "": ["--help", "--version"],
        "run": global + ["--once", "--format", "--log-level", "--help", "--version"],
        "status": global + ["--recent", "--format", "--help", "--version"],
        "expenses": ["--help", "--version"],
        "expenses list": global + filters + ["--bank", "--format", "--help", "--version"],
        "expenses show": global + ["--format", "--help", "--version"],
        "categories": ["--help", "--version"],
        "categories list": global + ["--format", "--help", "--version"],
        "export": ["--help", "--version"],
        "export expenses": global + filters + ["--format", "--package", "--archive", "--anonymize", "--help", "--version"],
        "export hledger": global + ["--period", "--from", "--to", "--output", "--anonymize", "--help", "--version"],
        "export beancount": global + ["--period", "--from", "--to", "--output", "--anonymize", "--help", "--version"],
        "export csv": global + ["--period", "--from", "--to", "--output", "--anonymize", "--help", "--version"],
        "report": global + ["--period", "--from", "--to", "--basis", "--compare", "--depth", "--currency", "--format", "--output", "--package",
                            "--archive", "--decimal-comma", "--help", "--version"],
        "read": global + ["--channel", "--format", "--help", "--version"],
        "schema": ["--help", "--version"],
        "use": global + ["--help", "--version"],
        "vendors": ["--help", "--version"],
        "vendors list": global + ["--format", "--help", "--version"],
        "vendors show": global + ["--format", "--help", "--version"],
        "clients": ["--help", "--version"],
        "clients list": global + ["--format", "--help", "--version"],
        "clients show": global + ["--format", "--help", "--version"],
        "invoices": ["--help", "--version"],
        "invoices list": global + ["--status", "--client", "--from", "--to", "--overdue", "--min", "--max", "--as-of", "--sort", "--desc",
                                   "--format", "--help", "--version"],
        "invoices show": global + ["--as-of", "--format", "--help", "--version"],
        "payments": ["--help", "--version"],
        "payments unmatched": global + ["--format", "--help", "--version"],
        "pipelines": ["--help", "--version"],
        "pipelines detect": global + ["--name", "--write", "--force", "--help", "--version"],
        "approve": global + ["--user", "--key", "--expires-in", "--comment", "--help", "--version"],
        "reject": global + ["--user", "--key", "--expires-in", "--comment", "--help", "--version"],
        "approvals": ["--help", "--version"],
        "approvals list": global + ["--status", "--approver", "--overdue", "--format", "--help", "--version"],
        "approvals show": global + ["--format", "--help", "--version"],
        "keys": ["--help", "--version"],
        "keys generate": ["--user", "--alg", "--out", "--kid", "--workspace", "--help", "--version"],
    ]

    /// Command path → its subcommands (ArgumentParser's own `help` left out).
    static let subcommands: [String: [String]] = [
        "": ["run", "status", "expenses", "categories", "export", "report", "read", "schema", "use", "vendors", "clients", "invoices", "payments",
             "pipelines", "approve", "reject", "approvals", "keys"],
        "expenses": ["list", "show"],
        "vendors": ["list", "show"],
        "clients": ["list", "show"],
        "invoices": ["list", "show"],
        "payments": ["unmatched"],
        "pipelines": ["detect"],
        "approvals": ["list", "show"],
        "keys": ["generate"],
        "categories": ["list"],
        "export": ["expenses", "hledger", "beancount", "csv"],
    ]

    static func help(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let arguments = path.split(separator: " ").map(String.init) + ["--help", "--version"]
        let result = try await KontorProcess.run(arguments, sourceLocation: sourceLocation)
        #expect(result.exited && result.status == 0, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The lines of one titled section (`OPTIONS:`), up to the next title or the end.
    static func section(_ title: String, of help: String) -> [String] {
        var lines: [String] = []
        var inside = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let first = line.first, !first.isWhitespace, line.hasSuffix(":") {
                inside = line == title + ":"
                continue
            }
            if inside { lines.append(line) }
        }
        return lines
    }

    /// One option entry of the help: its names and whether a description follows them.
    struct OptionEntry {
        var names: [String]
        var described: Bool
    }

    /// The entries of the OPTIONS section: lines that start (after the section's two-space
    /// indent) with `-`. The names are the leading `-x,` `--name` `<value>` tokens; the
    /// description follows on the same line, or on the next, deeper-indented line.
    static func optionEntries(_ help: String) -> [OptionEntry] {
        let lines = section("OPTIONS", of: help)
        var entries: [OptionEntry] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("  -") {
            var tokens = line.split(separator: " ")[...]
            var names: [String] = []
            while let token = tokens.first, token.hasPrefix("-") || token.hasPrefix("<") || token.hasPrefix("[") {
                let name = token.hasSuffix(",") ? token.dropLast() : token
                if name.hasPrefix("--") { names.append(String(name)) }
                tokens.removeFirst()
            }
            let nextLine = index + 1 < lines.count && lines[index + 1].hasPrefix("    ")
                && !lines[index + 1].trimmingCharacters(in: .whitespaces).isEmpty
            entries.append(OptionEntry(names: names, described: !tokens.isEmpty || nextLine))
        }
        return entries
    }

    /// The names listed under SUBCOMMANDS (entries end at the first blank line), without
    /// ArgumentParser's own `help`.
    static func subcommandNames(_ help: String) -> [String] {
        section("SUBCOMMANDS", of: help).prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "help" }
    }

    /// Every command the help reaches, found by walking SUBCOMMANDS from the root; the
    /// walk, not the table, decides what gets checked. (Three levels at most: a parsing
    /// slip must not turn into an endless walk.)
    static func reachableCommands() async throws -> [String] {
        var found: [String] = []
        var queue = [""]
        while !queue.isEmpty {
            let path = queue.removeFirst()
            found.append(path)
            guard path.split(separator: " ").count < 3 else { continue }
            for name in subcommandNames(try await help(path)) {
                queue.append(path.isEmpty ? name : path + " " + name)
            }
        }
        return found
    }

    @Test func tableCoversEveryCommandTheHelpReaches() async throws {
        let reachable = try await Self.reachableCommands()
        #expect(reachable.sorted() == Self.options.keys.sorted(),
                "the help reaches \(reachable.sorted()); update EndToEndHelpTests.options")
        for path in reachable {
            let listed = Self.subcommandNames(try await Self.help(path))
            #expect(listed == (Self.subcommands[path] ?? []), "kontor \(path): subcommands \(listed)")
        }
    }

    @Test(arguments: options.keys.sorted())
    func helpDescribesEveryDeclaredOption(_ path: String) async throws {
        let help = try await Self.help(path)
        #expect(help.contains("USAGE: kontor"), "kontor \(path) --help:\n\(help)")
        let entries = Self.optionEntries(help)
        let shown = entries.flatMap(\.names)
        let declared = Self.options[path] ?? []
        #expect(shown.sorted() == declared.sorted(), "kontor \(path) --help shows \(shown)")
        #expect(Set(shown).count == shown.count, "an option is listed twice: \(shown)")
        for entry in entries {
            #expect(entry.described, "kontor \(path): \(entry.names) has no description")
        }
    }

    @Test func rootHelpNamesTheExitStatuses() async throws {
        // The discussion is wrapped to the terminal width: compare with the lines joined.
        let help = try await Self.help("").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for status in ["0 ok", "1 some input files were rejected", "64 usage error", "65 bad input data",
                       "66 something named was not found", "70 internal error", "74 disk or database", "78 a file in pipelines/"] {
            #expect(help.contains(status), "\(status) is not in kontor --help")
        }
    }

    @Test func unknownOptionIsAUsageError() async throws {
        let result = try await KontorProcess.run(["expenses", "list", "--colour", "red"])
        #expect(result.exited && result.status == 64, "\(result)")
        #expect(result.stderr.contains("--colour"), "\(result)")
    }
}
