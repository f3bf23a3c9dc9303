import KontorCore
import Yams

extension ConfigNode {
    /// An amount in `currency` — `5000`, `5000.00`, `"5_000"` (no sign) — or, when
    /// `allowsCurrency`, in the currency written after it: `"2200 USD"`.
    func amount(in currency: CurrencyCode, allowsCurrency: Bool = false) throws(KontorError) -> Money {
        var text = try nonEmptyString(expected: "an amount such as 5000.00").filter { $0 != "_" }
        var currency = currency
        let parts = text.split(separator: " ")
        if allowsCurrency, parts.count == 2 {
            guard let code = CurrencyCode(String(parts[1])) else {
                throw error("\(label) '\(text)': '\(parts[1])' is not an ISO 4217 currency code", hint: "write e.g. 2200 USD")
            }
            currency = code
            text = String(parts[0])
        }
        guard let money = try? Money.parse(text, currency: currency), !money.isNegative else {
            throw error("\(label) '\(text)' is not an amount in \(currency)",
                        hint: "write a positive decimal amount with '.' as the decimal point, such as 5000 or 5000.00")
        }
        return money
    }

    /// A date written `YYYY-MM-DD`.
    func date() throws(KontorError) -> LocalDate {
        let text = try nonEmptyString(expected: "a date YYYY-MM-DD")
        guard let date = LocalDate(iso: text) else {
            throw error("\(label) '\(text)' is not a date", hint: "write the date as YYYY-MM-DD, such as 2026-12-01")
        }
        return date
    }

    func userID() throws(KontorError) -> UserID {
        let text = try nonEmptyString(expected: "a user id")
        guard let id = UserID(text) else {
            throw error("\(label) '\(text)' is not a user id",
                        hint: "user ids use lower-case letters, digits, '.', '-' and '_' (at most 64), such as anna or j.smith")
        }
        return id
    }

    /// The keys and scalar values of a mapping, in file order.
    func entries(of what: String) throws(KontorError) -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else {
            throw error("\(label) must be a mapping of \(what), found \(kindDescription)",
                        hint: "write one '\(what): value' per line, indented under '\(path):'")
        }
        var result: [(String, ConfigNode)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw ConfigNode(node: keyNode, file: file, path: path).error("keys in \(label) must be plain names")
            }
            result.append((scalar.string, child(value, key: scalar.string)))
        }
        return result
    }
}
