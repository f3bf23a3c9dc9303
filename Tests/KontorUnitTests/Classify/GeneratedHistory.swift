import KontorCore

/// A deterministic, generated bookkeeping history for classifier tests: vendors with
/// the payee spellings banks really print (card-terminal suffixes, reference numbers,
/// legal forms, processor prefixes), typical amounts and weekdays per category.
struct GeneratedHistory {
    /// SplitMix64: small, fast and the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    struct Vendor {
        var spellings: [String]
        var category: String
        /// Typical amount in minor units (money out negative) and spread in percent.
        var amount: Int64
        var spread: Int
        var memos: [String]
    }

    static let vendors: [Vendor] = [
        Vendor(spellings: ["ADOBE *CREATIVE CLD", "Adobe Systems Software Ireland Ltd", "ADOBE *ACROPRO"], category: "office.software",
               amount: -6_049, spread: 10, memos: ["Creative Cloud", "subscription"]),
        Vendor(spellings: ["GITHUB, INC.", "GitHub Inc", "GITHUB.COM *SPONSORS"], category: "office.software",
               amount: -2_100, spread: 30, memos: ["GitHub Team", "Copilot"]),
        Vendor(spellings: ["Vattenfall Europe Sales GmbH", "VATTENFALL"], category: "utilities.electricity",
               amount: -14_500, spread: 15, memos: ["Abschlag Strom", "Stromrechnung"]),
        Vendor(spellings: ["Stadtwerke München GmbH", "SWM Versorgungs GmbH"], category: "utilities.heating",
               amount: -21_000, spread: 20, memos: ["Fernwärme Abschlag", "Heizkosten"]),
        Vendor(spellings: ["Telekom Deutschland GmbH", "TELEKOM DEUTSCHLAND"], category: "utilities.internet",
               amount: -4_995, spread: 5, memos: ["Festnetz Internet", "MagentaZuhause"]),
        Vendor(spellings: ["Vodafone GmbH", "VODAFONE"], category: "utilities.phone",
               amount: -3_999, spread: 10, memos: ["Mobilfunk", "Red Business"]),
        Vendor(spellings: ["DB Vertrieb GmbH", "DB BAHN A-NR", "Deutsche Bahn"], category: "travel.transport",
               amount: -8_990, spread: 60, memos: ["Fahrkarte", "BahnCard"]),
        Vendor(spellings: ["Lufthansa", "DEUTSCHE LUFTHANSA AG"], category: "travel.transport",
               amount: -32_000, spread: 50, memos: ["Flug", "Ticket"]),
        Vendor(spellings: ["Motel One GmbH", "MOTEL ONE BERLIN", "Hotel Adlon Kempinski"], category: "travel.lodging",
               amount: -11_900, spread: 40, memos: ["Übernachtung", "Hotel"]),
        Vendor(spellings: ["SHELL", "Shell Deutschland Oil GmbH", "ARAL STATION", "Aral AG"], category: "vehicle.fuel",
               amount: -7_500, spread: 35, memos: ["Tankstelle", "Diesel"]),
        Vendor(spellings: ["APCOA PARKING", "Contipark Parkgaragen GmbH"], category: "vehicle.parking",
               amount: -1_200, spread: 50, memos: ["Parkhaus", "Parken"]),
        Vendor(spellings: ["Google Ireland Ltd", "GOOGLE *ADS"], category: "marketing.advertising",
               amount: -25_000, spread: 60, memos: ["Google Ads", "Kampagne"]),
        Vendor(spellings: ["Steuerberatung Klein & Partner", "STB KLEIN PARTNER"], category: "professional-services.accounting",
               amount: -59_500, spread: 20, memos: ["Buchhaltung", "Jahresabschluss"]),
        Vendor(spellings: ["Allianz Versicherungs-AG", "ALLIANZ VERSICHERUNG"], category: "insurance",
               amount: -18_300, spread: 5, memos: ["Betriebshaftpflicht", "Beitrag"]),
        Vendor(spellings: ["Restaurant Zur Post", "CAFE EINSTEIN", "Vapiano SE"], category: "meals-entertainment",
               amount: -6_400, spread: 50, memos: ["Bewirtung", "Geschäftsessen"]),
        Vendor(spellings: ["ACME Kunde GmbH", "Beta Solutions AG"], category: "income.services",
               amount: 450_000, spread: 40, memos: ["Rechnung", "Invoice"]),
    ]

    /// A vendor whose lines go to two categories half and half: the model must not guess.
    static let ambiguous = Vendor(spellings: ["AMZN Mktp DE", "Amazon EU S.a r.l."], category: "office.supplies",
                                  amount: -4_500, spread: 60, memos: ["Bestellung"])

    /// `count` items, every `ambiguousEvery`-th one from the ambiguous vendor (alternating
    /// between office.supplies and office.equipment), and `noisePercent` of them booked to
    /// a wrong category (people make mistakes; the history is not clean).
    static func items(count: Int, seed: UInt64, ambiguousEvery: Int = 25, noisePercent: Int = 0) -> [ClassifierExample] {
        var random = Random(state: seed)
        var result: [ClassifierExample] = []
        let start = LocalDate(year: 2025, month: 1, day: 1) ?? LocalDate(daysSinceEpoch: 20089)
        for index in 0..<count {
            var vendor = random.pick(vendors)
            if index % ambiguousEvery == 0 {
                vendor = ambiguous
                vendor.category = (index / ambiguousEvery) % 2 == 0 ? "office.supplies" : "office.equipment"
            }
            var payee = random.pick(vendor.spellings)
            switch random.below(4) {
            case 0: payee += " *\(1000 + random.below(9000))"
            case 1: payee += " \(100_000 + random.below(900_000))"
            default: break
            }
            let spread = Int64(random.below(2 * vendor.spread + 1) - vendor.spread)
            let amount = vendor.amount + vendor.amount * spread / 100
            let memo = random.pick(vendor.memos) + " \(random.below(12) + 1)/2025"
            if random.below(100) < noisePercent { vendor.category = random.pick(vendors).category }
            result.append(ClassifierExample(
                payee: payee, memo: memo, amount: Money(minorUnits: amount == 0 ? -1 : amount, currency: .EUR),
                date: start.adding(days: random.below(365)), account: "Assets:Bank:Checking",
                category: CategoryKey(vendor.category)))
        }
        return result
    }
}
