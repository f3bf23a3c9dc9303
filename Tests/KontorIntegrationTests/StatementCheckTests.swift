import KontorCore
@testable import KontorPipeline
import Testing

/// A statement of many maximal amounts is an input error, never a 64-bit overflow when
/// the opening balance is added to the lines' sum.
@Suite struct StatementCheckTests {
    @Test func aSumOfManyHugeLinesIsRejected() throws {
        var check = StatementCheck(header: StatementHeader(position: SourcePosition(line: 1), account: "DE1", currency: .EUR))
        let date = try #require(LocalDate(year: 2026, month: 11, day: 2))
        let huge = Money(minorUnits: Money.maximumMinorUnits - 1, currency: .EUR)
        var rejectedAt: Int?
        for index in 1...1_100 {
            do {
                try check.add(BankTransaction(position: SourcePosition(line: index + 1), date: date, amount: huge))
            } catch {
                rejectedAt = index
                #expect(error.message == "the statement's amounts are too large to add up")
                break
            }
        }
        #expect(rejectedAt == 1_001)
    }
}
