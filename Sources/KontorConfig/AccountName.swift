/// A ledger account name in beancount style: `Assets:Bank:Checking`.
///
/// The first component is one of the five roots (``AccountType``); there is at least one
/// more component; every component after the root starts with a capital letter or digit
/// and continues with letters, digits and `-`. Such names export unchanged to beancount
/// and hledger journals.
public struct AccountName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    /// The account type, derived from the root.
    public let type: AccountType

    /// Validates `text`; nil when it is not a well-formed account name.
    public init?(_ text: some StringProtocol) {
        guard case .success(let name) = AccountName.parse(String(text)) else { return nil }
        self = name
    }

    /// For names known to be valid (literals in Kontor's own code).
    init(rawValue: String, type: AccountType) {
        self.rawValue = rawValue
        self.type = type
    }

    /// Parses `text`, or says what is wrong with it (for configuration messages).
    public static func parse(_ text: String) -> Result<AccountName, Problem> {
        let components = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let root = components.first, let type = AccountType(rawValue: String(root)) else {
            return .failure(.unknownRoot(String(components.first ?? "")))
        }
        guard components.count >= 2 else { return .failure(.tooShort) }
        for component in components.dropFirst() where !isValidComponent(component) {
            return .failure(.badComponent(String(component)))
        }
        return .success(AccountName(rawValue: text, type: type))
    }

    static func isValidComponent(_ component: Substring) -> Bool {
        guard let first = component.unicodeScalars.first,
              ("A"..."Z").contains(first) || ("0"..."9").contains(first) else { return false }
        return component.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    /// The components: `["Assets", "Bank", "Checking"]`.
    public var components: [Substring] { rawValue.split(separator: ":") }

    /// True when `self` is `other` or a sub-account of it.
    public func isWithin(_ other: AccountName) -> Bool {
        rawValue == other.rawValue || rawValue.hasPrefix(other.rawValue + ":")
    }

    public var description: String { rawValue }
    public static func < (lhs: AccountName, rhs: AccountName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Why a text is not an account name.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownRoot(String)
        case tooShort
        case badComponent(String)

        public var description: String {
            switch self {
            case .unknownRoot(let root):
                "'\(root)' is not an account root (Assets, Liabilities, Equity, Income or Expenses)"
            case .tooShort:
                "an account needs at least one component after its root, such as Assets:Cash"
            case .badComponent(let component):
                "the component '\(component)' must start with a capital letter or digit and contain only ASCII letters (A-Z, a-z), digits and '-'"
            }
        }
    }
}
