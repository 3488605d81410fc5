// Tests of LinePlot: braille and ASCII curves, axes and ticks, reference lines, markers, legends,
// monochrome series glyphs, and the edge cases (tiny areas, empty, constant and non-finite data).

import Testing
@testable import CellRender

@Suite struct LinePlotTests {
    let relu = LinePlot.Series.sampled(name: "relu", over: -3...3, count: 61) { Swift.max(0, $0) }
    let identity = LinePlot.Series(name: "id", points: [(-3, -3), (3, 3)])

    var reluPlot: LinePlot {
        LinePlot(series: [relu], markers: [.init(x: 1.5, y: 1.5, label: "x=1.5"), .init(x: 0, y: 0)],
                 xLabel: "x", yLabel: "relu(x)")
    }

    @Test func brailleCurveWithAxesTicksAndMarkers() {
        var grid = CellGrid(width: 30, height: 10)
        reluPlot.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == """
            relu(x)                       
            3┤              ┊           ⡠⠊
             │              ┊         ⡠⠋  
            2┤              ┊       ⡠⠊    
             │              ┊    ⢀●x=1.5  
            1┤              ┊   ⡠⠊        
             │              ┊⢀⡠⠊          
            0┤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀●⠁            
             └────┬─────────┬────────┬────
                  -2        0        2   x
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    @Test func asciiFallbackUsesOnlyASCII() {
        var grid = CellGrid(width: 30, height: 10)
        reluPlot.draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(grid.lines == """
            relu(x)                       
            3+              :           //
             |              :        ./'  
            2+              :       //    
             |              :    .ox=1.5  
            1+              :   /'        
             |              :./'          
            0+..............o'            
             +-----+--------+--------+----
                   -2       0        2   x
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        #expect(WidgetCheck.isASCII(grid.lines))
    }

