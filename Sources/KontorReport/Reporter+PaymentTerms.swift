import KontorCore

extension Reporter {
    /// Whether a payable document was paid within its vendor's payment terms.
    enum TermsStatus: String {
        /// Paid in full on or before the due date.
        case kept
        /// Paid in full after the due date.
        case late
        /// Not paid in full at the end of the period, not due yet.
        case open
        /// Not paid in full at the end of the period, past its due date.
        case overdue
        /// The vendor's master data states no payment terms.
        case noTerms = "no terms"
    }

    struct PayableDocument {
        var vendor: String
        var entry: Int
        var date: LocalDate
        var gross: Int64
        var due: LocalDate?
        var paid: LocalDate?
        var status: TermsStatus
        /// Paid late: days after the due date; overdue: days past it at the end of the period.
        var daysLate: Int?
    }

    /// The payable documents booked in the period with their due date (document date +
    /// the vendor's terms), the day payments settled them in full (oldest first, as the
    /// open payables) and whether that kept the terms — judged at the end of the period.
    func payableDocuments() -> [PayableDocument] {
        var terms: [String: VendorTerms] = [:]
        for vendor in request.paymentTerms {
            for name in [vendor.name] + vendor.aliases where terms[Reporter.fold(name)] == nil { terms[Reporter.fold(name)] = vendor }
        }
        var engine = OpenItems(journal: journal, isTax: isTax)
        engine.tracksDocuments = true
        let asOf = request.period.to
        for (index, entry) in journal.entries.enumerated() {
            guard entry.date <= asOf else { break }
            guard engine.touchesSettlement(entry) else { continue }
            _ = engine.apply(index) { _, _, _, _ in }
        }
        return engine.documents.compactMap { item in
            guard engine.sides[Int(item.account)] == .payable, item.currency == currency,
                  item.date >= request.period.from else { return nil }
            let entry = journal.entries[item.entry]
            let party = OpenItems.party(of: journal.accounts[Int(item.account)], named: item.party)
            // The entry's vendor (an expense row) first, then the payable account's party.
            let known = [entry.vendor, party].compactMap { $0 }.lazy.compactMap { terms[Reporter.fold($0)] }.first
            let paid = engine.settledOn[item.entry]
            guard let known else {
                return PayableDocument(vendor: entry.vendor ?? party, entry: item.entry, date: item.date, gross: item.gross, paid: paid,
                                       status: .noTerms)
            }
            let vendor = known.name
            let due = item.date.adding(days: known.days)
            let status: TermsStatus, late: Int?
            if let paid {
                late = paid > due ? paid.daysSinceEpoch - due.daysSinceEpoch : nil
                status = late == nil ? .kept : .late
            } else {
                late = asOf > due ? asOf.daysSinceEpoch - due.daysSinceEpoch : nil
                status = late == nil ? .open : .overdue
            }
            return PayableDocument(vendor: vendor, entry: item.entry, date: item.date, gross: item.gross, due: due, paid: paid,
                                   status: status, daysLate: late)
        }.sorted { ($0.vendor, $0.date, $0.entry) < ($1.vendor, $1.date, $1.entry) }
    }

    /// The payment terms sections of the vendor report: per vendor how many documents kept
    /// their terms, and every payable document with its due and paid dates.
    func paymentTermsSections(_ documents: [PayableDocument]) -> [ReportSection] {
        var perVendor: [String: (terms: Int?, counts: [TermsStatus: Int64])] = [:]
        let termsByVendor = Dictionary(request.paymentTerms.map { ($0.name, $0.days) }, uniquingKeysWith: { first, _ in first })
        for document in documents {
            let terms = document.status == .noTerms ? nil : termsByVendor[document.vendor]
            perVendor[document.vendor, default: (terms, [:])].counts[document.status, default: 0] += 1
        }
        let statuses: [TermsStatus] = [.kept, .late, .open, .overdue]
        return [
            ReportSection(key: "payment_terms", title: "Payment terms kept",
                          columns: [ReportColumn("vendor", "Vendor"), ReportColumn("terms_days", "Terms (days)", .count),
                                    ReportColumn("documents", "Documents", .count)]
                            + statuses.map { ReportColumn($0.rawValue, $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst(), .count) },
                          rows: perVendor.keys.sorted().map { vendor in
                              let value = perVendor[vendor]!
                              return [.text(vendor), value.terms.map { .count(Int64($0)) } ?? .empty,
                                      .count(value.counts.values.reduce(0, +))] + statuses.map { .count(value.counts[$0] ?? 0) }
                          }),
            ReportSection(key: "payable_documents", title: "Payable documents",
                          columns: [ReportColumn("vendor", "Vendor"), ReportColumn("record", "Document"), ReportColumn("date", "Date"),
                                    ReportColumn("due", "Due"), ReportColumn("paid", "Paid in full"), ReportColumn("status", "Status"),
                                    ReportColumn("days_late", "Days late", .count), ReportColumn("amount", "Amount", .amount)],
                          rows: documents.map { document in
                              [.text(document.vendor), .text(journal.entries[document.entry].recordID), .text(document.date.description),
                               document.due.map { .text($0.description) } ?? .empty, document.paid.map { .text($0.description) } ?? .empty,
                               .text(document.status.rawValue), document.daysLate.map { .count(Int64($0)) } ?? .empty, .amount(document.gross)]
                          }),
        ]
    }

    /// A name reduced to its lowercased letters and digits: `Immobilien-Weber` and
    /// `immobilien weber` are the same vendor.
    static func fold(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }
}
