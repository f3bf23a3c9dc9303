import Foundation

/// Case- and diacritic-insensitive text keys, shared by the vendor normalizer and the
/// category resolver.
enum TextFolding {
    /// Lower case without diacritics, `ß` → `ss`, every run of characters that are not
    /// letters or digits → one space, trimmed: `"Müller & Söhne"` → `"muller sohne"`.
    static func key(_ text: some StringProtocol) -> String {
        asciiKey(text) ?? unicodeKey(text)
    }

    /// ``key(_:)`` through Foundation's folding: any text.
    static func unicodeKey(_ text: some StringProtocol) -> String {
        let folded = String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            let mapped: String.UnicodeScalarView
            switch scalar {
            case "ß": mapped = "ss".unicodeScalars
            case "æ": mapped = "ae".unicodeScalars
            case "œ": mapped = "oe".unicodeScalars
            case "ø": mapped = "o".unicodeScalars
            case "ł": mapped = "l".unicodeScalars
            case "đ": mapped = "d".unicodeScalars
            case "ı": mapped = "i".unicodeScalars
            default:
                let properties = scalar.properties
                if properties.generalCategory == .nonspacingMark { continue }
                guard properties.isAlphabetic || properties.numericType != nil else {
                    pendingSpace = !result.isEmpty
                    continue
                }
                mapped = String.UnicodeScalarView([scalar])
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(contentsOf: mapped)
        }
        return result
    }

    /// The key of an ASCII text, without Foundation's folding (which costs microseconds a
    /// call, and vendor names are folded many times each); nil for any other text.
    static func asciiKey(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let isDigit = byte &- UInt8(ascii: "0") < 10
            let isLower = byte &- UInt8(ascii: "a") < 26
            let isUpper = byte &- UInt8(ascii: "A") < 26
            guard isDigit || isLower || isUpper else {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            bytes.append(isUpper ? byte + 32 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The optimal-string-alignment distance (Damerau-Levenshtein with adjacent
    /// transpositions), or nil when it exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            guard rowMinimum <= limit else { return nil }
            (before, previous, current) = (previous, current, before)
        }
        let result = previous[b.count]
        return result <= limit ? result : nil
    }
}
