// Zoomed heatmap cells as pictures: whole zooms in glyph and half-block mode, one scale shared by
// several maps, a forced scale with hidden columns and a scroll origin, marks that stay visible in
// every mode, cells that are not values, integer labels, and the edge cases (empty and tiny areas,
// huge zooms, huge sizes, NaN/±Inf).

import Testing
@testable import CellRender

@Suite struct HeatmapZoomTests {
    /// Draws into a grid pre-filled with "~" so that untouched cells show.
    private func render(_ map: Heatmap, width: Int, height: Int, options: RenderOptions = .plainASCII,
                        mapScale: MapScale? = nil, origin: (row: Int, col: Int) = (0, 0)) -> (lines: [String], layout: MapLayout) {
        var grid = CellGrid(width: width, height: height, fill: Cell("~"))
        let area = Rect(width: width, height: height)
        let lay = mapScale.map { map.draw(into: &grid, area: area, options: options, mapScale: $0, origin: origin) }
            ?? map.draw(into: &grid, area: area, options: options)
        return (grid.lines, lay)
    }

    /// 0 1 / 2 3 on a 0…3 scale: " ", "-", "*", "@" on the ASCII ramp.
    private let square = Heatmap(rows: 2, cols: 2, values: [0, 1, 2, 3])

    // MARK: Zoom

