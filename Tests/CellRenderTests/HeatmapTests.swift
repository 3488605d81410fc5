// Heatmap and legend pictures: glyph ramps in mono and ASCII, marks, half blocks, sampling, and the
// edge cases (empty, 1×1, constant, NaN/±Inf, areas too small).

import Testing
@testable import CellRender

@Suite struct HeatmapTests {
    private func render(_ map: Heatmap, width: Int, height: Int, options: RenderOptions = .plainASCII) -> [String] {
        var grid = CellGrid(width: width, height: height, fill: Cell("~"))
        map.draw(into: &grid, area: Rect(width: width, height: height), options: options)
        return grid.lines
    }

    @Test func magnitudeIsInTheGlyphWithoutColour() {
        let map = Heatmap(rows: 2, cols: 5, values: [0, 1, 2, 3, 4, 9, 8, 7, 6, 5])
        #expect(render(map, width: 12, height: 3) == [
            "  ..::--==~~",
            "@@%%##**++~~",
            "~~~~~~~~~~~~",
        ])
        #expect(render(map, width: 12, height: 2, options: .mono) == [
            "    ░░░░▒▒~~",
            "████▓▓▓▓▒▒~~",
        ])
    }

    @Test func withSixteenColoursTheGlyphStillCarriesTheValue() {
        let map = Heatmap(rows: 2, cols: 5, values: [0, 1, 2, 3, 4, 9, 8, 7, 6, 5])
        let few = RenderOptions(color: true, ascii: false, depth: .ansi16)
        var grid = CellGrid(width: 12, height: 2, fill: Cell("~"))
        map.draw(into: &grid, area: Rect(width: 12, height: 2), options: few)
        // The same ramp as without colour, each glyph coloured by the map.
        #expect(grid.lines == render(map, width: 12, height: 2, options: .mono))
        #expect(grid[8, 1].style.fg != .default && grid[8, 1].style.bg == .default)
        // With 256 colours the background carries the value instead (half blocks).
        let many = RenderOptions(color: true, ascii: false, depth: .indexed256)
        var rich = CellGrid(width: 12, height: 2)
        map.draw(into: &rich, area: Rect(width: 12, height: 2), options: many)
        #expect(rich.cells.contains { $0.style.bg != .default })
        // The legend follows the same rule.
        var legend = CellGrid(width: 30, height: 1)
        Legend(scale: ValueScale(lower: 0, upper: 9)).draw(into: &legend, area: legend.bounds, options: few)
        #expect(legend.lines[0].hasPrefix("0   ░░░░▒▒▒▒▓▓▓▓██ 9"))
    }

    @Test func signedDataIsCentredOnZero() {
        let map = Heatmap(rows: 1, cols: 3, values: [-2, 0, 1])
        #expect(map.scale.isSymmetric)
        #expect(render(map, width: 6, height: 1) == ["  ++##"])
        #expect(map.scale.normalized(0) == 0.5)
    }

    @Test func marksShowPaddingWindowsAndHighlights() {
        let marks: [CellMark] = [.padding, .padding, .padding,
                                 .padding, .window, .none,
                                 .padding, .none, .highlight]
        let map = Heatmap(rows: 3, cols: 3, values: [0, 0, 0, 0, 4, 8, 0, 8, 8], marks: marks)
        // ASCII padding is "," — "." is a value on the ASCII ramp.
        #expect(render(map, width: 6, height: 3) == [
            ",,,,,,",
            ",,[]@@",
            ",,@@<>",
        ])
        #expect(render(map, width: 6, height: 3, options: .mono) == [
            "······",
            "··[]██",
            "··██<>",
        ])
    }

    @Test func nonFiniteValuesHaveTheirOwnGlyphs() {
        let map = Heatmap(rows: 1, cols: 4, values: [.nan, .infinity, -.infinity, 1])
        #expect(render(map, width: 8, height: 1) == ["? ^ v ++"])
        #expect(render(map, width: 8, height: 1, options: .mono) == ["∅ ▲ ▼ ▒▒"])
        var grid = CellGrid(width: 53, height: 1)
        Legend(scale: map.scale, counting: map.values).draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(grid.lines == ["0.5  ..::-==++*##%%@ 1.5  ? 1 NaN  ^ 1 +Inf  v 1 -Inf"])
    }

    @Test func constantAndOneByOneDataDrawTheMiddleOfTheRamp() {
        #expect(render(Heatmap(rows: 1, cols: 1, values: [7]), width: 3, height: 1) == ["++~"])
        #expect(render(Heatmap(rows: 2, cols: 2, values: [0, 0, 0, 0]), width: 4, height: 2) == ["++++", "++++"])
    }

    @Test func emptyDataAndEmptyAreasDrawNothing() {
        #expect(render(Heatmap(rows: 0, cols: 3, values: []), width: 4, height: 2) == ["~~~~", "~~~~"])
        #expect(render(Heatmap(rows: 2, cols: 2, values: [1, 2, 3, 4]), width: 0, height: 0) == [])
        #expect(render(Heatmap(rows: 2, cols: 2, values: [1]), width: 4, height: 2) == ["++? ", "? ? "])
    }

    @Test func largeDataIsSampledToFit() {
        let values = (0..<64).map { Float($0) }
        let map = Heatmap(rows: 8, cols: 8, values: values)
        let lay = map.layout(width: 4, height: 4, options: .plainASCII)
        #expect(lay.step == 2 && lay.shownCols == 4 && lay.width == 4 && lay.height == 4)
        #expect(render(map, width: 4, height: 4) == ["  ..", ":---", "++++", "###%"])
    }

    @Test func halfBlocksPackTwoRowsPerCellInColour() {
        let map = Heatmap(rows: 3, cols: 2, values: [0, 1, 2, 3, 4, 5], mode: .halfBlock)
        var grid = CellGrid(width: 2, height: 2)
        let lay = map.draw(into: &grid, area: grid.bounds, options: RenderOptions())
        #expect(lay.halfBlock && lay.height == 2)
        #expect(grid.lines == ["▄▄", "▀▀"])
        #expect(grid[0, 0].style.bg == map.color(0, options: RenderOptions()))
        #expect(grid[0, 0].style.fg == map.color(2, options: RenderOptions()))
    }

    @Test func labelsPrintValuesWhenCellsAreWide() {
        let map = Heatmap(rows: 1, cols: 2, values: [0.5, -1.25], labels: true)
        #expect(render(map, width: 14, height: 1) == ["  0.50  -1.25 "])
    }
}
