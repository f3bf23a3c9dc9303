import KontorCore
import Testing

@Suite struct JSONParserTests {
    @Test func keepsPositionsAndLiterals() throws {
        let node = try JSONParser.parse(Array("{\n  \"a\": [1.50, -0, 2e-3],\n  \"b\": \"x\\u00e9\\n\"\n}".utf8))
        let members = try #require(node.members)
        #expect(members.map(\.key) == ["a", "b"])
        #expect((members[0].line, members[0].column) == (2, 3))
        #expect(members[0].value.elements?.map(\.kind) == [.number("1.50"), .number("-0"), .number("2e-3")])
        #expect(members[0].value.elements?.map(\.column) == [9, 15, 19])
        #expect(members[1].value.kind == .string("xé\n"))
        #expect(node.value == ["a": [.number("1.50"), .int(0), .number("2e-3")], "b": "xé\n"])
    }

    @Test(arguments: [
        ("", "expected a JSON value, found the end of the input", 1, 1),
        ("[1,]", "expected a JSON value, found ']'", 1, 4),
        ("{\"a\" 1}", "expected ':' after the key \"a\", found '1'", 1, 6),
        ("[01]", "a JSON number has no leading zeros", 1, 3),
        ("[1.]", "a number needs digits after '.'", 1, 4),
        ("[-]", "a number needs digits after '-'", 1, 3),
        ("[\"a\nb\"]", "a string contains a raw control character (line breaks in strings are written \\n)", 1, 4),
        ("[\"\\x\"]", "'\\x' is not a JSON escape", 1, 4),
        ("[\"\\ud800\"]", "a \\u escape is an unpaired surrogate", 1, 9),
        ("[true false]", "expected ',' or ']' in an array, found 'f'", 1, 7),
        ("{\"a\":1}\n x", "unexpected text after the end of the JSON value", 2, 2),
        ("[NaN]", "expected a JSON value, found 'N'", 1, 2),
        ("\"open", "a string is never closed", 1, 6),
        ("{1:2}", "expected a key in double quotes, found '1'", 1, 2),
    ] as [(String, String, Int, Int)])
    func rejects(text: String, message: String, line: Int, column: Int) {
        #expect {
            _ = try JSONParser.parse(Array(text.utf8))
        } throws: { error in
            let error = error as? KontorError
            return error?.message == message && error?.position?.line == line && error?.position?.column == column
        }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: KontorError.self) { _ = try JSONParser.parse([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D]) }
    }

    @Test func capsNesting() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(Array(ok.utf8))
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect {
            _ = try JSONParser.parse(Array(deep.utf8))
        } throws: { ($0 as? KontorError)?.message == "the JSON nests deeper than 64 levels" }
        let hostile = String(repeating: "[", count: 100_000)
        #expect(throws: KontorError.self) { _ = try JSONParser.parse(Array(hostile.utf8)) }
    }

    @Test func decodesSurrogatePairsAndSkipsBOM() throws {
        let node = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("\"\\ud83d\\ude00\"".utf8))
        #expect(node.kind == .string("😀"))
    }
}
