import KontorCore
import Testing

/// The literal prefilter only skips `regexec` when no match is possible: on every pattern
/// and text below, the prefiltered answer equals glibc's.
@Suite struct POSIXPatternTests {
    static let patterns = [
        "REWE", "(EDEKA|ALDI SUED)", "(^|[^A-Z])ALDI NORD([^A-Z]|$)", "^POS .*[0-9][0-9][0-9][0-9] KASSE [0-9]+$",
        "^SUMUP [*]", "AB?C", "AB+C", "A*BC", "X{2}YZ", "(ab)?cd", "ab|cd", "te\\.st", "\\bword", "[[:alpha:]]+ing",
        "[]x]yz", "(a|b)(c|d)", "Försäkring", "F.rs.kringar", "foo(bar)+baz", "^$", "a.c", "(AMAZON|AMZN) MKTP",
    ]
    static let texts = [
        "REWE Markt 123", "rewe", "EDEKA Center", "aldi sued filiale", "ALDI NORD", "XALDI NORDX", " ALDI NORD 7",
        "POS 12.03 1234 KASSE 7", "pos 1234 kasse 77", "SUMUP *Cafe", "sumup cafe", "AC", "ABC", "ABBC", "BC", "XXYZ",
        "XYZ", "cd", "abcd", "te.st", "teXst", "a word", "sword", "testing", "xyz", "]yz", "ac", "bd", "FÖRSÄKRING AB",
        "Forsakringar", "foobarbarbaz", "foobaz", "", "abc", "AMZN Mktp DE", "amazon mktp", "AMZN",
    ]

    @Test func prefilteredMatchingAgreesWithRegexec() throws {
        for source in Self.patterns {
            let pattern = try #require(POSIXPattern(source), "\(source) compiles")
            for text in Self.texts {
                #expect(pattern.matches(POSIXPattern.Subject(text)) == pattern.matches(text), "\(source) on '\(text)'")
            }
        }
    }

    @Test func namesAndAlternativesArePinnedDown() throws {
        #expect(try #require(POSIXPattern("REWE")).requiredTexts == ["rewe"])
        #expect(try #require(POSIXPattern("(EDEKA|ALDI SUED)")).requiredTexts == ["edeka", "aldi sued"])
        #expect(try #require(POSIXPattern("(^|[^A-Z])ALDI NORD([^A-Z]|$)")).requiredTexts == ["aldi nord"])
        #expect(try #require(POSIXPattern("^POS .*[0-9] KASSE [0-9]+$")).requiredTexts == [" kasse "])
        #expect(try #require(POSIXPattern("AB?C")).requiredTexts == ["a"] || POSIXPattern("AB?C")?.requiredTexts == ["c"])
        #expect(try #require(POSIXPattern("\\bword")).requiredTexts == ["word"])
        #expect(try #require(POSIXPattern("a.c|[xy]")).requiredTexts == nil)
        #expect(try #require(POSIXPattern("(ab)?")).requiredTexts == nil)
    }
}
