import KontorCore

/// Reads a clients file (`inbox/<b>/clients/*.json|yaml`): `{"clients": [ … ]}`. Schema:
/// `kontor schema clients`. All or nothing: one bad client rejects the file.
public struct ClientFileReader: Sendable {
    public init() {}

    static let clientKeys = ["id", "name", "address", "tax_id", "legal_id", "email", "phone", "language",
                             "payment_terms_days", "peppol_id", "buyer_reference"]
    static let addressKeys = ["street", "additional_street", "city", "postal_code", "country"]

    public func clients(from text: String) throws(KontorError) -> [Client] {
        let root = try DocumentNode.root(of: text)
        let top = try DocumentMapping(root, what: "a clients file", allowed: ["clients"])
        var clients: [Client] = []
        var seen: Set<String> = []
        for node in try top.required("clients", expected: "a list of clients").sequence(of: "clients") {
            let client = try ClientFileReader.client(node)
            guard seen.insert(client.id).inserted else {
                throw node.error("client '\(client.id)' appears twice in this file", hint: "keep one entry per client id")
            }
            clients.append(client)
        }
        return clients
    }

    static func client(_ node: DocumentNode) throws(KontorError) -> Client {
        let fields = try DocumentMapping(node, what: "a client", allowed: clientKeys)
        let idNode = try fields.required("id", expected: "the client's key, such as globex")
        let id = try idNode.nonEmptyString(expected: "a client key")
        guard Client.isValidID(id) else {
            throw idNode.error("client id '\(id)' may only hold lower-case letters, digits, '-', '_' and '.'", hint: "for example globex or acme-gmbh")
        }
        let name = try fields.required("name", expected: "the client's legal name").nonEmptyString()
        let address = try postalAddress(try fields.required("address", expected: "the postal address with at least country"))
        var party = Party(name: name, address: address)
        party.vatID = try fields.optionalString("tax_id")
        party.legalID = try fields.optionalString("legal_id")
        party.email = try fields.optionalString("email")
        if let email = party.email, !email.contains("@") {
            throw fields.optional("email")!.error("email '\(email)' is not an e-mail address", hint: "write it as name@example.com")
        }
        party.phone = try fields.optionalString("phone")
        if let node = fields.optional("peppol_id") {
            let text = try node.nonEmptyString()
            guard let endpoint = ElectronicAddress(text) else {
                throw node.error("peppol_id '\(text)' is not a Peppol participant id", hint: "write SCHEME:ID with the 4-digit EAS scheme, e.g. 0088:4012345000009 or 9930:DE123456789")
            }
            party.endpoint = endpoint
        }
        var client = Client(id: id, party: party)
        if let node = fields.optional("language") {
            let text = try node.nonEmptyString()
            guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
                throw node.error("language '\(text)' is not an ISO 639-1 code", hint: "write two lower-case letters such as de, en or sv")
            }
            client.language = text
        }
        client.paymentTermsDays = try fields.optional("payment_terms_days").map { node throws(KontorError) in Int(try node.integer(in: 0...3650)) }
        client.buyerReference = try fields.optionalString("buyer_reference")
        return client
    }

    static func postalAddress(_ node: DocumentNode) throws(KontorError) -> PostalAddress {
        let fields = try DocumentMapping(node, what: "an address", allowed: addressKeys)
        let countryNode = try fields.required("country", expected: "the ISO 3166-1 alpha-2 country code, such as DE")
        let country = try countryNode.nonEmptyString()
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw countryNode.error("country '\(country)' is not an ISO 3166-1 alpha-2 code", hint: "write two capital letters such as DE, SE or US")
        }
        return PostalAddress(street: try fields.optionalString("street"), additionalStreet: try fields.optionalString("additional_street"),
                             city: try fields.optionalString("city"), postalCode: try fields.optionalString("postal_code"), country: country)
    }
}
