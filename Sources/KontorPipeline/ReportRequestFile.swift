import KontorConfig
import KontorCore
import KontorPackage
import KontorReport

/// A report request an accountant drops into `inbox/<b>/requests/`: a JSON object
///
/// ```json
/// {"reports": ["pnl", "tax"], "period": "2026-Q3", "formats": ["csv", "json", "html"],
///  "basis": "accrual", "compare": "previous"}
/// ```
///
/// `reports` (default: all five), `period` or `from` + `to` (required), `formats`
/// (default csv, json, html; also table and pdf), `basis` (accrual), `compare` (previous or last-year),
/// `depth`, `currency`, `archive` (zip or tar.gz), `decimal_comma` (CSV with `;` and
/// decimal commas). Schema: `kontor schema report-request`. Unknown keys are refused, so a typo is
/// not silently ignored.
enum ReportRequestFile {
    static let keys: Set<String> = ["reports", "period", "from", "to", "formats", "basis", "compare", "depth", "currency", "archive", "decimal_comma"]

    static func spec(from node: JSONNode, business: BusinessProfile, fileName: String) throws(KontorError) -> ReportPackageSpec {
        func fail(_ message: String, _ at: JSONNode, field: String? = nil, hint: String? = nil) -> KontorError {
            var position = SourcePosition(file: fileName, line: at.line, column: at.column)
            position.field = field
            return KontorError(.badInput, message, hint: hint ?? "see the request format in docs/file-formats.md", at: position)
        }
        guard case .object(let members) = node.kind else {
            throw fail("a report request is a JSON object, found something else", node)
        }
        var values: [String: JSONNode] = [:]
        for member in members {
            guard keys.contains(member.key) else {
                throw fail("unknown key '\(member.key)' in the report request", member.value, field: member.key,
                           hint: "allowed keys: \(keys.sorted().joined(separator: ", "))")
            }
            guard values[member.key] == nil else { throw fail("the key '\(member.key)' appears twice", member.value, field: member.key) }
            values[member.key] = member.value
        }
        func string(_ key: String) throws(KontorError) -> String? {
            guard let value = values[key] else { return nil }
            guard case .string(let text) = value.kind else { throw fail("'\(key)' must be a string", value, field: key) }
            return text
        }
        func strings(_ key: String, allowed: [String]) throws(KontorError) -> [String]? {
            guard let value = values[key] else { return nil }
            guard case .array(let elements) = value.kind, !elements.isEmpty else {
                throw fail("'\(key)' must be a non-empty list of strings", value, field: key)
            }
            var result: [String] = []
            for element in elements {
                guard case .string(let text) = element.kind, allowed.contains(text) else {
                    throw fail("'\(key)' holds something other than \(allowed.joined(separator: ", "))", element, field: key)
                }
                if !result.contains(text) { result.append(text) }
            }
            return result
        }
        let fiscal = (business.fiscalYearStart.month, business.fiscalYearStart.day)
        let period: ReportPeriod
        if let text = try string("period") {
            do {
                period = try ReportPeriod.parse(text, fiscalYearStart: fiscal)
            } catch {
                throw fail(error.message, values["period"]!, field: "period", hint: error.hint)
            }
        } else if let fromText = try string("from"), let toText = try string("to") {
            guard let from = LocalDate(iso: fromText), let to = LocalDate(iso: toText), from <= to else {
                throw fail("'from' and 'to' must be dates YYYY-MM-DD, 'from' not after 'to'", values["from"]!, field: "from")
            }
            do {
                period = try ReportPeriod.range(from: from, to: to)
            } catch {
                throw fail(error.message, values["from"]!, field: "from", hint: error.hint)
            }
        } else {
            throw fail("the request names no period", node, hint: "add \"period\": \"2026-Q3\" (or \"from\" and \"to\")")
        }
        var spec = ReportPackageSpec(period: period)
        if let names = try strings("reports", allowed: ReportName.allCases.map(\.rawValue)) {
            spec.reports = names.compactMap(ReportName.init(rawValue:))
        }
        if let formats = try strings("formats", allowed: ReportFormat.allCases.map(\.rawValue)) {
            spec.formats = formats.compactMap(ReportFormat.init(rawValue:))
        }
        if let text = try string("basis") {
            guard let basis = Basis(rawValue: text) else { throw fail("'basis' must be accrual or cash", values["basis"]!, field: "basis") }
            spec.basis = basis
        }
        if let text = try string("compare") {
            guard let comparison = ReportRequest.Comparison(rawValue: text) else {
                throw fail("'compare' must be previous or last-year", values["compare"]!, field: "compare")
            }
            spec.comparison = comparison
        }
        if let value = values["depth"] {
            guard case .number(let text) = value.kind, let depth = Int(text), (1...20).contains(depth) else {
                throw fail("'depth' must be a whole number from 1 to 20", value, field: "depth")
            }
            spec.depth = depth
        }
        if let text = try string("currency") {
            guard let currency = CurrencyCode(text) else { throw fail("'currency' must be an ISO 4217 code", values["currency"]!, field: "currency") }
            spec.currency = currency
        }
        if let value = values["decimal_comma"] {
            guard case .bool(let flag) = value.kind else { throw fail("'decimal_comma' must be true or false", value, field: "decimal_comma") }
            spec.decimalComma = flag
        }
        if let text = try string("archive") {
            guard let archive = ArchiveFormat(rawValue: text) else { throw fail("'archive' must be zip or tar.gz", values["archive"]!, field: "archive") }
            spec.archive = archive
        }
        return spec
    }
}
