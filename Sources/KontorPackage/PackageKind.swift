/// What a package holds; written as `kind` in its manifest. A struct rather than an
/// enum so that later stages can add kinds without touching this module.
public struct PackageKind: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// A report package (`outbox/<b>/reports/`).
    public static let report = PackageKind("report")
    /// An issued invoice: PDF, HTML, JSON and UBL XML (`outbox/<b>/invoices/`).
    public static let invoice = PackageKind("invoice")
    /// A reminder batch (`outbox/<b>/reminders/`).
    public static let reminders = PackageKind("reminders")
    /// A vendor payment batch (`outbox/<b>/payments/`).
    public static let payments = PackageKind("payments")
}
