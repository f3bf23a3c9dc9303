/// The pieces of a payment's free text that can name an invoice.
///
/// Remitters write `INV-2024-000123` as `INV2024000123`, `inv 2024/000123`,
/// `RG 2024-000123`, `Invoice 2024-123` or `Rechnung 123 vom 2024`. The text is split into
/// words (letters and digits; everything else separates); windows of up to four adjacent
/// words, with their separators dropped, give the compact keys looked up in the index,
/// and the runs of digits give the digit groups for the loose form.
struct RemittanceText {
    /// Compact upper-case forms of 1…4 adjacent words.
    private(set) var compactKeys: [String] = []
    /// Each run of digits as a number (leading zeros dropped), in text order.
    private(set) var digitGroups: [Int64] = []
    /// Words that look like ISO 11649 references (`RF` + 2 digits + body), compacted.
    private(set) var references: [String] = []

    static let maximumWindow = 4

    init(_ text: String) {
        let words = RemittanceText.words(text)
        for start in words.indices {
            var key = ""
            for end in start..<min(words.count, start + RemittanceText.maximumWindow) {
                key += words[end]
                compactKeys.append(key)
            }
        }
        // Printed references come in groups of four (`RF18 5390 0754 7034`).
        for start in words.indices where words[start].hasPrefix("RF") {
            var key = ""
            for end in start..<min(words.count, start + 7) {
                key += words[end]
                if key.count >= 5, key.count <= 25, CreditorCheck.isValid(key) { references.append(key) }
            }
        }
        var current: Int64 = 0
        var inDigits = false
        var length = 0
        for byte in text.utf8 {
            if byte >= 48 && byte <= 57 {
                if length < 18 { current = current * 10 + Int64(byte - 48) }
                length += 1
                inDigits = true
            } else if inDigits {
                digitGroups.append(current)
                (current, inDigits, length) = (0, false, 0)
            }
        }
        if inDigits { digitGroups.append(current) }
    }

    /// Upper-case runs of ASCII letters and digits; other characters separate.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 48...57, 65...90: current.append(byte)
            case 97...122: current.append(byte - 32)
            default:
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// The words of `text` that make up `key`, as the remitter wrote them (`INV-2026-00099`
    /// for `INV202600099`), separators between them included; nil when no run of up to
    /// ``maximumWindow`` words gives the key.
    static func written(_ key: String, in text: String) -> String? {
        var spans: [(word: String, start: Int, end: Int)] = []
        var current: [UInt8] = []
        var start = 0
        let bytes = Array(text.utf8)
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case 48...57, 65...90, 97...122:
                if current.isEmpty { start = offset }
                current.append(byte >= 97 ? byte - 32 : byte)
            default:
                if !current.isEmpty { spans.append((String(decoding: current, as: UTF8.self), start, offset)); current.removeAll() }
            }
        }
        if !current.isEmpty { spans.append((String(decoding: current, as: UTF8.self), start, bytes.count)) }
        for first in spans.indices {
            var joined = ""
            for last in first..<min(spans.count, first + maximumWindow) {
                joined += spans[last].word
                if joined == key { return String(decoding: bytes[spans[first].start..<spans[last].end], as: UTF8.self) }
                if joined.count >= key.count { break }
            }
        }
        return nil
    }

    /// A string's letters and digits, upper case: the key an invoice number is indexed by.
    static func compact(_ text: String) -> String { words(text).joined() }

    /// The number without its leading letters (`INV-2024-000123` → `2024000123`), when
    /// what is left has at least six characters from at least two groups of digits: a bare
    /// sequence (`RE-000123` → `000123`) is too common in remittance text to count alone.
    static func digitPart(of number: String, compact: String) -> String? {
        let rest = compact.drop { !$0.isNumber }
        guard rest.count >= 6, rest.count < compact.count, RemittanceText(number).digitGroups.count >= 2 else { return nil }
        return String(rest)
    }

    /// The runs of digits of an invoice number (`INV-2024-000123` → [2024, 123]).
    static func digitGroups(of number: String) -> [Int64] { RemittanceText(number).digitGroups }
}

/// The ISO 7064 MOD 97-10 check of a creditor reference (the matcher's own small copy, so
/// it depends on nothing but the core).
enum CreditorCheck {
    static func isValid(_ compact: String) -> Bool {
        let bytes = Array(compact.utf8)
        guard bytes.count >= 5, bytes[0] == 82, bytes[1] == 70, (48...57).contains(bytes[2]), (48...57).contains(bytes[3]) else { return false }
        var remainder = 0
        for byte in bytes[4...] + bytes[0..<4] {
            switch byte {
            case 48...57: remainder = (remainder * 10 + Int(byte - 48)) % 97
            case 65...90: remainder = (remainder * 100 + Int(byte - 55)) % 97
            default: return false
            }
        }
        return remainder == 1
    }

    /// The body behind `RF` and the check digits.
    static func body(_ compact: String) -> String { String(compact.dropFirst(4)) }
}
