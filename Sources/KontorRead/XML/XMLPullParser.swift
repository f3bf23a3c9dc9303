internal import CXML2
import KontorCore

/// What ``XMLPullParser`` reports, in document order.
enum XMLPullEvent {
    /// An element opens; `attributes` maps local names to values (namespace declarations left out).
    case start(name: String, attributes: [String: String])
    /// Character data (text or CDATA) inside the innermost open element.
    case text(String)
    /// The innermost open element closes (also right after the start of an empty element).
    case end(name: String)
}

/// A hardened streaming XML parser on libxml2's `xmlTextReader`, for untrusted statement
/// files (`../shared/notes/untrusted-input-and-durability.md`).
///
/// - The bytes come from a ``ByteSource`` through `xmlReaderForIO`, so the file is never
///   held whole; libxml2 frees each subtree once it has been passed.
/// - A document with a DOCTYPE is refused, so no entity can be declared; no option that
///   loads or substitutes entities (`NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`) or lifts
///   libxml2's limits (`HUGE`) is set; `NONET` is set, and the process-wide external
///   entity loader refuses everything (``XMLPullParser/hardenLibXML``).
/// - Input size and element depth are capped by the caller's limits.
///
/// Elements are reported by local name, so readers are namespace-agnostic.
struct XMLPullParser {
    /// The largest input accepted, in bytes.
    var maximumBytes: Int
    /// The deepest element nesting accepted (the root is level 1).
    var maximumDepth: Int
    /// Element names that get a sibling index in positions (`Stmt[2]`).
    var indexed: Set<String>

