// Tests of MaskView: kept/dropped grids in Unicode and ASCII, at a heatmap's scale, styles, the
// summary line, per-channel rows and the compact channel flow, and the edge cases.

import Testing
@testable import CellRender

@Suite struct MaskViewTests {
    let mask: [Bool] = [true, false, true, true,
                        false, true, true, false,
                        true, true, true, true]

    @Test func keptAndDroppedElements() {
        var grid = CellGrid(width: 10, height: 3, fill: Cell("x"))
        MaskView(kept: mask, rows: 3, cols: 4).draw(into: &grid, area: Rect(x: 1, y: 0, width: 9, height: 3), options: .mono)
        #expect(grid.lines == [
            "x██××████x",
            "x××████××x",
            "x████████x",
        ])
        var ascii = CellGrid(width: 4, height: 3)
        MaskView(kept: mask, rows: 3, cols: 4, cellWidth: 1).draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == ["#x##", "x##x", "####"])
        #expect(WidgetCheck.isASCII(ascii.lines))
    }

    @Test func stylesInColour() {
        let options = RenderOptions()
        var grid = CellGrid(width: 8, height: 1)
        MaskView(kept: [true, false], rows: 1, cols: 2).draw(into: &grid, area: grid.bounds, options: options)
        #expect(grid[0, 0].style == options.style(.ok))
        #expect(grid[2, 0].style == options.style(.warning))
        #expect(grid[2, 0].style == CellMark.dropped.fillStyle(options: options))
        #expect(grid[4, 0] == .blank)
    }

    @Test func theMaskDrawsAtTheScaleOfTheHeatmapsBesideIt() {
        // Zoom 2 (4 × 2 per element) in 10 × 4: two columns of three shown, one hidden.
        var grid = CellGrid(width: 10, height: 4, fill: Cell("~"))
        let view = MaskView(kept: [true, false, true, false, true, true], rows: 2, cols: 3)
        let lay = view.draw(into: &grid, area: grid.bounds, options: .mono, mapScale: .glyphs(zoom: 2))
        #expect(grid.lines == [
            "████××××~~",
            "████××××~~",
            "××××████~~",
            "××××████~~",
        ])
        #expect(lay.shownCols == 2 && lay.hiddenRight == 1 && lay.hiddenRows == 0)
        // Scrolled right (as far as a full view allows); half blocks become glyph cells of the same size.
        var scrolled = CellGrid(width: 4, height: 2, fill: Cell("~"))
        let right = view.draw(into: &scrolled, area: scrolled.bounds, options: .plainASCII,
                              mapScale: .halfBlocks(zoom: 2), origin: (row: 0, col: 2))
        #expect(scrolled.lines == ["xx##", "####"])
        #expect(right.firstCol == 1 && right.hiddenLeft == 1 && right.hiddenRight == 0 && right.mapScale == MapScale(cellWidth: 2, cellHeight: 1))
        // A dropped element looks like a heatmap's dropped cell.
        let options = RenderOptions()
        #expect(MaskView.style(kept: false, options: options) == CellMark.dropped.fillStyle(options: options))
        #expect(MaskView.glyph(kept: false, ascii: false) == CellMark.dropped.glyphs(ascii: false).open)
    }

    @Test func summaryCountsAndRoundsHonestly() {
        #expect(MaskView.summary(Array(repeating: true, count: 19) + Array(repeating: false, count: 5)) == "kept 19/24 (79%)")
        #expect(MaskView.summary([]) == "kept 0/0")
        #expect(MaskView.summary([false, false]) == "kept 0/2 (0%)")
        #expect(MaskView.summary([true]) == "kept 1/1 (100%)")
        #expect(MaskView.summary(Array(repeating: true, count: 999) + [false]) == "kept 999/1000 (99%)")
        #expect(MaskView.summary([true] + Array(repeating: false, count: 999)) == "kept 1/1000 (1%)")
    }

    @Test func channelRowsWhenTheyFit() {
        var grid = CellGrid(width: 14, height: 3)
        MaskView.drawChannels([true, false, true], into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "c0 ██ kept    ",
            "c1 ×× dropped ",
            "c2 ██ kept    ",
        ])
        var ascii = CellGrid(width: 12, height: 2)
        MaskView.drawChannels([false, true], labels: ["red"], into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "red xx dropp",
            "c1  ## kept ",
        ])
    }

    @Test func compactChannelsWhenMany() {
        var grid = CellGrid(width: 14, height: 2)
        MaskView.drawChannels([true, false, true, true, false, true, true], into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "c0██ c1×× c2██",
            "c3██ c4×× c5██",
        ])
    }

    @Test func totalOnEveryArea() {
        let masks: [(kept: [Bool], rows: Int, cols: Int)] = [
            ([], 0, 0), ([], 3, 3), ([true], 1, 1), ([true, false], -1, 2), ([true, false, true], 5, 5),
            (Array(repeating: false, count: 40), 4, 10), ([true], Int.max / 2, 3),
        ]
        for m in masks {
            for (w, h) in [(0, 0), (1, 1), (2, 2), (3, 1), (9, 4)] {
                for options in [RenderOptions.mono, .plainASCII, RenderOptions()] {
                    var grid = CellGrid(width: w + 4, height: h + 4, fill: Cell("x"))
                    let area = Rect(x: 2, y: 2, width: w, height: h)
                    for cw in [0, 1, 2, 3] {
                        MaskView(kept: m.kept, rows: m.rows, cols: m.cols, cellWidth: cw).draw(into: &grid, area: area, options: options)
                    }
                    for scale in [MapScale.glyphs(zoom: 3), .halfBlocks(zoom: 1), .sampled(step: 2), MapScale(cellWidth: Int.max, cellHeight: Int.max)] {
                        let lay = MaskView(kept: m.kept, rows: m.rows, cols: m.cols)
                            .draw(into: &grid, area: area, options: options, mapScale: scale, origin: (row: 1, col: Int.max))
                        #expect(lay.width <= w && lay.height <= h)
                    }
                    MaskView.drawChannels(m.kept, labels: ["日本"], into: &grid, area: area, options: options)
                    #expect(WidgetCheck.untouchedOutside(grid, area))
                    if options.ascii {
                        #expect(WidgetCheck.isASCII(grid.lines.map { String($0.unicodeScalars.filter { $0.value < 0x3000 }) }))
                    }
                }
            }
        }
    }
}
