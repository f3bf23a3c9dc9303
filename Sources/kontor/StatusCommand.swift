import ArgumentParser
import KontorConfig
import KontorCore
import KontorIntake
import KontorStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what is waiting, in process, and recently done or rejected.",
        discussion: "Waiting: files in inbox/<business>/<channel>/. In process: files in var/spool/ (a running daemon's, or left by a crash and finished at the next start). Recent: the last files the ledger took in.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many recent files to show.")
    var recent = 10
    @Option(help: "Output format: table or json.")
    var format: RunSummaryFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let waiting = try InboxScanner(inbox: workspace.inbox).scan(businesses: [business.id], channels: Channel.all)
        let inProcess = Spool(root: workspace.spool).leftovers().filter { $0.business == business.id }
        let files = try store.files(business: business.id, limit: max(0, recent))
        let rejectedTotal = try store.files(business: business.id, limit: Int.max).filter { $0.status == .rejected }.count
        let pendingApprovals = try store.approvals(business: business.id, status: "waiting").map(\.id)
        switch format {
        case .json:
            Terminal.print(JSONValue.object([
                "business": .string(business.id.rawValue),
                "waiting": .array(waiting.map { ["channel": .string($0.channel.rawValue), "file": .string($0.name), "size": .int($0.size)] }),
                "in_process": .array(inProcess.map { ["channel": .string($0.channel.rawValue), "file": .string($0.name)] }),
                "rejected_total": .int(Int64(rejectedTotal)),
                "pending_approvals": .array(pendingApprovals.map { .string($0) }),
                "recent": .array(files.map { file in
                    ["receipt": .int(file.id), "file": .string(file.name), "channel": .string(file.channel.rawValue),
                     "status": .string(file.status.rawValue), "received_at": .string(file.receivedAt),
                     "posted": .int(Int64(file.postedCount)), "skipped": .int(Int64(file.skippedCount))]
                }),
            ]).serialized().trimmingTrailingNewline())
        case .table:
            var lines = ["business \(business.id) (\(business.name))",
                         "waiting in inbox: \(waiting.count)" + (waiting.isEmpty ? "" : " — " + waiting.map { "\($0.channel)/\($0.name)" }.joined(separator: ", ")),
                         "in process (var/spool): \(inProcess.count)",
                         "rejected so far: \(rejectedTotal) (see outbox/\(business.id)/rejected/)",
                         "pending approval: \(pendingApprovals.count)" + (pendingApprovals.isEmpty ? "" : " — " + pendingApprovals.joined(separator: ", ")
                            + " (kontor approvals list)")]
            if !files.isEmpty {
                var table = TextTable(headers: ["RECEIPT", "RECEIVED", "STATUS", "CHANNEL", "FILE", "POSTED", "SKIPPED"], rightAligned: [0, 5, 6])
                table.rows = files.map { [String($0.id), $0.receivedAt, $0.status.rawValue, $0.channel.rawValue, $0.name,
                                          String($0.postedCount), String($0.skippedCount)] }
                lines += ["", "recent files:", table.rendered]
            }
            Terminal.print(lines.joined(separator: "\n"))
        }
    }
}
