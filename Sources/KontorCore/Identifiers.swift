/// The id of a business in a workspace: lower-case letters, digits, `-` and `_`, starting
/// with a letter or digit, at most 64 characters. It names `inbox/<id>/`, `outbox/<id>/`
/// and `pipelines/businesses/<id>.yaml`, so it must be safe as a single path component.
public struct BusinessID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: some StringProtocol) {
        let value = String(text)
        guard BusinessID.isValid(value) else { return nil }
        rawValue = value
    }

    public static func isValid(_ value: String) -> Bool {
        guard let first = value.utf8.first, value.utf8.count <= 64,
              (first >= 97 && first <= 122) || (first >= 48 && first <= 57) else { return false }
        return value.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }
    }

    public var description: String { rawValue }
    public static func < (lhs: BusinessID, rhs: BusinessID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = BusinessID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a business id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The hex SHA-256 digest of a file's bytes: how Kontor recognizes a file it has seen.
public struct FileDigest: Hashable, Sendable, Codable, CustomStringConvertible {
    public let hex: String
    public init(hex: String) { self.hex = hex }
    public var description: String { hex }
    /// Stands for a file that was not hashed (it was refused by its size before being
    /// read); receipts show its `sha256` as null. No real content hashes to it.
    public static let notComputed = FileDigest(hex: String(repeating: "0", count: 64))
    /// Whether this is a real SHA-256, not ``notComputed``.
    public var isComputed: Bool { self != FileDigest.notComputed }
    public init(from decoder: any Decoder) throws { hex = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// A category's key in the catalog, a dotted path such as `office.software`.
public struct CategoryKey: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: CategoryKey, rhs: CategoryKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The parent key (`office` for `office.software`), nil for a top-level category.
    public var parent: CategoryKey? {
        guard let dot = rawValue.lastIndex(of: ".") else { return nil }
        return CategoryKey(String(rawValue[..<dot]))
    }

    /// True when `self` is `other` or lies below it.
    public func isWithin(_ other: CategoryKey) -> Bool {
        rawValue == other.rawValue || rawValue.hasPrefix(other.rawValue + ".")
    }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An inbox channel: the sub-folder of `inbox/<business>/` a file was dropped into.
public struct Channel: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let expenses = Channel("expenses")
    public static let bank = Channel("bank")
    public static let gateway = Channel("gateway")
    public static let invoices = Channel("invoices")
    public static let approvals = Channel("approvals")
    public static let vendors = Channel("vendors")
    public static let clients = Channel("clients")
    public static let requests = Channel("requests")
    public static let corrections = Channel("corrections")

    /// Every channel the design names, in the order DESIGN.md lists them.
    public static let all: [Channel] = [.expenses, .bank, .gateway, .invoices, .approvals, .vendors, .clients, .requests, .corrections]

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
