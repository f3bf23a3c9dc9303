/// The formats Kontor recognizes in an inbox file. Expense CSV and JSON are read today;
/// the others are recognized so that a file is routed or rejected with a clear reason.
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    case expenseCSV = "expense-csv"
    case expenseJSON = "expense-json"
    case ofx
    case camt053 = "camt.053"
    case mt940
    case zip
    case gzip
    case unknown

    /// Whether a reader for the format exists yet.
    public var isReadable: Bool { self != .unknown && self != .zip && self != .gzip }
}
