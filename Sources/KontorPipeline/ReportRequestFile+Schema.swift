import KontorPackage
import KontorReport

extension ReportRequestFile {
    /// The JSON Schema (draft 2020-12) of a report request (`kontor schema report-request`).
    /// The report, format and archive names come from the enums the reader checks against,
    /// so the schema and the reader cannot drift apart.
    static var jsonSchema: String {
        func list(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }
        let reports = list(ReportName.allCases.map(\.rawValue))
        let formats = list(ReportFormat.allCases.map(\.rawValue))
        let archives = list(ArchiveFormat.allCases.map(\.rawValue))
        return #"""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://kontor.invalid/schemas/report-request.schema.json",
              "title": "Report request (inbox/<business>/requests/*.json)",
              "description": "Asks for a report package: the named reports in the named formats for one period, written to outbox/<business>/reports/. Unknown keys are refused.",
              "type": "object",
              "additionalProperties": false,
              "anyOf": [{ "required": ["period"] }, { "required": ["from", "to"] }],
              "properties": {
                "reports": { "type": "array", "minItems": 1, "items": { "enum": [\#(reports)] },
                             "description": "Default: all five." },
                "period": { "type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])|-[Qq][1-4])?$",
                            "description": "A month (2026-09), a calendar quarter (2026-Q3) or the fiscal year starting in that year (2026)." },
                "from": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "First day, with 'to', when there is no 'period' (a 'period' wins)." },
                "to": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "Last day (included)." },
                "formats": { "type": "array", "minItems": 1, "items": { "enum": [\#(formats)] },
                             "description": "Default: csv, json, html. pdf adds a PDF of every report with the same charts as the HTML." },
                "basis": { "enum": ["accrual", "cash"], "description": "Default: accrual." },
                "compare": { "enum": ["previous", "last-year"] },
                "depth": { "type": "integer", "minimum": 1, "maximum": 20, "description": "Collapse accounts to this many levels." },
                "currency": { "type": "string", "pattern": "^[A-Z]{3}$", "description": "Report on postings in this currency (default: the business's base currency)." },
                "archive": { "enum": [\#(archives)], "description": "Default: zip." },
                "decimal_comma": { "type": "boolean", "description": "CSV with ';' between cells and ',' as decimal mark." }
              }
            }
            """#
    }
}
