/// A field of an expense log, with the column names and JSON keys that mean it.
public enum ExpenseField: String, Sendable, CaseIterable, Hashable {
    case date
    case amount
    case currency
    case vendor
    case category
    case description
    case paymentAccount = "payment_account"
    case receipt
    case taxAmount = "tax_amount"
    case taxRate = "tax_rate"
    case id
    /// The user (of pipelines/users.yaml) who submitted the expense: segregation of duties.
    case submittedBy = "submitted_by"

    /// The canonical name: the snake_case JSON key and the documented CSV column.
    public var name: String { rawValue }

    /// The field's place in ``allCases``: a cheap array index (the raw-value hash of a
    /// String enum is slow on the per-row path).
    var index: Int {
        switch self {
        case .date: 0
        case .amount: 1
        case .currency: 2
        case .vendor: 3
        case .category: 4
        case .description: 5
        case .paymentAccount: 6
        case .receipt: 7
        case .taxAmount: 8
        case .taxRate: 9
        case .id: 10
        case .submittedBy: 11
        }
    }

    /// Fields every expense must have.
    public static let required: [ExpenseField] = [.date, .amount, .vendor, .category]

    /// Other names accepted for the column, as written in the docs.
    public var aliases: [String] {
        switch self {
        case .date: ["booking date", "datum"]
        case .amount: ["betrag", "total"]
        case .currency: []
        case .vendor: ["payee", "merchant", "supplier"]
        case .category: []
        case .description: ["memo", "note", "notes"]
        case .paymentAccount: ["paid with", "account", "payment method"]
        case .receipt: ["receipt_reference", "receipt ref", "receipt no"]
        case .taxAmount: ["vat", "vat amount", "tax"]
        case .taxRate: ["vat rate"]
        case .id: ["external id", "reference"]
        case .submittedBy: ["submitter", "submitted by"]
        }
    }

    /// The field a column header names: case-insensitive, ignoring spaces, underscores
    /// and hyphens (`Booking-Date`, `booking_date` and `BOOKING DATE` all mean date).
    public init?(header: some StringProtocol) {
        let key = ExpenseField.matchKey(header)
        guard let field = ExpenseField.byKey[key] else { return nil }
        self = field
    }

    static func matchKey(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter {
            $0 != " " && $0 != "_" && $0 != "-" && $0 != "\t" && $0 != "\u{A0}"
        }))
    }

    private static let byKey: [String: ExpenseField] = {
        var table: [String: ExpenseField] = [:]
        for field in ExpenseField.allCases {
            for name in [field.rawValue] + field.aliases { table[matchKey(name)] = field }
        }
        return table
    }()
}
