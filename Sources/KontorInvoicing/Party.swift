import KontorCore

/// A postal address as EN 16931 has it (BG-5 / BG-8).
public struct PostalAddress: Hashable, Sendable, Codable {
    public var street: String?
    public var additionalStreet: String?
    public var city: String?
    public var postalCode: String?
    /// ISO 3166-1 alpha-2 country code (`DE`).
    public var country: String

    public init(street: String? = nil, additionalStreet: String? = nil, city: String? = nil, postalCode: String? = nil, country: String) {
        self.street = street
        self.additionalStreet = additionalStreet
        self.city = city
        self.postalCode = postalCode
        self.country = country
    }

    /// The address as printed lines: street, extra line, postal code + city, country.
    public var lines: [String] {
        var lines: [String] = []
        if let street { lines.append(street) }
        if let additionalStreet { lines.append(additionalStreet) }
        let place = [postalCode, city].compactMap { $0 }.joined(separator: " ")
        if !place.isEmpty { lines.append(place) }
        lines.append(country)
        return lines
    }
}

/// A Peppol electronic address (BT-34 / BT-49): an EAS scheme code and the identifier.
public struct ElectronicAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public var scheme: String
    public var identifier: String

    public init(scheme: String, identifier: String) {
        self.scheme = scheme
        self.identifier = identifier
    }

    /// Parses `9930:DE123456789` (scheme, colon, identifier).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isNumber), !parts[1].isEmpty else { return nil }
        scheme = String(parts[0])
        identifier = String(parts[1])
    }

    public var description: String { "\(scheme):\(identifier)" }

    /// The Peppol EAS scheme of a VAT number, by the country prefix of the number, for
    /// the countries whose VAT scheme Kontor knows. Used when a party states no endpoint.
    static let vatSchemes: [String: String] = [
        "AT": "9914", "BE": "9925", "DE": "9930", "ES": "9920", "FR": "9957", "NL": "9944",
    ]

    /// The electronic address derived from a VAT number (`DE123456789` → `9930:DE123456789`).
    public static func fromVAT(_ vat: String) -> ElectronicAddress? {
        guard let scheme = vatSchemes[String(vat.prefix(2)).uppercased()] else { return nil }
        return ElectronicAddress(scheme: scheme, identifier: vat)
    }
}

/// A seller or buyer as printed on an invoice: a snapshot, so later changes to the
/// client's master data never change an issued invoice.
public struct Party: Hashable, Sendable, Codable {
    public var name: String
    public var address: PostalAddress
    /// The VAT identifier (BT-31 / BT-48).
    public var vatID: String?
    /// A legal registration id (BT-30 / BT-47), e.g. a commercial register number.
    public var legalID: String?
    public var email: String?
    public var phone: String?
    public var endpoint: ElectronicAddress?
    /// The contact point (BT-41), a person or department.
    public var contactName: String?

    public init(name: String, address: PostalAddress, vatID: String? = nil, legalID: String? = nil,
                email: String? = nil, phone: String? = nil, endpoint: ElectronicAddress? = nil, contactName: String? = nil) {
        self.name = name
        self.address = address
        self.vatID = vatID
        self.legalID = legalID
        self.email = email
        self.phone = phone
        self.endpoint = endpoint
        self.contactName = contactName
    }

    /// The stated endpoint, else one derived from the VAT number.
    public var electronicAddress: ElectronicAddress? { endpoint ?? vatID.flatMap(ElectronicAddress.fromVAT) }
}
