import KontorCore

/// The period a package covers, both days included; written as `period` in its manifest.
public struct PackagePeriod: Hashable, Sendable {
    public let from: LocalDate
    public let to: LocalDate

    /// Returns nil when `to` lies before `from`.
    public init?(from: LocalDate, to: LocalDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
    }

    /// `{"from": "2026-09-01", "to": "2026-09-30"}`.
    public var json: JSONValue {
        ["from": .string(from.description), "to": .string(to.description)]
    }
}
