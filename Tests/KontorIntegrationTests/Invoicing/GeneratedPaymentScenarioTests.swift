import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// The generated matching scenario (`../shared/eval/gen_workload.py N --invoices M`):
/// its open invoices loaded as opening items, its OFX statement imported into acme, the
/// result compared with the answer key `matches.tsv`.
@Suite struct GeneratedPaymentScenarioTests {
    struct KeyRow {
        var row: Int
        var invoices: [String]
        var kind: String
        var amount: Int64
    }

    static let generator = InvoiceWorkspace.packageRoot + "/../shared/eval/gen_workload.py"

    static func generate(rows: Int, invoices: Int, seed: Int, into directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator, String(rows), "--invoices", String(invoices), "--seed", String(seed), "--out", directory]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw KontorError(.internal, "gen_workload.py failed (\(process.terminationStatus))") }
    }

    @Test(arguments: [7, 42, 2026])
    func scenarioMatchesTheAnswerKey(seed: Int) async throws {
        let ws = try InvoiceWorkspace()
        let directory = ws.workspace.root + "/generated"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.generate(rows: 3_000, invoices: 400, seed: seed, into: directory)

        let fixture = try OpenItemsFixture(json: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/invoices.json"))))
        try fixture.post(into: ws.store, business: InvoiceWorkspace.acme)
        var ofx = try String(contentsOfFile: directory + "/bank.ofx", encoding: .utf8)
        ofx = ofx.replacingOccurrences(of: "<ACCTID>0123456789</ACCTID>", with: "<ACCTID>DE89370400440532013000</ACCTID>")
        let outcome = try await ws.process(ofx, named: "bank.ofx", channel: .bank)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")

        // The answer key, and each CSV row's FITID (T + date + - + 7-digit row).
        let csv = try String(contentsOfFile: directory + "/bank.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        var fitid: [Int: String] = [:]
        for (index, line) in csv.enumerated() {
            let date = line.prefix(10).replacingOccurrences(of: "-", with: "")
            fitid[index + 1] = "T\(date)-" + String(repeating: "0", count: max(0, 7 - String(index + 1).count)) + String(index + 1)
        }
        var key: [String: KeyRow] = [:]
        for line in try String(contentsOfFile: directory + "/matches.tsv", encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 4, let row = Int(fields[0]), let id = fitid[row] else { continue }
            let amount = try Money.parse(fields[3], currency: .EUR).minorUnits
            key[id] = KeyRow(row: row, invoices: fields[1] == "-" ? [] : fields[1].split(separator: "+").map(String.init), kind: fields[2], amount: amount)
        }

        // What Kontor matched, per bank line.
        var matched: [String: Set<String>] = [:]
        for allocation in try ws.store.paymentAllocations(business: InvoiceWorkspace.acme) {
            guard let bankID = allocation.bankID else { continue }
            matched[bankID, default: []].insert(allocation.invoiceNumber)
        }
        // Precision: every automatic match is the key's.
        var wrong: [String] = []
        for (bankID, invoices) in matched where Set(key[bankID]?.invoices ?? []) != invoices {
            wrong.append("\(bankID): matched \(invoices.sorted()), key says \(key[bankID].map { "\($0.invoices) (\($0.kind))" } ?? "no invoice")")
        }
        #expect(wrong.isEmpty, "false matches: \(wrong.sorted().joined(separator: "; "))")

        // Recall per kind; a payment not matched must be in review, never booked elsewhere.
        let reviewed = Set(try ws.store.openPaymentReviews(business: InvoiceWorkspace.acme).map(\.recordID))
        var total: [String: Int] = [:]
        var found: [String: Int] = [:]
        var missedNotReviewed: [String] = []
        for (bankID, row) in key where !row.invoices.isEmpty {
            total[row.kind, default: 0] += 1
            if matched[bankID] == Set(row.invoices) {
                found[row.kind, default: 0] += 1
            } else if !reviewed.contains(where: { $0.hasSuffix(":ofx:\(bankID)") }) {
                missedNotReviewed.append("row \(row.row) \(row.invoices) (\(row.kind))")
            }
        }
        let recall = total.keys.sorted().map { "\($0) \(found[$0] ?? 0)/\(total[$0] ?? 0)" }.joined(separator: ", ")
        print("seed \(seed): recall \(recall); review \(reviewed.count)")
        #expect(missedNotReviewed.isEmpty, "missed and not in review: \(missedNotReviewed.joined(separator: "; "))")
        for (bankID, row) in key where row.invoices.isEmpty && row.kind == "unknown" {
            #expect(reviewed.contains { $0.hasSuffix(":ofx:\(bankID)") }, "the unknown number of row \(row.row) goes to review")
        }

        // Every invoice's status follows from the payments the key says were matched.
        var expectedPaid: [String: Int64] = [:]
        for (bankID, row) in key where matched[bankID] != nil {
            if row.invoices.count == 1 { expectedPaid[row.invoices[0], default: 0] += row.amount }
        }
        let amounts = Dictionary(uniqueKeysWithValues: fixture.items.map { ($0.number, $0.amount) })
        var wrongStatus: [String] = []
        for invoice in try ws.invoices() {
            guard let number = invoice.number, let amount = amounts[number] else { continue }
            let multiOrShort = key.values.contains { row in
                row.invoices.contains(number) && (row.kind == "multi" || row.kind == "short") && matched[fitid[row.row] ?? ""] != nil
            }
            let paid = multiOrShort ? amount : min(amount, expectedPaid[number] ?? 0)
            let expected = paid == 0 ? "issued" : paid >= amount ? "paid" : "partially-paid"
            if invoice.status != expected { wrongStatus.append("\(number): \(invoice.status), expected \(expected)") }
        }
        #expect(wrongStatus.isEmpty, "\(wrongStatus.joined(separator: "; "))")
        #expect(try ws.receivablesMatchOpenBalances())
    }
}
