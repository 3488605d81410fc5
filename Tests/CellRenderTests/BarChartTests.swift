// Tests of BarChart: horizontal bars in eighths, vertical bars, signed values, fixed ranges,
// highlighted bars with and without colour, value formats, and the edge cases.

import Testing
@testable import CellRender

@Suite struct BarChartTests {
    let probabilities = BarChart(labels: ["cat", "dog", "bird"], values: [0.7, 0.2, 0.1], highlight: 1,
                                 range: 0...1, decimals: 2)

    @Test func horizontalBarsInEighthsWithAHighlightedBar() {
        var grid = CellGrid(width: 24, height: 3)
        probabilities.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "  cat  ████████▍    0.70",
            "* dog  ██▍          0.20",
            "  bird █▎           0.10",
        ])
        var ascii = CellGrid(width: 24, height: 3)
        probabilities.draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "  cat  ########     0.70",
            "* dog  ##           0.20",
            "  bird #            0.10",
        ])
        #expect(WidgetCheck.isASCII(ascii.lines))
    }

    @Test func highlightUsesTheAccentStyleInColour() {
        let options = RenderOptions()
        var grid = CellGrid(width: 24, height: 3)
        probabilities.draw(into: &grid, area: grid.bounds, options: options)
        #expect(grid[7, 1].style == options.style(.accent))
        #expect(grid[2, 1].style == options.style(.accent))
        #expect(grid[7, 0].style.fg == options.theme.seriesColor(0))
    }

    @Test func negativeBarsGrowLeftFromZero() {
        var grid = CellGrid(width: 20, height: 4)
        BarChart(labels: ["a", "b", "c", "d"], values: [-1.5, 0.75, 3, .nan]).draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "a ████          -1.5",
            "b     ██▌       0.75",
            "c     █████████    3",
            "d                nan",
        ])
        var partial = CellGrid(width: 12, height: 2)
        BarChart(labels: ["n", "p"], values: [-0.3, 0.3], range: -1...1, showValues: false)
            .draw(into: &partial, area: partial.bounds, options: .mono)
        #expect(partial.lines == [
            "n    ▐█     ",
            "p      █▌   ",
        ])
    }

    @Test func verticalBarsWithValuesAboveAndLabelsBelow() {
        var chart = probabilities
        chart.orientation = .vertical
        var grid = CellGrid(width: 16, height: 7)
        chart.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "                ",
            "0.70            ",
            "▄▄▄▄            ",
            "████            ",
            "████ 0.20 0.10  ",
            "████ ████ ▄▄▄▄  ",
            " cat *dog bird  ",
        ])
        var signed = CellGrid(width: 16, height: 7)
        BarChart(labels: ["0", "1", "2", "3"], values: [-1, 2, 0.5, -0.25], orientation: .vertical)
            .draw(into: &signed, area: signed.bounds, options: .plainASCII)
        #expect(signed.lines == [
            "     2          ",
            "    ###         ",
            "    ### 0.5     ",
            " -1 ### ###     ",
            "###         ### ",
            "###             ",
            " 0   1   2   3  ",
        ])
    }

    @Test func valueFormats() {
        let compact = BarChart(labels: ["x"], values: [1234.5])
        #expect(compact.valueText(1234.5) == "1.23e+03")
        #expect(compact.valueText(1234) == "1234", "a whole number stays whole")
        let custom = BarChart(labels: ["x"], values: [0.5], format: { "\(Int($0 * 100))%" })
        var grid = CellGrid(width: 12, height: 1)
        custom.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == ["x ██████ 50%"])
    }

    @Test func wholeNumbersPrintWithoutDecimals() {
        // Counts: every value whole, so no decimals even when `decimals` is set, and no exponent.
        var grid = CellGrid(width: 24, height: 3)
        BarChart(labels: ["cat", "dog", "bird"], values: [3, 1500, 0], decimals: 2)
            .draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == """
            cat                    3
            dog  ██████████████ 1500
            bird                   0
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        // One fractional value: `decimals` holds for all of them, whole ones included.
        let mixed = BarChart(labels: ["a", "b"], values: [1, 0.5], decimals: 2)
        #expect(mixed.valueText(1) == "1.00" && mixed.valueText(0.5) == "0.50")
        #expect(!mixed.valuesAreIntegral)
        // Without `decimals`, whole values print whole beside fractional ones.
        let compact = BarChart(labels: ["a", "b"], values: [1500, 0.25])
        #expect(compact.valueText(1500) == "1500" && compact.valueText(0.25) == "0.25")
        // NaN and ±Inf are left out of the question and keep their names.
        let special = BarChart(labels: ["a", "b", "c"], values: [2, .nan, -.infinity], decimals: 1)
        #expect(special.valuesAreIntegral)
        #expect([2, .nan, -.infinity].map(special.valueText) == ["2", "nan", "-inf"])
        #expect(!BarChart(labels: ["n"], values: [.nan], decimals: 1).valuesAreIntegral)
        #expect(BarChart(labels: ["n"], values: [.nan], decimals: 1).valueText(.nan) == "nan")
    }

    @Test func narrowAreasDropValuesThenCutLabels() {
        var grid = CellGrid(width: 12, height: 1)
        BarChart(labels: ["a long label"], values: [1], decimals: 3).draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == ["a long… ████"])
    }

    @Test func totalOnEveryAreaAndEveryKindOfData() {
        let data: [[Double]] = [[], [0], [0, 0], [5, 5], [.nan], [.infinity, -.infinity, 1],
                                [-1e308, 1e308], [1e-320, -1e-320], [-3, -1]]
        let ranges: [ClosedRange<Double>?] = [nil, 0...1, 1...1, -Double.infinity...0]
        let sizes = [(0, 0), (1, 1), (2, 2), (3, 1), (1, 5), (7, 3), (20, 6)]
        for values in data {
            for range in ranges {
                for orientation in [BarChart.Orientation.horizontal, .vertical] {
                    for (w, h) in sizes {
                        for options in [RenderOptions.mono, .plainASCII, RenderOptions()] {
                            var grid = CellGrid(width: w + 4, height: h + 4, fill: Cell("x"))
                            let area = Rect(x: 2, y: 2, width: w, height: h)
                            let labels = values.indices.map { "label\($0)" }
                            BarChart(labels: labels, values: values, highlight: 0, orientation: orientation, range: range)
                                .draw(into: &grid, area: area, options: options)
                            #expect(WidgetCheck.untouchedOutside(grid, area), "\(values) \(w)×\(h) \(orientation)")
                            if options.ascii { #expect(WidgetCheck.isASCII(grid.lines)) }
                        }
                    }
                }
            }
        }
    }
}
