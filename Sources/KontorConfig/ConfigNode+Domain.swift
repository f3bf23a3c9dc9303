import KontorCore

extension ConfigNode {
    /// A beancount-style account name (`Assets:Bank:Checking`).
    func accountName() throws(KontorError) -> AccountName {
        let text = try nonEmptyString(expected: "an account name such as Assets:Bank:Checking")
        switch AccountName.parse(text) {
        case .success(let name): return name
        case .failure(let problem):
            var hint = "account names look like Assets:Bank:Checking or Expenses:Office:Software"
            if case .unknownRoot(let root) = problem,
               let root = Suggestion.closest(to: root, among: AccountType.allCases.map(\.rawValue)) {
                hint = "did you mean '\(root)'? " + hint
            }
            throw error("\(label) '\(text)' is not an account name: \(problem)", hint: hint)
        }
    }

    /// An ISO 4217 currency code.
    func currencyCode() throws(KontorError) -> CurrencyCode {
        let text = try nonEmptyString(expected: "an ISO 4217 currency code such as EUR")
        if let code = CurrencyCode(text) { return code }
        if let code = CurrencyCode(text.uppercased()) {
            throw error("\(label) '\(text)' must be written in capitals", hint: "write \(code)")
        }
        let suggestion = Suggestion.closest(to: text, among: CurrencyCode.all.map(\.code))
        throw error("\(label) '\(text)' is not an ISO 4217 currency code" + (suggestion.map { " — did you mean \($0)?" } ?? ""),
                    hint: "use a three-letter ISO 4217 code such as EUR, USD, SEK or CHF")
    }

    /// A tax rate in percent: `19`, `7.7`, `19%`.
    func taxRate() throws(KontorError) -> TaxRate {
        let text = try nonEmptyString(expected: "a tax rate in percent")
        guard let rate = TaxRate(percentText: text) else {
            throw error("\(label) '\(text)' is not a tax rate", hint: "write a percentage between 0 and 100 with at most three decimals, such as 19 or 7.7")
        }
        return rate
    }
}
