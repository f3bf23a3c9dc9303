import KontorCore

/// One vendor of a master-data file, with where its default category was written (the
/// pipeline resolves that text against the business's categories).
public struct VendorFileEntry: Hashable, Sendable {
    public var profile: VendorProfile
    public var categoryText: String?
    public var categoryPosition: SourcePosition?
}

/// Reads vendor master data (`inbox/<b>/vendors/`): a CSV file with a header row, or JSON
/// (an array of vendor objects, or an object whose `vendors` key holds one).
///
/// Columns / keys: `name` (required), `aliases` (CSV: separated by `|`; JSON: an array of
/// strings), `tax_id`, `iban` (check digits verified), `bic`, `email`, `address`,
/// `payment_terms` (days: `30`, `net 30`, `30 days`), `default_category`. Every problem of
/// the file is reported at once, with line and column (CSV) or line, column and path (JSON).
public struct VendorFileReader: Sendable {
    public static let fields = ["name", "aliases", "tax_id", "iban", "bic", "email", "address", "payment_terms",
                                "default_category"]
    static let maximumJSONBytes = 16 << 20

    public init() {}

    public func read(_ source: inout some ByteSource, fileName: String, json: Bool) throws(KontorError) -> [VendorFileEntry] {
        var problems: [KontorError] = []
        let entries = try read(&source, fileName: fileName, json: json, problems: &problems)
        if let error = KontorError.combined(problems) { throw error }
        return entries
    }

    /// Reads the vendors, adding each problem of the file to `problems` (the caller adds
    /// its own, such as unknown categories, and reports them together); throws only when
    /// the file cannot be read at all.
    public func read(_ source: inout some ByteSource, fileName: String, json: Bool,
                     problems: inout [KontorError]) throws(KontorError) -> [VendorFileEntry] {
        let entries = json ? try readJSON(&source, fileName: fileName, problems: &problems)
            : try readCSV(&source, fileName: fileName, problems: &problems)
        var seen: [String: Int] = [:]
        for entry in entries {
            let name = entry.profile.name
            if let line = seen[name.lowercased()] {
                problems.append(KontorError(.badInput, "vendor '\(name)' is listed twice (first on line \(line))",
                                            hint: "merge the two entries", at: entry.profile.position))
            }
            seen[name.lowercased()] = entry.profile.position.line ?? 0
        }
        if entries.isEmpty, problems.isEmpty {
            problems.append(KontorError(.badInput, "the file lists no vendors",
                                        hint: "write one vendor per row under a header such as name,aliases,iban,default_category",
                                        at: SourcePosition(file: fileName, line: 1)))
        }
        return entries
    }

    func readCSV(_ source: inout some ByteSource, fileName: String, problems: inout [KontorError]) throws(KontorError) -> [VendorFileEntry] {
        let table = try SmallCSVTable.read(&source, fileName: fileName) { $0.contains("name") }
        guard let header = table.header else {
            throw KontorError(.badInput, "the first row is not a header with a 'name' column",
                              hint: "start the file with a header such as name,aliases,tax_id,iban,bic,email,address,payment_terms,default_category",
                              at: SourcePosition(file: fileName, line: 1))
        }
        for (offset, name) in header.enumerated() where !VendorFileReader.fields.contains(name) {
            problems.append(KontorError(.badInput, "unknown column '\(name)'",
                                        hint: "the columns are: \(VendorFileReader.fields.joined(separator: ", "))",
                                        at: SourcePosition(file: fileName, line: 1, column: offset + 1)))
        }
        var result: [VendorFileEntry] = []
        for row in table.rows {
            var values: [String: (String, SourcePosition)] = [:]
            for (offset, name) in header.enumerated() where VendorFileReader.fields.contains(name) {
                let text = (row.value(at: offset) ?? "").trimmingBlanks()
                guard !text.isEmpty else { continue }
                values[name] = (text, SourcePosition(file: fileName, line: row.line, column: offset + 1, field: name))
            }
            let aliases = values["aliases"].map { text, _ in
                text.split(separator: "|").map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
            } ?? []
            if let entry = entry(values, aliases: aliases, at: SourcePosition(file: fileName, line: row.line), problems: &problems) {
                result.append(entry)
            }
        }
        return result
    }