    /// The libxml2 options: refuse the network, keep line numbers beyond 65535, merge
    /// CDATA into text. Nothing that loads, substitutes or validates against a DTD.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// Initializes libxml2 once per process and replaces its external entity loader with
    /// one that refuses every URL (`file://` included), for every libxml2 user in Kontor.
    static let hardenLibXML: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Parses `source`, calling `handle` with each event and the element path at that
    /// point (for `.end`, the path still contains the closing element). Throws a
    /// ``KontorError`` with the line, column and path of the first problem.
    func parse(_ source: inout some ByteSource, fileName: String,
               _ handle: (XMLPullEvent, XMLElementPath) throws(KontorError) -> Void) throws(KontorError) {
        XMLPullParser.hardenLibXML
        let feed = XMLSourceFeed(source, maximumBytes: maximumBytes)
        defer { source = feed.source }
        let errors = XMLErrorCollector()
        let errorContext = Unmanaged.passUnretained(errors).toOpaque()
        xmlSetStructuredErrorFunc(errorContext, XMLErrorCollector.callback)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let reader = withExtendedLifetime(feed) {
            xmlReaderForIO(XMLInputFeed.readCallback, XMLInputFeed.closeCallback,
                           Unmanaged.passUnretained(feed as XMLInputFeed).toOpaque(), fileName, nil, XMLPullParser.options)
        }
        guard let reader else {
            throw failure(feed: feed, errors: errors, path: XMLElementPath(indexed: indexed), fileName: fileName)
                ?? KontorError(.badInput, "the file could not be opened as XML", at: SourcePosition(file: fileName))
        }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorCollector.callback, errorContext)
        try withExtendedLifetime((feed, errors)) { () throws(KontorError) in
            try run(reader, feed: feed, errors: errors, fileName: fileName, handle)
        }
    }

    private func run(_ reader: xmlTextReaderPtr, feed: XMLInputFeed, errors: XMLErrorCollector, fileName: String,
                     _ handle: (XMLPullEvent, XMLElementPath) throws(KontorError) -> Void) throws(KontorError) {
        var path = XMLElementPath(indexed: indexed)
        var sawRoot = false
        while true {
            let status = xmlTextReaderRead(reader)
            if let problem = failure(feed: feed, errors: errors, path: path, fileName: fileName) { throw problem }
            if status == 0 { break }
            guard status > 0 else {
                throw KontorError(.badInput, "the file is not well-formed XML",
                                  hint: "the file may be damaged; download the statement again",
                                  at: position(path, fileName: fileName))
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = XMLPullParser.string(xmlTextReaderConstLocalName(reader))
                let line = XMLPullParser.line(of: reader)
                path.push(name, line: line)
                sawRoot = true
                guard path.depth <= maximumDepth else {
                    throw KontorError(.badInput, "elements nest deeper than \(maximumDepth) levels",
                                      hint: "a bank statement nests about a dozen levels; this file is not one",
                                      at: position(path, fileName: fileName, throughLevel: maximumDepth - 1))
                }
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                try handle(.start(name: name, attributes: XMLPullParser.attributes(of: reader)), path)
                if empty {
                    try handle(.end(name: name), path)
                    path.pop()
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                try handle(.end(name: path.current ?? ""), path)
                path.pop()
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                try handle(.text(XMLPullParser.string(xmlTextReaderConstValue(reader))), path)
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                throw KontorError(.badInput, "the document has a DOCTYPE declaration, which Kontor refuses in statement files",
                                  hint: "bank statements never carry one; export the file from the bank again, or remove the <!DOCTYPE …> part",
                                  at: SourcePosition(file: fileName, line: XMLPullParser.line(of: reader)))
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw KontorError(.badInput, "the document refers to an entity, which Kontor refuses in statement files",
                                  hint: "export the file from the bank again", at: position(path, fileName: fileName))
            default:
                continue  // whitespace, comments, processing instructions
            }
        }
        guard sawRoot else {
            throw KontorError(.badInput, "the file has no XML element", hint: "the file is empty or not XML",
                              at: SourcePosition(file: fileName))
        }
    }

    /// The first problem recorded by the feed (size cap, source failure) or by libxml2.
    private func failure(feed: XMLInputFeed, errors: XMLErrorCollector, path: XMLElementPath,
                         fileName: String) -> KontorError? {
        if var problem = feed.failure {
            if problem.position == nil { problem.position = position(path, fileName: fileName) }
            return problem
        }
        guard let error = errors.first else { return nil }
        let position = SourcePosition(file: fileName, line: error.line, column: error.column,
                                      path: path.depth > 0 ? path.text() : nil)
        if feed.bytesRead == 0 {
            return KontorError(.badInput, "the file is empty", hint: "export the statement from the bank again",
                               at: SourcePosition(file: fileName))
        }
        // An error on the last line while elements are still open: the file was cut off.
        if feed.isExhausted, path.depth > 0, let line = error.line, line >= feed.lineFeeds {
            return KontorError(.badInput, "the file ends in the middle of the XML document (\(error.message)), inside <\(path.current ?? "")>",
                               hint: "the file is probably truncated; download the statement again", at: position)
        }
        return error.kontorError(at: position, maximumDepth: maximumDepth)
    }

    private func position(_ path: XMLElementPath, fileName: String, throughLevel level: Int? = nil) -> SourcePosition {
        SourcePosition(file: fileName, line: path.line(at: level), path: path.depth > 0 ? path.text(through: level) : nil)
    }

    /// The element's attributes by local name, without namespace declarations.
    private static func attributes(of reader: xmlTextReaderPtr) -> [String: String] {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return [:] }
        var result: [String: String] = [:]
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            result[string(xmlTextReaderConstLocalName(reader))] = string(xmlTextReaderConstValue(reader))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// The line of the current node, else where the parser is (a DOCTYPE node has no line).
    private static func line(of reader: xmlTextReaderPtr) -> Int? {
        if let node = xmlTextReaderCurrentNode(reader) {
            let line = Int(xmlGetLineNo(node))
            if line > 0 { return line }
        }
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        return line > 0 ? line : nil
    }

    static func string(_ text: UnsafePointer<xmlChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text)
    }
}
