internal import CXML2
import KontorCore

/// Keeps the first error libxml2 reports while parsing, so that it reaches the user as a
/// ``KontorError`` with a position instead of being printed to stderr.
final class XMLErrorCollector {
    /// One libxml2 error as reported.
    struct Report {
        var code: Int32
        var message: String
        var line: Int?
        var column: Int?
    }

    private(set) var first: Report?

    func record(_ error: xmlError) {
        guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while let last = message.last, last.isWhitespace { message.removeLast() }
        message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        first = Report(code: error.code, message: message,
                       line: error.line > 0 ? Int(error.line) : nil,
                       column: error.int2 > 0 ? Int(error.int2) : nil)
    }

    /// The C callback (`xmlStructuredErrorFunc`); the context is the collector.
    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }
}

extension XMLErrorCollector.Report {
    /// The error as Kontor reports it: what libxml2 found, phrased for the user, with a hint.
    func kontorError(at position: SourcePosition, maximumDepth: Int) -> KontorError {
        if message.hasPrefix("Excessive depth") {
            return KontorError(.badInput, "elements nest deeper than \(maximumDepth) levels",
                               hint: "a bank statement nests about a dozen levels; this file is not one", at: position)
        }
        if message.contains("huge") {
            return KontorError(.badInput, "a value in the file is larger than the XML parser accepts (\(message))",
                               hint: "no bank statement holds values of that size; the file is damaged or not a statement",
                               at: position)
        }
        if code == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue) || message.hasPrefix("Start tag expected") {
            return KontorError(.badInput, "the file is not XML: it does not start with an element",
                               hint: "check that this is the statement file the bank exported, not another file with its name",
                               at: position)
        }
        if message.contains("not proper UTF-8") || message.contains("encoding") || code == Int32(XML_ERR_INVALID_CHAR.rawValue) {
            return KontorError(.badInput, "the file has bytes that are not valid in its encoding (\(message))",
                               hint: "the file is damaged, or not in the encoding its XML declaration names (UTF-8 when it names none); export it from the bank again",
                               at: position)
        }
        if message.contains("Extra content") || code == Int32(XML_ERR_DOCUMENT_END.rawValue) {
            return KontorError(.badInput, "there is more content after the end of the XML document (\(message))",
                               hint: "the file may be two files joined or damaged; export the statement from the bank again",
                               at: position)
        }
        if message.contains("Premature end") || message.contains("EndTag") {
            return KontorError(.badInput, "the XML is cut off or malformed (\(message))",
                               hint: "the file may be truncated; download the statement again", at: position)
        }
        if message.mentionsEntities {
            return KontorError(.badInput, "the document declares or uses entities (\(message)), which Kontor refuses",
                               hint: "bank statements use no entities; export the file from the bank again", at: position)
        }
        return KontorError(.badInput, "the file is not well-formed XML (\(message))",
                           hint: "the file may be damaged; download the statement again", at: position)
    }
}

extension String {
    fileprivate var mentionsEntities: Bool {
        contains("ntity") || contains("DOCTYPE") || contains("DTD")
    }
}
