import ArgumentParser
import KontorConfig
import KontorCore
import KontorPublish
import KontorStore

struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments", abstract: "Incoming payments and their matching to invoices.",
        subcommands: [PaymentsUnmatchedCommand.self])
}

struct PaymentsUnmatchedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmatched",
        abstract: "List incoming payments waiting for review: they look like invoice payments but matched no invoice surely.",
        discussion: """
            Each waits on the unapplied-payments account. Resolve one with a correction file in
            inbox/<business>/corrections/ (CSV: payment,invoice,amount; see docs/file-formats.md).
            The same list is written to outbox/<business>/payments/unmatched.csv after every statement.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        Terminal.jsonErrors = format == .json
        let (workspace, _, business) = try global.resolve()
        let store = try global.openStore(workspace)
        let rows = try store.openPaymentReviews(business: business.id)
        func amount(_ row: PaymentReviewRow) -> String {
            CurrencyCode(row.currency).map { Money(minorUnits: row.amount, currency: $0).decimalString } ?? String(row.amount)
        }
        switch format {
        case .json:
            Terminal.print(JSONValue.object([
                "business": .string(business.id.rawValue),
                "payments": .array(rows.map { row in
                    ["payment": .int(row.transactionID), "date": .string(row.date), "amount": .string(amount(row)),
                     "currency": .string(row.currency), "payer": .optional(row.payer), "text": .optional(row.text),
                     "reason": .string(row.reason),
                     "candidates": .array(row.candidates.split(separator: " ").map { .string(String($0)) }),
                     "file": .optional(row.fileName)]
                }),
            ]).serialized().trimmingTrailingNewline())
        case .csv:
            var writer = CSVWriter()
            writer.header(["payment", "date", "amount", "currency", "payer", "text", "reason", "candidates", "file"])
            for row in rows {
                writer.row([.number(String(row.transactionID)), .text(row.date), .number(amount(row)), .text(row.currency),
                            row.payer.map(CSVWriter.Cell.text) ?? .empty, row.text.map(CSVWriter.Cell.text) ?? .empty, .text(row.reason),
                            .text(row.candidates), row.fileName.map(CSVWriter.Cell.text) ?? .empty])
            }
            Terminal.print(writer.output.trimmingTrailingNewline())
        case .table:
            var table = TextTable(headers: ["PAYMENT", "DATE", "AMOUNT", "PAYER", "TEXT", "CANDIDATES", "REASON"], rightAligned: [0, 2])
            table.rows = rows.map { row in
                [String(row.transactionID), row.date, "\(amount(row)) \(row.currency)", row.payer ?? "", row.text ?? "", row.candidates, row.reason]
            }
            Terminal.print(table.rendered + "\n\(rows.count) payment\(rows.count == 1 ? "" : "s") to review")
        }
    }
}
