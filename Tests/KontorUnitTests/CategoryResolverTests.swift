import KontorClassify
import KontorCore
import Testing

@Suite struct CategoryResolverTests {
    static let resolver = CategoryResolver([
        CategoryEntry(key: CategoryKey("office"), name: "Office"),
        CategoryEntry(key: CategoryKey("office.supplies"), name: "Office supplies"),
        CategoryEntry(key: CategoryKey("office.software"), name: "Software & subscriptions"),
        CategoryEntry(key: CategoryKey("travel"), name: "Travel"),
        CategoryEntry(key: CategoryKey("travel.lodging"), name: "Hotels"),
        CategoryEntry(key: CategoryKey("travel.other"), name: "Other travel"),
        CategoryEntry(key: CategoryKey("office.other"), name: "Other office"),
        CategoryEntry(key: CategoryKey("meals"), name: "Meals & entertainment"),
    ])

    @Test(arguments: [
        ("office.software", "office.software"),
        ("  Office.Software ", "office.software"),
        ("Software & subscriptions", "office.software"),
        ("software  &  SUBSCRIPTIONS", "office.software"),
        ("software and subscriptions", nil),
        ("hotels", "travel.lodging"),
        ("lodging", "travel.lodging"),
        ("meals", "meals"),
        ("Meals & Entertainment", "meals"),
    ] as [(String, String?)])
    func resolves(text: String, expected: String?) {
        let result = Self.resolver.resolve(text)
        if let expected {
            #expect(result == .found(CategoryKey(expected)))
        } else if case .found(let key) = result {
            Issue.record("unexpectedly resolved to \(key)")
        }
    }

    @Test(arguments: [
        ("ofice", ["office", "office.other", "office.software"]),
        ("softwre", ["office.software"]),
        ("travle", ["travel", "travel.other", "travel.lodging"]),
        ("xyzzy", []),
        ("", []),
        (String(repeating: "a", count: 500), []),
    ] as [(String, [String])])
    func suggests(text: String, expected: [String]) {
        #expect(Self.resolver.resolve(text) == .unknown(suggestions: expected.map(CategoryKey.init)))
    }

    /// A name or last key segment that several categories share is ambiguous, not unknown:
    /// an import that may create categories must not create one from it.
    @Test func sharedSegmentIsAmbiguous() {
        #expect(Self.resolver.resolve("other") == .ambiguous(candidates: [CategoryKey("office.other"), CategoryKey("travel.other")]))
        #expect(CategoryResolver.message(ambiguous: "other", candidates: [CategoryKey("office.other"), CategoryKey("travel.other")])
            == "category 'other' is ambiguous: office.other, travel.other")
    }

    @Test func messageNamesSuggestions() {
        #expect(CategoryResolver.message(unknown: "ofice", suggestions: [CategoryKey("office"), CategoryKey("office.supplies")])
            == "unknown category 'ofice' — did you mean office, office.supplies?")
        #expect(CategoryResolver.message(unknown: "xyzzy", suggestions: []) == "unknown category 'xyzzy'")
    }
}
