import Foundation
import KontorCore

extension ReportDocument {
    /// One self-contained HTML page: inline CSS, inline SVG charts, no scripts, no network
    /// references. Written as well-formed XML (XHTML syntax) so XML tools can check it.
    public var html: String {
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(HTML.escape(title)) — \(HTML.escape(businessName))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; }
            th { text-align: left; background: #f3f3f3; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .totals td { font-weight: bold; }
            figure { display: inline-block; margin: 0 2em 1em 0; }
            </style>
            </head>
            <body>
            <h1>\(HTML.escape(title))</h1>
            <p>\(HTML.escape(businessName)) (\(HTML.escape(business.rawValue))) · \(period.from) to \(period.to)\(comparison.map { " · compared with \($0.from) to \($0.to)" } ?? "") · \(basis.rawValue) basis · \(currency.code)</p>

            """
        if !totals.isEmpty {
            out += "<table class=\"totals\">\n"
            for total in totals {
                out += "<tr><th>\(HTML.escape(total.label))</th><td class=\"n\">\(amountText(total.amount))</td>"
                if let comparison = total.comparison { out += "<td class=\"n\">\(amountText(comparison))</td>" }
                out += "</tr>\n"
            }
            out += "</table>\n"
        }
        for chart in charts { out += "<figure>\n" + SVGChart.render(chart, currency: currency) + "<figcaption>\(HTML.escape(chart.title))</figcaption>\n</figure>\n" }
        for section in sections {
            out += "<h2>\(HTML.escape(section.title))</h2>\n<table>\n<tr>"
            for column in section.columns { out += "<th>\(HTML.escape(column.label))</th>" }
            out += "</tr>\n"
            for row in section.rows {
                out += "<tr>"
                for (column, cell) in zip(section.columns, row) {
                    out += column.kind == .text ? "<td>" : "<td class=\"n\">"
                    out += HTML.escape(text(cell)) + "</td>"
                }
                out += "</tr>\n"
            }
            if section.rows.isEmpty { out += "<tr><td colspan=\"\(section.columns.count)\">none</td></tr>\n" }
            out += "</table>\n"
        }
        for note in notes { out += "<p><small>\(HTML.escape(note))</small></p>\n" }
        out += "</body>\n</html>\n"
        return out
    }
}

enum HTML {
    /// Text for an element or attribute: `& < > " '` escaped, control characters dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Draws a ``ReportChart`` as inline SVG: a pie (shares of the first series) or grouped
/// bars (every series per label). Coordinates are integers, so the output is exact text.
enum SVGChart {
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func render(_ chart: ReportChart, currency: CurrencyCode) -> String {
        switch chart.kind {
        case .pie: pie(chart, currency: currency)
        case .bars: bars(chart, currency: currency)
        }
    }

    static func pie(_ chart: ReportChart, currency: CurrencyCode) -> String {
        let values = chart.series.first?.values.map { max(0, $0) } ?? []
        let total = values.reduce(0, +)
        let legendHeight = 18 * values.count
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"460\" height=\"\(max(220, legendHeight + 20))\" role=\"img\">\n"
        out += "<title>\(HTML.escape(chart.title))</title>\n"
        let cx = 110.0, cy = 110.0, r = 100.0
        var angle = -Double.pi / 2
        if total > 0 {
            for (index, value) in values.enumerated() where value > 0 {
                let color = palette[index % palette.count]
                if value == total {
                    out += "<circle cx=\"110\" cy=\"110\" r=\"100\" fill=\"\(color)\"/>\n"
                    continue
                }
                let sweep = 2 * Double.pi * Double(value) / Double(total)
                let x1 = cx + r * cos(angle), y1 = cy + r * sin(angle)
                angle += sweep
                let x2 = cx + r * cos(angle), y2 = cy + r * sin(angle)
                out += "<path d=\"M110,110 L\(coordinate(x1)),\(coordinate(y1)) A100,100 0 \(sweep > Double.pi ? 1 : 0),1 \(coordinate(x2)),\(coordinate(y2)) Z\" fill=\"\(color)\"/>\n"
            }
        } else {
            out += "<circle cx=\"110\" cy=\"110\" r=\"100\" fill=\"#eeeeee\"/>\n"
        }
        for (index, label) in chart.labels.enumerated() {
            let y = 20 + 18 * index
            out += "<rect x=\"230\" y=\"\(y - 10)\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>"
            out += "<text x=\"248\" y=\"\(y)\" font-size=\"12\">\(HTML.escape(label)) \(Money(minorUnits: index < values.count ? values[index] : 0, currency: currency).decimalString)</text>\n"
        }
        return out + "</svg>\n"
    }

    static func bars(_ chart: ReportChart, currency: CurrencyCode) -> String {
        let groups = chart.labels.count
        let seriesCount = max(1, chart.series.count)
        let barWidth = 14
        let groupWidth = barWidth * seriesCount + 10
        let width = max(300, 60 + groups * groupWidth + 10)
        let height = 260
        let top = 20, bottom = 200
        let all = chart.series.flatMap(\.values)
        let maximum = max(1, all.max() ?? 0)
        let minimum = min(0, all.min() ?? 0)
        let span = Double(maximum - minimum)
        func y(_ value: Int64) -> Int { top + Int((Double(maximum - value) / span * Double(bottom - top)).rounded()) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height + 18 * seriesCount)\" role=\"img\">\n"
        out += "<title>\(HTML.escape(chart.title))</title>\n"
        let zero = y(0)
        out += "<line x1=\"50\" y1=\"\(zero)\" x2=\"\(width - 5)\" y2=\"\(zero)\" stroke=\"#888888\"/>\n"
        out += "<text x=\"2\" y=\"\(top + 4)\" font-size=\"10\">\(Money(minorUnits: maximum, currency: currency).decimalString)</text>\n"
        for (group, label) in chart.labels.enumerated() {
            let x0 = 60 + group * groupWidth
            for (index, series) in chart.series.enumerated() where group < series.values.count {
                let value = series.values[group]
                let top = min(y(value), zero), bottomY = max(y(value), zero)
                out += "<rect x=\"\(x0 + index * barWidth)\" y=\"\(top)\" width=\"\(barWidth - 2)\" height=\"\(max(0, bottomY - top))\" fill=\"\(palette[index % palette.count])\"><title>\(HTML.escape(series.name)) \(HTML.escape(label)): \(Money(minorUnits: value, currency: currency).decimalString)</title></rect>\n"
            }
            out += "<text x=\"\(x0)\" y=\"\(bottom + 14)\" font-size=\"10\">\(HTML.escape(label))</text>\n"
        }
        for (index, series) in chart.series.enumerated() {
            let ly = height + 18 * index
            out += "<rect x=\"60\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/><text x=\"78\" y=\"\(ly)\" font-size=\"12\">\(HTML.escape(series.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// A coordinate with one decimal, the same text on every machine.
    static func coordinate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
