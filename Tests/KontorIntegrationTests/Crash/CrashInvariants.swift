import Foundation

/// The invariants of DESIGN.md 3 that must hold once `kontor run --once` has run to the
/// end after a crash, checked from the outside: the file tree, the ledger through
/// `sqlite3`, and the CLI's JSON output.
///
/// ``violations(in:ledger:reference:)`` returns what is wrong, one line each; an empty
/// list means the workspace is sound.
struct CrashInvariants {
    /// What an uninterrupted run of the same workload posted: the ledger's expense lines
    /// and `kontor expenses list --format json` per business (without transaction ids).
    struct Reference: Sendable {
        var ledgerExpenses: [String]
        var listedExpenses: [String: [String]]
    }

    let workload: CrashWorkload

    var businesses: [String] { Array(Set(workload.inputs.map(\.business))).sorted() }

    func violations(ledger: LedgerSnapshot, reference: Reference?) throws -> [String] {
        var problems: [String] = []
        let root = workload.root
        problems += fileTreeViolations(root: root)
        problems += ledgerViolations(ledger, root: root)
        if let reference, ledger.expenses != reference.ledgerExpenses {
            let missing = Set(reference.ledgerExpenses).subtracting(ledger.expenses)
            let extra = Set(ledger.expenses).subtracting(reference.ledgerExpenses)
            problems.append("posted expenses differ from the uninterrupted run: \(ledger.expenses.count) vs \(reference.ledgerExpenses.count), "
                            + "missing \(missing.sorted().prefix(3)), extra \(extra.sorted().prefix(3))")
        }
        problems += try cliViolations(reference: reference)
        return problems
    }

    /// Every input in exactly one terminal place and nowhere else; one receipt each; no
    /// stray (temporary) files in outbox/ or var/archive/.
    func fileTreeViolations(root: String) -> [String] {
        var problems: [String] = []
        for leftover in WorkspaceFiles.list("inbox", in: root) { problems.append("left in the inbox: \(leftover)") }
        for leftover in WorkspaceFiles.list("var/spool", in: root) { problems.append("left in the spool: \(leftover)") }
        let archive = WorkspaceFiles.list("var/archive", in: root)
        let outbox = WorkspaceFiles.list("outbox", in: root)
        var accounted: Set<String> = []
        for input in workload.inputs {
            let terminalDirectory = input.outcome == .rejected ? "outbox/\(input.business)/rejected/" : "var/archive/\(input.business)/"
            let candidates = (archive + outbox).filter { path in
                let name = WorkspaceFiles.name(of: path)
                return (name == input.name || name.hasSuffix("-" + input.name))
                    && (path.hasPrefix("var/archive/") || path.contains("/rejected/"))
                    && WorkspaceFiles.bytes(path, in: root) == input.bytes
            }
            if candidates.count != 1 || !candidates[0].hasPrefix(terminalDirectory) {
                problems.append("\(input.business)/\(input.name) should be once in \(terminalDirectory), found \(candidates)")
            }
            accounted.formUnion(candidates)
            if input.outcome == .rejected, let original = candidates.first {
                accounted.insert(original + ".error.json")
                if !outbox.contains(original + ".error.json") { problems.append("no error file beside \(original)") }
            }
            let receipts = outbox.filter { $0.hasPrefix("outbox/\(input.business)/receipts/") && $0.hasSuffix("-\(input.name).json") }
            if receipts.count != 1 {
                problems.append("\(input.business)/\(input.name) should have exactly one receipt, found \(receipts)")
            }
            for receipt in receipts {
                accounted.insert(receipt)
                problems += receiptViolations(receipt, of: input, root: root)
            }
        }
        for path in (archive + outbox) where !accounted.contains(path) {
            problems.append("stray file in a terminal place: \(path)")
        }
        return problems
    }

