/// The one error shape of Kontor (STYLE.md 7).
///
/// `message` says what is wrong, `hint` how to fix it, `position` where in the input;
/// ``ErrorRenderer`` turns it into CLI text, JSON and exit codes in one place.
public struct KontorError: Error, Sendable, Equatable {
    public var code: Code
    public var message: String
    public var hint: String?
    public var position: SourcePosition?
    /// The underlying failure as text (an errno string, a SQLite message), for the log.
    public var cause: String?

    public init(_ code: Code, _ message: String, hint: String? = nil, at position: SourcePosition? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.position = position
        self.cause = cause
    }

    /// The same error, placed in a file (readers report lines, intake adds the name).
    public func inFile(_ name: String) -> KontorError {
        var copy = self
        copy.position = (position ?? SourcePosition()).inFile(name)
        return copy
    }

    /// A stable error code. A struct around a private enum, so codes can be added without
    /// breaking exhaustive switches in callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case badInput = "bad-input"
            case usage
            case config
            case notFound = "not-found"
            case io
            case conflict
            case forbidden
            case `internal`
        }

        private let base: Base

        /// The input file's content is wrong (exit 65, EX_DATAERR).
        public static let badInput = Code(base: .badInput)
        /// The command line is wrong (exit 64, EX_USAGE).
        public static let usage = Code(base: .usage)
        /// A file in `pipelines/` is wrong (exit 78, EX_CONFIG).
        public static let config = Code(base: .config)
        /// Something named does not exist (exit 66, EX_NOINPUT).
        public static let notFound = Code(base: .notFound)
        /// The disk or the database failed (exit 74, EX_IOERR).
        public static let io = Code(base: .io)
        /// The request contradicts the current state (exit 65).
        public static let conflict = Code(base: .conflict)
        /// The user's role does not allow the action (exit 77, EX_NOPERM).
        public static let forbidden = Code(base: .forbidden)
        /// A bug in Kontor (exit 70, EX_SOFTWARE).
        public static let `internal` = Code(base: .internal)

        public var description: String { base.rawValue }

        /// The sysexits(3) status for this code.
        public var exitCode: Int32 {
            switch base {
            case .badInput, .conflict: 65
            case .usage: 64
            case .config: 78
            case .notFound: 66
            case .io: 74
            case .forbidden: 77
            case .internal: 70
            }
        }
    }
}

extension KontorError: CustomStringConvertible {
    public var description: String { ErrorRenderer.text(self) }
}
