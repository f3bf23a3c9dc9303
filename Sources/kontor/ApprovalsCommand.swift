import ArgumentParser
import Foundation
import KontorApprove
import KontorConfig
import KontorCore
import KontorPipeline
import KontorPublish
import KontorStore

struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals", abstract: "List approval requests and show their history.",
        subcommands: [ApprovalsListCommand.self, ApprovalsShowCommand.self])
}

/// The requests of a business as the approval stage sees them.
enum ApprovalLoader {
    static func records(_ store: LedgerStore, business: BusinessID, status: String?) throws(KontorError) -> [ApprovalRecord] {
        try store.approvals(business: business, status: status).map { (stored) throws(KontorError) in try Pipeline.approvalRecord(stored) }
    }
}

enum ApprovalStatusFilter: String, ExpressibleByArgument, CaseIterable {
    case waiting, approved, rejected, expired, all
}

struct ApprovalsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List approval requests (default: the waiting ones).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "waiting (default), approved, rejected, expired or all.")
    var status: ApprovalStatusFilter = .waiting
    @Option(help: "Only requests waiting for this user (delegations included).")
    var approver: String?
    @Flag(help: "Only requests waiting longer than the policy's escalate_after_days.")
    var overdue = false
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, configuration, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let now = Pipeline.systemNanoseconds()
        let today = Pipeline.day(of: now)
        var records = try ApprovalLoader.records(store, business: business.id, status: status == .all ? nil : status.rawValue)
        if let approver {
            guard let id = UserID(approver), configuration.users[id] != nil else {
                throw KontorError(.usage, "--approver '\(approver)' is not a user of \(UserDirectory.fileName)")
            }
            records = records.filter { $0.waitingFor(configuration.users, on: today).contains { $0.id == id } }
        }
        let limit = configuration.policies[business.id]?.escalateAfterDays
        func isOverdue(_ record: ApprovalRecord) -> Bool {
            guard record.status == "waiting", let limit else { return false }
            return now - record.waitingSince >= Int64(limit) * 86_400 * 1_000_000_000
        }
        if overdue { records = records.filter(isOverdue) }
        let rows = records.map { record -> [String] in
            [record.id, record.status, record.item.amount.decimalString, record.item.amount.currency.code, record.item.vendor ?? "",
             record.item.category?.rawValue ?? "", record.process.route.rule, tierText(record),
             record.waitingFor(configuration.users, on: today).map(\.id.rawValue).joined(separator: " "),
             record.status == "waiting" ? Timestamp.iso8601(nanoseconds: record.waitingSince) : "", isOverdue(record) ? "yes" : "no"]
        }
        let headers = ["ID", "STATUS", "AMOUNT", "CURRENCY", "VENDOR", "CATEGORY", "RULE", "TIER", "WAITING FOR", "SINCE", "OVERDUE"]
        switch format {
        case .table:
            var table = TextTable(headers: headers, rightAligned: [2])
            table.rows = rows
            Terminal.print(rows.isEmpty ? "no \(status == .all ? "" : status.rawValue + " ")approval requests in \(business.id)" : table.rendered)
        case .csv:
            var writer = CSVWriter()
            writer.header(headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") })
            for row in rows { writer.row(row.map(CSVWriter.Cell.text)) }
            Terminal.print(writer.output.trimmingTrailingNewline())
        case .json:
            let keys = ["id", "status", "amount", "currency", "vendor", "category", "rule", "tier", "waiting_for", "waiting_since", "overdue"]
            Terminal.print(JSONValue.object([
                "business": .string(business.id.rawValue),
                "approvals": .array(zip(records, rows).map { record, row in
                    var object: [String: JSONValue] = [:]
                    for (key, value) in zip(keys, row) { object[key] = .string(value) }
                    object["waiting_for"] = .array(record.waitingFor(configuration.users, on: today).map { .string($0.id.rawValue) })
                    object["overdue"] = .bool(isOverdue(record))
                    object["waiting_since"] = record.status == "waiting" ? .string(Timestamp.iso8601(nanoseconds: record.waitingSince)) : .null
                    return .object(object)
                }),
            ]).serialized().trimmingTrailingNewline())
        }
    }

    func tierText(_ record: ApprovalRecord) -> String {
        guard case .waiting(let tier, _) = record.process.state else { return "" }
        return "\(tier + 1)/\(record.process.route.tiers.count) \(record.process.route.tiers[tier].name)"
    }
}

struct ApprovalsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one approval request: evidence, tiers and full history.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The request id (e.g. EXP-000001).")
    var id: String
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, configuration, business) = try global.resolve()
        let store = try global.openStore(workspace)
        guard let stored = try store.approval(business: business.id, id: id) else {
            throw KontorError(.notFound, "there is no approval request '\(id)' in business \(business.id)", hint: "kontor approvals list --status all")
        }
        let record = try Pipeline.approvalRecord(stored)
        let today = Pipeline.day(of: Pipeline.systemNanoseconds())
        let documents = ApprovalDocuments(record: record, users: configuration.users)
        switch format {
        case .json, .csv:
            var object = documents.statusJSON(today: today).objectValue ?? [:]
            object["item"] = documents.requestJSON["item"]
            object["policy_rule"] = .string(record.process.route.rule)
            Terminal.print(JSONValue.object(object).serialized().trimmingTrailingNewline())
        case .table:
            let item = record.item
            var lines = [
                "\(record.id)  \(record.status)  \(item.kind) of \(item.business)",
                "  amount       \(item.amount.decimalString) \(item.amount.currency.code)",
                "  date         \(item.date)",
                "  vendor       \(item.vendor ?? "-")",
                "  category     \(item.category?.rawValue ?? "-")",
                "  receipt      \(item.receipt ?? "-")",
                "  description  \(item.description)",
                "  submitted by \(item.submitter?.rawValue ?? "-")",
                "  record id    \(item.recordID)",
                "  policy rule  \(record.process.route.rule)",
            ]
            if record.status == "waiting" {
                lines.append("  waiting for  \(record.waitingFor(configuration.users, on: today).map(\.id.rawValue).joined(separator: ", ")) since \(Timestamp.iso8601(nanoseconds: record.waitingSince))")
            }
            lines.append("tiers:")
            for tier in documents.requestJSON["tiers"]?.arrayValue ?? [] {
                let by = (tier["approved_by"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
                lines.append("  \(tier["name"]?.stringValue ?? "")  \((tier["approvers"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " | "))  \(tier["status"]?.stringValue ?? "")\(by.isEmpty ? "" : " by " + by)\(tier["escalated"] == .bool(true) ? " (escalated)" : "")")
            }
            lines.append("history:")
            for entry in record.history {
                lines.append("  \(Timestamp.iso8601(nanoseconds: entry.at))  \(entry.event)\(entry.user.map { " by \($0)" } ?? "")\(entry.tier.map { " (tier \($0 + 1))" } ?? "")\(entry.comment.map { ": \($0)" } ?? "")\(entry.tokenID.map { "  jti \($0)" } ?? "")")
            }
            Terminal.print(lines.joined(separator: "\n"))
        }
    }
}
