import KontorCore
import KontorStore

/// What importing one file would post, as a dry run found it (`kontor read`): the detected
/// format, and either its statements with their booked lines or its booked expenses.
///
/// A value for any front end: the CLI prints it as a table or as ``json``, whose layout
/// ``FilePreview/jsonSchema`` describes.
public struct FilePreview: Equatable, Sendable {
    /// One statement: what the file says about it, what its lines add up to, and each line
    /// as it would be booked.
    public struct Statement: Hashable, Sendable {
        public var summary: StatementSummary
        public var lines: [BankEntry]
    }

    /// One expense as it would be booked; `newCategory` when its category does not exist
    /// yet and the import would create it.
    public struct Expense: Hashable, Sendable {
        public var entry: ExpenseEntry
        public var newCategory: Bool
    }

    /// The file's name (the last component of the path it was read from).
    public var file: String
    public var business: BusinessID
    /// The inbox channel the file was read as (`bank`, `gateway`, `expenses`).
    public var channel: Channel
    /// The format name receipts show (`camt.053`, `csv:dkb`, `stripe-csv`, `expense-csv`).
    public var format: String
    public var statements: [Statement] = []
    public var expenses: [Expense] = []
    /// Categories the import would create (the business allows new categories on import).
    public var newCategories: [ImportedCategory] = []
}
