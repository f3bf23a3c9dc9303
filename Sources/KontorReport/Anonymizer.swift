import Crypto
import KontorCore

/// Replaces what names people and firms in an export by keyed pseudonyms, keeping every
/// amount, date, account and category, so an anonymized journal gives the same totals as
/// the plain one (docs/decisions/anonymized-exports.md).
///
/// A pseudonym is `<Kind>-<10 hex digits>` of HMAC-SHA256 under the workspace's secret key
/// over the kind and the case- and space-folded text: the same vendor gets the same
/// pseudonym in every export made with that key, and without the key nobody can test a
/// guessed name against it (a plain hash of "Globex B.V." could be recomputed by anyone).
public struct Anonymizer: Sendable {
    private let key: SymmetricKey

    /// The key must be at least 32 bytes (the SHA-256 block's security level).
    public init?(key: [UInt8]) {
        guard key.count >= 32 else { return nil }
        self.key = SymmetricKey(data: key)
    }

    /// The kinds of text an export replaces, each with its own pseudonym prefix.
    public enum Kind: String, Sendable {
        case vendor = "Vendor"
        case client = "Client"
        case party = "Party"
        case text = "Text"
        case record = "Record"
        case file = "File"
        case receipt = "Receipt"
    }

    public func pseudonym(_ kind: Kind, _ value: String) -> String {
        let folded = value.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
        let code = HMAC<SHA256>.authenticationCode(for: Array((kind.rawValue + "\u{0}" + folded).utf8), using: key)
        return "\(kind.rawValue)-\(code.prefix(5).hexString)"
    }

    /// Record ids keep their scheme (`exp`, `bank`, …) and lose the rest, which can hold
    /// bank references and file names; invoice and credit-note numbers are the business's
    /// own and stay, so an accountant can still ask about `INV-2026-00004`.
    public func recordID(_ id: String) -> String {
        guard let colon = id.firstIndex(of: ":") else { return pseudonym(.record, id) }
        let scheme = id[..<colon]
        if scheme == "invoice" || scheme == "credit-note" { return id }
        return "\(scheme):\(pseudonym(.record, id))"
    }

    /// An account keeps its name except the components that name a counterparty: what
    /// follows a `Receivable(s)` or `Payable(s)` component (`Assets:Receivables:Globex`).
    public func account(_ account: AccountPath) -> AccountPath {
        let components = account.rawValue.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let index = components.firstIndex(where: { AccountRoles.partyComponents.contains($0) }),
              index + 1 < components.count else { return account }
        let party = components[(index + 1)...].joined(separator: ":")
        return AccountPath((components[...index] + [pseudonym(.party, party)]).joined(separator: ":")) ?? account
    }

    /// The journal with descriptions, record ids, vendors, clients and party accounts
    /// replaced; postings, dates, tax rates and breakdowns unchanged.
    public func anonymize(_ journal: Journal) -> Journal {
        var result = journal
        result.accounts = journal.accounts.map(account)
        result.entries = journal.entries.map { entry in
            var entry = entry
            entry.description = if let party = entry.party {
                pseudonym(.client, party)
            } else if let vendor = entry.vendor {
                pseudonym(.vendor, vendor)
            } else {
                pseudonym(.text, entry.description)
            }
            entry.recordID = recordID(entry.recordID)
            entry.vendor = entry.vendor.map { pseudonym(.vendor, $0) }
            entry.party = entry.party.map { pseudonym(.client, $0) }
            return entry
        }
        return result
    }
}

/// Account-name conventions the reports and the anonymizer share.
enum AccountRoles {
    /// Components after which an account names a counterparty.
    static let partyComponents: Set<String> = ["Receivable", "Receivables", "Payable", "Payables"]
}
