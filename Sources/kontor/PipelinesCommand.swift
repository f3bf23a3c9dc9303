import ArgumentParser
import KontorConfig
import KontorCore
import KontorPipeline

struct PipelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines", abstract: "Work on the configuration in pipelines/.",
        subcommands: [PipelinesDetectCommand.self])
}

struct PipelinesDetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Propose a bank CSV mapping for FILE.",
        discussion: """
            Sniffs the file's encoding, delimiter, header, date and number notation and columns, and \
            prints the mapping as pipelines/sources/NAME.yaml would hold it. With --write it is saved \
            there for review; from then on, files of that shape dropped into inbox/<business>/bank/ are \
            read with it. An existing file is never overwritten without --force.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The source's name (default: the file's name without extension).")
    var name: String?
    @Flag(help: "Save the proposal as pipelines/sources/NAME.yaml.")
    var write = false
    @Flag(help: "With --write: replace an existing mapping of that name, or save although another mapping recognizes the file.")
    var force = false
    @Argument(help: "A bank's CSV export.", completion: .file())
    var file: String

    func run() throws {
        let workspace = try global.resolveWorkspace()
        let configuration = try Configuration.load(workspace: workspace)
        let business = try? global.resolveBusiness(in: workspace, configuration)
        let proposal = try SourceProposal.propose(path: file, name: name, configuration: configuration,
                                                  fallbackCurrency: business?.baseCurrency)
        Terminal.print(proposal.yaml.trimmingTrailingNewline())
        if !proposal.alreadyMatching.isEmpty {
            Terminal.note("note: pipelines/sources/\(proposal.alreadyMatching.joined(separator: ".yaml, ")).yaml already recognizes this file")
        }
        if let problem = proposal.problem, !write {
            Terminal.note("note: " + problem.message)
        }
        guard write else { return }
        let path = try proposal.write(workspace: workspace, force: force)
        Terminal.note("saved \(workspace.relative(path)); review it, then drop the file into inbox/<business>/bank/")
    }
}
