import Foundation
import KontorCore

/// A ``ReportChart`` laid out once, in its own units (1 unit = 1 CSS pixel in the HTML,
/// 1 point before scaling in the PDF): the HTML writes these shapes as SVG and the PDF
/// draws the same shapes with cairo, so the two pictures cannot disagree.
struct ChartDrawing {
    struct Color: Hashable {
        let hex: String
        /// Red, green and blue as 0…1.
        var components: (Double, Double, Double) {
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            return (Double((value >> 16) & 0xff) / 255, Double((value >> 8) & 0xff) / 255, Double(value & 0xff) / 255)
        }
        static let axis = Color(hex: "#888888")
        static let empty = Color(hex: "#eeeeee")
    }

    enum Shape {
        /// A bar; `tooltip` is what the HTML shows on hover.
        case rect(x: Double, y: Double, width: Double, height: Double, color: Color, tooltip: String?)
        /// A pie wedge from angle `from` to `to` (radians, clockwise, y down).
        case wedge(centerX: Double, centerY: Double, radius: Double, from: Double, to: Double, color: Color)
        case disc(centerX: Double, centerY: Double, radius: Double, color: Color)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, color: Color)
        /// Text starting at `x` on the baseline `y`.
        case text(x: Double, y: Double, size: Double, String)
    }

    var title: String
    var width: Double
    var height: Double
    var shapes: [Shape] = []

    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
        .map(Color.init(hex:))

    init(_ chart: ReportChart, currency: CurrencyCode) {
        title = chart.title
        width = 0
        height = 0
        switch chart.kind {
        case .pie: layOutPie(chart, currency: currency)
        case .bars: layOutBars(chart, currency: currency)
        }
    }

    /// Shares of the first series as wedges (negative values count as zero), a legend with
    /// each label's amount beside it.
    private mutating func layOutPie(_ chart: ReportChart, currency: CurrencyCode) {
        let values = chart.series.first?.values.map { max(0, $0) } ?? []
        let total = values.reduce(0, +)
        var legend: [String] = []
        for (index, label) in chart.labels.enumerated() {
            legend.append("\(label) \(Money(minorUnits: index < values.count ? values[index] : 0, currency: currency).decimalString)")
        }
        // Wide enough for the longest legend line (about 7.5 units a character at size 12).
        width = Double(max(460, 248 + 10 + Int((Double(legend.map(\.count).max() ?? 0) * 7.5).rounded(.up))))
        height = Double(max(220, 18 * values.count + 20))
        let cx = 110.0, cy = 110.0, r = 100.0
        var angle = -Double.pi / 2
        if total > 0 {
            for (index, value) in values.enumerated() where value > 0 {
                let color = ChartDrawing.palette[index % ChartDrawing.palette.count]
                if value == total {
                    shapes.append(.disc(centerX: cx, centerY: cy, radius: r, color: color))
                    continue
                }
                let sweep = 2 * Double.pi * Double(value) / Double(total)
                shapes.append(.wedge(centerX: cx, centerY: cy, radius: r, from: angle, to: angle + sweep, color: color))
                angle += sweep
            }
        } else {
            shapes.append(.disc(centerX: cx, centerY: cy, radius: r, color: .empty))
        }
        for index in chart.labels.indices {
            let y = Double(20 + 18 * index)
            shapes.append(.rect(x: 230, y: y - 10, width: 12, height: 12, color: ChartDrawing.palette[index % ChartDrawing.palette.count], tooltip: nil))
            shapes.append(.text(x: 248, y: y, size: 12, legend[index]))
        }
    }

    /// Grouped bars: one group per label, one bar per series, a zero line, the largest
    /// value as the scale, and a legend of the series.
    private mutating func layOutBars(_ chart: ReportChart, currency: CurrencyCode) {
        let groups = chart.labels.count
        let seriesCount = max(1, chart.series.count)
        let barWidth = 14
        // Room for the label under the group (a month, 2026-09, is about 45 units at size 10).
        let groupWidth = max(barWidth * seriesCount + 10, 50)
        let plotWidth = max(300, 60 + groups * groupWidth + 10)
        let plotHeight = 260
        let top = 20, bottom = 200
        let all = chart.series.flatMap(\.values)
        let maximum = max(1, all.max() ?? 0)
        let minimum = min(0, all.min() ?? 0)
        let span = Double(maximum - minimum)
        func y(_ value: Int64) -> Int { top + Int((Double(maximum - value) / span * Double(bottom - top)).rounded()) }
        width = Double(plotWidth)
        height = Double(plotHeight + 18 * seriesCount)
        let zero = y(0)
        shapes.append(.line(x1: 50, y1: Double(zero), x2: Double(plotWidth - 5), y2: Double(zero), color: .axis))
        shapes.append(.text(x: 2, y: Double(top + 4), size: 10, Money(minorUnits: maximum, currency: currency).decimalString))
        for (group, label) in chart.labels.enumerated() {
            let x0 = 60 + group * groupWidth
            for (index, series) in chart.series.enumerated() where group < series.values.count {
                let value = series.values[group]
                let barTop = min(y(value), zero), barBottom = max(y(value), zero)
                shapes.append(.rect(x: Double(x0 + index * barWidth), y: Double(barTop), width: Double(barWidth - 2),
                                    height: Double(max(0, barBottom - barTop)), color: ChartDrawing.palette[index % ChartDrawing.palette.count],
                                    tooltip: "\(series.name) \(label): \(Money(minorUnits: value, currency: currency).decimalString)"))
            }
            shapes.append(.text(x: Double(x0), y: Double(bottom + 14), size: 10, label))
        }
        for (index, series) in chart.series.enumerated() {
            let ly = Double(plotHeight + 18 * index)
            shapes.append(.rect(x: 60, y: ly - 10, width: 12, height: 12, color: ChartDrawing.palette[index % ChartDrawing.palette.count], tooltip: nil))
            shapes.append(.text(x: 78, y: ly, size: 12, series.name))
        }
    }
}

extension ChartDrawing {
    /// The drawing as an inline SVG element. Coordinates are written as integers when
    /// whole and with one decimal otherwise, so the output is the same text on every machine.
    var svg: String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(ChartDrawing.number(width))\" height=\"\(ChartDrawing.number(height))\" role=\"img\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        let n = ChartDrawing.number
        for shape in shapes {
            switch shape {
            case let .rect(x, y, width, height, color, tooltip):
                out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(color.hex)\""
                out += tooltip.map { "><title>\(HTML.escape($0))</title></rect>\n" } ?? "/>"
            case let .wedge(cx, cy, r, from, to, color):
                let x1 = cx + r * cos(from), y1 = cy + r * sin(from)
                let x2 = cx + r * cos(to), y2 = cy + r * sin(to)
                out += "<path d=\"M\(n(cx)),\(n(cy)) L\(n(x1)),\(n(y1)) A\(n(r)),\(n(r)) 0 \(to - from > Double.pi ? 1 : 0),1 \(n(x2)),\(n(y2)) Z\" fill=\"\(color.hex)\"/>\n"
            case let .disc(cx, cy, r, color):
                out += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(color.hex)\"/>\n"
            case let .line(x1, y1, x2, y2, color):
                out += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(color.hex)\"/>\n"
            case let .text(x, y, size, text):
                out += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\">\(HTML.escape(text))</text>\n"
            }
        }
        return out + "</svg>\n"
    }

    /// A coordinate: `12` when whole, else with one decimal (`12.5`, `-0.3`).
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return tenths % 10 == 0 ? "\(sign)\(abs(tenths) / 10)" : "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
