import KontorCore
import Testing

@Suite struct JSONValueTests {
    @Test func writesSortedKeysAndEscapes() {
        let value: JSONValue = ["b": 1, "a": ["x", nil, true], "c": "q\"\n\u{1}"]
        #expect(value.serialized(pretty: false) == #"{"a":["x",null,true],"b":1,"c":"q\"\n\u0001"}"#)
        #expect(value.serialized() == """
            {
              "a": [
                "x",
                null,
                true
              ],
              "b": 1,
              "c": "q\\"\\n\\u0001"
            }

            """)
    }

    @Test func rendersErrorsWithTheirPosition() {
        let error = KontorError(.badInput, "'2026-13-05' is not a date", hint: "write YYYY-MM-DD",
                                at: SourcePosition(file: "bad.csv", line: 4, column: 1, field: "date"))
        #expect(ErrorRenderer.text(error) == "error: bad.csv:4:1 (date): '2026-13-05' is not a date\n  hint: write YYYY-MM-DD")
        #expect(ErrorRenderer.exitCode(error) == 65)
        #expect(JSONValue.object(ErrorRenderer.json(error)).serialized(pretty: false)
                == #"{"code":"bad-input","column":1,"field":"date","file":"bad.csv","hint":"write YYYY-MM-DD","line":4,"message":"'2026-13-05' is not a date"}"#)
    }

    @Test func hidesForeignErrorsAsInternal() {
        struct Surprise: Error {}
        let text = ErrorRenderer.text(Surprise())
        #expect(text.hasPrefix("error: internal error"))
        #expect(ErrorRenderer.exitCode(Surprise()) == 70)
        #expect(ErrorRenderer.json(Surprise())["cause"] == nil)
    }
}
