import KontorCore

/// A table drawn across pages: the header row repeats at the top of every page the table
/// continues on, and a row is never split.
public struct PDFTable: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// The share of the content width (the shares of all columns are normalized).
        public var weight: Double
        public var alignment: PDFAlignment

        public init(_ title: String, weight: Double, alignment: PDFAlignment = .left) {
            self.title = title
            self.weight = weight
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    public var font: PDFFont = .body
    public var headerFont: PDFFont = .bold
    public var padding: Double = 3

    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

extension PDFCanvas {
    /// Draws `table` from the cursor down, breaking across pages; the cursor ends below it.
    public func draw(_ table: PDFTable) {
        let total = table.columns.reduce(0) { $0 + $1.weight }
        let widths = table.columns.map { contentWidth * $0.weight / total }
        var offsets: [Double] = []
        var x = margin
        for width in widths { offsets.append(x); x += width }
        let padding = table.padding

        func rowHeight(_ cells: [String], font: PDFFont) -> Double {
            var height = 0.0
            for (index, cell) in cells.enumerated() where index < widths.count {
                height = max(height, measure(cell, font: font, width: widths[index] - 2 * padding))
            }
            return height + 2 * padding
        }
        func drawRow(_ cells: [String], font: PDFFont, shaded: Bool) {
            let height = rowHeight(cells, font: font)
            if shaded { fill(x: margin, y: cursor, width: contentWidth, height: height, color: .shade) }
            for (index, cell) in cells.enumerated() where index < widths.count {
                text(cell, font: font, x: offsets[index] + padding, y: cursor + padding, width: widths[index] - 2 * padding,
                     alignment: table.columns[index].alignment)
            }
            cursor += height
            rule(width: 0.3)
        }
        let header = table.columns.map(\.title)
        let headerHeight = rowHeight(header, font: table.headerFont)
        ensureRoom(headerHeight + rowHeight(table.rows.first ?? header, font: table.font))
        drawRow(header, font: table.headerFont, shaded: true)
        for row in table.rows {
            let height = rowHeight(row, font: table.font)
            if cursor + height > bottom {
                newPage()
                drawRow(header, font: table.headerFont, shaded: true)
            }
            drawRow(row, font: table.font, shaded: false)
        }
        cursor += 6
    }
}