    @Test func secondSeriesGetsItsOwnGlyphWithoutColourAndALegend() {
        var grid = CellGrid(width: 30, height: 10)
        LinePlot(series: [relu, identity]).draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == """
                              ━ relu  + id
              │             ┊         ++++
             2┤             ┊     +++++   
              │             ┊ +++++       
             0┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤+++++┈┈┈┈┈┈┈┈┈┈┈
              │       +++++ ┊             
            -2┤   +++++     ┊             
              │++++         ┊             
              └────┬────────┬────────┬────
                   -2       0        2    
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        var ascii = CellGrid(width: 30, height: 10)
        LinePlot(series: [relu, identity]).draw(into: &ascii, area: ascii.bounds, options: .plainASCII)
        #expect(ascii.lines[0] == "                  - relu  + id")
        #expect(ascii.lines[4] == " 0+------------+++'- - - - - -")
        #expect(WidgetCheck.isASCII(ascii.lines))
    }

    @Test func colourTellsSeriesApart() {
        let options = RenderOptions()
        var grid = CellGrid(width: 30, height: 10)
        LinePlot(series: [relu, identity]).draw(into: &grid, area: grid.bounds, options: options)
        let glyphs = grid.lines.joined()
        #expect(!glyphs.contains("+"))
        // Bottom-left of the plot is the identity line (series 1); the flat left half of the y = 0 row
        // is ReLU (series 0).
        #expect(grid[3, 7].style.fg == options.theme.seriesColor(1))
        #expect(grid[4, 4].style.fg == options.theme.seriesColor(0))
        #expect(grid[4, 4].glyph == "⠤")
        #expect(grid[16, 1].style == options.style(.muted))  // the x = 0 reference line
    }

    @Test func nonFinitePointsBreakTheLineAndConstantDataSitsInTheMiddle() {
        var grid = CellGrid(width: 12, height: 5)
        let points: [(x: Double, y: Double)] = [(0, 1), (1, 1), (2, .nan), (3, 1), (4, .infinity), (5, 1)]
        LinePlot(series: [.init(name: "c", points: points)]).draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            " │          ",
            "1┤⠤⠤⠄  ⠠   ⠠",
            " │          ",
            " └┬────────┬",
            "  0        5",
        ])
    }

    @Test func fixedRangesClipTheCurve() {
        var grid = CellGrid(width: 12, height: 6)
        let line = LinePlot.Series(name: "steep", points: [(-10, -100), (10, 100)])
        LinePlot(series: [line], xRange: -1...1, yRange: -1...1, referenceX: [], referenceY: [])
            .draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(grid.lines == [
            " |     /    ",
            " |     /    ",
            "0+    /     ",
            " |    /     ",
            " +-----+----",
            "       0    ",
        ])
    }

    @Test func tinyAreasDrawOnlyTheCurve() {
        var grid = CellGrid(width: 6, height: 3)
        reluPlot.draw(into: &grid, area: grid.bounds, options: .mono)
        #expect(grid.lines == [
            "   ┊⢀⡞",
            "   ⢀●…",
            "⣀⣀⣀●  ",
        ])
    }

    @Test func totalOnEveryAreaAndEveryKindOfData() {
        let data: [[(x: Double, y: Double)]] = [
            [], [(1, 1)], [(0, 2), (1, 2), (2, 2)], [(.nan, .nan), (.nan, 1)],
            [(0, .infinity), (1, -.infinity), (2, 0)], [(-1e300, 1e300), (1e300, -1e300)],
            [(0, 5e-324), (1, -5e-324)], [(0, 0), (0, 1), (0, -1)],
        ]
        let ranges: [ClosedRange<Double>?] = [nil, 0...0, -Double.infinity...Double.infinity, -1e308...1e308]
        let sizes = [(0, 0), (1, 1), (2, 2), (3, 1), (7, 3), (8, 4), (9, 6), (20, 8)]
        for points in data {
            for range in ranges {
                for (w, h) in sizes {
                    for options in [RenderOptions.mono, .plainASCII, RenderOptions()] {
                        var grid = CellGrid(width: w + 4, height: h + 4, fill: Cell("x"))
                        let area = Rect(x: 2, y: 2, width: w, height: h)
                        let plot = LinePlot(series: [.init(name: "a", points: points), .init(name: "b", points: points)],
                                            markers: points.map { .init(x: $0.x, y: $0.y, label: "m") },
                                            xRange: range, yRange: range, xLabel: "x", yLabel: "y")
                        plot.draw(into: &grid, area: area, options: options)
                        #expect(WidgetCheck.untouchedOutside(grid, area), "\(points) \(String(describing: range)) \(w)×\(h)")
                        if options.ascii { #expect(WidgetCheck.isASCII(grid.lines)) }
                    }
                }
            }
        }
    }

    @Test func ticksAreRoundNumbers() {
        #expect(LinePlot.ticks(-3...3, maxCount: 3) == [-2, 0, 2])
        #expect(LinePlot.ticks(0...1, maxCount: 4).map { NumberFormat.compact($0) } == ["0", "0.5", "1"])
        #expect(LinePlot.ticks(0...1, maxCount: 10).map { NumberFormat.compact($0) }
            == ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"])
        #expect(LinePlot.ticks(0...1000, maxCount: 2).map { NumberFormat.compact($0) } == ["0", "500", "1e+03"])
        #expect(LinePlot.ticks(0.1...0.2, maxCount: 1) == [0.1, 0.2])
        let fitted = LinePlot(series: [.init(name: "k", points: [(2, 3), (2, 3)])]).resolvedRanges()
        #expect(fitted.x == 1...3 && fitted.y == 1.5...4.5)
    }

    // MARK: Whole-number axes

    /// A loss recorded at training steps 0, 1 and 2.
    let byStep = LinePlot(series: [.init(name: "loss", x: [0, 1, 2], y: [2.5, 1.25, 0.75])], xLabel: "step",
                          referenceX: [], referenceY: [])
    /// Counts (whole numbers) at steps 0, 1 and 2.
    let counts = LinePlot(series: [.init(name: "count", x: [0, 1, 2], y: [3, 1, 2])], referenceX: [], referenceY: [])

    @Test func stepsOnTheXAxisGetWholeNumberTicksOnly() {
        var grid = CellGrid(width: 40, height: 8)
        byStep.draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(grid.lines == """
             |'--.                                  
            2+    ''--.                             
             |         ''-..                        
             |              ''-..                   
             |                   ''----...          
            1+                            ''''----..
             ++------------------+-----------------+
              0                  1              step
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        // The same curve at fractional x keeps its half steps.
        var fractional = byStep
        fractional.series[0].points = [(0, 2.5), (1, 1.25), (1.5, 0.75)]
        var half = CellGrid(width: 40, height: 8)
        fractional.draw(into: &half, area: half.bounds, options: .plainASCII)
        #expect(half.lines.last == "  0          0.5           1        step")
    }

    @Test func wholeNumberValuesGetWholeNumberLabelsOnTheYAxis() {
        var grid = CellGrid(width: 40, height: 16)
        counts.draw(into: &grid, area: grid.bounds, options: .plainASCII)
        #expect(grid.lines == #"""
            3+\.                                    
             | '\                                   
             |   \.                                 
             |    '\                                
             |      \                               
             |       \.                             
             |        '\                            
            2+          \.                       .-'
             |           '\                    /'   
             |             \                .-'     
             |              \.           .-'        
             |               '\       .-'           
             |                 \.   .-'             
            1+                  '/-'                
             ++------------------+-----------------+
              0                  1                 2
            """#.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        #expect(WidgetCheck.isASCII(grid.lines))
    }

    @Test func integralAxesAreFoundFromTheFinitePointsOfTheSeries() {
        #expect(counts.integralAxes() == (x: true, y: true))
        #expect(byStep.integralAxes() == (x: true, y: false))
        #expect(LinePlot(series: [relu]).integralAxes() == (x: false, y: false))
        #expect(LinePlot(series: []).integralAxes() == (x: false, y: false), "no points: nothing to say")
        let gaps = LinePlot(series: [.init(name: "g", points: [(0, 1), (.nan, 0.5), (1.5, .infinity), (2, 3)])])
        #expect(gaps.integralAxes() == (x: true, y: true), "non-finite points are skipped")
        #expect(LinePlot(series: [.init(name: "a", x: [0, 1], y: [1, 2]), .init(name: "b", x: [0.5], y: [1])])
            .integralAxes() == (x: false, y: true), "every series counts")
    }

    @Test func integralTicksAreWholeNumbersOrNone() {
        #expect(LinePlot.ticks(0...2, maxCount: 4) == [0, 0.5, 1, 1.5, 2])
        #expect(LinePlot.ticks(0...2, maxCount: 4, integral: true) == [0, 1, 2])
        #expect(LinePlot.ticks(-3...3, maxCount: 3, integral: true) == [-2, 0, 2], "coarse steps stay as they were")
        #expect(LinePlot.ticks(0.2...0.8, maxCount: 4, integral: true) == [], "no whole number inside")
        #expect(LinePlot.ticks(1...3, maxCount: 100, integral: true) == [1, 2, 3])
        #expect(LinePlot.ticks(0...2e6, maxCount: 2, integral: true).map { LinePlot.tickLabel($0, integral: true) }
            == ["0", "1000000", "2000000"])
        #expect(LinePlot.tickLabel(1500, integral: false) == "1.5e+03")
    }
}
