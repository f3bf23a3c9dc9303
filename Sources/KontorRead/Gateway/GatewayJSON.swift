import KontorCore

/// A JSON object of a gateway document with its path (`data[3].source`), so that every
/// error names where the value is and what was expected there.
struct GatewayJSON {
    let node: JSONNode
    let path: String
    let fileName: String

    /// The largest gateway JSON document accepted: an API list page is at most 100 objects
    /// and a webhook event one object, far below this.
    static let maximumBytes = 16 << 20

    /// Parses a whole document; the top level must be an object.
    static func document(_ source: inout some ByteSource, fileName: String, what: String) throws(KontorError) -> GatewayJSON {
        let node: JSONNode
        do { node = try JSONParser.parse(&source, maximumBytes: maximumBytes) } catch { throw error.inFile(fileName) }
        guard node.members != nil else {
            throw KontorError(.badInput, "the document is \(node.typeDescription), not \(what)",
                              hint: "drop the JSON exactly as the gateway sent or exported it",
                              at: SourcePosition(file: fileName, line: node.line, column: node.column))
        }
        return GatewayJSON(node: node, path: "", fileName: fileName)
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var position: SourcePosition {
        SourcePosition(file: fileName, line: node.line, column: node.column, path: path.isEmpty ? nil : path)
    }

    func position(of key: String) -> SourcePosition {
        guard let value = node[key] else { return position }
        return SourcePosition(file: fileName, line: value.line, column: value.column, path: childPath(key))
    }

    func error(_ key: String, _ message: String, hint: String) -> KontorError {
        KontorError(.badInput, message, hint: hint, at: position(of: key))
    }

    /// A string member; nil when absent or null.
    func string(_ key: String) throws(KontorError) -> String? {
        guard let value = node[key] else { return nil }
        switch value.kind {
        case .null: return nil
        case .string(let text): return text
        default:
            throw error(key, "\(childPath(key)) is \(value.typeDescription), expected a string",
                        hint: "the gateway writes \(key) as a string; was the file edited?")
        }
    }

    func requiredString(_ key: String) throws(KontorError) -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw error(key, "\(childPath(key)) is missing", hint: "the gateway always sends \(key); was the file cut short or edited?")
        }
        return text
    }

    /// An integer member (Stripe amounts and Unix times); nil when absent or null.
    func integer(_ key: String) throws(KontorError) -> Int64? {
        guard let value = node[key] else { return nil }
        switch value.kind {
        case .null: return nil
        case .number(let literal):
            guard let number = Int64(literal), number.magnitude <= UInt64(Money.maximumMinorUnits) else {
                throw error(key, "\(childPath(key)) is \(literal), expected a whole number",
                            hint: "Stripe writes amounts as integers in the currency's smallest unit")
            }
            return number
        default:
            throw error(key, "\(childPath(key)) is \(value.typeDescription), expected a whole number",
                        hint: "Stripe writes amounts as integers in the currency's smallest unit")
        }
    }

    func requiredInteger(_ key: String) throws(KontorError) -> Int64 {
        guard let number = try integer(key) else {
            throw error(key, "\(childPath(key)) is missing", hint: "the gateway always sends \(key); was the file cut short or edited?")
        }
        return number
    }

    /// An object member; nil when absent, null, or (for expandable Stripe fields) an id string.
    func object(_ key: String) -> GatewayJSON? {
        guard let value = node[key], value.members != nil else { return nil }
        return GatewayJSON(node: value, path: childPath(key), fileName: fileName)
    }

    /// The objects of an array member; nil when absent or null.
    func objects(_ key: String) throws(KontorError) -> [GatewayJSON]? {
        guard let value = node[key] else { return nil }
        if case .null = value.kind { return nil }
        return try GatewayJSON.objects(in: value, path: childPath(key), fileName: fileName)
    }

    /// The objects of an array node; every element must be an object.
    static func objects(in array: JSONNode, path: String, fileName: String) throws(KontorError) -> [GatewayJSON] {
        guard let items = array.elements else {
            throw KontorError(.badInput, "\(path.isEmpty ? "the document" : path) is \(array.typeDescription), expected an array",
                              hint: "the gateway writes this as an array; was the file edited?",
                              at: SourcePosition(file: fileName, line: array.line, column: array.column, path: path.isEmpty ? nil : path))
        }
        var result: [GatewayJSON] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard item.members != nil else {
                throw KontorError(.badInput, "\(itemPath) is \(item.typeDescription), expected an object",
                                  hint: "the gateway writes each entry as an object",
                                  at: SourcePosition(file: fileName, line: item.line, column: item.column, path: itemPath))
            }
            result.append(GatewayJSON(node: item, path: itemPath, fileName: fileName))
        }
        return result
    }

    /// The id of an expandable field: the string itself, or the `id` of the expanded object.
    func reference(_ key: String) throws(KontorError) -> String? {
        if let expanded = object(key) { return try expanded.string("id") }
        return try string(key)
    }

    /// A currency written as a code in any case (`usd`, `EUR`).
    func currency(_ key: String) throws(KontorError) -> CurrencyCode {
        let text = try requiredString(key)
        guard let code = CurrencyCode(text.uppercased()) else {
            throw error(key, "\(childPath(key)) '\(text)' is not an ISO 4217 currency Kontor knows",
                        hint: "the gateway writes a three-letter currency code such as usd or EUR")
        }
        return code
    }

    /// The UTC date of a Unix time member.
    func unixDate(_ key: String) throws(KontorError) -> LocalDate? {
        guard let seconds = try integer(key) else { return nil }
        guard seconds >= -62_135_596_800, seconds <= 253_402_300_799 else {
            throw error(key, "\(childPath(key)) \(seconds) is not a time between the years 1 and 9999",
                        hint: "Stripe writes times as Unix seconds, e.g. 1788253200")
        }
        return LocalDate(daysSinceEpoch: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }
}
