import KontorCore
import KontorReport
import Testing

/// Found by asking for reports at the edges of the calendar: a comparison before year 1
/// unwrapped a date that does not exist and trapped the process. Periods are now limited
/// to years whose comparison periods exist.
@Suite struct ReportPeriodEdgeTests {
    @Test(arguments: ["0001", "0001-01", "1900-Q1", "9999", "9999-12"])
    func periodsOutsideTheSupportedYearsAreUsageErrors(_ text: String) {
        #expect(throws: KontorError.self) { try ReportPeriod.parse(text) }
    }

    @Test func theEdgesOfTheSupportedYearsHaveComparisons() throws {
        let first = try ReportPeriod.parse("1901-01")
        #expect(first.previous.label == "1900-12" && first.lastYear.label == "1900-01")
        let year = try ReportPeriod.parse("1901")
        #expect(year.lastYear.from.description == "1900-01-01")
        let last = try ReportPeriod.parse("9998-Q4")
        #expect(last.previous.label == "9998-Q3")
    }

    @Test func rangesOutsideTheSupportedYearsAreUsageErrors() throws {
        let early = try #require(LocalDate(year: 1, month: 1, day: 1)), late = try #require(LocalDate(year: 1, month: 1, day: 5))
        #expect(throws: KontorError.self) { try ReportPeriod.range(from: early, to: late) }
        let wide = try ReportPeriod.range(from: try #require(LocalDate(year: 1901, month: 1, day: 1)),
                                          to: try #require(LocalDate(year: 9998, month: 12, day: 31)))
        // The period before a range that long starts before year 1: dates still print.
        #expect(wide.previous.from.description.hasPrefix("-"))
        #expect(wide.lastYear.from.description == "1900-01-01")
    }
}
