import KontorCore
import Testing

@Suite struct LocalDateTests {
    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01", "2026-1-01", "2026/01/01"])
    func refusesDatesThatDoNotExist(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func acceptsLeapDays() {
        #expect(LocalDate(iso: "2028-02-29") != nil)
        #expect(LocalDate(iso: "2000-02-29") != nil)
        #expect(LocalDate(iso: "1900-02-29") == nil)
    }

    @Test func roundTripsThroughDaysSinceEpoch() throws {
        let epoch = try #require(LocalDate(iso: "1970-01-01"))
        #expect(epoch.daysSinceEpoch == 0)
        let date = try #require(LocalDate(iso: "2026-11-26"))
        #expect(date.daysSinceEpoch == 20_783)
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(date.adding(days: 36).description == "2027-01-01")
    }

    @Test func knowsTheWeekday() throws {
        #expect(try #require(LocalDate(iso: "2026-11-26")).isoWeekday == 4)
        #expect(try #require(LocalDate(iso: "1970-01-01")).isoWeekday == 4)
        #expect(try #require(LocalDate(iso: "2026-11-22")).isoWeekday == 7)
    }
}
