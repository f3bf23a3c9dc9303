import KontorCore

/// How an expense log is written, as far as the reader cannot tell by itself. Everything
/// left nil is detected.
public struct ExpenseReadOptions: Sendable, Hashable {
    /// The currency of amounts when the log has no currency column or leaves it empty:
    /// the business's base currency.
    public var defaultCurrency: CurrencyCode
    /// The CSV field separator; nil detects it from the header line.
    public var delimiter: CSVDelimiter?
    /// The decimal separator of amounts in CSV; nil detects it from the first rows.
    public var decimalSeparator: DecimalSeparator?
    /// The date format; nil accepts `YYYY-MM-DD` and `DD.MM.YYYY` but refuses slashed
    /// dates, which are ambiguous.
    public var dateFormat: DateFormat?
    /// Caps for the CSV tokenizer.
    public var csvLimits: CSVLimits
    /// The largest JSON document the JSON reader accepts, in bytes. Default 64 MiB.
    public var maximumJSONBytes: Int

    public init(defaultCurrency: CurrencyCode, delimiter: CSVDelimiter? = nil, decimalSeparator: DecimalSeparator? = nil,
                dateFormat: DateFormat? = nil, csvLimits: CSVLimits = .default, maximumJSONBytes: Int = 64 << 20) {
        self.defaultCurrency = defaultCurrency
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.dateFormat = dateFormat
        self.csvLimits = csvLimits
        self.maximumJSONBytes = maximumJSONBytes
    }
}
