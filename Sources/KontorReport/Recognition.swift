import KontorCore

/// When income and expenses count.
public enum Basis: String, Sendable, CaseIterable {
    /// When booked: an invoice's income on its date.
    case accrual
    /// When paid: a document booked against a receivable or payable account counts as its
    /// payments settle it, in proportion (see ``OpenItems``); everything else when booked.
    case cash
}

/// A posting as a report counts it: on the date it is recognized under a basis.
struct RecognizedPosting {
    var date: LocalDate
    /// Index into the journal's entries of the transaction it comes from.
    var entry: Int32
    var account: Int32
    var amount: Int64
}

/// The journal's postings in one currency, recognized on a basis, in date order.
struct Recognition {
    let journal: Journal
    let isTax: [Bool]
    let postings: [RecognizedPosting]

    init(journal: Journal, basis: Basis, currency: CurrencyCode, isTax: [Bool]) {
        self.journal = journal
        self.isTax = isTax
        var result: [RecognizedPosting] = []
        result.reserveCapacity(journal.entries.count * 3)
        switch basis {
        case .accrual:
            for (index, entry) in journal.entries.enumerated() {
                for posting in entry.postings where posting.currency == currency {
                    result.append(RecognizedPosting(date: entry.date, entry: Int32(index), account: posting.account, amount: posting.amount))
                }
            }
        case .cash:
            var items = OpenItems(journal: journal, isTax: isTax)
            for (index, entry) in journal.entries.enumerated() {
                guard items.touchesSettlement(entry) else {
                    for posting in entry.postings where posting.currency == currency {
                        result.append(RecognizedPosting(date: entry.date, entry: Int32(index), account: posting.account, amount: posting.amount))
                    }
                    continue
                }
                // A document's postings recognized on payment keep the document's entry index.
                var recognized: [(Int, Int32, Int64, CurrencyCode)] = []
                let deferred = items.apply(index) { recognized.append(($0, $1, $2, $3)) }
                for (offset, posting) in entry.postings.enumerated() where !deferred.contains(offset) && posting.currency == currency {
                    result.append(RecognizedPosting(date: entry.date, entry: Int32(index), account: posting.account, amount: posting.amount))
                }
                for (document, account, amount, postingCurrency) in recognized where postingCurrency == currency {
                    result.append(RecognizedPosting(date: entry.date, entry: Int32(document), account: account, amount: amount))
                }
            }
        }
        postings = result
    }

    /// The postings recognized within `period`.
    func within(_ period: ReportPeriod) -> ArraySlice<RecognizedPosting> {
        let start = lowerBound(period.from)
        let end = lowerBound(period.to.adding(days: 1))
        return postings[start..<end]
    }

    private func lowerBound(_ date: LocalDate) -> Int {
        var low = 0
        var high = postings.count
        while low < high {
            let mid = (low + high) / 2
            if postings[mid].date < date { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
