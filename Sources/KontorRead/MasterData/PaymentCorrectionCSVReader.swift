import KontorCore

/// One line of a payment correction file: apply `amount` (or what fits) of payment
/// `payment` (the id `kontor payments unmatched` shows) to invoice `invoice`.
public struct PaymentCorrectionRecord: Hashable, Sendable {
    public var payment: Int64
    /// The invoice number; nil (empty cell) takes the payment's allocations back only.
    public var invoice: String?
    /// The amount as written; nil applies what is left of the payment, at most the open amount.
    public var amount: String?
    public var position: SourcePosition
}

/// Reads a payment correction file (`inbox/<b>/corrections/`, CSV with the header
/// `payment,invoice,amount`; docs/file-formats.md). Recognized by its header, so the
/// corrections channel takes both this and the category corrections (`id,category`).
public struct PaymentCorrectionCSVReader: Sendable {
    public init() {}

    static let columns = ["payment", "invoice", "amount"]

    /// Whether the file's first line is this format's header.
    public static func recognizes(prefix: [UInt8]) -> Bool {
        var line = prefix.prefix { $0 != 0x0A && $0 != 0x0D }
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        let names = String(decoding: line, as: UTF8.self).lowercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" })
            .map { $0.trimmingCharacters(in: " \"") }
        return names.first == "payment" && names.contains("invoice")
    }

    public func read(_ source: inout some ByteSource, fileName: String) throws(KontorError) -> [PaymentCorrectionRecord] {
        let table = try SmallCSVTable.read(&source, fileName: fileName) { names in names.contains("payment") && names.contains("invoice") }
        var problems: [KontorError] = []
        var index = ["payment": 0, "invoice": 1, "amount": 2]
        if let header = table.header {
            index = [:]
            for (offset, name) in header.enumerated() {
                guard PaymentCorrectionCSVReader.columns.contains(name) else {
                    problems.append(KontorError(.badInput, "unknown column '\(name)'", hint: "a payment correction file has the columns payment, invoice and amount",
                                                at: SourcePosition(file: fileName, line: 1, column: offset + 1)))
                    continue
                }
                index[name] = offset
            }
        }
        var records: [PaymentCorrectionRecord] = []
        for row in table.rows {
            func value(_ name: String) -> String? {
                guard let text = index[name].flatMap({ row.value(at: $0) })?.trimmingBlanks(), !text.isEmpty else { return nil }
                return text
            }
            let paymentText = value("payment") ?? ""
            guard let payment = Int64(paymentText.hasPrefix("#") ? String(paymentText.dropFirst()) : paymentText), payment > 0 else {
                problems.append(KontorError(.badInput, paymentText.isEmpty ? "the payment id is missing" : "'\(paymentText)' is not a payment id",
                                            hint: "write the id `kontor payments unmatched` shows, such as 42",
                                            at: SourcePosition(file: fileName, line: row.line, column: (index["payment"] ?? 0) + 1, field: "payment")))
                continue
            }
            records.append(PaymentCorrectionRecord(payment: payment, invoice: value("invoice"), amount: value("amount"),
                                                   position: SourcePosition(file: fileName, line: row.line)))
        }
        if records.isEmpty, problems.isEmpty {
            problems.append(KontorError(.badInput, "the file holds no payment corrections", hint: "write one line per allocation: payment,invoice,amount",
                                        at: SourcePosition(file: fileName, line: 1)))
        }
        if let error = KontorError.combined(problems) { throw error }
        return records
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
