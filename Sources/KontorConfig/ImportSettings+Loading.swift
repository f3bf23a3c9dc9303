import KontorCore

extension ImportSettings {
    static func parse(_ node: ConfigNode) throws(KontorError) -> ImportSettings {
        let mapping = try ConfigMapping(node, what: "the import settings",
                                        allowed: ["allow_new_categories", "decimal_separator", "date_format"])
        var settings = ImportSettings()
        if let value = mapping.optional("allow_new_categories") {
            settings.allowNewCategories = try value.bool()
        }
        if let value = mapping.optional("decimal_separator") {
            let text = try value.string(expected: "\".\" or \",\"")
            guard let separator = DecimalSeparator(rawValue: text) else {
                throw value.error("\(value.label) must be \".\" or \",\", found '\(text)'",
                                  hint: "quote it: decimal_separator: \",\"")
            }
            settings.decimalSeparator = separator
        }
        if let value = mapping.optional("date_format") {
            let formats = DateFormat.allCases.map(\.rawValue)
            let text = try value.nonEmptyString(expected: "one of \(formats.joined(separator: ", "))")
            guard let format = DateFormat(rawValue: text) else {
                let suggestion = Suggestion.closest(to: text, among: formats).map { "did you mean \($0)? " } ?? ""
                throw value.error("\(value.label) '\(text)' is not a supported date format",
                                  hint: suggestion + "supported: \(formats.joined(separator: ", "))")
            }
            settings.dateFormat = format
        }
        return settings
    }
}
