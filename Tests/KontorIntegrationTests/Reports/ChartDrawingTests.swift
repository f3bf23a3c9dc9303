import Foundation
import KontorCore
@testable import KontorReport
import KontorStore
import Testing

/// One chart layout for both formats: the HTML's SVG is written from the same shapes the
/// PDF draws, so each shape appears in the SVG exactly once.
@Suite struct ChartDrawingTests {
    static func document(_ name: ReportName) throws -> ReportDocument {
        Reporter(journal: try ReportGoldenLedger.store().journal(business: ReportGoldenLedger.business),
                 request: try ReportGoldenLedger.request()).report(name)
    }

    @Test(arguments: [ReportName.pnl, .expenses, .aging])
    func theSVGIsWrittenFromTheDrawing(_ name: ReportName) throws {
        let document = try Self.document(name)
        #expect(!document.charts.isEmpty)
        for chart in document.charts {
            let drawing = ChartDrawing(chart, currency: .EUR)
            let svg = drawing.svg
            func count(_ needle: String) -> Int { svg.components(separatedBy: needle).count - 1 }
            var rects = 0, texts = 0, wedges = 0, discs = 0
            for shape in drawing.shapes {
                switch shape {
                case .rect: rects += 1
                case .text(_, _, _, let text):
                    texts += 1
                    #expect(svg.contains(">\(HTML.escape(text))</text>"), "\(text)")
                case .wedge: wedges += 1
                case .disc: discs += 1
                case .line: break
                }
            }
            #expect(count("<rect ") == rects && count("<text ") == texts && count("<path ") == wedges && count("<circle ") == discs)
            #expect(document.html.contains(svg), "the page embeds the drawing's SVG")
            if chart.kind == .bars {
                let bars = chart.series.map(\.values.count).reduce(0, +)
                #expect(rects == bars + chart.series.count, "a bar per value and a legend swatch per series")
            }
        }
    }

    @Test func pieWedgesGoOnceAroundAndTheLegendFits() throws {
        let chart = ReportChart(kind: .pie, title: "Expenses by category",
                                labels: ["Expenses:Professional-Services:Accounting-And-Legal-Advice", "Expenses:Rent", "Expenses:Negative"],
                                series: [("Expenses", [12_345, 67_890, -500])])
        let drawing = ChartDrawing(chart, currency: .EUR)
        var sweep = 0.0
        for case let .wedge(_, _, _, from, to, _) in drawing.shapes { sweep += to - from }
        #expect(abs(sweep - 2 * Double.pi) < 1e-9, "negative values count as zero; the rest fill the circle")
        // The longest legend line (label and amount) fits the drawing's width.
        #expect(drawing.width >= 248 + Double("Expenses:Professional-Services:Accounting-And-Legal-Advice 123.45".count) * 7)
        let empty = ChartDrawing(ReportChart(kind: .pie, title: "none", labels: [], series: [("Expenses", [])]), currency: .EUR)
        #expect(empty.svg.contains("<circle cx=\"110\" cy=\"110\" r=\"100\" fill=\"#eeeeee\"/>"))
    }

    @Test func coordinatesAreTheSameTextEverywhere() {
        #expect(ChartDrawing.number(12) == "12")
        #expect(ChartDrawing.number(110.04) == "110")
        #expect(ChartDrawing.number(12.34) == "12.3")
        #expect(ChartDrawing.number(-0.26) == "-0.3")
        #expect(ChartDrawing.number(-3) == "-3")
    }
}
