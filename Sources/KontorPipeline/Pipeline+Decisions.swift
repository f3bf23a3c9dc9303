import Foundation
import KontorApprove
import KontorConfig
import KontorCore
import KontorIntake
import KontorPublish
import KontorStore

extension Pipeline {
    /// A signed decision (compact JWS) from `inbox/<b>/approvals/`: verified against the
    /// signer's registered key, then applied to its request in one transaction that also
    /// records its `jti` and, when it completes the chain, posts the held entry.
    func importDecision(_ arrival: FileArrival, business: BusinessProfile) throws(KontorError) -> StoredFile {
        guard arrival.size <= Int64(CompactJWS.maximumBytes) else {
            throw DecisionRefusal(.malformed, "the file has \(arrival.size) bytes; a decision token has at most \(CompactJWS.maximumBytes)").error
        }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: arrival.spoolPath))) } catch {
            throw KontorError(.io, "cannot read \(arrival.name)", cause: String(describing: error))
        }
        let now = self.now()
        let users = configuration.users
        let verifier = DecisionVerifier(users: users, business: business.id, secret: Pipeline.secret)
        let claims: DecisionClaims
        do { claims = try verifier.verify(bytes, now: now / 1_000_000_000) } catch { throw error.error }
        let (stored, _) = try store.importFile(arrival, format: "jws", plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> ApprovalRecord in
            let book = batch.approvals
            guard let stored = try book.request(claims.item) else {
                throw DecisionRefusal(.unknownItem, "there is no approval request '\(claims.item)' in business \(business.id)",
                                      hint: "kontor approvals list shows the waiting requests").error
            }
            guard try book.useToken(claims.tokenID, request: stored.id, user: claims.issuer.rawValue) else {
                throw DecisionRefusal(.replayed, "jti '\(claims.tokenID)' was used before: every decision token counts once",
                                      hint: "sign a new decision (kontor approve gives each a fresh jti)").error
            }
            var record = try Pipeline.approvalRecord(stored)
            let decider = Pipeline.decider(claims, record: record, users: users, business: business.id, today: Pipeline.day(of: now))
            let tier: Int? = if case .waiting(let tier, _) = record.process.state { tier } else { nil }
            let action = record.process.handle(.decision(decider, claims.verdict))
            let entry = ApprovalRecord.Entry(event: claims.verdict == .approve ? "approved" : "rejected", at: now, user: claims.issuer.rawValue,
                                             tier: tier, comment: claims.comment, tokenID: claims.tokenID)
            var transactionID: Int64?
            var paidByLine: Int64?
            switch action {
            case .refuse(let refusal):
                throw refusal.error
            case .post:
                let held = try HeldExpense.decode(stored.payload)
                batch.statementAccounts = business.statementAccounts
                if case .posted(let id) = try batch.post(held) {
                    transactionID = id
                    paidByLine = batch.bankLineOfLastExpense
                }
            case .waitFor:
                record.waitingSince = now
            case .discard, .escalate, .expire, .none:
                break
            }
            record.history.append(entry)
            try save(record, stored: stored, entry: entry, transactionID: transactionID, in: book)
            if let transactionID {
                // Its payment may have come in as a bank line already (docs/decisions/expense-bank-lines.md).
                let paid = paidByLine.map { "; its payment came in as bank line \($0)" } ?? ""
                let posted = ApprovalRecord.Entry(event: "posted", at: now, comment: "ledger transaction \(transactionID)\(paid)")
                record.history.append(posted)
                try save(record, stored: stored, entry: posted, transactionID: transactionID, in: book)
            }
            return record
        } outputs: { (file: StoredFile, record: ApprovalRecord) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = file.postedCount
            receipt.details["approval"] = .object([
                "request": .string(record.id), "decision": .string(claims.verdict.rawValue), "by": .string(claims.issuer.rawValue),
                "alg": .string(claims.algorithm.rawValue), "jti": .string(claims.tokenID), "status": .string(record.status),
            ])
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
                + approvalOutputs(record, notify: record.status == "waiting" ? "waiting" : nil, at: now)
        }
        return stored
    }

    /// The decider a verified token stands for: their role, whom they stand in for today,
    /// and whether role and approval limit let them decide this item.
    public static func decider(_ claims: DecisionClaims, record: ApprovalRecord, users: UserDirectory, business: BusinessID,
                        today: LocalDate) -> ApprovalProcess.Decider {
        let role = users[claims.issuer]?.roles[business]
        let absent = users.users.filter { $0.away?.delegate == claims.issuer && $0.away?.covers(today) == true }
        let amount: Money? = claims.verdict == .approve ? record.item.amount : nil
        var forbidden: String?
        do { try users.check(.approve, by: claims.issuer, in: business, amount: amount) } catch {
            if !absent.contains(where: { users.may(.approve, by: $0.id, in: business, amount: amount) }) { forbidden = error.message }
        }
        return ApprovalProcess.Decider(user: claims.issuer, role: role,
                                       standingInFor: absent.map { ApprovalProcess.Identity(user: $0.id, role: $0.roles[business]) },
                                       forbidden: forbidden)
    }

    /// An HS256 key's secret: its environment variable, or its file (outside the workspace).
    @Sendable static func secret(_ key: UserKey) -> [UInt8]? {
        switch key.material {
        case .secretEnvironment(let name):
            return ProcessInfo.processInfo.environment[name].map { Array($0.utf8) }
        case .secretFile(let path):
            return (try? Data(contentsOf: URL(fileURLWithPath: path))).map(Array.init)
        case .publicKey:
            return nil
        }
    }

    /// Escalates and expires requests whose time has come (on the injected clock), writing
    /// their status files and notices. Called by the daemon's scheduler and `run --once`.
    public func reviewApprovals() throws(KontorError) {
        try writeLooseOutputs()
        let now = self.now()
        for business in configuration.businesses {
            guard let policy = configuration.policies[business.id] else { continue }
            try store.reviewApprovals(business: business.id) { (book) throws(KontorError) -> [OutboxItem] in
                var outputs: [OutboxItem] = []
                for stored in try book.waiting() {
                    var record = try Pipeline.approvalRecord(stored)
                    for event in record.dueEvents(now: now, policy: policy) {
                        let tier: Int? = if case .waiting(let tier, _) = record.process.state { tier } else { nil }
                        let entry: ApprovalRecord.Entry
                        switch record.process.handle(event) {
                        case .escalate(_, let approvers):
                            entry = ApprovalRecord.Entry(event: "escalated", at: now, tier: tier,
                                                         comment: "waited \(policy.escalateAfterDays ?? 0) days; now also \(approvers.map(\.description).joined(separator: ", "))")
                        case .expire:
                            entry = ApprovalRecord.Entry(event: "expired", at: now, tier: tier,
                                                         comment: "waited \(policy.expireAfterDays ?? 0) days; nothing was posted")
                        default:
                            continue
                        }
                        record.history.append(entry)
                        try save(record, stored: stored, entry: entry, transactionID: nil, in: book)
                        outputs += approvalOutputs(record, notify: entry.event == "escalated" ? "escalated" : nil, at: now)
                    }
                }
                return outputs
            }
        }
        try writeLooseOutputs()
    }

    /// Writes outputs a review committed but did not write (a crash came between).
    func writeLooseOutputs() throws(KontorError) {
        let pending = try store.looseOutputs()
        guard !pending.isEmpty else { return }
        try outbox.removeInterruptedWrites(of: pending.map(\.item))
        try outbox.write(pending.map(\.item))
        try store.removeLooseOutputs(pending.map(\.id))
    }

    public func review() async throws(KontorError) {
        try reviewApprovals()
    }
}
