import KontorCore
import KontorRender

extension ReportDocument {
    /// The report as a PDF (A4): heading, totals, the charts (the same ``ChartDrawing`` the
    /// HTML writes as SVG, drawn with cairo), every section as a table that breaks across
    /// pages with its header repeated, and the notes. Text is laid out by pango in DejaVu
    /// Sans, embedded and selectable. Deterministic: the document dates are the period's
    /// last day, so the same ledger state gives the same bytes (docs/decisions/pdf-determinism.md).
    public func pdf() throws(KontorError) -> [UInt8] {
        let canvas = try PDFCanvas(metadata: PDFMetadata(title: "\(title) — \(businessName)", author: businessName,
                                                         date: "\(period.to)T00:00:00Z"))
        let heading = "\(title) · \(businessName) · \(period.from) to \(period.to)"
        canvas.footer = { page in
            page.text("\(heading) · page \(page.pageNumber)", font: .small, x: page.margin, y: page.pageHeight - page.margin,
                      width: page.contentWidth, alignment: .right, color: .gray)
        }
        canvas.continuationHeader = { page in page.paragraph("\(heading) (continued)", font: .small, spacing: 8) }
        canvas.paragraph(title, font: .title, spacing: 4)
        canvas.paragraph("\(businessName) (\(business.rawValue)) · \(period.from) to \(period.to)"
                         + (comparison.map { " · compared with \($0.from) to \($0.to)" } ?? "")
                         + " · \(basis.rawValue) basis · amounts in \(currency.code)", font: .body, spacing: 10)
        if !totals.isEmpty {
            var columns: [PDFTable.Column] = [.init("Total", weight: 60), .init(currency.code, weight: 20, alignment: .right)]
            if comparison != nil { columns.append(.init("Comparison", weight: 20, alignment: .right)) }
            var table = PDFTable(columns: columns, rows: totals.map { total in
                [total.label, amountText(total.amount)] + (comparison == nil ? [] : [total.comparison.map(amountText) ?? ""])
            })
            table.font = .bold
            canvas.draw(table)
        }
        for chart in charts { draw(ChartDrawing(chart, currency: currency), on: canvas) }
        for section in sections {
            canvas.cursor += 4
            canvas.ensureRoom(60)
            canvas.paragraph(section.title, font: PDFFont(size: 11, bold: true), spacing: 4)
            guard !section.rows.isEmpty else {
                canvas.paragraph("none", font: .body, spacing: 8)
                continue
            }
            let cells = section.rows.map { row in row.map { text($0) } }
            let font = PDFFont(size: 8), headerFont = PDFFont(size: 8, bold: true)
            let widths = columnWidths(section, cells: cells, font: font, headerFont: headerFont, on: canvas)
            var table = PDFTable(columns: section.columns.enumerated().map { index, column in
                .init(column.label, weight: widths[index], alignment: column.kind == .text ? .left : .right)
            }, rows: cells)
            table.font = font
            table.headerFont = headerFont
            canvas.draw(table)
        }
        if !notes.isEmpty { canvas.cursor += 6 }
        for note in notes { canvas.paragraph(note, font: .small, spacing: 4) }
        return try canvas.finish()
    }

    /// Column widths for a section's table: every column as wide as its longest cell (and
    /// header) when that fits; otherwise amounts, dates, numbers and short texts keep their
    /// width and the long text columns share what is left, wrapping. Measures the cell with
    /// the most characters of each column, not every cell.
    private func columnWidths(_ section: ReportSection, cells: [[String]], font: PDFFont, headerFont: PDFFont,
                              on canvas: PDFCanvas) -> [Double] {
        let padding = 2 * PDFTable(columns: [], rows: []).padding + 2
        let natural = section.columns.enumerated().map { index, column in
            let longest = cells.lazy.map { index < $0.count ? $0[index] : "" }.max { $0.count < $1.count } ?? ""
            let header = column.label.split(separator: " ").map { canvas.width(of: String($0), font: headerFont) }.max() ?? 0
            return max(canvas.width(of: longest, font: font), header) + padding
        }
        let available = canvas.contentWidth
        guard natural.reduce(0, +) > available else { return natural }
        let shortText = 90.0
        let wraps = section.columns.indices.map { section.columns[$0].kind == .text && natural[$0] > shortText }
        let fixed = natural.indices.filter { !wraps[$0] }.map { natural[$0] }.reduce(0, +)
        let left = available - fixed
        // Each wrapping column first gets up to `minimum` (a name or a word fits), then a share
        // of the rest in proportion to how much more it would need.
        let minimum = 70.0
        let base = natural.indices.map { wraps[$0] ? min(natural[$0], minimum) : 0 }
        let wanted = natural.indices.filter { wraps[$0] }.map { natural[$0] - base[$0] }.reduce(0, +)
        let extra = left - base.reduce(0, +)
        guard wanted > 0, extra >= 0 else {
            return natural  // Too many wide columns: all shrink in proportion (PDFTable normalizes).
        }
        return natural.indices.map { wraps[$0] ? base[$0] + (natural[$0] - base[$0]) / wanted * extra : natural[$0] }
    }

    /// Draws a chart at the cursor, scaled down to the content width when wider, with its
    /// caption below; a new page first when it does not fit.
    private func draw(_ chart: ChartDrawing, on canvas: PDFCanvas) {
        let scale = min(1, canvas.contentWidth / chart.width)
        let caption = PDFFont(size: 9, bold: true)
        canvas.ensureRoom(chart.height * scale + canvas.measure(chart.title, font: caption, width: canvas.contentWidth) + 12)
        let (left, top) = (canvas.margin, canvas.cursor)
        canvas.transformed(x: left, y: top, scale: scale) {
            for shape in chart.shapes {
                switch shape {
                case let .rect(x, y, width, height, color, _):
                    canvas.fill(x: x, y: y, width: width, height: height, color: color.pdf)
                case let .wedge(cx, cy, r, from, to, color):
                    canvas.fillWedge(centerX: cx, centerY: cy, radius: r, from: from, to: to, color: color.pdf)
                case let .disc(cx, cy, r, color):
                    canvas.fillCircle(centerX: cx, centerY: cy, radius: r, color: color.pdf)
                case let .line(x1, y1, x2, y2, color):
                    canvas.line(from: (x1, y1), to: (x2, y2), width: 1, color: color.pdf)
                case let .text(x, y, size, text):
                    // SVG sizes are CSS pixels; pango sizes are points at 96 dpi.
                    canvas.text(text, font: PDFFont(size: size * 0.75), x: x, baseline: y)
                }
            }
        }
        canvas.cursor = top + chart.height * scale + 2
        canvas.paragraph(chart.title, font: caption, spacing: 12)
    }
}

extension ChartDrawing.Color {
    var pdf: PDFColor {
        let (red, green, blue) = components
        return PDFColor(red: red, green: green, blue: blue)
    }
}
