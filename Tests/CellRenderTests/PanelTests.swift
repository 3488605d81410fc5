// Tests of Panel (borders, titles, footers, focus, tiny areas) and Paragraph (wrapping, alignment,
// truncation, styled spans), drawn as pictures.

import Testing
@testable import CellRender

/// Checks shared by the widget tests.
enum WidgetCheck {
    /// Every scalar of every line is ASCII.
    static func isASCII<C: Collection>(_ lines: C) -> Bool where C.Element == String {
        lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 128 } }
    }

    /// Every cell of `grid` outside `area` still holds `sentinel`.
    static func untouchedOutside(_ grid: CellGrid, _ area: Rect, sentinel: String = "x") -> Bool {
        for y in 0..<grid.height {
            for x in 0..<grid.width where !area.contains(x, y) {
                if grid[x, y].glyph != sentinel { return false }
            }
        }
        return true
    }
}

@Suite struct PanelTests {
    @Test func borderTitleAndFooter() {
        var grid = CellGrid(width: 16, height: 4)
        let inner = Panel(title: "ReLU", footer: "q quit").draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "┌─ ReLU ───────┐",
            "│              │",
            "│              │",
            "└───── q quit ─┘",
        ])
        #expect(inner == Rect(x: 1, y: 1, width: 14, height: 2))
    }

    @Test func longTitlesAreCut() {
        var grid = CellGrid(width: 12, height: 3)
        Panel(title: "LeakyReLU(0.1)").draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "┌─ Leaky… ─┐",
            "│          │",
            "└──────────┘",
        ])
        var ascii = CellGrid(width: 12, height: 3)
        Panel(title: "LeakyReLU(0.1)", footer: "a very long hint").draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "+- Leaky~ -+",
            "|          |",
            "+- a ver~ -+",
        ])
    }

    @Test func focusShowsWithoutColour() {
        var grid = CellGrid(width: 8, height: 3)
        Panel(title: "In", focused: true).draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "┏━ In ━┓",
            "┃      ┃",
            "┗━━━━━━┛",
        ])
        var ascii = CellGrid(width: 8, height: 3)
        Panel(title: "In", focused: true).draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines == [
            "#= In =#",
            "|      |",
            "#======#",
        ])
        var colour = CellGrid(width: 4, height: 2)
        let options = RenderOptions()
        Panel(focused: true).draw(into: &colour, area: colour.bounds, options: options)
        #expect(colour.lines == ["┌──┐", "└──┘"])
        #expect(colour[0, 0].style == options.style(.focus))
        Panel(focused: false).draw(into: &colour, area: colour.bounds, options: options)
        #expect(colour[0, 0].style == options.style(.border))
    }

    @Test func tinyAreasDrawWhatFitsAndStayInside() {
        for (w, h) in [(0, 0), (1, 1), (2, 2), (1, 3), (3, 1), (5, 2)] {
            var grid = CellGrid(width: 7, height: 5, fill: Cell("x"))
            let area = Rect(x: 1, y: 1, width: w, height: h)
            let inner = Panel(title: "Title", footer: "hint").draw(into: &grid, area: area, options: .mono)
            #expect(WidgetCheck.untouchedOutside(grid, area), "\(w)×\(h)")
            #expect(inner.width <= Swift.max(0, w - 2) && inner.height <= Swift.max(0, h - 2))
            #expect(area.contains(inner.x, inner.y) || inner.isEmpty)
        }
        var grid = CellGrid(width: 4, height: 4, fill: Cell("x"))
        let inner = Panel().draw(into: &grid, area: Rect(x: 1, y: 1, width: 2, height: 2), options: .plainASCII)
        #expect(inner.isEmpty)
        #expect(grid.lines == ["xxxx", "x++x", "x++x", "xxxx"])
        var one = CellGrid(width: 3, height: 1, fill: Cell("x"))
        Panel().draw(into: &one, area: Rect(x: 1, y: 0, width: 1, height: 1), options: .mono)
        #expect(one.lines == ["x─x"])
    }

    @Test func asciiPanelsAreASCII() {
        var grid = CellGrid(width: 20, height: 4)
        Panel(title: "Dropout(p=0.5) forward", footer: "press ? for help", focused: true)
            .draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(WidgetCheck.isASCII(grid.lines))
        #expect(grid.lines[0] == "#= Dropout(p=0.5~ =#")
    }
}

extension PanelTests {
    @Suite struct Paragraphs {
        @Test func wordsWrapToTheWidth() {
            #expect(Paragraph.wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
            #expect(Paragraph.wrap("abcdefghijkl xy", width: 5) == ["abcde", "fghij", "kl xy"])
            #expect(Paragraph.wrap("  indented text", width: 20) == ["  indented text"])
            #expect(Paragraph.wrap("a\n\nb", width: 4) == ["a", "", "b"])
            #expect(Paragraph.wrap("anything", width: 0) == [])
            #expect(Paragraph.wrap("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
        }

        @Test func alignmentAndOverflow() {
            var grid = CellGrid(width: 9, height: 3, fill: Cell("."))
            Paragraph("one\ntwo\nthree", alignment: .center).draw(into: &grid, area: grid.bounds, options: .mono)
            #expect(grid.lines == ["...one...", "...two...", "..three.."])
            var right = CellGrid(width: 6, height: 2, fill: Cell("."))
            let rows = Paragraph("ab cd ef gh ij", alignment: .right).draw(into: &right, area: right.bounds, options: .plainASCII)
            #expect(rows == 2)
            #expect(right.lines == [".ab cd", "ef gh~"])
        }

        @Test func truncationInsteadOfWrapping() {
            var grid = CellGrid(width: 6, height: 2, fill: Cell("."))
            Paragraph("a long line\nok", wrap: false).draw(into: &grid, area: grid.bounds, options: .mono)
            #expect(grid.lines == ["a lon…", "ok...."])
        }

        @Test func styledSpansKeepTheirStyles() {
            let bold = Style(attributes: .bold)
            var grid = CellGrid(width: 8, height: 2)
            Paragraph(lines: [[TextSpan("sum "), TextSpan("1.0", style: bold), TextSpan(" ok")]])
                .draw(into: &grid, area: grid.bounds, options: .mono)
            #expect(grid.lines == ["sum 1.0 ", "ok      "])
            #expect(grid[4, 0].style == bold && grid[6, 0].style == bold)
            #expect(grid[3, 0].style == .plain && grid[0, 1].style == .plain)
        }

        @Test func emptyAndTinyAreas() {
            for (w, h) in [(0, 0), (1, 1), (0, 3), (2, 1)] {
                var grid = CellGrid(width: 5, height: 5, fill: Cell("x"))
                let area = Rect(x: 2, y: 2, width: w, height: h)
                Paragraph("日本 wrapped text").draw(into: &grid, area: area, options: .mono)
                #expect(WidgetCheck.untouchedOutside(grid, area))
            }
            var grid = CellGrid(width: 3, height: 1, fill: Cell("x"))
            Paragraph("").draw(into: &grid, area: grid.bounds, options: .mono)
            Paragraph(lines: []).draw(into: &grid, area: grid.bounds, options: .mono)
            #expect(grid.lines == ["xxx"])
        }
    }
}
