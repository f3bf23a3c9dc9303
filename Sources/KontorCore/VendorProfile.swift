/// A vendor's master data, as a business declares it in `inbox/<b>/vendors/` (CSV or
/// JSON) and as the ledger keeps it.
public struct VendorProfile: Hashable, Sendable {
    /// The vendor's name as it should be shown (`Adobe Systems Software Ireland Ltd`).
    public var name: String
    /// Other names the vendor appears under on statements and in logs (`ADOBE *CREATIVE CLD`).
    public var aliases: [String]
    public var taxID: String?
    public var iban: IBAN?
    public var bic: String?
    public var email: String?
    public var address: String?
    /// Days until its invoices are due (`net 30` → 30).
    public var paymentTermsDays: Int?
    /// The category its bank lines get when no rule decides (evidence `vendor-default`).
    public var defaultCategory: CategoryKey?
    /// Where the vendor was declared (file and line or JSON path).
    public var position: SourcePosition

    public init(name: String, aliases: [String] = [], taxID: String? = nil, iban: IBAN? = nil, bic: String? = nil,
                email: String? = nil, address: String? = nil, paymentTermsDays: Int? = nil,
                defaultCategory: CategoryKey? = nil, position: SourcePosition = SourcePosition()) {
        self.name = name
        self.aliases = aliases
        self.taxID = taxID
        self.iban = iban
        self.bic = bic
        self.email = email
        self.address = address
        self.paymentTermsDays = paymentTermsDays
        self.defaultCategory = defaultCategory
        self.position = position
    }
}

/// One line of a corrections file: re-categorize the item with this id (as `kontor
/// expenses list` and `show` print it), and optionally give it another vendor.
public struct CorrectionRecord: Hashable, Sendable {
    public var itemID: Int64
    /// The category as written (resolved against the business's categories when applied).
    public var category: String
    public var vendor: String?
    /// The line of the file (columns: 1 id, 2 category, 3 vendor).
    public var position: SourcePosition

    public init(itemID: Int64, category: String, vendor: String?, position: SourcePosition) {
        self.itemID = itemID
        self.category = category
        self.vendor = vendor
        self.position = position
    }
}
