import KontorConfig
import KontorCore
import KontorIntake
import KontorPackage
import KontorPublish
import KontorReport
import KontorStore

extension Pipeline {
    /// A report request (`inbox/<b>/requests/`): builds the package from the ledger as it
    /// is, then records the request — posting nothing — with the package and the receipt
    /// as its outputs, written after the commit (temp file + rename) like every output.
    func importRequest(_ arrival: FileArrival, business: BusinessProfile) throws(KontorError) -> StoredFile {
        var source = try FileByteSource(path: arrival.spoolPath, limit: 1 << 20)
        defer { source.close() }
        let node = try JSONParser.parse(&source, maximumBytes: 1 << 20)
        let spec = try ReportRequestFile.spec(from: node, business: business, fileName: arrival.name)
        var journal = try store.journal(business: business.id)
        journal.baseCurrency = business.baseCurrency
        let sources = try store.importedFiles(business: business.id)
        let (bytes, summary) = try ReportPackager.build(spec, journal: journal, sources: sources, business: business,
                                                        configuration: configuration,
                                                        paymentTerms: try ReportPackager.paymentTerms(store: store, business: business.id, for: spec.reports),
                                                        generatorVersion: generatorVersion)
        let path = workspace.reports(business.id) + "/" + Pipeline.requestStem(arrival.name) + "-" + spec.fileName
        let (stored, _) = try store.importFile(arrival, format: "report-request", plan: { plan(for: arrival, status: .imported, id: $0) }) { _ in
        } outputs: { (file: StoredFile, _: Void) -> [OutboxItem] in
            var receipt = makeReceipt(file)
            receipt.details["package"] = [
                "path": .string(workspace.relative(path)), "sha256": .string(summary.sha256.hex), "size": .int(Int64(summary.size)),
                "reports": .array(spec.reports.map { .string($0.rawValue) }), "formats": .array(spec.formats.map { .string($0.rawValue) }),
                "period": spec.period.json, "basis": .string(spec.basis.rawValue),
            ]
            return [OutboxItem(path: path, content: bytes), OutboxItem(path: file.receiptPath, content: receipt.bytes)]
        }
        return stored
    }

    /// The request file's name without extension, as a safe file-name part.
    static func requestStem(_ name: String) -> String {
        let base = name.split(separator: ".").dropLast().joined(separator: ".")
        let stem = (base.isEmpty ? name : base).unicodeScalars.map { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
                ? Character(scalar) : "-"
        }
        return String(String(stem).prefix(80))
    }
}
