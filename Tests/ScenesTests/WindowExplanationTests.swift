// WindowExplanationTests: the windowed layers' drill-down — its last number is the output element
// shown, for every windowed seed example at several positions, and its pictures, pinned.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct WindowExplanationTests {
    static let windowedLayers: Set<String> = ["Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveMaxPool2d", "AdaptiveAvgPool2d"]

    @Test func everyWindowedSeedExampleExplainsTheOutputItShows() throws {
        let examples = Preset.seedExamples.filter { Self.windowedLayers.contains($0.schemaName) }
        #expect(examples.count == 5)
        for example in examples {
            var state = try example.state()
            state.explain = true
            let views = try Scene(state).views.map(\.name).filter { Scene.explainingViews.contains($0) }
            #expect(views.count == 2, "\(example.expression): \(views)")
            for view in views {
                state.view = view
                let (rows, cols) = try Scene(state).outputPlaneSize
                let positions = [(0, 0), (rows - 1, cols - 1), (rows / 2, cols / 3), (1, cols - 1), (rows - 1, 0)]
                for channel in [0, 1] {
                    state.channel = channel
                    for (r, c) in positions {
                        state.position = OutputPosition(row: r, column: c)
                        let scene = try Scene(state)
                        let what = "\(example.expression) \(view) c\(channel) at (\(r), \(c))"
                        let arithmetic = try #require(scene.windowArithmetic, "\(what)")
                        let output = try #require(scene.explainedOutput, "\(what)")
                        #expect(Swift.abs(arithmetic.total - Double(output)) <= 1e-5 * Swift.max(1, Swift.abs(Double(output))),
                                "\(what): \(arithmetic.total) vs \(output)")
                        let e = try #require(scene.explanation, "\(what)")
                        let shown = NumberFormat.compact(Double(output), significant: 5)
                        #expect(e.title.hasSuffix("= " + shown), "\(what): \(e.title)")
                        // The line that ends the arithmetic says the same number.
                        #expect(e.lines.contains { $0.0.contains(shown + " = output") || $0.0.hasPrefix("max = " + shown + " ") },
                                "\(what): \(e.lines.map(\.0))")
                    }
                }
            }
        }
    }

    @Test func otherViewsHaveNoDrillDown() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2)")
        state.explain = true
        state.view = "indices"
        #expect(try Scene(state).explanation == nil)
        state.view = "window"
        #expect(try Scene(state).explanation != nil)
    }

    /// The drill-down panel of a render at 80×24, from its title rule to the bottom.
    func drill(_ expression: String, shape: [Int], view: String, at p: (Int, Int)) throws -> String {
        var state = try SceneState(expression: expression)
        state.shape = shape
        state.view = view
        state.explain = true
        state.position = OutputPosition(row: p.0, column: p.1)
        let lines = try Scene(state).render(width: 80, height: 24, options: .plainASCII).lines
        let top = try #require(lines.firstIndex { $0.hasPrefix("- how this number is made") })
        var rows = lines[top...].map { String($0.reversed().drop { $0 == " " }.reversed()) }
        while rows.last == "" { rows.removeLast() }
        return rows.joined(separator: "\n")
    }

    @Test func convWithDilationAndReflectPaddingReadsReflectedValues() throws {
        let text = try drill("nn.Conv2d(2, 3, 3, padding=2, dilation=2, padding_mode='reflect')", shape: [1, 2, 6, 6],
                             view: "receptive", at: (1, 2))
        #expect(text == """
            - how this number is made: output[0, 0, 1, 2] = 0.19286 ------------------------
            window c0  3x3             sum window*weight over in c0 = 0.39423
                   @@@@@@@             per input channel: c0 0.39423 + c1 -0.050383
                 0      1      0       sum = 0.34385 + bias -0.15098 = 0.19286 = output
                   @@@@@@@             in c0: 3x3 taps at rows -1,1,3, cols 0,2,4; 3 read
                 0      1      0       reflect padding (copies)
                          @@@@@@@
                 0      0      1
            """)
    }

    @Test func maxPoolCeilModeWindowNamesItsWinnerAndIndex() throws {
        let text = try drill("nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)", shape: [1, 1, 5, 6], view: "window", at: (2, 3))
        #expect(text == """
            - how this number is made: output[0, 0, 2, 3] = 0.6309 -------------------------
            window  3x3                3x3 window, rows 3...5, cols 5...7: 2 input cells, 4
            <@@@@@>,,,,,,,ooooooo      padding (-inf, never wins), 3 past the padded input
            <0.631>,,,,,,,ooooooo      (ceil_mode: read by nobody)
                   ,,,,,,,ooooooo      max = 0.6309 at input row 3, col 5 -> index 3*6 + 5 =
             0.438 ,,,,,,,ooooooo      23 (what return_indices gives)
            ,,,,,,,,,,,,,,ooooooo      no other tap equals it
            ,,,,,,,,,,,,,,ooooooo
            """)
    }

    @Test func avgPoolDivisorOverrideDividesWhateverTheWindowHolds() throws {
        let text = try drill("nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=5)", shape: [1, 1, 5, 6],
                             view: "window", at: (2, 3))
        #expect(text == """
            - how this number is made: output[0, 0, 2, 3] = 0.21375 ------------------------
            window  3x3                3x3 window, rows 3...5, cols 5...7: 2 input cells, 4
            @@@@@@@,,,,,,,ooooooo      padding (0), 3 past the padded input (ceil_mode: read
             0.631 ,,,,,,,ooooooo      by nobody)
                   ,,,,,,,ooooooo      sum of the 2 input cells = 1.0688
             0.438 ,,,,,,,ooooooo      divisor = divisor_override = 5, whatever the window
            ,,,,,,,,,,,,,,ooooooo      holds
            ,,,,,,,,,,,,,,ooooooo      1.0688 / 5 = 0.21375 = output
            """)
    }

    @Test func adaptiveAvgPoolBinShowsItsBoundsWithTheNumbersIn() throws {
        let text = try drill("nn.AdaptiveAvgPool2d((3, 4))", shape: [1, 1, 7, 9], view: "bins", at: (1, 2))
        #expect(text == """
            - how this number is made: output[0, 0, 1, 2] = 0.66199 ------------------------
            window  3x3                rows floor(1*7/3) = 2 ... ceil(2*7/3) = 5 (exclusive)
            +++++++:::::::             * cols floor(2*9/4) = 4 ... ceil(3*9/4) = 7
             0.688  0.421  0.290       (exclusive)
            +++++++=======%%%%%%%      3x3 window, rows 2...4, cols 4...6: 9 input cells
             0.718  0.644  0.931       sum of the 9 input cells = 5.9579
            -------+++++++@@@@@@@      divisor = 3*3 = 9, the cells of the bin
             0.538  0.678  1.051       5.9579 / 9 = 0.66199 = output
            """)
    }
}
