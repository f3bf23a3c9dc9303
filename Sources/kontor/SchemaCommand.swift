import ArgumentParser
import KontorCore
import KontorPipeline

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of a JSON layout Kontor prints.",
        discussion: "Without NAME, lists the schemas there are. Schemas are JSON Schema draft 2020-12.")

    @Argument(help: "The schema's name (e.g. read, for `kontor read --format json`).")
    var name: String?

    func run() throws {
        let names = JSONSchemas.names.joined(separator: ", ")
        guard let name else {
            Terminal.print(JSONSchemas.names.joined(separator: "\n"))
            return
        }
        guard let schema = JSONSchemas.all[name] else {
            throw KontorError(.notFound, "there is no schema '\(name)'", hint: "the schemas are: \(names)")
        }
        Terminal.print(schema)
    }
}
