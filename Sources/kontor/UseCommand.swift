import ArgumentParser
import KontorConfig
import KontorCore

struct UseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use", abstract: "Choose the default business of this workspace.",
        discussion: "Commands act on this business unless --business names another. Stored in var/current-business.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The business id (the name of its file in pipelines/businesses/).")
    var businessID: String

    func run() throws {
        let workspace = try global.resolveWorkspace()
        let configuration = try Configuration.load(workspace: workspace)
        if let named = global.business, named != businessID {
            throw KontorError(.usage, "--business \(named) and the argument \(businessID) name different businesses",
                              hint: "name the business once: kontor use \(businessID)")
        }
        var options = global
        options.business = businessID
        let business = try options.resolveBusiness(in: workspace, configuration)
        try DurableFile.makeDirectory(workspace.state)
        try DurableFile.write(business.id.rawValue + "\n", to: workspace.currentBusinessFile)
        Terminal.note("now using business \(business.id) (\(business.name))")
    }
}
