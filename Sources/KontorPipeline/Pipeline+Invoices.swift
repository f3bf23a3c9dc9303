import KontorConfig
import KontorCore
import KontorIntake
import KontorInvoicing
import KontorPublish
import KontorStore

extension Pipeline {
    /// The largest clients or invoice request file read (they are parsed whole).
    static let maximumDocumentBytes: Int64 = 16 << 20

    /// Reads a clients file and stores each client's master data (new or updated).
    func importClients(_ arrival: FileArrival, business: BusinessProfile) throws(KontorError) -> StoredFile {
        let clients = try ClientFileReader().clients(from: try documentText(arrival))
        let (stored, _) = try store.importFile(arrival, format: "clients", plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> [JSONValue] in
            var results: [JSONValue] = []
            for client in clients {
                let version = try batch.upsertClient(id: client.id, name: client.party.name, country: client.party.address.country,
                                                     data: try StorageCodec.encode(client))
                results.append(["id": .string(client.id), "version": .int(Int64(version))])
            }
            return results
        } outputs: { (file: StoredFile, results: [JSONValue]) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.details["clients"] = .array(results)
            return [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        return stored
    }

    /// Reads an invoice request file and issues, drafts and changes its invoices, all in
    /// the file's one transaction; each issued document's package is written after commit.
    func importInvoiceRequests(_ arrival: FileArrival, business: BusinessProfile) throws(KontorError) -> StoredFile {
        let requests = try InvoiceRequestReader().requests(from: try documentText(arrival))
        let booking = try InvoiceBooking(business: business, outboxDirectory: workspace.outbox(business.id) + "/invoices",
                                         receivedAt: arrival.receivedAt)
        let (stored, _) = try store.importFile(arrival, format: "invoice-request", plan: { plan(for: arrival, status: .imported, id: $0) }) {
            (batch: LedgerBatch) throws -> ([JSONValue], [OutboxItem]) in
            var results: [JSONValue] = []
            var packages: [OutboxItem] = []
            for request in requests.invoices {
                results.append(try booking.handle(request, in: batch, outputs: &packages).json)
            }
            for change in requests.changes {
                results.append(try booking.handle(change, in: batch, outputs: &packages).json)
            }
            return (results, packages)
        } outputs: { (file: StoredFile, result: ([JSONValue], [OutboxItem])) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.posted = file.postedCount
            receipt.details["invoices"] = .array(result.0)
            return result.1 + [OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        return stored
    }

    /// The whole file as UTF-8 text (JSON or YAML).
    func documentText(_ arrival: FileArrival) throws(KontorError) -> String {
        var source = try FileByteSource(path: arrival.spoolPath, limit: Pipeline.maximumDocumentBytes)
        defer { source.close() }
        var bytes: [UInt8] = []
        while let chunk = try source.nextChunk() { bytes.append(contentsOf: chunk) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw KontorError(.badInput, "the file is not UTF-8 text", hint: "save it as UTF-8 JSON or YAML")
        }
        return text
    }
}
