// Tests of Table: header and separator, right-aligned numbers, widths fitted and shrunk with an
// ellipsis, rows clipped with "… N more", and the edge cases.

import Testing
@testable import CellRender

@Suite struct TableTests {
    let params = Table(headers: ["name", "value", "default"], rows: [
        ["in_features", "4", "required"],
        ["out_features", "1e+03", "required"],
        ["bias", "True", "True"],
    ])
    let stats = Table(headers: ["ch", "mean", "std"], rows: [
        ["0", "0.25", "1"], ["1", "-1.5", "0.125"], ["2", "nan", "inf"], ["3", "", "2"],
    ])

    @Test func headerSeparatorAndAlignment() {
        var grid = CellGrid(width: 22, height: 6)
        stats.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "ch  mean    std       ",
            "───────────────       ",
            " 0  0.25      1       ",
            " 1  -1.5  0.125       ",
            " 2   nan    inf       ",
            " 3            2       ",
        ])
        #expect(stats.alignment(ofColumn: 1) == .right)
        #expect(params.alignment(ofColumn: 1) == .left)  // "True" is not a number
    }

    @Test func widthsShrinkWithAnEllipsis() {
        var grid = CellGrid(width: 24, height: 5)
        params.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "name      value  default",
            "────────────────────────",
            "in_feat…  4      requir…",
            "out_fea…  1e+03  requir…",
            "bias      True   True   ",
        ])
        #expect(params.columnWidths(fitting: 24) == [8, 5, 7])
        #expect(params.columnWidths(fitting: 100) == [12, 5, 8])
        #expect(params.columnWidths(fitting: 0) == [1, 1, 1])
        var ascii = CellGrid(width: 20, height: 3)
        params.draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "name    value  defa~",
            "--------------------",
            "... 3 more          ",
        ])
        #expect(WidgetCheck.isASCII(ascii.lines))
        var taller = CellGrid(width: 20, height: 4)
        params.draw(into: &taller, area: taller.bounds, options: .plainASCII)
        #expect(taller.lines[2...] == ["in_fe~  4      requ~", "... 2 more          "])
    }

    @Test func rowsBeyondTheHeightBecomeACount() {
        var grid = CellGrid(width: 14, height: 4)
        stats.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "ch  mean   std",
            "──────────────",
            " 0  0.25     1",
            "… 3 more      ",
        ])
        var ascii = CellGrid(width: 14, height: 3)
        stats.draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "ch  mean   std",
            "--------------",
            "... 4 more    ",
        ])
    }

    @Test func totalOnEveryAreaAndShape() {
        let tables = [
            params, stats, Table(headers: [], rows: [["orphan"]]), Table(headers: ["a"], rows: []),
            Table(headers: ["x", "y"], rows: [[], ["1", "2", "3", "4"], ["日本語", "wide"]], gap: -3),
            Table(columns: [.init("c", alignment: .center)], rows: [["ab"], ["abcd"]]),
        ]
        for table in tables {
            for (w, h) in [(0, 0), (1, 1), (2, 2), (3, 1), (1, 5), (9, 4), (30, 8)] {
                for options in [RenderOptions.mono, .plainASCII, RenderOptions()] {
                    var grid = CellGrid(width: w + 4, height: h + 4, fill: Cell("x"))
                    let area = Rect(x: 2, y: 2, width: w, height: h)
                    table.draw(into: &grid, area: area, options: options)
                    #expect(WidgetCheck.untouchedOutside(grid, area), "\(table.columns) \(w)×\(h)")
                }
            }
        }
    }
}
