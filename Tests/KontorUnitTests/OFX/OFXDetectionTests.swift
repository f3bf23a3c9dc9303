import KontorRead
import Testing

/// OFX is told by content: the header block, the OFX 2 instruction, or the root element.
@Suite struct OFXDetectionTests {
    @Test(arguments: [
        ("OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX>", "statement.qfx"),
        ("\u{FEFF}OFXHEADER: 100\nDATA:OFXSGML\n<OFX>", "download"),
        ("<OFX>\n<SIGNONMSGSRSV1>", "a.txt"),
        ("<ofx><signonmsgsrsv1>", "a"),
        ("<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?><OFX>", "bank.xml"),
        ("<?xml version=\"1.0\"?><ofx:OFX xmlns:ofx=\"http://ofx.net/types/2003/04\">", "bank.xml"),
    ] as [(String, String)])
    func detectsOFX(content: String, fileName: String) {
        #expect(FormatDetector.detect(prefix: Array(content.utf8), fileName: fileName) == .ofx)
    }

    @Test func detectsWindows1252Content() {
        let bytes = Array("OFXHEADER:100\nCHARSET:1252\n<OFX><NAME>Caf".utf8) + [0xE9]
        #expect(FormatDetector.detect(prefix: bytes, fileName: "x.ofx") == .ofx)
    }
}
