#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorMatch
import KontorPipeline
import KontorStore
import KontorTesting
import Logging

/// Workload `matching` (issue 4): `gen_workload.py N --invoices M`, its M invoices loaded as
/// open items (``OpenItemsFixture``) of an invoicing business, then its bank.ofx imported by
/// the real pipeline, every credit matched in the file's transaction. Prints the import's
/// seconds (parse, post, match, allocate) and peak RSS, the matcher alone (index M
/// invoices, match every credit of bank.csv), and how many payments matched or went to review.
struct MatchingBench {
    var rows: Int
    var invoices: Int
    var keep: String?

    func run() async throws {
        let workload = try Self.workload(rows: rows, invoices: invoices)
        let root = keep ?? "/tmp/kontor-bench-matching-\(getpid())"
        let workspace = Workspace(root: root)
        let bank = BankImportBench(format: .ofx, rows: rows, keep: keep, peers: false)
        try bank.setUp(workspace, rules: try BankImportBench.rules(workload + "/rules.tsv"))
        let profile = workspace.businessesDirectory + "/\(BankImportBench.business).yaml"
        guard let text = readText(profile) else { throw KontorError(.io, "cannot read \(profile)") }
        try DurableFile.write(text + "invoicing:\n  address: { city: Berlin, country: DE }\n", to: profile)
        let configuration = try Configuration.load(workspace: workspace)
        guard let business = configuration.businesses.first else { return }
        let store = try LedgerStore.open(path: workspace.database)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pipeline = try Pipeline(workspace: workspace, configuration: configuration, store: store, logger: logger,
                                    timestamp: { "2026-11-26T00:00:00Z" })
        // gen_workload.py keeps only the invoices it pays (plus ~12 %) whatever --invoices asks
        // (its padding drops the invoices it adds); the rest is topped up here.
        let generated = try OpenItemsFixture(json: Array((readText(workload + "/invoices.json") ?? "").utf8))
        let fixture = generated.padded(to: invoices)
        let loadStart = now()
        try fixture.post(into: store, business: business.id)
        let loadSeconds = now() - loadStart

        // The matcher alone: index the open invoices, match every credit of the CSV (read first).
        var payments: [IncomingPayment] = []
        for line in (readText(workload + "/bank.csv") ?? "").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4, let date = LocalDate(iso: fields[0]),
                  let amount = try? Money.parse(fields[2], currency: fixture.currency), amount.minorUnits > 0 else { continue }
            payments.append(IncomingPayment(amount: amount, date: date, counterparty: String(fields[1]), text: String(fields[3])))
        }
        let matcherStart = now()
        var matcher = PaymentMatcher(invoices: fixture.items.enumerated().map { index, item in
            OpenInvoice(id: Int64(index + 1), number: item.number, clientID: OpenItemsFixture.clientID(item.client), clientName: item.client,
                        open: item.amount, currency: fixture.currency, dueDate: item.dueDate)
        })
        let indexSeconds = now() - matcherStart
        let credits = payments.count
        var matched = 0
        var review = 0
        for payment in payments {
            switch matcher.match(payment) {
            case .matched(let match): matched += 1; matcher.apply(match)
            case .review: review += 1
            case .unrelated: break
            }
        }
        let matcherSeconds = now() - matcherStart

        let path = workspace.inbox(business.id, .bank) + "/bank.ofx"
        guard system("cp '\(workload)/bank.ofx' '\(path)'") == 0 else { throw KontorError(.io, "cannot copy bank.ofx into \(path)") }
        let file = InboxFile(business: business.id, channel: .bank, path: path, size: fileSize(path), modifiedNanoseconds: 0)
        let (seconds, _) = try await timedImport(pipeline, file, label: "matching")
        let allocations = try store.paymentAllocations(business: business.id).count
        let reviews = try store.openPaymentReviews(business: business.id).count
        print("matching: \(rows) bank lines against \(invoices) open invoices: import + match in \(format2(seconds)) s, "
              + "peak RSS \(format1(peakRSSMiB())) MiB; \(allocations) allocations, \(reviews) payments to review "
              + "(open items loaded in \(format2(loadSeconds)) s; \(generated.items.count) from gen_workload.py, the rest padded)")
        print("matching: matcher alone: index \(fixture.items.count) invoices in \(format2(indexSeconds)) s, \(credits) credits matched in "
              + "\(format2(matcherSeconds - indexSeconds)) s (\(matched) matched, \(review) review)")
        if keep == nil { _ = system("rm -rf '\(root)'") }
    }

    static func workload(rows: Int, invoices: Int) throws(KontorError) -> String {
        try BankImportBench.generated(["\(rows)", "--invoices", "\(invoices)"],
                                      into: "/tmp/kontor-bench-matching-workload-\(rows)-\(invoices)", marker: "invoices.json")
    }
}
