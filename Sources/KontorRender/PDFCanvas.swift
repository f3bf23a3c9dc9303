internal import CPangoCairo
import KontorCore

/// A PDF being drawn: A4 pages (or any size) on a cairo PDF surface written to memory,
/// text laid out by pango (fonts subset and embedded by cairo, text selectable), and a
/// cursor that runs down the page. Reports and invoices share it.
///
/// Deterministic: the PDF's creation and modification dates are inputs
/// (``PDFMetadata/date``), so the same content gives the same bytes.
public final class PDFCanvas {
    public let pageWidth: Double
    public let pageHeight: Double
    public let margin: Double
    /// Where the next block is drawn, from the top of the page (points).
    public var cursor: Double
    public private(set) var pageNumber = 1
    /// Drawn at the top of every page after the first (a running header), and at the
    /// bottom of every page (the footer); set before drawing.
    public var continuationHeader: ((PDFCanvas) -> Void)?
    public var footer: ((PDFCanvas) -> Void)?

    private let sink: PDFByteSink
    private let surface: OpaquePointer
    let context: OpaquePointer
    private var finished = false

    public init(metadata: PDFMetadata, pageWidth: Double = 595.276, pageHeight: Double = 841.89, margin: Double = 50) throws(KontorError) {
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.margin = margin
        cursor = margin
        sink = PDFByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<PDFByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, closure, pageWidth, pageHeight), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw KontorError(.internal, "cairo could not create a PDF surface")
        }
        self.surface = surface
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadata.date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, metadata.date)
        guard let context = cairo_create(surface) else { throw KontorError(.internal, "cairo could not create a drawing context") }
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The width between the margins.
    public var contentWidth: Double { pageWidth - 2 * margin }
    /// The lowest point content may reach (room for the footer).
    public var bottom: Double { pageHeight - margin - 14 }

    /// Draws `text` at (`x`, cursor) in a box `width` wide and returns its height; the
    /// cursor does not move (see ``paragraph(_:font:)``).
    @discardableResult
    public func text(_ text: String, font: PDFFont, x: Double, y: Double? = nil, width: Double,
                     alignment: PDFAlignment = .left, color: PDFColor = .black) -> Double {
        let layout = makeLayout(text, font: font, width: width, alignment: alignment)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_move_to(context, x, y ?? cursor)
        pango_cairo_show_layout(context, layout)
        return height(of: layout)
    }

    /// The height `text` takes in a box `width` wide.
    public func measure(_ text: String, font: PDFFont, width: Double) -> Double {
        let layout = makeLayout(text, font: font, width: width, alignment: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        return height(of: layout)
    }

    /// Draws a paragraph across the content width and moves the cursor below it (to a
    /// new page first when it does not fit).
    public func paragraph(_ text: String, font: PDFFont, alignment: PDFAlignment = .left, spacing: Double = 4) {
        let height = measure(text, font: font, width: contentWidth)
        ensureRoom(height)
        self.text(text, font: font, x: margin, width: contentWidth, alignment: alignment)
        cursor += height + spacing
    }

    /// A horizontal rule across the content width at the cursor.
    public func rule(width lineWidth: Double = 0.5, color: PDFColor = .gray) {
        line(from: (margin, cursor), to: (pageWidth - margin, cursor), width: lineWidth, color: color)
    }

    public func line(from start: (Double, Double), to end: (Double, Double), width: Double = 0.5, color: PDFColor = .gray) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.0, start.1)
        cairo_line_to(context, end.0, end.1)
        cairo_stroke(context)
    }

    public func fill(x: Double, y: Double, width: Double, height: Double, color: PDFColor) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    /// Starts a new page when `height` does not fit below the cursor.
    public func ensureRoom(_ height: Double) {
        if cursor + height > bottom { newPage() }
    }

    /// Ends this page (drawing its footer) and starts the next (drawing its header).
    public func newPage() {
        footer?(self)
        cairo_show_page(context)
        pageNumber += 1
        cursor = margin
        continuationHeader?(self)
    }

    /// Ends the document and returns the PDF's bytes.
    public func finish() throws(KontorError) -> [UInt8] {
        guard !finished else { return sink.bytes }
        footer?(self)
        cairo_show_page(context)
        cairo_surface_finish(surface)
        finished = true
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw KontorError(.internal, "cairo failed to write the PDF", cause: String(cString: cairo_status_to_string(cairo_surface_status(surface))))
        }
        return sink.bytes
    }

    /// A pango layout of `text`; `width` nil: one unwrapped line.
    func makeLayout(_ text: String, font: PDFFont, width: Double?, alignment: PDFAlignment) -> OpaquePointer {
        let layout = pango_cairo_create_layout(context)!
        let description = pango_font_description_from_string(font.pangoDescription)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    private func height(of layout: OpaquePointer) -> Double {
        var width: Int32 = 0, height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(height) / Double(PANGO_SCALE)
    }
}

/// Collects the bytes cairo writes. Only touched on the thread drawing the canvas.
private final class PDFByteSink {
    var bytes: [UInt8] = []
}

/// The PDF's document information.
public struct PDFMetadata: Sendable {
    public var title: String
    public var author: String
    public var creator: String
    /// ISO 8601 (`2026-11-02T00:00:00Z`): creation and modification date, derived from
    /// the content (e.g. the issue date) so that rendering again gives the same bytes.
    public var date: String

    public init(title: String, author: String, creator: String = "Kontor", date: String) {
        self.title = title
        self.author = author
        self.creator = creator
        self.date = date
    }
}

public struct PDFFont: Hashable, Sendable {
    public var family: String
    public var size: Double
    public var bold: Bool

    public init(family: String = "DejaVu Sans", size: Double = 9, bold: Bool = false) {
        self.family = family
        self.size = size
        self.bold = bold
    }

    public static let body = PDFFont()
    public static let small = PDFFont(size: 7.5)
    public static let bold = PDFFont(bold: true)
    public static let title = PDFFont(size: 16, bold: true)

    var pangoDescription: String { "\(family)\(bold ? " Bold" : "") \(size)" }
}

public enum PDFAlignment: Sendable {
    case left, right, center
}

public struct PDFColor: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let black = PDFColor(red: 0, green: 0, blue: 0)
    public static let gray = PDFColor(red: 0.6, green: 0.6, blue: 0.6)
    public static let shade = PDFColor(red: 0.93, green: 0.93, blue: 0.93)
}
