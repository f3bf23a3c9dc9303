internal import CXML2
import KontorCore

/// A thin wrapper around libxml2's xmlTextWriter: elements, attributes and text are
/// escaped by libxml2, so no invoice text can break the document.
final class XMLTextWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var failed = false

    init() throws(KontorError) {
        guard let buffer = xmlBufferCreate() else { throw KontorError(.internal, "libxml2 could not allocate a buffer") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw KontorError(.internal, "libxml2 could not create a text writer")
        }
        self.buffer = buffer
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        XMLTextWriter.with("  ") { xmlTextWriterSetIndentString(writer, $0) }
        check(XMLTextWriter.with("1.0") { version in XMLTextWriter.with("UTF-8") { xmlTextWriterStartDocument(writer, version, $0, nil) } })
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    private static func with<T>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
        text.withCString { pointer in pointer.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body) }
    }

    private func check(_ result: Int32) {
        if result < 0 { failed = true }
    }

    func start(_ name: String) {
        check(XMLTextWriter.with(name) { xmlTextWriterStartElement(writer, $0) })
    }

    func attribute(_ name: String, _ value: String) {
        check(XMLTextWriter.with(name) { key in XMLTextWriter.with(value) { xmlTextWriterWriteAttribute(writer, key, $0) } })
    }

    func end() {
        check(xmlTextWriterEndElement(writer))
    }

    /// `<name attr="…">text</name>`.
    func element(_ name: String, _ text: String, attributes: [(String, String)] = []) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        check(XMLTextWriter.with(text) { xmlTextWriterWriteString(writer, $0) })
        end()
    }

    /// The element when `text` is present.
    func element(_ name: String, optional text: String?) {
        if let text { element(name, text) }
    }

    func element(_ name: String, _ body: () -> Void) {
        start(name)
        body()
        end()
    }

    /// Ends the document and returns its bytes.
    func finish() throws(KontorError) -> [UInt8] {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed, let content = xmlBufferContent(buffer) else {
            throw KontorError(.internal, "libxml2 failed to write the XML document")
        }
        let count = Int(xmlBufferLength(buffer))
        return Array(UnsafeBufferPointer(start: content, count: count))
    }
}
