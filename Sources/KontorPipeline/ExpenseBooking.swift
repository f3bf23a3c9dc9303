import Foundation
import KontorClassify
import KontorConfig
import KontorCore
import KontorRead
import KontorStore

/// Turns an expense record into a balanced ledger entry for one business: resolves the
/// category (creating a custom one on import when the business allows it), the vendor and
/// the payment account, splits out input tax, and gives the record a stable id.
///
/// Booking, for an expense of amount A with input tax T paid from account P:
/// category account +(A − T), input tax account +T, P −A. A negative amount (a refund)
/// books the same legs with opposite signs.
struct ExpenseBooking {
    let business: BusinessProfile
    private var resolver: CategoryResolver
    private var accounts: [CategoryKey: AccountPath]
    /// The categories' own tax rates (`tax_rate` in the catalog), used when a record
    /// states neither a tax amount nor a rate.
    private let categoryTaxRates: [CategoryKey: TaxRate]
    private var entries: [CategoryEntry]
    private let vendors = VendorNormalizer()
    private let recordIDVendors = VendorNormalizer(rules: .recordIDs)
    private let inputTax: AccountPath
    /// Logs repeat the same few vendor and category spellings on every row: normalizing
    /// each spelling once keeps classification off the hot path. Bounded, so memory stays
    /// flat on files with millions of distinct vendors.
    /// Per vendor name as written: the normalized vendor, and the key record ids use
    /// (``VendorNormalizer/Rules/recordIDs``).
    private var vendorCache: [String: (vendor: NormalizedVendor, recordKey: String)] = [:]
    private var categoryCache: [String: CategoryKey] = [:]
    private var paymentCache: [String: AccountPath] = [:]
    /// Declared vendors (master data): a log's vendor that is an alias is booked under
    /// the vendor it stands for. The record id keeps the vendor as written, so dedupe
    /// does not depend on master data.
    var directory = VendorDirectory()
    private static let cacheLimit = 50_000
    /// The custom categories this booking made from names written in the records, in the
    /// order they first appeared. The caller creates them in the ledger (an import, before
    /// the first entry that uses one) or only lists them (a dry run).
    private(set) var newCategories: [ImportedCategory] = []

    init(business: BusinessProfile, configuration: Configuration, imported: [ImportedCategory]) throws(KontorError) {
        self.business = business
        var accounts: [CategoryKey: AccountPath] = [:]
        var entries: [CategoryEntry] = []
        var rates: [CategoryKey: TaxRate] = [:]
        for category in configuration.categories(for: business.id) {
            accounts[category.key] = try ExpenseBooking.path(category.account, business: business)
            rates[category.key] = category.taxRate
            entries.append(CategoryEntry(key: category.key, name: category.name))
        }
        for category in imported where accounts[category.key] == nil {
            accounts[category.key] = category.account
            entries.append(CategoryEntry(key: category.key, name: category.name))
        }
        self.accounts = accounts
        self.categoryTaxRates = rates
        self.entries = entries
        resolver = CategoryResolver(entries)
        inputTax = try ExpenseBooking.path(business.inputTaxAccount, business: business)
    }

    /// How this business's expense logs are read.
    var readOptions: ExpenseReadOptions {
        ExpenseReadOptions(
            defaultCurrency: business.baseCurrency,
            decimalSeparator: business.importSettings.decimalSeparator,
            dateFormat: business.importSettings.dateFormat)
    }

    /// The entry for `record`. A category the business allows to be created on import is
    /// added to ``newCategories``.
    mutating func entry(for record: ExpenseRecord) throws(KontorError) -> ExpenseEntry {
        let category = try category(for: record)
        guard let categoryAccount = accounts[category] else {
            throw KontorError(.internal, "category \(category) has no account")
        }
        let (vendor, recordKey) = normalizedVendor(record.vendor)
        let (methodName, paymentAccount) = try payment(for: record)
        let tax = try inputTax(of: record, category: category)
        let net = Money(minorUnits: record.amount.minorUnits - tax.minorUnits, currency: record.amount.currency)
        var postings = [Posting(categoryAccount, net)]
        if !tax.isZero { postings.append(Posting(inputTax, tax)) }
        postings.append(Posting(paymentAccount, record.amount.negated))
        let id = record.externalID.map { "exp:id:\($0)" } ?? "exp:" + Fingerprint.hex(of: [
            record.date.description, record.amount.decimalString, record.amount.currency.code, recordKey,
            record.description, record.receiptReference ?? "",
        ])
        let transaction = try LedgerTransaction(
            date: record.date, description: record.description.isEmpty ? vendor.displayName : record.description,
            recordID: id, postings: postings)
        let declared = directory.isEmpty ? nil : directory.vendor(forKey: vendor.key)
        return ExpenseEntry(record: record, category: category, vendorName: declared?.name ?? vendor.displayName,
                            vendorKey: declared?.key ?? vendor.key,
                            paymentAccount: methodName,
                            taxAmount: tax.isZero && record.taxAmount == nil && record.taxRate == nil ? nil : tax,
                            transaction: transaction)
    }

    private mutating func normalizedVendor(_ name: String) -> (vendor: NormalizedVendor, recordKey: String) {
        if let cached = vendorCache[name] { return cached }
        let vendor = (vendors.normalize(name), recordIDVendors.normalize(name).key)
        if vendorCache.count < ExpenseBooking.cacheLimit { vendorCache[name] = vendor }
        return vendor
    }

