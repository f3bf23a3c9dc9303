import KontorPublish
import Testing

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+49 30 1234", "'+49 30 1234"), ("-rf", "'-rf"), ("@cmd", "'@cmd"),
        ("\tx", "'\tx"), ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""), (" padded", "\" padded\""),
    ])
    func makesFormulasInertAndQuotes(text: String, expected: String) {
        var writer = CSVWriter()
        writer.row([.text(text)])
        #expect(writer.output == expected + "\r\n")
    }

    @Test func keepsNegativeNumbersNumeric() {
        var writer = CSVWriter()
        writer.row([.number("-12.50"), .empty, .text("x")])
        #expect(writer.output == "-12.50,,x\r\n")
    }
}
