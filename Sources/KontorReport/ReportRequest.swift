import KontorCore

/// What to report on: the period, an optional comparison, the basis, the currency and how
/// deep the account tree goes. Plus what the business profile says about tax.
public struct ReportRequest: Sendable {
    public enum Comparison: String, Sendable, CaseIterable {
        /// The period just before (previous month, quarter, year).
        case previous
        /// The same period one year earlier.
        case lastYear = "last-year"
    }

    public var period: ReportPeriod
    public var comparison: Comparison?
    public var basis: Basis
    /// Nil: the business's base currency.
    public var currency: CurrencyCode?
    /// Collapse accounts to this many components (root included); nil shows every level.
    public var depth: Int?
    public var businessName: String
    /// The business's input tax account (`input_tax_account`).
    public var inputTaxAccount: AccountPath
    /// Rates the business uses (category tax rates), tried first when a tax posting's rate
    /// must be derived from its amounts.
    public var knownRates: [TaxRate]
    /// How many vendors "top vendors" lists.
    public var topVendors = 10
    /// The vendors' payment terms from their master data, for the vendor report.
    public var paymentTerms: [VendorTerms] = []

    public init(period: ReportPeriod, comparison: Comparison? = nil, basis: Basis = .accrual, currency: CurrencyCode? = nil,
                depth: Int? = nil, businessName: String, inputTaxAccount: AccountPath, knownRates: [TaxRate] = []) {
        self.period = period
        self.comparison = comparison
        self.basis = basis
        self.currency = currency
        self.depth = depth
        self.businessName = businessName
        self.inputTaxAccount = inputTaxAccount
        self.knownRates = knownRates
    }

    var comparisonPeriod: ReportPeriod? {
        switch comparison {
        case .previous: period.previous
        case .lastYear: period.lastYear
        case nil: nil
        }
    }
}

/// A vendor's payment terms as its master data states them: its invoices are due `days`
/// after their date. The vendor report finds a payable document's vendor by this name or
/// an alias (letters and digits compared, case and punctuation ignored).
public struct VendorTerms: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var days: Int

    public init(name: String, aliases: [String] = [], days: Int) {
        self.name = name
        self.aliases = aliases
        self.days = days
    }
}
