import KontorCore

/// The payment-gateway formats Kontor reads, told apart by content (a file's first bytes),
/// and the reader for each. ``FormatDetector`` routes the bank formats; a file in a
/// `gateway` inbox channel is routed with this.
public enum GatewayFormat: String, Sendable, Hashable, CaseIterable {
    /// A Stripe balance export (one row per balance transaction, keyed `txn_…`).
    case stripeCSV = "stripe-csv"
    /// A Stripe payments export (one row per charge, keyed `ch_…`): its own id family, so
    /// a balance export or events of the same charges match its lines by date and amount.
    case stripePaymentsCSV = "stripe-payments-csv"
    case stripeBalanceJSON = "stripe-balance-json"
    case stripeEvent = "stripe-event"
    case payPalCSV = "paypal-csv"
    case payPalEvent = "paypal-event"

    /// The format of a file whose first bytes (up to 64 KiB) are `prefix`, or nil.
    public static func detect(prefix: [UInt8]) -> GatewayFormat? {
        guard let text = FormatDetector.textPrefix(prefix.prefix(FormatDetector.prefixLength)) else { return nil }
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            let compact = String(trimmed.prefix(8192)).filter { !$0.isWhitespace }
            if compact.contains("\"event_type\":") && compact.contains("\"resource\":") { return .payPalEvent }
            if compact.contains("\"object\":\"event\"") || (compact.contains("\"type\":") && compact.contains("\"data\":{\"object\":")) {
                return .stripeEvent
            }
            if compact.contains("\"balance_transaction\"") || compact.contains("\"id\":\"txn_") { return .stripeBalanceJSON }
            return nil
        }
        let headerLine = String(trimmed.prefix { !$0.isNewline })
        let delimiter = CSVDelimiter.detect(headerLine: headerLine.utf8)
        let headers = headerLine.split(separator: delimiter.character, omittingEmptySubsequences: false)
            .map { String($0).trimming(" \"") }
        if StripeCSVColumns.matches(headers) { return StripeCSVColumns.isPaymentsExport(headers) ? .stripePaymentsCSV : .stripeCSV }
        if PayPalCSVColumns.language(of: headers) != nil,
           headers.contains(where: { ["transaction id", "id. de transacción", "transaktionscode", "numéro de transaction"]
               .contains(PayPalCSVColumns.normalized($0)) }) {
            return .payPalCSV
        }
        return nil
    }

    /// The reader for this format.
    public var reader: any StatementReader {
        switch self {
        case .stripeCSV, .stripePaymentsCSV: StripeCSVReader()
        case .stripeBalanceJSON: StripeBalanceJSONReader()
        case .stripeEvent: StripeEventReader()
        case .payPalCSV: PayPalCSVReader()
        case .payPalEvent: PayPalEventReader()
        }
    }
}
