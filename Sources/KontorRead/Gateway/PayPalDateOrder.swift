import KontorCore

/// How a PayPal export writes its dates, decided from all of its dates at once: slashed
/// dates are day first or month first depending on the account's country, and only a
/// number above 12 tells which.
struct PayPalDateOrder {
    let dayFirst: Bool

    init(_ dates: [(line: Int, text: String?)], language: PayPalCSVColumns.Language,
         position: (Int) -> SourcePosition) throws(KontorError) {
        var dayFirstLine: (Int, String)?
        var monthFirstLine: (Int, String)?
        for (line, text) in dates {
            guard let text, let parts = PayPalDateOrder.slashed(text) else { continue }
            if parts.0 > 12, dayFirstLine == nil { dayFirstLine = (line, text) }
            if parts.1 > 12, monthFirstLine == nil { monthFirstLine = (line, text) }
        }
        if let dayFirstLine, let monthFirstLine {
            throw KontorError(.badInput, "dates mix two orders: '\(dayFirstLine.1)' on line \(dayFirstLine.0) is day first, '\(monthFirstLine.1)' on line \(monthFirstLine.0) month first",
                              hint: "download the export again from PayPal; it writes every date in one order",
                              at: position(monthFirstLine.0))
        }
        dayFirst = dayFirstLine != nil || (monthFirstLine == nil && language != .english)
    }

    /// The three numbers of `d/m/yyyy`-shaped text (one or two digits, four-digit year).
    static func slashed(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let a = Int(parts[0]), let b = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return (a, b, y)
    }

    /// The date of `text`: slashed in the decided order, `DD.MM.YYYY` or `YYYY-MM-DD`.
    func date(_ text: String) -> LocalDate? {
        if let (a, b, y) = PayPalDateOrder.slashed(text) {
            return dayFirst ? LocalDate(year: y, month: b, day: a) : LocalDate(year: y, month: a, day: b)
        }
        let dotted = text.split(separator: ".", omittingEmptySubsequences: false)
        if dotted.count == 3, (1...2).contains(dotted[0].count), (1...2).contains(dotted[1].count), dotted[2].count == 4,
           let d = Int(dotted[0]), let m = Int(dotted[1]), let y = Int(dotted[2]) {
            return LocalDate(year: y, month: m, day: d)
        }
        return LocalDate(iso: text)
    }

    /// How the dates are written, for hints.
    var example: String { dayFirst ? "DD/MM/YYYY" : "MM/DD/YYYY" }
}