    func receiptViolations(_ path: String, of input: CrashInput, root: String) -> [String] {
        guard let bytes = WorkspaceFiles.bytes(path, in: root),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return ["receipt \(path) is not a JSON object"]
        }
        var problems: [String] = []
        if object["file"] as? String != input.name { problems.append("receipt \(path) names file \(object["file"] ?? "nothing")") }
        if object["status"] as? String != input.outcome.rawValue {
            problems.append("receipt \(path) says \(object["status"] ?? "nothing"), expected \(input.outcome.rawValue)")
        }
        if input.outcome == .imported, object["posted"] as? Int != input.rows {
            problems.append("receipt \(path) says posted \(object["posted"] ?? "nothing"), expected \(input.rows)")
        }
        return problems
    }

    /// One finished row per input with all of its postings or none; nothing double-posted,
    /// everything balanced, the outbox table drained.
    func ledgerViolations(_ ledger: LedgerSnapshot, root: String) -> [String] {
        var problems: [String] = []
        if ledger.integrity != "ok" { problems.append("integrity_check: \(ledger.integrity)") }
        for row in ledger.doublePosted { problems.append("record id posted more than once: \(row)") }
        for row in ledger.unbalanced { problems.append("unbalanced transaction: \(row)") }
        if ledger.orphanPostings != 0 { problems.append("\(ledger.orphanPostings) postings without a transaction") }
        for output in ledger.pendingOutputs { problems.append("outbox_item still pending: file \(output.fileID) \(output.path)") }
        for input in workload.inputs {
            let rows = ledger.files.filter { $0.business == input.business && $0.name == input.name }
            guard rows.count == 1, let row = rows.first else {
                problems.append("\(input.business)/\(input.name) has \(rows.count) input_file rows, expected 1")
                continue
            }
            if row.status != input.outcome.rawValue { problems.append("\(input.name) is \(row.status), expected \(input.outcome.rawValue)") }
            if !row.finished { problems.append("\(input.name) (file \(row.id)) is not finished") }
            if row.expenses != input.expectedExpenses || row.transactions != input.expectedExpenses {
                problems.append("\(input.name) has \(row.expenses) expenses and \(row.transactions) transactions, expected \(input.expectedExpenses) (all or nothing)")
            }
            if input.outcome == .imported && row.postedCount != input.rows {
                problems.append("\(input.name) says posted_count \(row.postedCount), expected \(input.rows)")
            }
            for path in [row.finalPath, row.receiptPath] where !FileManager.default.fileExists(atPath: path) {
                problems.append("\(input.name): the ledger points at \(path), which does not exist")
            }
        }
        let known = Set(workload.inputs.map { "\($0.business)/\($0.name)" })
        for row in ledger.files where !known.contains("\(row.business)/\(row.name)") {
            problems.append("input_file row for an unknown file: \(row.business)/\(row.name)")
        }
        return problems
    }

    /// `kontor status` shows nothing waiting or in process; `kontor expenses list` shows
    /// what the uninterrupted run showed.
    func cliViolations(reference: Reference?) throws -> [String] {
        var problems: [String] = []
        let listed = try listedExpenses()
        for business in businesses {
            let expected = workload.inputs.filter { $0.business == business }.map(\.expectedExpenses).reduce(0, +)
            let rows = listed[business] ?? []
            if rows.count != expected { problems.append("kontor expenses list shows \(rows.count) for \(business), expected \(expected)") }
            if let reference, reference.listedExpenses[business] != rows {
                problems.append("kontor expenses list for \(business) differs from the uninterrupted run")
            }
            let status = try workload.kontor(["status", "--format", "json", "--business", business])
            guard status.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] else {
                problems.append("kontor status failed for \(business): \(status.summary) \(status.stderr)")
                continue
            }
            for key in ["waiting", "in_process"] where (object[key] as? [Any])?.isEmpty != true {
                problems.append("kontor status for \(business) shows \(key): \(object[key] ?? "nothing")")
            }
        }
        return problems
    }

    /// `kontor expenses list --format json` per business, each expense as canonical JSON
    /// without its transaction id (ids may differ between runs), sorted.
    func listedExpenses() throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for business in businesses {
            let run = try workload.kontor(["expenses", "list", "--format", "json", "--business", business])
            guard run.status == 0, let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                  let expenses = object["expenses"] as? [[String: Any]] else {
                throw CrashCheckError("kontor expenses list failed for \(business): \(run.summary) \(run.stderr)")
            }
            result[business] = try expenses.map { expense in
                var expense = expense
                expense["id"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: expense, options: [.sortedKeys]), as: UTF8.self)
            }.sorted()
        }
        return result
    }
}
