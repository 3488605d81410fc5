// Legend pictures: the key to a map's marks on a second row (or after the bar on a single row), in
// Unicode and ASCII and with the marks' own styles; the scale's scope; non-finite values counted
// only where a cell shows a value.

import Testing
@testable import CellRender

@Suite struct LegendTests {
    /// 1…6 with every mark once: padding, overhang, dropped, window, highlight, none (4…6 are shown).
    private let map = Heatmap(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6],
                              marks: [.padding, .overhang, .dropped, .window, .highlight, .none])

    private func draw(_ legend: Legend, width: Int, height: Int, options: RenderOptions) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        legend.draw(into: &grid, area: grid.bounds, options: options)
        return grid
    }

    @Test func marksAreExplainedOnTheSecondRow() {
        let legend = Legend(for: map, scope: "shared")
        #expect(legend.marks == [.padding, .overhang, .dropped, .window, .highlight] && legend.lineCount == 2)
        #expect(draw(legend, width: 58, height: 2, options: .plainASCII).lines == [
            "4  ..::-==++*##%%@ 6 (shared)                             ",
            ", padding  o overhang  x dropped  [] window  <> selected  ",
        ])
        #expect(draw(legend, width: 58, height: 2, options: .mono).lines[1]
                == "· padding  ∘ overhang  × dropped  [] window  <> selected  ")
        #expect(WidgetCheck.isASCII(draw(legend, width: 58, height: 2, options: .plainASCII).lines))
    }

    @Test func marksInTheKeyHaveTheStylesOfTheMap() {
        let options = RenderOptions()
        let grid = draw(Legend(for: map), width: 60, height: 2, options: options)
        #expect(grid[0, 1].style == CellMark.padding.fillStyle(options: options))
        #expect(grid[11, 1].style == CellMark.overhang.fillStyle(options: options))
        #expect(grid[23, 1].style == CellMark.dropped.fillStyle(options: options))
        #expect(grid[34, 1].glyph == "[" && grid[34, 1].style.attributes == .bold)
        #expect(grid[45, 1].glyph == "<" && grid[45, 1].style.attributes == [.bold, .reverse])
        #expect(grid[2, 1].style == options.style(.muted))
    }

    @Test func oneRowPutsTheKeyAfterTheBar() {
        let legend = Legend(scale: ValueScale(lower: -1, upper: 1, symmetric: true), marks: [.window, .none, .window])
        #expect(legend.lineCount == 2)
        #expect(draw(legend, width: 56, height: 1, options: .plainASCII).lines == [
            "-1  ..::-==++*##%%@ 1 (0 centred)  [] window            ",
        ])
        let scoped = Legend(scale: ValueScale(lower: -1, upper: 1, symmetric: true), marks: [.highlight], scope: "local")
        #expect(draw(scoped, width: 56, height: 1, options: .plainASCII).lines == [
            "-1  ..::-==++*##%%@ 1 (0 centred, local)  <> selected   ",
        ])
        // Without marks the legend is one row, as before.
        #expect(Legend(scale: ValueScale(lower: 0, upper: 1)).lineCount == 1)
    }

    @Test func nonFiniteValuesInCellsThatAreNotValuesAreNotCounted() {
        let holes = Heatmap(rows: 1, cols: 4, values: [.nan, .infinity, .nan, 2], marks: [.padding, .none, .none, .none])
        let legend = Legend(for: holes)
        #expect(legend.nanCount == 1 && legend.posInfCount == 1 && legend.negInfCount == 0)
        #expect(legend.marks == [.padding])
    }

    @Test func tinyAreas() {
        let legend = Legend(for: map, scope: "shared")
        for (w, h) in [(0, 0), (1, 1), (3, 1), (2, 2), (8, 3)] {
            var grid = CellGrid(width: w + 4, height: h + 4, fill: Cell("~"))
            let area = Rect(x: 2, y: 2, width: w, height: h)
            legend.draw(into: &grid, area: area, options: .mono)
            #expect(WidgetCheck.untouchedOutside(grid, area, sentinel: "~"))
        }
    }
}
