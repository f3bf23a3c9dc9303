import KontorCore
import Testing

@Suite struct IBANTests {
    @Test(arguments: ["DE89 3704 0044 0532 0130 00", "se4550000000058398257466", "GB82WEST12345698765432", "NL91ABNA0417164300"])
    func validIBANsParse(_ text: String) throws {
        guard case .success(let iban) = IBAN.parse(text) else {
            Issue.record("\(text) should be valid")
            return
        }
        #expect(!iban.rawValue.contains(" ") && iban.rawValue == iban.rawValue.uppercased())
    }

    @Test func wrongCheckDigitsLengthAndShapeAreRefused() {
        #expect(IBAN.parse("DE89370400440532013001") == .failure(.checkDigits))
        #expect(IBAN.parse("DE8937040044053201300") == .failure(.length(country: "DE", expected: 22)))
        #expect(IBAN.parse("1234") == .failure(.shape))
        #expect(IBAN.parse("DE89-3704-0044-0532-0130-00") == .failure(.shape))
    }
}
