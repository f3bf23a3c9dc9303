import KontorApprove
import KontorConfig
import KontorCore
import KontorIntake
import KontorPublish
import KontorStore
#if canImport(Glibc)
import Glibc
#endif

/// The approve stage: expenses a policy routes to approvers are held (not posted) with a
/// request in `outbox/<b>/approvals/`; signed decisions from `inbox/<b>/approvals/` move
/// them along their chain, and the one that completes it posts the held entry in its own
/// transaction. See docs/approvals.md.
extension Pipeline {
    /// Nanoseconds since the epoch (`CLOCK_REALTIME`): the default approval clock.
    public static func systemNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The UTC day of a time.
    public static func day(of nanoseconds: Int64) -> LocalDate {
        let seconds = nanoseconds / 1_000_000_000
        return LocalDate(daysSinceEpoch: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }

    /// The outputs showing `record` after a step: its request, status and summary files,
    /// and an e-mail for each user it now waits for (`notify`: waiting or escalated).
    func approvalOutputs(_ record: ApprovalRecord, notify: String?, at now: Int64) -> [OutboxItem] {
        let directory = workspace.outbox(record.item.business) + "/approvals"
        let today = Pipeline.day(of: now)
        let documents = ApprovalDocuments(record: record, users: configuration.users)
        var items = [
            OutboxItem(path: "\(directory)/\(record.id).json", content: Array(documents.requestJSON.serialized().utf8)),
            OutboxItem(path: "\(directory)/\(record.id).status.json", content: Array(documents.statusJSON(today: today).serialized().utf8)),
            OutboxItem(path: "\(directory)/\(record.id).html", content: Array(documents.html(today: today).utf8)),
        ]
        if let notify {
            for user in record.waitingFor(configuration.users, on: today) {
                let notice = ApprovalNotice(record: record, recipient: user, reason: notify, at: now)
                if let eml = notice.eml { items.append(OutboxItem(path: "\(directory)/mail/\(notice.fileName)", content: eml)) }
            }
        }
        return items
    }

    /// Rebuilds a stored request as the approval stage sees it (also for `kontor approvals`).
    public static func approvalRecord(_ stored: StoredApproval) throws(KontorError) -> ApprovalRecord {
        let damaged = KontorError(.internal, "approval request \(stored.id) is damaged in the ledger")
        guard let item = try? JSONParser.parse(Array(stored.item.utf8)).value, let state = try? JSONParser.parse(Array(stored.state.utf8)).value,
              let route = try? JSONParser.parse(Array(stored.route.utf8)).value,
              let kind = ApprovalKind(rawValue: stored.kind), let date = item["date"]?.stringValue.flatMap({ LocalDate(iso: $0) }) else {
            throw damaged
        }
        let submitter = stored.submitter.flatMap(UserID.init)
        let approvalItem = ApprovalItem(kind: kind, business: stored.business, recordID: stored.recordID, amount: stored.amount, date: date,
                                        vendor: item["vendor"]?.stringValue, category: item["category"]?.stringValue.map(CategoryKey.init),
                                        receipt: item["receipt"]?.stringValue, description: item["description"]?.stringValue ?? "",
                                        submitter: submitter)
        let process = try ApprovalProcess.decode(state: state, route: route, submitter: submitter)
        return ApprovalRecord(id: stored.id, item: approvalItem, process: process, createdAt: stored.createdAt,
                              waitingSince: stored.waitingSince, history: stored.history)
    }

    static func itemJSON(_ item: ApprovalItem) -> String {
        JSONValue.object([
            "date": .string(item.date.description), "vendor": .optional(item.vendor), "category": .optional(item.category?.rawValue),
            "receipt": .optional(item.receipt), "description": .string(item.description),
        ]).serialized(pretty: false)
    }

    /// Saves a record's new state with the history entry that got it there.
    func save(_ record: ApprovalRecord, stored: StoredApproval, entry: ApprovalRecord.Entry, transactionID: Int64?,
              in book: ApprovalBook) throws(KontorError) {
        var updated = stored
        updated.status = record.status
        updated.state = record.process.stateJSON.serialized(pretty: false)
        updated.waitingSince = record.waitingSince
        updated.transactionID = transactionID ?? stored.transactionID
        try book.update(updated, event: entry)
    }
}

/// Holds the expenses of one file that its business's policy routes to approvers.
struct ApprovalIntake {
    let business: BusinessProfile
    let users: UserDirectory
    let policy: ApprovalPolicy?
    let now: Int64
    private(set) var held: [ApprovalRecord] = []
    /// Record ids of this file that were held before (by an earlier file).
    private(set) var alreadyHeld: [(recordID: String, position: SourcePosition)] = []
    /// How often each record id was routed to approvers in this file: the k-th identical
    /// record is held as `<id>#k`, as the ledger posts repeated records (two real, equal
    /// expenses stay two).
    private var occurrences: [String: Int] = [:]

