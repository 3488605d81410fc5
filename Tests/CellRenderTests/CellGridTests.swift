// Tests of the grid primitives: clipping, wide glyphs, splits, colour parsing and reduction.

import Testing
@testable import CellRender

@Suite struct CellGridTests {
    @Test func putClipsToTheGridAndTheClipRectangle() {
        var grid = CellGrid(width: 6, height: 2, fill: Cell("."))
        grid.put("abcdefgh", x: 2, y: 0)
        grid.put("xyz", x: -1, y: 1, clip: Rect(x: 0, y: 1, width: 2, height: 1))
        #expect(grid.lines == ["..abcd", "yz...."])
    }

    @Test func wideGlyphsTakeTwoCellsAndNeverStraddleTheEdge() {
        var grid = CellGrid(width: 5, height: 1, fill: Cell("."))
        grid.put("日本語", x: 0, y: 0)
        #expect(grid.lines == ["日本 "])
        #expect(grid[1, 0].isContinuation)
        grid.put("a", x: 1, y: 0)  // overwriting the right half blanks the left half
        #expect(grid.lines == [" a本 "])
    }

    @Test func aFillOrABlitOverHalfAWideGlyphBlanksItsOtherHalf() {
        var grid = CellGrid(width: 6, height: 2, fill: Cell("."))
        grid.put("日本語", x: 0, y: 0)
        grid.put("日本語", x: 0, y: 1)
        // A box from column 1 to 4 covers the right half of 日 and the left half of 語.
        grid.fill(Rect(x: 1, y: 0, width: 4, height: 1), with: Cell("#"))
        #expect(grid.lines[0] == " #### ")
        grid.blit(CellGrid(width: 2, height: 1, fill: Cell("b")), x: 3, y: 1)
        #expect(grid.lines[1] == "日 bb ")
        #expect(grid.lines.allSatisfy { TextWidth.of($0) == 6 })
    }

    @Test func zeroSizedGridsAcceptEveryOperation() {
        var grid = CellGrid(width: 0, height: 0)
        grid.put("text", x: 0, y: 0)
        grid.fill(Rect(x: -3, y: -3, width: 10, height: 10), with: Cell("#"))
        grid[0, 0] = Cell("x")
        #expect(grid.lines == [])
        #expect(grid[5, 5] == .blank)
        var negative = CellGrid(width: -4, height: 3)
        negative.put("x", x: 0, y: 0)
        #expect(negative.lines == ["", "", ""])
    }

    @Test func textWidthCountsColumns() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("e\u{301}") == 1)  // e + combining acute
        #expect(TextWidth.of("▄░⣿") == 3)
        #expect(TextWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(TextWidth.truncate("abcdef", to: 4, ascii: true) == "abc~")
        #expect(TextWidth.pad("日本", to: 5) == "日本 ")
        #expect(TextWidth.pad("ab", to: 4, alignRight: true) == "  ab")
    }

    @Test func splitsShareTheRoomAndNeverOverflow() {
        let r = Rect(x: 2, y: 1, width: 20, height: 5)
        let parts = r.split(.horizontal, [.fixed(4), .fill(1), .fill(2)], gap: 1)
        #expect(parts.map(\.width) == [4, 4, 10])
        #expect(parts.map(\.x) == [2, 7, 12])
        let tight = Rect(width: 3, height: 1).split(.horizontal, [.fixed(5), .fill(1)])
        #expect(tight.map(\.width) == [3, 0])
        #expect(Rect.zero.split(.vertical, [.fill(1), .fill(1)]).allSatisfy { $0.isEmpty })
        #expect(Rect(width: 10, height: 10).inset(6) == Rect(x: 6, y: 6, width: 0, height: 0))
    }

    @Test func colorsParseAndPrintBack() {
        #expect(Color(parsing: "blue") == .ansi(4))
        #expect(Color(parsing: "bright_red") == .ansi(9))
        #expect(Color(parsing: "#FF8000") == .rgb(255, 128, 0))
        #expect(Color(parsing: "#f80") == .rgb(255, 136, 0))
        #expect(Color(parsing: "42") == .indexed(42))
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "256") == nil)
        #expect(Color(parsing: "#12345") == nil)
        #expect(Color(parsing: "teal") == nil)
        for c: Color in [.ansi(3), .indexed(200), .rgb(1, 2, 3), .default] {
            #expect(Color(parsing: c.name) == c)
        }
    }

    @Test func colorsReduceToTheDepthAvailable() {
        #expect(Color.rgb(255, 0, 0).reduced(to: .indexed256) == .indexed(196))
        #expect(Color.rgb(128, 128, 128).reduced(to: .indexed256) == .indexed(244))
        #expect(Color.rgb(250, 10, 10).reduced(to: .ansi16) == .ansi(9))
        #expect(Color.indexed(21).reduced(to: .ansi16) == .ansi(4))
        #expect(Color.rgb(9, 9, 9).reduced(to: .none) == .default)
        #expect(Color.rgb(9, 9, 9).reduced(to: .truecolor) == .rgb(9, 9, 9))
    }

    @Test func scalesSurviveConstantEmptyAndNonFiniteData() {
        let constant = ValueScale.fit([3, 3, 3])
        #expect(constant.normalized(3) == 0.5)
        let empty = ValueScale.fit([Float]())
        #expect(empty.normalized(0) == 0.5)
        let special = ValueScale.fit([.nan, .infinity, 1, 2])
        #expect(special.lower == 1 && special.upper == 2)
        #expect(special.normalized(.nan) == nil && special.normalized(-.infinity) == nil)
        let signed = ValueScale.fit([-1, 0.5], mode: .auto)
        #expect(signed.isSymmetric && signed.lower == -1 && signed.normalized(0) == 0.5)
        #expect(ValueScale.fit([0, 2]).union(ValueScale.fit([-3, -1])) == ValueScale(lower: -3, upper: 2))
    }
}
