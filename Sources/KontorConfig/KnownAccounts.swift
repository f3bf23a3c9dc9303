import KontorCore

/// The accounts a business may refer to: its chart of accounts and the accounts of the
/// categories it sees. Checks a reference and, when it fails, says which lists it was
/// looked up in.
struct KnownAccounts {
    let chart: Set<AccountName>
    let categoryAccounts: Set<AccountName>

    init(chart: [ChartAccount], categories: [CategoryDefinition]) {
        self.chart = Set(chart.map(\.name))
        self.categoryAccounts = Set(categories.map(\.account))
    }

    func check(_ account: AccountName, at node: ConfigNode, role: String) throws(KontorError) {
        guard !chart.contains(account), !categoryAccounts.contains(account) else { return }
        let names = (chart.union(categoryAccounts)).map(\.rawValue)
        let suggestion = Suggestion.closest(to: account.rawValue, among: names).map { "did you mean \($0)? " } ?? ""
        throw node.error("\(role) refers to \(account), which is neither in the chart of accounts ('accounts') nor the account of a category",
                         hint: suggestion + "add '- name: \(account)' to accounts")
    }
}
