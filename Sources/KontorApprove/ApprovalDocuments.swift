import KontorConfig
import KontorCore

/// The files an approval request shows itself in (`outbox/<b>/approvals/`): the request
/// (JSON, the evidence), its status (JSON, rewritten at every step) and a readable HTML
/// summary. Pure: values in, bytes out; the same record renders the same bytes.
public struct ApprovalDocuments: Sendable {
    public let record: ApprovalRecord
    public let users: UserDirectory

    public init(record: ApprovalRecord, users: UserDirectory) {
        self.record = record
        self.users = users
    }

    static func time(_ nanoseconds: Int64) -> JSONValue { .string(Timestamp.iso8601(nanoseconds: nanoseconds)) }

    /// The tiers with what happened in each: done (by whom), current, pending.
    var tiers: [JSONValue] {
        let process = record.process
        var approvals = process.approvedBy[...]
        var result: [JSONValue] = []
        for (index, tier) in process.route.tiers.enumerated() {
            let needed = tier.mode == .anyOf ? 1 : tier.approvers.count
            var status: String
            var decided: [UserID] = []
            switch process.state {
            case .waiting(let current, let step):
                if index < current {
                    status = "done"
                    decided = Array(approvals.prefix(needed)); approvals = approvals.dropFirst(needed)
                } else if index == current {
                    status = "waiting"
                    decided = Array(approvals.prefix(step)); approvals = approvals.dropFirst(step)
                } else {
                    status = "pending"
                }
            case .approved:
                status = "done"
                decided = Array(approvals.prefix(needed)); approvals = approvals.dropFirst(needed)
            case .rejected, .expired:
                let taken = Array(approvals.prefix(needed))
                approvals = approvals.dropFirst(needed)
                decided = taken
                status = taken.count == needed ? "done" : record.status
            }
            result.append(.object([
                "tier": .int(Int64(index + 1)), "name": .string(tier.name), "mode": .string(tier.mode.rawValue),
                "approvers": .array(tier.approvers.map { .string($0.description) }),
                "status": .string(status), "approved_by": .array(decided.map { .string($0.rawValue) }),
                "escalated": .bool(process.escalatedTiers.contains(index)),
            ]))
        }
        return result
    }

    var evidence: [String: JSONValue] {
        let item = record.item
        return [
            "kind": .string(item.kind.rawValue), "record_id": .string(item.recordID),
            "amount": .string(item.amount.decimalString), "currency": .string(item.amount.currency.code),
            "date": .string(item.date.description), "vendor": .optional(item.vendor),
            "category": .optional(item.category?.rawValue), "receipt": .optional(item.receipt),
            "description": .string(item.description), "submitted_by": .optional(item.submitter?.rawValue),
        ]
    }

    /// `<id>.json`: the request and its evidence.
    public var requestJSON: JSONValue {
        .object([
            "id": .string(record.id), "business": .string(record.item.business.rawValue),
            "item": .object(evidence), "policy_rule": .string(record.process.route.rule),
            "tiers": .array(tiers), "created_at": ApprovalDocuments.time(record.createdAt),
            "status": .string(record.status),
            "decide_with": .string("kontor approve \(record.id) --business \(record.item.business)   |   kontor reject \(record.id) --comment TEXT"),
        ])
    }

    /// `<id>.status.json`: where the request stands — waiting for whom, since when — and
    /// every step so far.
    public func statusJSON(today: LocalDate) -> JSONValue {
        let waiting = record.status == "waiting" ? record.waitingFor(users, on: today) : []
        return .object([
            "id": .string(record.id), "business": .string(record.item.business.rawValue), "status": .string(record.status),
            "waiting_for": .array(waiting.map { .object(["user": .string($0.id.rawValue), "name": .string($0.name), "email": .optional($0.email)]) }),
            "waiting_for_approvers": .array(record.process.currentApprovers.map { .string($0.description) }),
            "waiting_since": record.status == "waiting" ? ApprovalDocuments.time(record.waitingSince) : .null,
            "tiers": .array(tiers),
            "history": .array(record.history.map(ApprovalDocuments.json)),
        ])
    }

    static func json(_ entry: ApprovalRecord.Entry) -> JSONValue {
        .object([
            "event": .string(entry.event), "at": time(entry.at), "user": .optional(entry.user),
            "tier": entry.tier.map { .int(Int64($0 + 1)) } ?? .null, "comment": .optional(entry.comment), "jti": .optional(entry.tokenID),
        ])
    }

    /// `<id>.html`: the summary a person reads.
    public func html(today: LocalDate) -> String {
        let item = record.item
        var rows = ""
        for (label, value) in [("Amount", "\(item.amount.decimalString) \(item.amount.currency.code)"), ("Date", item.date.description),
                               ("Vendor", item.vendor ?? "—"), ("Category", item.category?.rawValue ?? "—"),
                               ("Receipt", item.receipt ?? "—"), ("Description", item.description),
                               ("Submitted by", item.submitter?.rawValue ?? "—"), ("Ledger record", item.recordID),
                               ("Policy rule", record.process.route.rule)] {
            rows += "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>\n"
        }
        var tierRows = ""
        for tier in tiers {
            let approvers = (tier["approvers"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            let by = (tier["approved_by"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            let escalated = tier["escalated"] == .bool(true) ? " (escalated)" : ""
            tierRows += "<tr><td>\(escape(tier["name"]?.stringValue ?? ""))</td><td>\(escape(approvers))</td>"
                + "<td>\(escape((tier["status"]?.stringValue ?? "") + escalated))</td><td>\(escape(by))</td></tr>\n"
        }
        var history = ""
        for entry in record.history {
            let who = entry.user.map { " by \($0)" } ?? ""
            let comment = entry.comment.map { ": “\($0)”" } ?? ""
            history += "<li>\(escape(Timestamp.iso8601(nanoseconds: entry.at))) — \(escape(entry.event + who + comment))</li>\n"
        }
        let waiting = record.status == "waiting"
            ? "<p class=\"waiting\">Waiting for \(escape(record.waitingFor(users, on: today).map { "\($0.name) (\($0.id))" }.joined(separator: ", "))) since \(escape(Timestamp.iso8601(nanoseconds: record.waitingSince))).</p>\n"
            : "<p class=\"final\">\(escape(record.status.capitalized)).</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Approval \(escape(record.id))</title>
            <style>body{font-family:sans-serif;max-width:46em;margin:2em auto}th{text-align:left;padding-right:1em}td,th{border-bottom:1px solid #ddd;padding:.2em .5em}</style>
            </head><body>
            <h1>Approval request \(escape(record.id))</h1>
            <p>\(escape(item.kind.rawValue.capitalized)) of business \(escape(item.business.rawValue)).</p>
            \(waiting)<table>
            \(rows)</table>
            <h2>Tiers</h2>
            <table><tr><th>Tier</th><th>Approvers</th><th>Status</th><th>Approved by</th></tr>
            \(tierRows)</table>
            <h2>History</h2>
            <ul>
            \(history)</ul>
            <p>Decide with <code>kontor approve \(escape(record.id)) --business \(escape(item.business.rawValue))</code> or <code>kontor reject \(escape(record.id)) --comment "…"</code>.</p>
            </body></html>

            """
    }

    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension String {
    var capitalized: String { prefix(1).uppercased() + dropFirst() }
}
