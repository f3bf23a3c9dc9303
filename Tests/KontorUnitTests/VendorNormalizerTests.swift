import KontorClassify
import Testing

@Suite struct VendorNormalizerTests {
    @Test(arguments: [
        ("ACME GmbH", "ACME", "acme"),
        ("Acme  gmbh", "Acme", "acme"),
        ("acme", "acme", "acme"),
        ("  Acme,  Inc. ", "Acme", "acme"),
        ("Acme Ltd", "Acme", "acme"),
        ("Acme LLC", "Acme", "acme"),
        ("Société Générale S.A.", "Société Générale", "societe generale"),
        ("Müller & Söhne GmbH & Co. KG", "Müller & Söhne", "muller sohne"),
        ("Bäckerei Groß e.K.", "Bäckerei Groß", "backerei gross"),
        ("Startup UG (haftungsbeschränkt)", "Startup", "startup"),
        ("Le Petit SARL", "Le Petit", "le petit"),
        ("Dutch Trade B.V.", "Dutch Trade", "dutch trade"),
        ("Dutch Trade BV", "Dutch Trade", "dutch trade"),
        ("Swiss Widgets AG", "Swiss Widgets", "swiss widgets"),
        ("AMZN Mktp DE*2K3L45", "AMZN Mktp DE", "amzn mktp de"),
        ("AMAZON.DE*1234", "AMAZON.DE", "amazon de"),
        ("REWE 1234", "REWE", "rewe"),
        ("REWE Markt Filiale 0815", "REWE Markt", "rewe markt"),
        ("STARBUCKS STORE #01234", "STARBUCKS", "starbucks"),
        ("SHELL #123 BERLIN", "SHELL", "shell"),
        ("SQ *COFFEE BAR", "COFFEE BAR", "coffee bar"),
        ("PAYPAL *NETFLIX", "NETFLIX", "netflix"),
        ("Uber Trip REF 8H2K991", "Uber Trip", "uber trip"),
        ("GmbH", "GmbH", "gmbh"),
        ("1234", "1234", "1234"),
        ("", "", ""),
        ("3M", "3M", "3m"),
        // A short number alone, or a store word alone, is part of the name.
        ("Studio 54", "Studio 54", "studio 54"),
        ("Forever 21", "Forever 21", "forever 21"),
        ("City Shop", "City Shop", "city shop"),
        ("Kiosk Nr. 7", "Kiosk", "kiosk"),
        ("Apple Store #12", "Apple", "apple"),
        ("Microsoft 365", "Microsoft", "microsoft"),
    ] as [(String, String, String)])
    func normalizes(name: String, display: String, key: String) {
        let vendor = VendorNormalizer().normalize(name)
        #expect(vendor == NormalizedVendor(displayName: display, key: key))
    }

    /// Expense record ids are fingerprints of the key the rules before 2026-11-27 made:
    /// those rules stay as they were, so no earlier expense gets a new id.
    @Test(arguments: [("Studio 54", "studio"), ("City Shop", "city"), ("Apple Store #12", "apple"), ("REWE 1234", "rewe"),
                      ("ACME GmbH", "acme")])
    func recordIDRulesAreFrozen(name: String, key: String) {
        #expect(VendorNormalizer(rules: .recordIDs).normalize(name).key == key)
    }

    @Test func spellingsShareAKey() {
        let keys = Set(["ACME GmbH", "Acme  gmbh", "acme", "ÀCME AG", "Acme, Inc."].map { VendorNormalizer().normalize($0).key })
        #expect(keys == ["acme"])
    }
}