    @Test func glyphCellsGrowByWholeZooms() {
        let one = render(square, width: 5, height: 3)
        #expect(one.layout.mapScale == .glyphs(zoom: 1))
        #expect(one.lines == [
            "  --~",
            "**@@~",
            "~~~~~",
        ])
        let two = render(square, width: 11, height: 5)
        #expect(two.layout.mapScale == MapScale(cellWidth: 4, cellHeight: 2))
        #expect(two.lines == [
            "    ----~~~",
            "    ----~~~",
            "****@@@@~~~",
            "****@@@@~~~",
            "~~~~~~~~~~~",
        ])
        let three = render(square, width: 12, height: 7)
        #expect(three.layout.mapScale == .glyphs(zoom: 3) && three.layout.width == 12 && three.layout.height == 6)
        #expect(three.lines == [
            "      ------",
            "      ------",
            "      ------",
            "******@@@@@@",
            "******@@@@@@",
            "******@@@@@@",
            "~~~~~~~~~~~~",
        ])
        // The narrower side decides: height for 2 zooms, width for 2.
        #expect(square.layout(width: 11, height: 100, options: .plainASCII).mapScale == .glyphs(zoom: 2))
    }

    @Test func halfBlockCellsGrowByWholeZooms() {
        let options = RenderOptions()
        let half = Heatmap(rows: 2, cols: 2, values: [0, 1, 2, 3], mode: .halfBlock)
        // Zoom 1: one column and half a row per value.
        let one = render(half, width: 3, height: 1, options: options)
        #expect(one.layout.mapScale == .halfBlocks(zoom: 1))
        #expect(one.lines == ["▄▄~"])
        // Zoom 3: three columns and three half rows; the middle text row is split between rows.
        var grid = CellGrid(width: 7, height: 4, fill: Cell("~"))
        let lay = half.draw(into: &grid, area: grid.bounds, options: options)
        #expect(lay.mapScale == .halfBlocks(zoom: 3) && lay.width == 6 && lay.height == 3)
        #expect(grid.lines == ["▄▄▄▄▄▄~", "▄▄▄▄▄▄~", "▄▄▄▄▄▄~", "~~~~~~~"])
        let (c0, c1, c2, c3) = (half.color(0, options: options), half.color(1, options: options),
                                half.color(2, options: options), half.color(3, options: options))
        #expect(grid[0, 0].style.bg == c0 && grid[0, 0].style.fg == c0)
        #expect(grid[3, 0].style.bg == c1 && grid[3, 0].style.fg == c1)
        #expect(grid[2, 1].style.bg == c0 && grid[2, 1].style.fg == c2)
        #expect(grid[5, 1].style.bg == c1 && grid[5, 1].style.fg == c3)
        #expect(grid[0, 2].style.bg == c2 && grid[5, 2].style.fg == c3)
        // Auto takes half blocks only when they give larger cells than glyphs (3 > 2·1 here) …
        let auto = Heatmap(rows: 2, cols: 2, values: [0, 1, 2, 3])
        #expect(auto.layout(width: 7, height: 3, options: options).mapScale == .halfBlocks(zoom: 3))
        // … and glyphs on a tie (zoom 1 glyphs = zoom 2 half blocks).
        #expect(auto.layout(width: 4, height: 2, options: options).mapScale == .glyphs(zoom: 1))
        // Marks, labels, ASCII or too few colours rule half blocks out.
        #expect(auto.layout(width: 7, height: 3, options: RenderOptions(depth: .ansi16)).mapScale == .glyphs(zoom: 1))
        #expect(half.layout(width: 7, height: 3, options: .mono).mapScale == .glyphs(zoom: 1))
    }

    @Test func samplingOnlyWhenOneValuePerCellDoesNotFit() {
        let map = Heatmap(rows: 4, cols: 8, values: (0..<32).map(Float.init))
        // 8 columns fit one per cell: no sampling, one column per value.
        let dense = map.layout(width: 8, height: 4, options: .plainASCII)
        #expect(dense.mapScale == MapScale() && dense.isComplete && dense.mapScale.samplingText == "")
        // 7 columns do not: every 2nd value, said as "1:2".
        let sparse = map.layout(width: 7, height: 4, options: .plainASCII)
        #expect(sparse.step == 2 && sparse.shownCols == 4 && sparse.shownRows == 2 && sparse.isComplete)
        #expect(sparse.mapScale.samplingText == "1:2")
        #expect(MapScale.sampled(step: 1).samplingText == "")
    }

    @Test func labelsNeedCellsSixColumnsWideAndSitOnTheMiddleRow() {
        let map = Heatmap(rows: 1, cols: 2, values: [0.5, -1.25], scale: ValueScale(lower: -2, upper: 2), labels: true)
        // Room for 7-column cells at zoom 1 (height 1).
        #expect(render(map, width: 14, height: 1).lines == ["  0.50  -1.25 "])
        // Zoom 3 (6 × 3): labels on the middle row with one decimal fewer; ramp glyphs above and below.
        #expect(render(map, width: 12, height: 3).lines == [
            "******::::::",
            "  0.5  -1.3 ",
            "******::::::",
        ])
        // Zoom 2 cells are 4 wide: no labels.
        #expect(render(map, width: 9, height: 2).lines == [
            "****::::~",
            "****::::~",
        ])
        #expect(!map.layout(width: 9, height: 2, options: .plainASCII).labelled)
    }

    // MARK: One scale for several maps

    @Test func theCommonScaleIsTheLargestThatFitsEveryMap() {
        let input = Heatmap(rows: 6, cols: 6, values: (0..<36).map(Float.init))
        let output = Heatmap(rows: 3, cols: 3, values: (0..<9).map(Float.init))
        let area = Rect(width: 30, height: 10)
        // On its own the output would be drawn at zoom 3, larger than the input at zoom 1.
        #expect(output.layout(width: 30, height: 10, options: .plainASCII).mapScale == .glyphs(zoom: 3))
        #expect(input.layout(width: 30, height: 10, options: .plainASCII).mapScale == .glyphs(zoom: 1))
        let common = Heatmap.commonScale([(input, area), (output, area)], options: .plainASCII)
        #expect(common == .glyphs(zoom: 1))
        let out = render(output, width: 8, height: 4, mapScale: common)
        #expect(out.layout.width == 6 && out.layout.height == 3 && out.layout.isComplete)
        #expect(out.lines == [
            "  ..::~~",
            "--++**~~",
            "##%%@@~~",
            "~~~~~~~~",
        ])
        // Maps too large for their area make every map sample at the coarsest step needed.
        let big = MapScale.largest(fitting: [(40, 40, 20, 10), (3, 3, 20, 10)])
        #expect(big == .sampled(step: 4) && big.samplingText == "1:4")
        // Half blocks only when every map can use them; a labelled map asks for label-wide cells.
        let colour = RenderOptions()
        let plain = Heatmap(rows: 2, cols: 2, values: [0, 1, 2, 3])
        let marked = Heatmap(rows: 2, cols: 2, values: [0, 1, 2, 3], marks: [.window])
        let tall = Rect(width: 7, height: 3)
        #expect(Heatmap.commonScale([(plain, tall), (plain, tall)], options: colour) == .halfBlocks(zoom: 3))
        #expect(Heatmap.commonScale([(plain, tall), (marked, tall)], options: colour) == .glyphs(zoom: 1))
        let labelled = Heatmap(rows: 2, cols: 2, values: [0, 1, 2, 3], labels: true)
        #expect(Heatmap.commonScale([(labelled, Rect(width: 14, height: 2)), (plain, Rect(width: 20, height: 9))],
                                    options: colour) == MapScale(cellWidth: 7, cellHeight: 1))
        // Maps with no values or no area do not constrain the others; none at all give one cell per value.
        #expect(MapScale.largest(fitting: [(0, 5, 10, 10), (2, 2, 0, 0), (1, 1, 8, 4)]) == .glyphs(zoom: 4))
        #expect(MapScale.largest(fitting: []) == MapScale())
    }

    // MARK: A forced scale: hidden values and scrolling

    /// Every row counts 0…9 across, on a 0…9 scale: column c shows the c-th glyph of " .:-=+*#%@".
    private let wide = Heatmap(rows: 3, cols: 10, values: (0..<30).map { Float($0 % 10) }, scale: ValueScale(lower: 0, upper: 9))

    @Test func aForcedScaleHidesWhatDoesNotFitAndScrolls() {
        let top = render(wide, width: 9, height: 2, mapScale: .glyphs(zoom: 1))
        #expect(top.lines == [
            "  ..::--~",
            "  ..::--~",
        ])
        #expect(top.layout.shownCols == 4 && top.layout.shownRows == 2)
        #expect(top.layout.hiddenLeft == 0 && top.layout.hiddenRight == 6 && top.layout.hiddenBelow == 1)
        #expect(top.layout.hiddenCols == 6 && top.layout.hiddenRows == 1 && !top.layout.isComplete)
        let scrolled = render(wide, width: 9, height: 2, mapScale: .glyphs(zoom: 1), origin: (row: 1, col: 3))
        #expect(scrolled.lines == [
            "--==++**~",
            "--==++**~",
        ])
        #expect(scrolled.layout.firstRow == 1 && scrolled.layout.firstCol == 3)
        #expect(scrolled.layout.hiddenAbove == 1 && scrolled.layout.hiddenBelow == 0)
        #expect(scrolled.layout.hiddenLeft == 3 && scrolled.layout.hiddenRight == 3)
        // Past the end the origin moves back so that the view stays full.
        let past = render(wide, width: 9, height: 2, mapScale: .glyphs(zoom: 1), origin: (row: 50, col: 100))
        #expect(past.layout.firstRow == 1 && past.layout.firstCol == 6 && past.layout.hiddenRight == 0)
        #expect(past.lines == ["**##%%@@~", "**##%%@@~"])
        let before = render(wide, width: 9, height: 2, mapScale: .glyphs(zoom: 1), origin: (row: -4, col: -1))
        #expect(before.layout.firstRow == 0 && before.layout.firstCol == 0)
        // A sampled scale scrolls in data columns; values skipped by the step are not "hidden".
        let sampled = render(wide, width: 3, height: 2, mapScale: .sampled(step: 2), origin: (row: 0, col: 1))
        #expect(sampled.lines == [".-+", ".-+"])
        #expect(sampled.layout.hiddenLeft == 1 && sampled.layout.hiddenRight == 3 && sampled.layout.hiddenBelow == 0)
        let whole = render(wide, width: 5, height: 2, mapScale: .sampled(step: 2))
        #expect(whole.lines == [" :=*%", " :=*%"] && whole.layout.isComplete)
    }

    @Test func anAreaSmallerThanOneCellShowsNothingAndSaysSo() {
        let lay = render(wide, width: 5, height: 2, mapScale: .glyphs(zoom: 3))
        #expect(lay.lines == ["~~~~~", "~~~~~"])
        #expect(lay.layout.width == 0 && lay.layout.height == 0 && lay.layout.shownCols == 0)
        #expect(lay.layout.hiddenCols == 10 && lay.layout.hiddenRows == 3)
    }

    // MARK: Marks

    /// Values 0, 5, 9 on a 0…9 scale: a window, a highlight, an unmarked value.
    private let marked = Heatmap(rows: 1, cols: 3, values: [0, 5, 9], scale: ValueScale(lower: 0, upper: 9),
                                 marks: [.window, .highlight, .none])

    @Test func marksAreGlyphsAndAttributesWithoutColour() {
        let ascii = render(marked, width: 12, height: 2, mapScale: .glyphs(zoom: 2))
        #expect(ascii.lines == [
            "[  ]<++>@@@@",
            "[  ]<++>@@@@",
        ])
        var grid = CellGrid(width: 12, height: 2)
        marked.draw(into: &grid, area: grid.bounds, options: .mono, mapScale: .glyphs(zoom: 2))
        #expect(grid.lines == ["[  ]<▒▒>████", "[  ]<▒▒>████"])
        #expect(grid[0, 0].style == Style(attributes: .bold) && grid[3, 1].style == Style(attributes: .bold))
        #expect(grid[4, 0].style == Style(attributes: [.bold, .reverse]) && grid[7, 1].style.attributes.contains(.reverse))
        #expect(grid[5, 0].style == .plain && grid[8, 0].style == .plain)
        // One column per value: the opening glyph alone.
        #expect(render(marked, width: 3, height: 1, mapScale: MapScale()).lines == ["[<@"])
    }

    @Test func marksStayVisibleOnEveryValueColourAndDepth() {
        for depth in [ColorDepth.truecolor, .indexed256] {
            let options = RenderOptions(depth: depth)
            var grid = CellGrid(width: 12, height: 2)
            marked.draw(into: &grid, area: grid.bounds, options: options, mapScale: .glyphs(zoom: 2))
            #expect(grid.lines == ["[  ]<  >    ", "[  ]<  >    "])
            for (x, value) in [(0, Float(0)), (3, 0), (4, 5), (7, 5)] {
                let style = grid[x, 1].style
                // On the value's own colour, in black or white: never the theme's accent on it.
                #expect(style.bg == marked.color(value, options: options))
                #expect(style.fg == .rgb(255, 255, 255) || style.fg == .rgb(0, 0, 0))
                #expect(style.attributes.contains(.bold))
                #expect(style.attributes.contains(.reverse) == (x >= 4))
            }
            // The inside of a marked cell keeps the value's colour.
            #expect(grid[1, 0].style.bg == marked.color(0, options: options) && grid[1, 0].style.attributes.isEmpty)
        }
        // With 16 colours the value is a coloured glyph; the marks use the theme's colours, bold.
        let few = RenderOptions(depth: .ansi16)
        var grid = CellGrid(width: 12, height: 2)
        marked.draw(into: &grid, area: grid.bounds, options: few, mapScale: .glyphs(zoom: 2))
        #expect(grid.lines == ["[  ]<▒▒>████", "[  ]<▒▒>████"])
        #expect(grid[0, 0].style == Style(fg: few.theme.style(.window).fg, attributes: .bold))
        #expect(grid[4, 0].style == Style(fg: few.theme.style(.accent).fg, attributes: [.bold, .reverse]))
        // And each mark shows in every output format.
        #expect(TextOutput.render(grid, as: .ansi(depth: .ansi16)).contains("\u{1B}[1;7"))
        #expect(TextOutput.render(grid, as: .html).contains("font-weight:bold"))
    }

    @Test func cellsThatAreNotValuesHaveTheirOwnGlyphAndNoValueColour() {
        let marks: [CellMark] = [.padding, .overhang, .dropped, .none]
        let map = Heatmap(rows: 1, cols: 4, values: [9, 9, 0, 9], scale: ValueScale(lower: 0, upper: 9), marks: marks)
        #expect(render(map, width: 8, height: 1).lines == [",,ooxx@@"])
        #expect(render(map, width: 8, height: 1, options: .mono).lines == ["··∘∘××██"])
        for options in [RenderOptions(), RenderOptions(depth: .indexed256), RenderOptions(depth: .ansi16), .mono] {
            var grid = CellGrid(width: 16, height: 2)
            map.draw(into: &grid, area: grid.bounds, options: options)
            let valueColours = Set([Float(0), 9].compactMap { map.color($0, options: options) })
            for x in 0..<12 {
                let style = grid[x, 1].style
                #expect(style == marks[x / 4].fillStyle(options: options))
                #expect(!valueColours.contains(style.bg) && !valueColours.contains(style.fg))
            }
        }
        // Their values do not stretch the map's own scale.
        let dropped = Heatmap(rows: 1, cols: 3, values: [-50, 1, 2], marks: [.dropped, .none, .none])
        #expect(dropped.scale == ValueScale(lower: 1, upper: 2))
        #expect(render(dropped, width: 6, height: 1).lines == ["xx  @@"])
        // The roles: padding, muted, warning.
        let options = RenderOptions()
        #expect(CellMark.padding.fillStyle(options: options) == options.style(.padding))
        #expect(CellMark.overhang.fillStyle(options: options) == options.style(.muted))
        #expect(CellMark.dropped.fillStyle(options: options) == options.style(.warning))
        // In a labelled map a dropped element is not printed as a number.
        let labelled = Heatmap(rows: 1, cols: 2, values: [0, 2.5], marks: [.dropped, .none], labels: true)
        #expect(render(labelled, width: 14, height: 1).lines == ["xxxxxxx 2.500 "])
    }

    // MARK: Numbers

    @Test func integralDataIsLabelledWithoutDecimals() {
        let map = Heatmap(rows: 1, cols: 3, values: [7, -2, 12], labels: true)
        #expect(map.isIntegral)
        #expect(render(map, width: 21, height: 1).lines == ["     7     -2     12 "])
        var grid = CellGrid(width: 40, height: 1)
        Legend(for: map).draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(grid.lines == ["-12  ..::-==++*##%%@ 12 (0 centred)     "])
        // One fraction anywhere, or a value past 1e7, and decimals come back.
        #expect(!Heatmap(rows: 1, cols: 2, values: [7, 0.5]).isIntegral)
        #expect(!Heatmap(rows: 1, cols: 2, values: [7, 2e7]).isIntegral)
        #expect(Heatmap(rows: 1, cols: 3, values: [1, .nan, .infinity]).isIntegral)
        #expect(!Heatmap(rows: 1, cols: 1, values: [.nan]).isIntegral)
        #expect(Legend.boundText(1234) == "1234" && Legend.boundText(2.5) == "2.5" && Legend.boundText(3e7) == "3e+07")
    }

    // MARK: Edge cases

    @Test func emptyAndTinyAreasAndMaps() {
        #expect(render(square, width: 0, height: 0).lines == [])
        let sampled = render(square, width: 1, height: 1)
        #expect(sampled.lines == [" "] && sampled.layout.step == 2)
        let one = render(Heatmap(rows: 1, cols: 1, values: [3]), width: 1, height: 1)
        #expect(one.lines == ["+"] && one.layout.mapScale == MapScale())
        for (rows, cols) in [(0, 0), (0, 4), (4, 0)] {
            let empty = Heatmap(rows: rows, cols: cols, values: [])
            let lay = render(empty, width: 4, height: 2)
            #expect(lay.lines == ["~~~~", "~~~~"])
            #expect(lay.layout.width == 0 && lay.layout.height == 0 && lay.layout.isComplete)
            #expect(render(empty, width: 4, height: 2, mapScale: .glyphs(zoom: 2)).lines == ["~~~~", "~~~~"])
        }
    }

    @Test func nonFiniteValuesSitInTheMiddleOfAZoomedCell() {
        let map = Heatmap(rows: 1, cols: 3, values: [.nan, .infinity, -.infinity])
        #expect(render(map, width: 18, height: 3, mapScale: .glyphs(zoom: 3)).lines == [
            "                  ",
            "  ?     ^     v   ",
            "                  ",
        ])
        var grid = CellGrid(width: 3, height: 1)
        Heatmap(rows: 1, cols: 3, values: [.nan, 1, 2], mode: .halfBlock).draw(into: &grid, area: grid.bounds, options: RenderOptions())
        #expect(grid.lines == ["∅▀▀"])
    }

    @Test func hugeZoomsAndSizesCostOnlyTheCellsDrawn() {
        // A 1×1 map in an enormous area: zoom 500,000, drawn only where the grid is.
        var grid = CellGrid(width: 6, height: 3, fill: Cell("~"))
        let one = Heatmap(rows: 1, cols: 1, values: [1])
        let lay = one.draw(into: &grid, area: Rect(width: 1_000_000, height: 1_000_000), options: .plainASCII)
        #expect(lay.mapScale == .glyphs(zoom: 500_000))
        #expect(grid.lines == ["++++++", "++++++", "++++++"])
        // Zooms that overflow an Int.
        #expect(MapScale.glyphs(zoom: Int.max).cellWidth == Int.max)
        let size = MapScale.glyphs(zoom: Int.max).size(rows: 3, cols: 3)
        #expect(size.width == Int.max && size.height == Int.max)
        let giant = render(wide, width: 8, height: 4, mapScale: MapScale(cellWidth: Int.max, cellHeight: Int.max))
        #expect(giant.lines.allSatisfy { $0 == "~~~~~~~~" } && giant.layout.hiddenCols == 10)
        // Sizes whose product overflows: sampled, and only the values that exist are read.
        let huge = Heatmap(rows: Int.max / 2, cols: Int.max / 2, values: [1, 2, 3])
        let hugeLayout = render(huge, width: 4, height: 2)
        #expect(hugeLayout.layout.step > 1 && hugeLayout.layout.width <= 4 && hugeLayout.layout.height <= 2)
        #expect(huge.presentMarks.isEmpty && huge.shownValues == [1, 2, 3])
    }

    @Test func totalOnEveryAreaScaleAndOption() {
        let maps = [
            square, wide, marked,
            Heatmap(rows: 0, cols: 0, values: []),
            Heatmap(rows: 3, cols: 3, values: [.nan, .infinity, -.infinity, 0, 0, 0, 1, 2]),
            Heatmap(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6], marks: [.padding, .overhang, .dropped, .window, .highlight], labels: true),
            Heatmap(rows: 5, cols: 7, values: (0..<35).map { Float($0) - 17 }, mode: .halfBlock),
        ]
        let scales: [MapScale?] = [nil, MapScale(), .glyphs(zoom: 2), .halfBlocks(zoom: 3), .sampled(step: 3), MapScale(cellWidth: 7, cellHeight: 2)]
        for map in maps {
            for (w, h) in [(0, 0), (1, 1), (2, 1), (5, 3), (13, 7)] {
                for options in [RenderOptions.mono, .plainASCII, RenderOptions(), RenderOptions(depth: .ansi16)] {
                    for scale in scales {
                        var grid = CellGrid(width: w + 4, height: h + 4, fill: Cell("x"))
                        let area = Rect(x: 2, y: 2, width: w, height: h)
                        let lay = scale.map { map.draw(into: &grid, area: area, options: options, mapScale: $0, origin: (1, 1)) }
                            ?? map.draw(into: &grid, area: area, options: options)
                        #expect(lay.width <= w && lay.height <= h)
                        #expect(WidgetCheck.untouchedOutside(grid, area))
                        if options.ascii { #expect(WidgetCheck.isASCII(grid.lines)) }
                    }
                }
            }
        }
    }
}
