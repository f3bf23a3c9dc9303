extension BankCSVMapping {
    /// Whether a file whose header row (the row at ``headerLine``, or the first data row
    /// when there is no header) has these cells is of this mapping's shape.
    ///
    /// With a header: every detection cell, or if none are declared every named column
    /// the mapping reads, is present. Without one: the row has the declared number of
    /// fields and a date in the date column.
    public func matches(headerCells: [String]) -> Bool {
        let cells = Set(headerCells.map(Self.normalized))
        guard headerLine != nil else {
            if let count = detection.columnCount, headerCells.count != count { return false }
            guard case .number(let number) = columns.date, number <= headerCells.count else { return false }
            return dateFormat.parse(headerCells[number - 1]) != nil
        }
        let wanted = detection.headerCells.isEmpty
            ? columns.all.compactMap { if case .named(let name) = $0 { name } else { nil } }
            : detection.headerCells
        return !wanted.isEmpty && wanted.allSatisfy { cells.contains(Self.normalized($0)) }
    }

    /// A header cell as compared: lower case, without surrounding spaces, quotes or BOM.
    public static func normalized(_ cell: String) -> String {
        var text = Substring(cell)
        let strip: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" || $0 == "\"" || $0 == "\u{A0}" }
        while let first = text.first, strip(first) { text.removeFirst() }
        while let last = text.last, strip(last) { text.removeLast() }
        return text.lowercased()
    }
}