    func readJSON(_ source: inout some ByteSource, fileName: String, problems: inout [KontorError]) throws(KontorError) -> [VendorFileEntry] {
        let document: JSONNode
        do { document = try JSONParser.parse(&source, maximumBytes: VendorFileReader.maximumJSONBytes) } catch {
            throw error.inFile(fileName)
        }
        var list = document.elements
        var prefix = ""
        if list == nil, let vendors = document["vendors"] {
            list = vendors.elements
            prefix = "vendors"
        }
        guard let list else {
            throw KontorError(.badInput, "the file is \(document.typeDescription), not a list of vendors",
                              hint: "write an array of vendor objects, or {\"vendors\": [...]}",
                              at: SourcePosition(file: fileName, line: document.line, column: document.column))
        }
        var result: [VendorFileEntry] = []
        for (offset, item) in list.enumerated() {
            let path = "\(prefix)[\(offset)]"
            let position = SourcePosition(file: fileName, line: item.line, column: item.column, path: path)
            guard let members = item.members else {
                problems.append(KontorError(.badInput, "vendor \(path) is \(item.typeDescription), not an object",
                                            hint: "write each vendor as an object such as {\"name\": \"Adobe\"}", at: position))
                continue
            }
            var values: [String: (String, SourcePosition)] = [:]
            var aliases: [String] = []
            for member in members {
                let where_ = SourcePosition(file: fileName, line: member.value.line, column: member.value.column,
                                            field: member.key, path: "\(path).\(member.key)")
                guard VendorFileReader.fields.contains(member.key) else {
                    problems.append(KontorError(.badInput, "unknown key \"\(member.key)\"",
                                                hint: "the keys are: \(VendorFileReader.fields.joined(separator: ", "))", at: where_))
                    continue
                }
                if member.key == "aliases" {
                    guard let elements = member.value.elements else {
                        problems.append(KontorError(.badInput, "aliases must be an array of names", at: where_))
                        continue
                    }
                    for element in elements {
                        guard case .string(let text) = element.kind else {
                            problems.append(KontorError(.badInput, "an alias must be a string, found \(element.typeDescription)", at: where_))
                            continue
                        }
                        if !text.trimmingBlanks().isEmpty { aliases.append(text.trimmingBlanks()) }
                    }
                    continue
                }
                switch member.value.kind {
                case .string(let text):
                    if !text.trimmingBlanks().isEmpty { values[member.key] = (text.trimmingBlanks(), where_) }
                case .number(let text):
                    values[member.key] = (text, where_)
                case .null:
                    continue
                default:
                    problems.append(KontorError(.badInput, "\(member.key) must be a string, found \(member.value.typeDescription)", at: where_))
                }
            }
            if let entry = entry(values, aliases: aliases, at: position, problems: &problems) { result.append(entry) }
        }
        return result
    }

    /// Builds and checks one vendor from its field texts.
    func entry(_ values: [String: (String, SourcePosition)], aliases: [String], at position: SourcePosition,
               problems: inout [KontorError]) -> VendorFileEntry? {
        guard let (name, _) = values["name"] else {
            problems.append(KontorError(.badInput, "the vendor has no name", hint: "every vendor needs a name", at: position))
            return nil
        }
        var profile = VendorProfile(name: name, aliases: aliases, position: position)
        profile.taxID = values["tax_id"]?.0
        profile.address = values["address"]?.0
        let before = problems.count
        if let (text, at) = values["iban"] {
            switch IBAN.parse(text) {
            case .success(let iban): profile.iban = iban
            case .failure(let problem):
                problems.append(KontorError(.badInput, "'\(text)' is not a valid IBAN: \(problem)",
                                            hint: "copy the IBAN from the vendor's invoice", at: at))
            }
        }
        if let (text, at) = values["bic"] {
            let bic = text.uppercased().filter { $0 != " " }
            if VendorFileReader.isBIC(bic) {
                profile.bic = bic
            } else {
                problems.append(KontorError(.badInput, "'\(text)' is not a BIC",
                                            hint: "a BIC has 8 or 11 letters and digits, such as COBADEFFXXX", at: at))
            }
        }
        if let (text, at) = values["email"] {
            if VendorFileReader.isEmail(text) {
                profile.email = text
            } else {
                problems.append(KontorError(.badInput, "'\(text)' is not an e-mail address",
                                            hint: "write an address such as billing@example.com", at: at))
            }
        }
        if let (text, at) = values["payment_terms"] {
            if let days = VendorFileReader.paymentDays(text) {
                profile.paymentTermsDays = days
            } else {
                problems.append(KontorError(.badInput, "'\(text)' is not a payment term",
                                            hint: "write the days until payment is due: 30, net 30 or 30 days (0 to 365)", at: at))
            }
        }
        guard problems.count == before else { return nil }
        return VendorFileEntry(profile: profile, categoryText: values["default_category"]?.0,
                               categoryPosition: values["default_category"]?.1)
    }

    /// Four letters (bank), two letters (country), two letters or digits (location), and
    /// optionally three letters or digits (branch).
    static func isBIC(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 8 || bytes.count == 11 else { return false }
        let letter = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A }
        let alphanumeric = { (byte: UInt8) in letter(byte) || (byte >= 0x30 && byte <= 0x39) }
        return bytes[0..<6].allSatisfy(letter) && bytes[6...].allSatisfy(alphanumeric)
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return false }
        return true
    }

    static func paymentDays(_ text: String) -> Int? {
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.first == "net" { words.removeFirst() }
        if words.count == 2, words[1] == "days" || words[1] == "day" { words.removeLast() }
        guard words.count == 1, let days = Int(words[0]), (0...365).contains(days) else { return nil }
        return days
    }
}
