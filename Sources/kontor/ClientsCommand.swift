import ArgumentParser
import KontorConfig
import KontorCore
import KontorInvoicing
import KontorPublish
import KontorStore

struct ClientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients", abstract: "Show the clients (master data from inbox/<business>/clients/).",
        subcommands: [ClientsListCommand.self, ClientsShowCommand.self])
}

struct ClientsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the clients of a business.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let clients = try store.clients(business: business.id).map { stored throws(KontorError) in
            (try StorageCodec.decode(Client.self, from: stored.data), stored.version)
        }
        switch format {
        case .json:
            Terminal.print(JSONValue.object(["business": .string(business.id.rawValue),
                                             "clients": .array(clients.map { ClientsListCommand.json($0.0, version: $0.1) })])
                .serialized().trimmingTrailingNewline())
        case .csv:
            var writer = CSVWriter()
            writer.header(["id", "name", "country", "city", "tax_id", "email", "phone", "language", "payment_terms_days", "peppol_id"])
            for (client, _) in clients {
                let party = client.party
                writer.row([.text(client.id), .text(party.name), .text(party.address.country), party.address.city.map(CSVWriter.Cell.text) ?? .empty,
                            party.vatID.map(CSVWriter.Cell.text) ?? .empty, party.email.map(CSVWriter.Cell.text) ?? .empty,
                            party.phone.map(CSVWriter.Cell.text) ?? .empty, client.language.map(CSVWriter.Cell.text) ?? .empty,
                            client.paymentTermsDays.map { .number(String($0)) } ?? .empty,
                            party.electronicAddress.map { .text($0.description) } ?? .empty])
            }
            Terminal.print(writer.output.trimmingTrailingNewline())
        case .table:
            var table = TextTable(headers: ["ID", "NAME", "COUNTRY", "TAX ID", "E-MAIL", "TERMS"], rightAligned: [5])
            table.rows = clients.map { client, _ in
                [client.id, client.party.name, client.party.address.country, client.party.vatID ?? "", client.party.email ?? "",
                 client.paymentTermsDays.map { "\($0) d" } ?? ""]
            }
            Terminal.print(table.rendered + "\n\(clients.count) client\(clients.count == 1 ? "" : "s")")
        }
    }

    static func json(_ client: Client, version: Int) -> JSONValue {
        let party = client.party
        return [
            "id": .string(client.id), "name": .string(party.name), "version": .int(Int64(version)),
            "address": ["street": .optional(party.address.street), "additional_street": .optional(party.address.additionalStreet),
                        "city": .optional(party.address.city), "postal_code": .optional(party.address.postalCode),
                        "country": .string(party.address.country)],
            "tax_id": .optional(party.vatID), "legal_id": .optional(party.legalID), "email": .optional(party.email),
            "phone": .optional(party.phone), "language": .optional(client.language),
            "payment_terms_days": client.paymentTermsDays.map { .int(Int64($0)) } ?? .null,
            "peppol_id": .optional(party.endpoint?.description), "buyer_reference": .optional(client.buyerReference),
        ]
    }
}

struct ClientsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one client's master data.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The client's id.")
    var id: String
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        guard let stored = try store.client(business: business.id, id: id) else {
            throw KontorError(.notFound, "there is no client '\(id)' in business \(business.id)", hint: "`kontor clients list` shows the clients")
        }
        let client = try StorageCodec.decode(Client.self, from: stored.data)
        if format == .json {
            Terminal.print(ClientsListCommand.json(client, version: stored.version).serialized().trimmingTrailingNewline())
            return
        }
        let party = client.party
        var lines = ["\(client.id): \(party.name)"]
        lines += party.address.lines.map { "  " + $0 }
        if let vat = party.vatID { lines.append("Tax id:        \(vat)") }
        if let legal = party.legalID { lines.append("Legal id:      \(legal)") }
        if let email = party.email { lines.append("E-mail:        \(email)") }
        if let phone = party.phone { lines.append("Phone:         \(phone)") }
        if let language = client.language { lines.append("Language:      \(language)") }
        if let terms = client.paymentTermsDays { lines.append("Payment terms: \(terms) days") }
        if let endpoint = party.electronicAddress { lines.append("Peppol id:     \(endpoint)\(party.endpoint == nil ? " (from the tax id)" : "")") }
        if let reference = client.buyerReference { lines.append("Buyer ref.:    \(reference)") }
        lines.append("Version:       \(stored.version)")
        Terminal.print(lines.joined(separator: "\n"))
    }
}
