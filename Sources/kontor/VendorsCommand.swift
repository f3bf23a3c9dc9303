import ArgumentParser
import KontorConfig
import KontorCore
import KontorPipeline
import KontorPublish
import KontorStore

struct VendorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendors", abstract: "List and show vendors: made from payees, merged by aliases, with master data.",
        subcommands: [VendorsListCommand.self, VendorsShowCommand.self])
}

struct VendorsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the vendors of a business.",
        discussion: """
            Vendors are created from payees and expense-log vendors (normalized: legal forms, card-terminal \
            suffixes and reference numbers dropped) and from master data dropped into inbox/<b>/vendors/. \
            Vendors merged into another by an alias are not listed; their names show as its aliases.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let rows = try global.openStore(workspace).vendors(business: business.id)
        switch format {
        case .json:
            Terminal.print(JSONValue.object(["business": .string(business.id.rawValue), "vendors": .array(rows.map(VendorView.json))])
                .serialized().trimmingTrailingNewline())
        case .csv:
            var writer = CSVWriter()
            writer.header(["id", "name", "key", "aliases", "tax_id", "iban", "bic", "email", "address", "payment_terms",
                           "default_category", "items", "last_date"])
            for row in rows {
                let profile = row.profile
                writer.row([
                    .number(String(row.id)), .text(row.name), .text(row.key), .text(row.aliases.joined(separator: "|")),
                    .text(profile?.taxID ?? ""), .text(profile?.iban?.rawValue ?? ""), .text(profile?.bic ?? ""),
                    .text(profile?.email ?? ""), .text(profile?.address ?? ""),
                    profile?.paymentTermsDays.map { .number(String($0)) } ?? .empty, .text(profile?.defaultCategory?.rawValue ?? ""),
                    .number(String(row.items)), .text(row.lastDate?.description ?? ""),
                ])
            }
            Terminal.print(writer.output.trimmingTrailingNewline())
        case .table:
            var table = TextTable(headers: ["ID", "NAME", "ALIASES", "DEFAULT CATEGORY", "TERMS", "ITEMS", "LAST"], rightAligned: [0, 5])
            table.rows = rows.map { row in
                [String(row.id), row.name, row.aliases.joined(separator: ", "), row.profile?.defaultCategory?.rawValue ?? "",
                 row.profile?.paymentTermsDays.map { "net \($0)" } ?? "", String(row.items), row.lastDate?.description ?? ""]
            }
            let declared = rows.filter { $0.profile != nil }.count
            Terminal.print(table.rendered + "\n\(rows.count) vendor\(rows.count == 1 ? "" : "s"), \(declared) with master data")
        }
    }
}

struct VendorsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one vendor: master data, aliases and how many items name it.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table or json.")
    var format: RunSummaryFormat = .table
    @Argument(help: "The vendor's id, name, normalized key or an alias.")
    var vendor: String

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let found = try store.vendor(business: business.id, named: vendor)
            ?? store.vendor(business: business.id, named: Pipeline.vendorKey(of: vendor))
        guard let row = found else {
            throw KontorError(.notFound, "business \(business.id) has no vendor '\(vendor)'", hint: "`kontor vendors list` shows them")
        }
        switch format {
        case .json: Terminal.print(VendorView.json(row).serialized().trimmingTrailingNewline())
        case .table: Terminal.print(VendorView.table(row))
        }
    }
}

enum VendorView {
    static func json(_ row: VendorRow) -> JSONValue {
        let profile = row.profile
        return [
            "id": .int(row.id), "name": .string(row.name), "key": .string(row.key), "aliases": .array(row.aliases.map(JSONValue.string)),
            "tax_id": .optional(profile?.taxID), "iban": .optional(profile?.iban?.rawValue), "bic": .optional(profile?.bic),
            "email": .optional(profile?.email), "address": .optional(profile?.address),
            "payment_terms_days": profile?.paymentTermsDays.map { .int(Int64($0)) } ?? .null,
            "default_category": .optional(profile?.defaultCategory?.rawValue),
            "master_data": row.file.map { ["file": .string($0), "updated_at": .optional(row.updatedAt)] } ?? .null,
            "items": .int(Int64(row.items)), "last_date": .optional(row.lastDate?.description),
        ]
    }

    static func table(_ row: VendorRow) -> String {
        let profile = row.profile
        var fields: [(String, String)] = [("name", row.name), ("key", row.key)]
        if !row.aliases.isEmpty { fields.append(("aliases", row.aliases.joined(separator: ", "))) }
        if let profile {
            if let value = profile.taxID { fields.append(("tax id", value)) }
            if let value = profile.iban { fields.append(("iban", value.rawValue)) }
            if let value = profile.bic { fields.append(("bic", value)) }
            if let value = profile.email { fields.append(("e-mail", value)) }
            if let value = profile.address { fields.append(("address", value)) }
            if let value = profile.paymentTermsDays { fields.append(("payment terms", "net \(value) days")) }
            if let value = profile.defaultCategory { fields.append(("default category", value.rawValue)) }
            fields.append(("master data", "\(row.file ?? "") at \(row.updatedAt ?? "")"))
        } else {
            fields.append(("master data", "(none: made from payees)"))
        }
        fields.append(("items", String(row.items)))
        if let last = row.lastDate { fields.append(("last item", last.description)) }
        let width = fields.map(\.0.count).max() ?? 0
        return (["Vendor \(row.id)"] + fields.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1.printable })
            .joined(separator: "\n")
    }
}
