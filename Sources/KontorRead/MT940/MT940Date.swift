import KontorCore

/// The date notations of MT940: `YYMMDD` and the entry date's bare `MMDD`.
enum MT940Date {
    /// `YYMMDD`; years 00…79 are 2000…2079, 80…99 are 1980…1999 (MT940 predates 1980 in
    /// no bank's archive).
    static func parse(_ text: some StringProtocol) -> LocalDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func number(_ index: Int) -> Int { Int(bytes[index] - 0x30) * 10 + Int(bytes[index + 1] - 0x30) }
        let yy = number(0)
        return LocalDate(year: yy < 80 ? 2000 + yy : 1900 + yy, month: number(2), day: number(4))
    }

    /// The entry date `MMDD` of a statement line, in the year that puts it nearest to the
    /// value date: a booking on 12-31 valued 01-02 belongs to the year before, a booking
    /// on 01-02 valued 12-31 to the year after.
    static func entryDate(_ text: some StringProtocol, near valueDate: LocalDate) -> LocalDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 4, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let month = Int(bytes[0] - 0x30) * 10 + Int(bytes[1] - 0x30)
        let day = Int(bytes[2] - 0x30) * 10 + Int(bytes[3] - 0x30)
        var best: LocalDate?
        for year in [valueDate.year, valueDate.year - 1, valueDate.year + 1] {
            guard let candidate = LocalDate(year: year, month: month, day: day) else { continue }
            let distance = abs(candidate.daysSinceEpoch - valueDate.daysSinceEpoch)
            if best.map({ distance < abs($0.daysSinceEpoch - valueDate.daysSinceEpoch) }) ?? true { best = candidate }
        }
        return best
    }
}
