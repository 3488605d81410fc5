// Tests of MaskView: kept/dropped grids in Unicode and ASCII, styles, the summary line, per-channel
// rows and the compact channel flow, and the edge cases.

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
            "x██· ████x",
            "x· ████· x",
            "x████████x",
        ])
        var ascii = CellGrid(width: 4, height: 3)
        MaskView(kept: mask, rows: 3, cols: 4, cellWidth: 1).draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == ["#.##", ".##.", "####"])
        #expect(WidgetCheck.isASCII(ascii.lines))
    }

    @Test func stylesInColour() {
        let options = RenderOptions()
        var grid = CellGrid(width: 8, height: 1)
        MaskView(kept: [true, false], rows: 1, cols: 2).draw(into: &grid, area: grid.bounds, options: options)
        #expect(grid[0, 0].style == options.style(.ok))
        #expect(grid[2, 0].style == options.style(.muted))
        #expect(grid[4, 0] == .blank)
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
            "c1 ·  dropped ",
            "c2 ██ kept    ",
        ])
        var ascii = CellGrid(width: 12, height: 2)
        MaskView.drawChannels([false, true], labels: ["red"], into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "red .  dropp",
            "c1  ## kept ",
        ])
    }

    @Test func compactChannelsWhenMany() {
        var grid = CellGrid(width: 14, height: 2)
        MaskView.drawChannels([true, false, true, true, false, true, true], into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "c0██ c1·  c2██",
            "c3██ c4·  c5██",
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
