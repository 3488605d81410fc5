// Tests of grid → text: plain, ANSI at each colour depth, and HTML, as exact expected strings.

import Testing
@testable import CellRender

private let esc = "\u{1B}["

@Suite struct TextOutputTests {
    /// "ab" in red bold on the default background, then "c" plain; second row "d" on blue, "ef" plain.
    private var styledGrid: CellGrid {
        var grid = CellGrid(width: 3, height: 2)
        grid.put("ab", x: 0, y: 0, style: Style(fg: .ansi(1), attributes: .bold))
        grid.put("c", x: 2, y: 0)
        grid.put("d", x: 0, y: 1, style: Style(bg: .ansi(12)))
        grid.put("ef", x: 1, y: 1)
        return grid
    }

    @Test func plainKeepsTrailingSpacesAndEndsEveryLine() {
        var grid = CellGrid(width: 4, height: 2)
        grid.put("ab", x: 0, y: 0)
        grid.put("x", x: 3, y: 1, style: Style(fg: .ansi(2)))
        #expect(TextOutput.plain(grid) == "ab  \n   x\n")
        #expect(TextOutput.render(grid, as: .plain) == TextOutput.plain(grid))
    }

    @Test func emptyAndTinyGrids() {
        let empty = CellGrid(width: 0, height: 0)
        #expect(TextOutput.render(empty, as: .plain) == "")
        #expect(TextOutput.render(empty, as: .ansi(depth: .truecolor)) == "")
        #expect(TextOutput.render(empty, as: .html) == "")
        #expect(TextOutput.plain(CellGrid(width: 0, height: 2)) == "\n\n")

        var one = CellGrid(width: 1, height: 1)
        #expect(TextOutput.plain(one) == " \n")
        #expect(TextOutput.ansi(one, depth: .ansi16) == " \n")
        #expect(TextOutput.html(one) == "<pre class=\"layerscope\"> \n</pre>\n")
        one[0, 0] = Cell("x", style: Style(fg: .ansi(3)))
        #expect(TextOutput.ansi(one, depth: .ansi16) == "\(esc)33mx\(esc)0m\n")
        #expect(TextOutput.html(one) == "<pre class=\"layerscope\"><span style=\"color:#cdcd00\">x</span>\n</pre>\n")
    }

    @Test func ansiSixteenColoursWritesOnlyChanges() {
        let expected = "\(esc)1;31mab\(esc)0mc\n"
            + "\(esc)104md\(esc)49mef\n"
        #expect(TextOutput.ansi(styledGrid, depth: .ansi16) == expected)
    }

    @Test func ansiDepthNoneIsPlainText() {
        #expect(TextOutput.ansi(styledGrid, depth: .none) == "abc\ndef\n")
        #expect(TextOutput.render(styledGrid, as: .ansi(depth: .none)) == TextOutput.plain(styledGrid))
    }