    init(business: BusinessProfile, configuration: Configuration, now: Int64) {
        self.business = business
        users = configuration.users
        policy = configuration.policies[business.id]
        self.now = now
    }

    /// Checks who submitted `entry`, then holds it when the policy routes it to approvers.
    /// True when the entry is held (or was held before) and must not be posted now.
    mutating func hold(_ routed: ExpenseEntry, in batch: LedgerBatch) throws(KontorError) -> Bool {
        var entry = routed
        let record = entry.record
        var submitter: UserID?
        if let text = record.submitter {
            var position = record.position
            position.field = "submitted_by"
            guard let id = UserID(text), users[id] != nil else {
                throw KontorError(.badInput, "submitted_by '\(text)' is not a user of \(UserDirectory.fileName)",
                                  hint: "write the submitter's user id, or leave the field empty", at: position)
            }
            do { try users.check(.submit, by: id, in: business.id) } catch {
                throw KontorError(.forbidden, error.message, hint: error.hint, at: position)
            }
            submitter = id
        }
        guard let policy else { return false }
        var item = ApprovalItem(kind: .expense, business: business.id, recordID: entry.transaction.recordID, amount: record.amount,
                                date: record.date, vendor: entry.vendorName, category: entry.category, receipt: record.receiptReference,
                                description: record.description, submitter: submitter)
        guard let route = policy.route(item) else { return false }
        let base = entry.transaction.recordID
        let occurrence = (occurrences[base] ?? 0) + 1
        occurrences[base] = occurrence
        if occurrence > 1 {
            entry.transaction = entry.transaction.withRecordID("\(base)#\(occurrence)")
            item.recordID = entry.transaction.recordID
        }
        let book = batch.approvals
        if try book.isKnown(recordID: item.recordID) {
            alreadyHeld.append((item.recordID, record.position))
            return true
        }
        let process = ApprovalProcess(route: route, submitter: submitter, escalateTo: policy.escalateTo)
        let id = try book.nextID(prefix: ApprovalRecord.prefix(.expense))
        let first = ApprovalRecord.Entry(event: "requested", at: now, user: submitter?.rawValue, tier: 0,
                                         comment: "rule \(route.rule): \(route.tiers.count) tier\(route.tiers.count == 1 ? "" : "s")")
        let approval = ApprovalRecord(id: id, item: item, process: process, createdAt: now, waitingSince: now, history: [first])
        try book.insert(StoredApproval(business: business.id, id: id, kind: item.kind.rawValue, recordID: item.recordID, amount: item.amount,
                                       submitter: submitter?.rawValue, status: approval.status, item: Pipeline.itemJSON(item),
                                       route: process.routeJSON.serialized(pretty: false), state: process.stateJSON.serialized(pretty: false),
                                       payload: HeldExpense.encode(entry), createdAt: now, waitingSince: now),
                        first: first)
        held.append(approval)
        return true
    }

    /// What the receipt says about held items.
    var receiptDetails: [String: JSONValue] {
        var details: [String: JSONValue] = [:]
        if !held.isEmpty {
            details["held_for_approval"] = .array(held.map {
                .object(["request": .string($0.id), "record_id": .string($0.item.recordID), "amount": .string($0.item.amount.decimalString),
                         "currency": .string($0.item.amount.currency.code), "rule": .string($0.process.route.rule)])
            })
        }
        if !alreadyHeld.isEmpty {
            details["already_held"] = .array(alreadyHeld.map {
                .object(["record_id": .string($0.recordID), "line": $0.position.line.map { .int(Int64($0)) } ?? .null])
            })
        }
        return details
    }
}
