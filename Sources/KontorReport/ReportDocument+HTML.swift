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
        for chart in charts { out += "<figure>\n" + ChartDrawing(chart, currency: currency).svg + "<figcaption>\(HTML.escape(chart.title))</figcaption>\n</figure>\n" }
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
