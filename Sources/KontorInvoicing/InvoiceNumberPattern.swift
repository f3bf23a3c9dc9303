import KontorCore

/// The numbering pattern of a series (`INV-{yyyy}-{seq:5}`): literal text with the
/// placeholders `{yyyy}` and `{yy}` (the issue year), `{mm}` (the issue month) and
/// `{seq}` or `{seq:N}` (the sequence number, zero-padded to N digits). The sequence runs
/// per business and series, and restarts each year when the pattern shows the year
/// (each month when it shows the month), so numbers never repeat.
public struct InvoiceNumberPattern: Hashable, Sendable, CustomStringConvertible {
    enum Part: Hashable, Sendable {
        case literal(String)
        case year4, year2, month
        case sequence(width: Int)
    }

    let parts: [Part]
    public let description: String

    /// Parses a pattern; nil when it has no `{seq}`, an unknown placeholder, or characters
    /// an invoice number should not hold.
    public init?(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        var sequences = 0
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = rest[rest.index(after: open)..<close]
            switch name {
            case "yyyy": parts.append(.year4)
            case "yy": parts.append(.year2)
            case "mm": parts.append(.month)
            case "seq": parts.append(.sequence(width: 1)); sequences += 1
            default:
                guard name.hasPrefix("seq:"), let width = Int(name.dropFirst(4)), (1...12).contains(width) else { return nil }
                parts.append(.sequence(width: width)); sequences += 1
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        let literals = parts.compactMap { if case .literal(let text) = $0 { text } else { nil } }.joined()
        guard sequences == 1, !literals.contains("}"),
              literals.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_/.".contains($0)) }) else { return nil }
        self.parts = parts
        self.description = text
    }

    /// The counter a number issued on `date` draws from: the year (and month) the
    /// pattern shows, else one counter for all time.
    public func period(of date: LocalDate) -> String {
        let year = parts.contains(.year4) || parts.contains(.year2)
        let month = parts.contains(.month)
        switch (year, month) {
        case (_, true): return String(format4: date.year) + "-" + String(pad: date.month, 2)
        case (true, false): return String(format4: date.year)
        case (false, false): return ""
        }
    }

    public func number(sequence: Int64, date: LocalDate) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .year4: String(format4: date.year)
            case .year2: String(pad: date.year % 100, 2)
            case .month: String(pad: date.month, 2)
            case .sequence(let width): String(pad: Int(sequence), width)
            }
        }.joined()
    }
}

extension String {
    init(pad value: Int, _ width: Int) {
        self = String.padded(value, width)
    }

    init(format4 year: Int) { self = String.padded(year, 4) }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        let zeros = Swift.max(0, width - text.utf8.count)
        return String(repeating: "0", count: zeros) + text
    }
}
