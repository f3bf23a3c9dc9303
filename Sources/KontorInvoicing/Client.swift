import KontorCore

/// A client of the business (master data from `inbox/<b>/clients/`).
public struct Client: Hashable, Sendable, Codable {
    /// The key requests use to name the client (`globex`): lower-case letters, digits, `-`, `_`, `.`.
    public var id: String
    public var party: Party
    /// Preferred language (ISO 639-1, `de`), for documents and reminders.
    public var language: String?
    /// Days from issue to due date when a request states neither due date nor terms.
    public var paymentTermsDays: Int?
    /// The buyer reference (BT-10) used when a request gives none.
    public var buyerReference: String?

    public init(id: String, party: Party, language: String? = nil, paymentTermsDays: Int? = nil, buyerReference: String? = nil) {
        self.id = id
        self.party = party
        self.language = language
        self.paymentTermsDays = paymentTermsDays
        self.buyerReference = buyerReference
    }

    public static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95 || byte == 46
        }
    }
}
