import KontorCore

/// A VAT category of EN 16931 (UNCL 5305 subset): BT-151 on lines, BT-118 in the breakdown.
public enum TaxCategory: String, Hashable, Sendable, Codable, CaseIterable {
    /// Standard rate.
    case standard = "S"
    /// Zero rated goods.
    case zeroRated = "Z"
    /// Exempt from tax.
    case exempt = "E"
    /// VAT reverse charge.
    case reverseCharge = "AE"
    /// Intra-community supply (VAT exempt for EEA intra-community supply).
    case intraCommunity = "K"
    /// Free export item, tax not charged.
    case export = "G"
    /// Services outside the scope of tax.
    case outsideScope = "O"

    /// Whether the category carries a positive rate (only S); all others are 0 % (O has none).
    public var hasPositiveRate: Bool { self == .standard }

    /// Categories whose breakdown must give an exemption reason (BR-E-10, BR-AE-10,
    /// BR-IC-10, BR-G-10, BR-O-10).
    public var needsExemptionReason: Bool {
        switch self {
        case .standard, .zeroRated: false
        case .exempt, .reverseCharge, .intraCommunity, .export, .outsideScope: true
        }
    }

    /// The exemption reason code (VATEX) and text used when a request gives none. Exempt
    /// supplies have no default: the law that exempts them differs.
    public var defaultExemption: (code: String, text: String)? {
        switch self {
        case .reverseCharge: ("VATEX-EU-AE", "Reverse charge")
        case .intraCommunity: ("VATEX-EU-IC", "Intra-Community supply")
        case .export: ("VATEX-EU-G", "Export outside the EU")
        case .outsideScope: ("VATEX-EU-O", "Not subject to VAT")
        case .standard, .zeroRated, .exempt: nil
        }
    }

    /// `S standard rate` for messages.
    public var label: String {
        switch self {
        case .standard: "S (standard rate)"
        case .zeroRated: "Z (zero rated)"
        case .exempt: "E (exempt)"
        case .reverseCharge: "AE (reverse charge)"
        case .intraCommunity: "K (intra-community supply)"
        case .export: "G (export outside the EU)"
        case .outsideScope: "O (outside the scope of VAT)"
        }
    }
}
