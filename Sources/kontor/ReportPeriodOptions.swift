import ArgumentParser
import KontorConfig
import KontorCore
import KontorReport

/// `--period` or `--from/--to`, shared by `kontor report` and the ledger exports.
struct ReportPeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The period: a month (2026-09), a calendar quarter (2026-Q3) or a fiscal year (2026).",
                               discussion: "A fiscal year is the one that starts in that year on the business's fiscal_year_start."))
    var period: String?
    @Option(help: "First day (YYYY-MM-DD), instead of --period.")
    var from: String?
    @Option(help: "Last day (YYYY-MM-DD), instead of --period.")
    var to: String?

    /// The period asked for; nil when none was given and `required` is false.
    func resolve(_ business: BusinessProfile, required: Bool) throws(KontorError) -> ReportPeriod? {
        if let period {
            guard from == nil, to == nil else {
                throw KontorError(.usage, "--period cannot be combined with --from/--to", hint: "give either --period or --from and --to")
            }
            return try ReportPeriod.parse(period, fiscalYearStart: (business.fiscalYearStart.month, business.fiscalYearStart.day))
        }
        guard from != nil || to != nil else {
            guard !required else {
                throw KontorError(.usage, "which period? give --period (2026-09, 2026-Q3, 2026) or --from and --to",
                                  hint: "for example --period 2026-Q3")
            }
            return nil
        }
        guard let fromText = from, let toText = to else {
            throw KontorError(.usage, "--from and --to go together", hint: "give both days, e.g. --from 2026-01-01 --to 2026-03-31")
        }
        let start = try ExpenseFilterOptions.date(fromText, option: "--from")
        let end = try ExpenseFilterOptions.date(toText, option: "--to")
        guard start <= end else {
            throw KontorError(.usage, "--from \(start) lies after --to \(end)", hint: "swap the two days")
        }
        return try ReportPeriod.range(from: start, to: end)
    }
}