    @Test func ansiColourCodesAtEachDepth() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell("a", style: Style(fg: .rgb(255, 0, 0), bg: .indexed(17)))
        grid[1, 0] = Cell("b", style: Style(fg: .rgb(255, 0, 0), bg: .indexed(17)))
        // Truecolor keeps RGB; the indexed background stays indexed.
        #expect(TextOutput.ansi(grid, depth: .truecolor) == "\(esc)38;2;255;0;0;48;5;17mab\(esc)0m\n")
        // 256: pure red is cube entry 196.
        #expect(TextOutput.ansi(grid, depth: .indexed256) == "\(esc)38;5;196;48;5;17mab\(esc)0m\n")
        // 16: bright red foreground (91) and, for #00005f, black background (40).
        #expect(TextOutput.ansi(grid, depth: .ansi16) == "\(esc)91;40mab\(esc)0m\n")
    }

    @Test func ansiAttributesAddAndReset() {
        var grid = CellGrid(width: 4, height: 1)
        grid[0, 0] = Cell("a", style: Style(attributes: .dim))
        grid[1, 0] = Cell("b", style: Style(attributes: [.dim, .italic, .underline]))
        grid[2, 0] = Cell("c", style: Style(fg: .ansi(6), attributes: .reverse))
        grid[3, 0] = Cell("d", style: Style(fg: .ansi(6)))
        let expected = "\(esc)2ma\(esc)3;4mb\(esc)0;7;36mc\(esc)0;36md\(esc)0m\n"
        #expect(TextOutput.ansi(grid, depth: .ansi16) == expected)
        var bold = CellGrid(width: 1, height: 1)
        bold[0, 0] = Cell("B", style: Style(attributes: .bold))
        #expect(TextOutput.ansi(bold, depth: .truecolor) == "\(esc)1mB\(esc)0m\n")
    }

    @Test func reductionThatLeavesTheStyleUnchangedWritesNothing() {
        var grid = CellGrid(width: 3, height: 1)
        // Two RGB reds that both reduce to bright red, then the default colour.
        grid[0, 0] = Cell("a", style: Style(fg: .rgb(250, 10, 10)))
        grid[1, 0] = Cell("b", style: Style(fg: .rgb(255, 0, 0)))
        grid[2, 0] = Cell("c")
        #expect(TextOutput.ansi(grid, depth: .ansi16) == "\(esc)91mab\(esc)39mc\n")
    }

    @Test func wideGlyphsSkipTheirContinuationCell() {
        var grid = CellGrid(width: 5, height: 1)
        grid.put("日", x: 0, y: 0, style: Style(fg: .ansi(2)))
        grid.put("x", x: 2, y: 0)
        grid.put("本", x: 3, y: 0, style: Style(fg: .ansi(2)))
        #expect(TextOutput.plain(grid) == "日x本\n")
        #expect(TextOutput.ansi(grid, depth: .ansi16) == "\(esc)32m日\(esc)39mx\(esc)32m本\(esc)0m\n")
        #expect(TextOutput.html(grid) == "<pre class=\"layerscope\"><span style=\"color:#00cd00\">日</span>x"
            + "<span style=\"color:#00cd00\">本</span>\n</pre>\n")
    }

    @Test func malformedCellsNeverChangeTheLineWidth() {
        var grid = CellGrid(width: 4, height: 1, fill: Cell("."))
        grid[0, 0] = Cell("")        // a continuation with no wide glyph before it
        grid[2, 0] = Cell("日")      // a wide glyph whose right half was overwritten
        grid[3, 0] = Cell("\u{7}")   // a control character
        #expect(TextOutput.plain(grid) == " .  \n")
        var edge = CellGrid(width: 2, height: 1, fill: Cell("."))
        edge[1, 0] = Cell("本")      // a wide glyph in the last column
        #expect(TextOutput.plain(edge) == ". \n")
    }

    @Test func htmlMergesRunsAndEscapes() {
        var grid = CellGrid(width: 6, height: 2)
        grid.put("<a&b>", x: 0, y: 0, style: Style(fg: .rgb(0x12, 0x34, 0x56), bg: .ansi(0), attributes: .bold))
        grid.put("\"", x: 5, y: 0)
        grid.put("ok", x: 0, y: 1, style: Style(fg: .indexed(196), attributes: [.italic, .underline, .dim]))
        let expected = "<pre class=\"layerscope\">"
            + "<span style=\"color:#123456;background:#000000;font-weight:bold\">&lt;a&amp;b&gt;</span>&quot;\n"
            + "<span style=\"color:#ff0000;font-style:italic;opacity:0.6;text-decoration:underline\">ok</span>    \n"
            + "</pre>\n"
        #expect(TextOutput.html(grid) == expected)
    }

    @Test func htmlReverseSwapsColours() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell("r", style: Style(fg: .rgb(255, 255, 255), bg: .rgb(0, 0, 255), attributes: .reverse))
        grid[1, 0] = Cell("d", style: Style(attributes: .reverse))
        let expected = "<pre class=\"layerscope\">"
            + "<span style=\"color:#0000ff;background:#ffffff\">r</span>"
            + "<span style=\"color:Canvas;background:CanvasText\">d</span>\n</pre>\n"
        #expect(TextOutput.html(grid) == expected)
    }

    @Test func everyFormatShowsEveryRowAtTheGridWidth() {
        var grid = CellGrid(width: 7, height: 3, fill: Cell("░", style: Style(fg: .rgb(1, 2, 3))))
        grid.put("日本", x: 1, y: 1, style: Style(bg: .ansi(4)))
        for line in TextOutput.plain(grid).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            #expect(TextWidth.of(String(line)) == 7)
        }
        #expect(TextOutput.plain(grid).split(separator: "\n").map(String.init) == grid.lines)
    }
}
