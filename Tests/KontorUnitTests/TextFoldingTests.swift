@testable import KontorClassify
import Testing

/// The ASCII shortcut gives exactly the key Foundation's folding gives.
@Suite struct TextFoldingTests {
    @Test(arguments: [
        "ACME GmbH", "  Acme  gmbh ", "REWE Markt 1234", "Amazon.de*2K3L", "SQ *COFFEE BAR", "a-b_c/d", "", "   ", "#12",
        "O'Brien & Sons, Ltd.", "Tab\there", "MiXeD 42 Case", "~`!@#$%^&*()=+[]{}|;:\",.<>?/",
    ])
    func asciiKeysMatchFoundationFolding(text: String) throws {
        #expect(TextFolding.asciiKey(text) == TextFolding.unicodeKey(text))
    }

    @Test func otherTextsTakeTheUnicodePath() {
        #expect(TextFolding.asciiKey("Müller & Söhne") == nil)
        #expect(TextFolding.key("Müller & Söhne") == "muller sohne")
    }
}
