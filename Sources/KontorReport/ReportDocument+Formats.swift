import KontorCore
import KontorPublish

/// The formats a report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, csv, json, html, pdf

    public var fileExtension: String {
        switch self {
        case .table: "txt"
        case .csv: "csv"
        case .json: "json"
        case .html: "html"
        case .pdf: "pdf"
        }
    }

    /// The text format this is; nil for PDF, which is bytes.
    public var text: ReportTextFormat? { ReportTextFormat(rawValue: rawValue) }
}

/// The formats that are text (everything but PDF).
public enum ReportTextFormat: String, Sendable, CaseIterable {
    case table, csv, json, html
}

extension ReportDocument {
    /// The report's bytes in `format`: UTF-8 text, or the PDF.
    /// - Parameter decimalComma: CSV for spreadsheets in locales that write `1234,56`:
    ///   `;` between cells and `,` as the decimal mark (other formats are unaffected).
    public func bytes(_ format: ReportFormat, decimalComma: Bool = false) throws(KontorError) -> [UInt8] {
        guard let text = format.text else { return try pdf() }
        return Array(render(text, decimalComma: decimalComma).utf8)
    }

    /// The report as text (see ``bytes(_:decimalComma:)``).
    public func render(_ format: ReportTextFormat, decimalComma: Bool = false) -> String {
        switch format {
        case .table: table
        case .csv: csv(decimalComma: decimalComma)
        case .json: json.serialized()
        case .html: html
        }
    }

    /// The report as JSON: amounts as decimal strings, shares as percent strings, rows as
    /// objects keyed by column.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "report": .string(name.rawValue),
            "title": .string(title),
            "business": .string(business.rawValue),
            "business_name": .string(businessName),
            "period": period.json,
            "basis": .string(basis.rawValue),
            "currency": .string(currency.code),
            "notes": .array(notes.map(JSONValue.string)),
        ]
        object["comparison"] = comparison?.json ?? .null
        object["totals"] = .object(Dictionary(uniqueKeysWithValues: totals.map { total in
            var value: [String: JSONValue] = ["label": .string(total.label), "amount": .string(amountText(total.amount))]
            if let comparison = total.comparison { value["comparison"] = .string(amountText(comparison)) }
            return (total.key, .object(value))
        }))
        object["sections"] = .array(sections.map { section in
            .object([
                "key": .string(section.key),
                "title": .string(section.title),
                "columns": .array(section.columns.map { .string($0.key) }),
                "rows": .array(section.rows.map { row in
                    .object(Dictionary(uniqueKeysWithValues: zip(section.columns, row).map { column, cell in
                        (column.key, jsonValue(cell))
                    }))
                }),
            ])
        })
        return .object(object)
    }

    private func jsonValue(_ cell: ReportCell) -> JSONValue {
        switch cell {
        case .text(let text): .string(text)
        case .amount(let value): .string(amountText(value))
        case .percent(let value): .string(ReportDocument.percentText(value))
        case .count(let value): .int(value)
        case .empty: .null
        }
    }

    /// CSV: a heading block (report, business, period, basis, currency), the totals, then
    /// each section as its title, a header row and its rows, separated by empty lines.
    /// Amounts are plain numbers with a `.` decimal point (`,` and `;` between cells with
    /// `decimalComma`); text cells pass the formula guard.
    public var csv: String { csv(decimalComma: false) }

    public func csv(decimalComma: Bool) -> String {
        var writer = CSVWriter(delimiter: decimalComma ? ";" : ",")
        func number(_ text: String) -> CSVWriter.Cell { .number(decimalComma ? text.replacingAll(".", with: ",") : text) }
        writer.row([.text("report"), .text(name.rawValue)])
        writer.row([.text("business"), .text(business.rawValue)])
        writer.row([.text("period"), .text(period.from.description), .text(period.to.description)])
        if let comparison { writer.row([.text("comparison"), .text(comparison.from.description), .text(comparison.to.description)]) }
        writer.row([.text("basis"), .text(basis.rawValue)])
        writer.row([.text("currency"), .text(currency.code)])
        if !totals.isEmpty {
            writer.row([])
            writer.header(["total", "amount"] + (comparison == nil ? [] : ["comparison"]))
            for total in totals {
                writer.row([.text(total.key), number(amountText(total.amount))]
                           + (comparison == nil ? [] : [total.comparison.map { number(amountText($0)) } ?? .empty]))
            }
        }
        for section in sections {
            writer.row([])
            writer.row([.text(section.key)])
            writer.header(section.columns.map(\.key))
            for row in section.rows {
                writer.row(row.map { cell in
                    switch cell {
                    case .text(let text): .text(text)
                    case .empty: .empty
                    default: number(text(cell))
                    }
                })
            }
        }
        return writer.output
    }

    /// Plain text for a terminal: the heading, totals and each section as an aligned table.
    public var table: String {
        var lines = ["\(title) — \(businessName) (\(business))",
                     "period \(period.from) to \(period.to)" + (comparison.map { ", compared with \($0.from) to \($0.to)" } ?? "")
                        + ", \(basis.rawValue) basis, amounts in \(currency.code)"]
        for total in totals {
            lines.append("\(total.label): \(amountText(total.amount))" + (total.comparison.map { " (was \(amountText($0)))" } ?? ""))
        }
        for section in sections {
            lines.append("")
            lines.append(section.title)
            let headers = section.columns.map(\.label)
            let cells = section.rows.map { $0.map { text($0).printable } }
            var widths = headers.map(\.count)
            for row in cells { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
            func line(_ row: [String]) -> String {
                var parts: [String] = []
                for (index, cell) in row.enumerated() {
                    let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                    parts.append(section.columns[index].kind == .text ? cell + pad : pad + cell)
                }
                var text = parts.joined(separator: "  ")
                while text.last == " " { text.removeLast() }
                return text
            }
            lines.append(line(headers))
            lines.append(line(widths.map { String(repeating: "-", count: $0) }))
            lines += cells.map(line)
            if section.rows.isEmpty { lines.append("(none)") }
        }
        for note in notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
