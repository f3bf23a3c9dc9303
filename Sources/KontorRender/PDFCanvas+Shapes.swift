internal import CPangoCairo
import KontorCore

/// Shapes and free text for drawings (report charts): filled circles and pie wedges,
/// text placed on a baseline as SVG places it, and a transform to draw a figure laid out
/// in its own units at a place and scale on the page.
extension PDFCanvas {
    public func fillCircle(centerX: Double, centerY: Double, radius: Double, color: PDFColor) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_new_path(context)
        cairo_arc(context, centerX, centerY, radius, 0, 2 * Double.pi)
        cairo_fill(context)
    }

    /// A pie wedge from angle `from` to `to` (radians, clockwise from the positive x axis,
    /// y pointing down as on the page and in SVG).
    public func fillWedge(centerX: Double, centerY: Double, radius: Double, from: Double, to: Double, color: PDFColor) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_new_path(context)
        cairo_move_to(context, centerX, centerY)
        cairo_arc(context, centerX, centerY, radius, from, to)
        cairo_close_path(context)
        cairo_fill(context)
    }

    /// One line of text whose baseline is at `baseline` and which starts at `x` (SVG's
    /// `<text x y>`); it is not wrapped.
    public func text(_ text: String, font: PDFFont, x: Double, baseline: Double, color: PDFColor = .black) {
        let layout = makeLayout(text, font: font, width: nil, alignment: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let ascent = Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE)
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_move_to(context, x, baseline - ascent)
        pango_cairo_show_layout(context, layout)
    }

    /// The width of `text` set on one line (its longest line when it holds line breaks).
    public func width(of text: String, font: PDFFont) -> Double {
        let layout = makeLayout(text, font: font, width: nil, alignment: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var width: Int32 = 0, height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(width) / Double(PANGO_SCALE)
    }

    /// Runs `body` with the origin moved to (`x`, `y`) and lengths multiplied by `scale`, so
    /// a figure laid out in its own units lands at that place and size.
    public func transformed(x: Double, y: Double, scale: Double, _ body: () -> Void) {
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_scale(context, scale, scale)
        body()
        cairo_restore(context)
    }
}
