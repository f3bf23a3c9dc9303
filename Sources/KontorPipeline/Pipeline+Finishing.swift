import KontorConfig
import KontorCore
import KontorIntake
import KontorPublish
import KontorStore

extension Pipeline {
    /// Finishes files a crash interrupted, then takes the files left in the spool as new.
    public func resumeSpool() async throws(KontorError) -> [FileOutcome] {
        try writeLooseOutputs()
        var outcomes: [FileOutcome] = []
        var finishedSpoolPaths: Set<String> = []
        for stored in try store.unfinishedFiles() {
            outcomes.append(try finish(stored, afterCrash: true))
            finishedSpoolPaths.insert(stored.spoolPath)
        }
        for claimed in spool.leftovers() where !finishedSpoolPaths.contains(claimed.path) {
            guard configuration.business(claimed.business) != nil else { continue }
            // A signature sidecar is taken with its event, never alone.
            if claimed.channel == .gateway && SignatureSidecar.isSidecar(claimed.name) { continue }
            outcomes.append(try take(claimed))
        }
        return outcomes
    }

    /// Puts a committed file's original in its terminal place and writes its outputs;
    /// repeatable until it succeeds, so a crash at any step here loses nothing.
    /// `afterCrash` also removes the temp files of output writes the crash cut short
    /// (found by the crash trials: they stayed in outbox/ for good).
    func finish(_ stored: StoredFile, afterCrash: Bool = false) throws(KontorError) -> FileOutcome {
        if DurableFile.exists(stored.spoolPath) {
            try outbox.move(stored.spoolPath, to: stored.finalPath)
        }
        // A webhook event's signature sidecar follows it to its terminal place.
        if stored.channel == .gateway, DurableFile.exists(SignatureSidecar.path(of: stored.spoolPath)) {
            try outbox.move(SignatureSidecar.path(of: stored.spoolPath), to: SignatureSidecar.path(of: stored.finalPath))
        }
        let outputs = try store.pendingOutputs(fileID: stored.id)
        if afterCrash { try outbox.removeInterruptedWrites(of: outputs) }
        try outbox.write(outputs)
        try store.markFinished(fileID: stored.id)
        var error: KontorError?
        if stored.status == .rejected {
            error = KontorError(.badInput, stored.error ?? "rejected")
        }
        return FileOutcome(business: stored.business, name: stored.name, status: stored.status,
                           receiptPath: stored.receiptPath, error: error)
    }

    func recordDuplicate(_ arrival: FileArrival, of original: StoredFile) throws(KontorError) -> StoredFile {
        try recordDuplicate(IntakeInput(arrival: arrival, content: .file(arrival.spoolPath), recorder: store), of: original)
    }

    func recordDuplicate(_ input: IntakeInput, of original: StoredFile) throws(KontorError) -> StoredFile {
        let arrival = input.arrival
        return try input.recorder.record(arrival, status: .duplicate, format: original.format, duplicateOf: original.id, error: nil,
                                         plan: { plan(for: input, status: .duplicate, id: $0) }) { file in
            var receipt = makeReceipt(file)
            receipt.duplicateOf = (original.id, original.name, original.receivedAt, original.status)
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
    }

    func recordRejection(_ arrival: FileArrival, error: KontorError) throws(KontorError) -> StoredFile {
        try recordRejection(IntakeInput(arrival: arrival, content: .file(arrival.spoolPath), recorder: store), error: error)
    }

    /// Records a rejected file. An archive member has no file of its own in the spool: its
    /// bytes are written to its place in `rejected/` as one of its outputs.
    func recordRejection(_ input: IntakeInput, error: KontorError) throws(KontorError) -> StoredFile {
        let arrival = input.arrival
        return try input.recorder.record(arrival, status: .rejected, format: nil, duplicateOf: nil, error: ErrorRenderer.text(error),
                                         plan: { plan(for: input, status: .rejected, id: $0) }) { file in
            var receipt = makeReceipt(file)
            receipt.error = error
            var report = ErrorRenderer.json(error)
            report["file"] = .string(arrival.name)
            report["business"] = .string(arrival.business.rawValue)
            report["sha256"] = arrival.digest.isComputed ? .string(arrival.digest.hex) : .null
            report["receipt"] = .string(workspace.relative(file.receiptPath))
            var items: [OutboxItem] = []
            if input.archive != nil, case .memory(let bytes) = input.content {
                items.append(OutboxItem(path: file.finalPath, content: bytes))
            }
            items.append(OutboxItem(path: file.finalPath + ".error.json", content: Array(JSONValue.object(report).serialized().utf8)))
            items.append(OutboxItem(path: file.receiptPath, content: receipt.bytes))
            return items
        }
    }

    /// Where the original and the receipt of file number `id` go. An archive member stays
    /// inside its archive: its `original` is `<archive's place>!<member>`; a rejected
    /// member gets its own copy in `rejected/` (a `/` in its name becomes `!`).
    func plan(for input: IntakeInput, status: FileOutcome.Status, id: Int64) -> FilePlan {
        if let archive = input.archive, let member = input.memberName, status != .rejected {
            let receipt = plan(for: input.arrival, status: status, id: id).receiptPath
            return FilePlan(finalPath: archive.finalPath + "!" + member, receiptPath: receipt)
        }
        return plan(for: input.arrival, status: status, id: id)
    }

    /// Where the original and the receipt of file number `id` go.
    func plan(for arrival: FileArrival, status: FileOutcome.Status, id: Int64) -> FilePlan {
        let number = Pipeline.padded(id)
        let name = String(arrival.name.map { $0 == "/" ? "!" : $0 })
        let receipt = "\(workspace.receipts(arrival.business))/" + Pipeline.fitted(name, prefix: number + "-", suffix: ".json") + ".json"
        switch status {
        case .imported, .duplicate:
            return FilePlan(finalPath: "\(workspace.archive)/\(arrival.business)/\(arrival.channel)/" + Pipeline.fitted(name, prefix: number + "-"),
                            receiptPath: receipt)
        case .rejected:
            let rejected = workspace.rejected(arrival.business) + "/"
            var target = rejected + Pipeline.fitted(name, suffix: ".error.json")
            if DurableFile.exists(target) || DurableFile.exists(target + ".error.json") {
                target = rejected + Pipeline.fitted(name, prefix: number + "-", suffix: ".error.json")
            }
            return FilePlan(finalPath: target, receiptPath: receipt)
        }
    }

    func makeReceipt(_ file: StoredFile) -> Receipt {
        Receipt(fileID: file.id, business: file.business, name: file.name, channel: file.channel, digest: file.digest,
                size: file.size, receivedAt: file.receivedAt, status: file.status, format: file.format,
                original: workspace.relative(file.finalPath))
    }

    /// `prefix + name` fitted into one path component (NAME_MAX, 255 bytes) with room for
    /// `suffix`, which the caller appends (the returned name excludes it). A long name
    /// keeps its start and extension: `very-long-…~.csv`. Without this, a 250-character
    /// name would import, then fail to move to its terminal place at every restart.
    static func fitted(_ name: String, prefix: String = "", suffix: String = "") -> String {
        let budget = 255 - prefix.utf8.count - suffix.utf8.count
        guard name.utf8.count > budget else { return prefix + name }
        var ext = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 16 {
            ext = String(name[dot...])
        }
        var stem = ""
        let room = budget - ext.utf8.count - 1
        for character in name {
            if stem.utf8.count + character.utf8.count > room { break }
            stem.append(character)
        }
        return prefix + stem + "~" + ext
    }

    static func padded(_ id: Int64) -> String {
        let text = String(id)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }
}