    private mutating func category(for record: ExpenseRecord) throws(KontorError) -> CategoryKey {
        if let cached = categoryCache[record.category] { return cached }
        switch resolver.resolve(record.category) {
        case .found(let key):
            if categoryCache.count < ExpenseBooking.cacheLimit { categoryCache[record.category] = key }
            return key
        case .ambiguous(let candidates):
            var position = record.position
            position.field = "category"
            throw KontorError(.badInput, CategoryResolver.message(ambiguous: record.category, candidates: candidates),
                              hint: "write the full key of one of them (`kontor categories list` shows every key)", at: position)
        case .unknown(let suggestions):
            var position = record.position
            position.field = "category"
            guard business.importSettings.allowNewCategories else {
                let guess = suggestions.isEmpty ? "" : " — did you mean \(suggestions.map(\.rawValue).joined(separator: ", "))?"
                throw KontorError(.badInput, "unknown category '\(record.category)'\(guess)",
                                  hint: "use a category from `kontor categories list`, or add a custom category to pipelines/businesses/\(business.id).yaml",
                                  at: position)
            }
            let (key, account) = try ExpenseBooking.newCategory(named: record.category, at: position)
            if !newCategories.contains(where: { $0.key == key }) {
                newCategories.append(ImportedCategory(key: key, name: record.category, account: account))
            }
            accounts[key] = account
            entries.append(CategoryEntry(key: key, name: record.category))
            resolver = CategoryResolver(entries)
            return key
        }
    }

    /// A custom category made from a name written on import: key `pet-supplies`, account
    /// `Expenses:Other:Pet-Supplies`.
    static func newCategory(named name: String, at position: SourcePosition) throws(KontorError) -> (CategoryKey, AccountPath) {
        // Accents are folded first (Växter → vaxter), so non-English names keep their letters.
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let words = folded.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
        let key = words.joined(separator: "-")
        let component = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
        guard !key.isEmpty, key.count <= 64, let account = AccountPath("Expenses:Other:\(component)") else {
            throw KontorError(.badInput, "category '\(name)' cannot become a new category: it needs letters or digits (a-z, 0-9)",
                              hint: "write the category with ASCII letters and digits, or use one from `kontor categories list`",
                              at: position)
        }
        return (CategoryKey(key), account)
    }

    private mutating func payment(for record: ExpenseRecord) throws(KontorError) -> (String, AccountPath) {
        var position = record.position
        position.field = "payment_account"
        guard let method = record.paymentAccount ?? business.defaultPaymentMethod else {
            throw KontorError(.badInput, "no payment account given, and business \(business.id) has no default_payment_account",
                              hint: "fill the payment_account column, or set default_payment_account in pipelines/businesses/\(business.id).yaml",
                              at: position)
        }
        if let cached = paymentCache[method] { return (method, cached) }
        guard let account = business.paymentAccount(for: method) else {
            let known = business.paymentAccounts.keys.sorted().joined(separator: ", ")
            throw KontorError(.badInput, "unknown payment account '\(method)'",
                              hint: "use one of: \(known), or add it under payment_accounts in pipelines/businesses/\(business.id).yaml",
                              at: position)
        }
        let path = try ExpenseBooking.path(account, business: business)
        paymentCache[method] = path
        return (method, path)
    }

    /// The input tax inside the amount: as stated, or computed from the record's rate, or
    /// else from the category's `tax_rate` (amount × rate / (100 + rate), rounded half-up
    /// to the currency's minor unit).
    private func inputTax(of record: ExpenseRecord, category: CategoryKey) throws(KontorError) -> Money {
        var position = record.position
        position.field = "tax_amount"
        if let tax = record.taxAmount {
            guard tax.currency == record.amount.currency else {
                throw KontorError(.badInput, "the tax is in \(tax.currency) but the amount in \(record.amount.currency)",
                                  hint: "write the tax in the currency of the amount", at: position)
            }
            guard tax.minorUnits.magnitude <= record.amount.minorUnits.magnitude,
                  tax.isZero || record.amount.isNegative == tax.isNegative else {
                throw KontorError(.badInput, "the tax \(tax.decimalString) is larger than the amount \(record.amount.decimalString) or has the other sign",
                                  hint: "tax_amount is the tax included in amount", at: position)
            }
            return tax
        }
        guard let rate = record.taxRate ?? categoryTaxRates[category], rate.millipercent > 0 else {
            return .zero(record.amount.currency)
        }
        return ExpenseBooking.includedTax(in: record.amount, rate: rate)
    }

    /// Tax included in a gross amount at `rate`, half-up (ties away from zero).
    static func includedTax(in gross: Money, rate: TaxRate) -> Money {
        let numerator = Int128(gross.minorUnits.magnitude) * Int128(rate.millipercent)
        let denominator = Int128(100_000 + rate.millipercent)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let rounded = Int64(quotient + (remainder * 2 >= denominator ? 1 : 0))
        return Money(minorUnits: gross.isNegative ? -rounded : rounded, currency: gross.currency)
    }

    static func path(_ name: AccountName, business: BusinessProfile) throws(KontorError) -> AccountPath {
        guard let path = AccountPath(name.rawValue) else {
            throw KontorError(.config, "account '\(name)' of business \(business.id) is not a valid ledger account name")
        }
        return path
    }
}
