// Scene selection: changing only the view, channel or output position of an evaluated scene draws
// exactly what a scene built afresh for that state draws, for every view of every seed example.

import CellRender
import LayerKit
import Scenes
import Testing

@Suite struct SceneSelectionTests {
    @Test(arguments: Preset.seedExamples)
    func selectingDrawsWhatAFreshSceneDraws(_ preset: Preset) throws {
        let scene = try Scene(try preset.state())
        for view in scene.views {
            for (channel, position) in [(0, OutputPosition()), (1, OutputPosition(row: 1, column: 7)), (-1, OutputPosition(row: 1_000_003, column: -4))] {
                let selected = try scene.selecting(view: view.name, channel: channel, position: position)
                var state = try preset.state()
                state.view = view.name
                state.channel = channel
                state.position = position
                let fresh = try Scene(state)
                #expect(selected.state == fresh.state)
                for options in [RenderOptions.mono, RenderOptions(color: true)] {
                    #expect(selected.render(width: 120, height: 40, options: options)
                                == fresh.render(width: 120, height: 40, options: options),
                            "\(preset.expression) view \(view.name) channel \(channel) position \(position)")
                }
            }
        }
    }

    @Test func selectingAnUnknownViewListsTheViews() throws {
        let scene = try Scene(try SceneState(expression: "nn.ReLU()"))
        #expect(throws: SceneError.self) { try scene.selecting(view: "kernel", channel: 0, position: OutputPosition()) }
        #expect(try scene.selecting(view: nil, channel: 2, position: OutputPosition()).view == scene.views[0])
    }
}

@Suite struct SceneReuseTests {
    @Test func reusingAnEarlierSceneGivesTheSamePictureAsBuildingAfresh() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(3, stride=2)")
        state.input = .pattern(.random)
        state.shape = [2, 3, 12, 12]
        let first = try Scene(state)
        state.arguments = try state.arguments.setting("kernel_size", to: .int(2))
        let reused = try Scene(state, reusing: first)
        let fresh = try Scene(state)
        #expect(reused.input == fresh.input)
        #expect(reused.result.output == fresh.result.output)
        #expect(reused.render(width: 80, height: 24, options: .mono) == fresh.render(width: 80, height: 24, options: .mono))
        // A new seed, pattern or shape draws the input again.
        for change in [{ (s: inout SceneState) in s.seed = 9 }, { $0.input = .pattern(.gradient) }, { $0.shape = [1, 3, 12, 12] }] {
            var other = state
            change(&other)
            #expect(try Scene(other, reusing: first).input == Scene(other).input)
            #expect(try Scene(other, reusing: first).input != first.input)
        }
    }
}

@Suite struct OutputPositionTests {
    @Test func thePositionSurvivesStrideAndDilationChanges() throws {
        var state = try SceneState(expression: "nn.Conv2d(1, 1, 3)")
        state.shape = [1, 1, 12, 12]
        state.position = OutputPosition(row: 2, column: 2)
        for expression in ["nn.Conv2d(1, 1, 3, stride=2)", "nn.Conv2d(1, 1, 3, dilation=2)",
                           "nn.Conv2d(1, 1, 3, stride=(2, 1), dilation=(1, 3))"] {
            state.arguments = try Catalog.arguments(parsing: expression)
            state.view = "receptive"
            let scene = try Scene(state)
            #expect(scene.position == OutputPosition(row: 2, column: 2), "\(expression)")
            let text = scene.render(width: 120, height: 30, options: RenderOptions.plainASCII).lines.joined(separator: "\n")
            #expect(text.contains("output[0, 2, 2]"), "\(expression)")
        }
        // A MaxPool2d window too.
        var pool = try SceneState(expression: "nn.MaxPool2d(2)")
        pool.shape = [1, 1, 12, 12]
        pool.position = OutputPosition(row: 2, column: 2)
        pool.arguments = try Catalog.arguments(parsing: "nn.MaxPool2d(2, stride=1, dilation=2)")
        #expect(try Scene(pool).position == OutputPosition(row: 2, column: 2))
    }

    @Test func aPositionPastTheOutputIsClampedNotReinterpreted() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2)")
        state.shape = [1, 1, 8, 8]  // output 4×4
        state.position = OutputPosition(row: 1, column: 9)
        #expect(try Scene(state).position == OutputPosition(row: 1, column: 3))
        state.position = OutputPosition(row: -5, column: 2)
        #expect(try Scene(state).position == OutputPosition(row: 0, column: 2))
    }

    @Test func steppingWalksInReadingOrderAndWraps() {
        let p = OutputPosition(row: 0, column: 2)
        #expect(p.stepped(by: 1, rows: 2, columns: 3) == OutputPosition(row: 1, column: 0))
        #expect(p.stepped(by: -3, rows: 2, columns: 3) == OutputPosition(row: 1, column: 2))
        #expect(OutputPosition(row: 1, column: 2).stepped(by: 1, rows: 2, columns: 3) == OutputPosition())
        #expect(OutputPosition(row: 9, column: 9).stepped(by: 0, rows: 2, columns: 3) == OutputPosition(row: 1, column: 2))
        #expect(p.stepped(by: Int.min, rows: Int.max, columns: 3) == OutputPosition(row: 0, column: 2))
    }

    @Test func positionsParseAsRowAndColumn() throws {
        #expect(try OutputPosition(parsing: "2,3", option: "--position") == OutputPosition(row: 2, column: 3))
        #expect(try OutputPosition(parsing: " (2, 3) ", option: "--position") == OutputPosition(row: 2, column: 3))
        for bad in ["", "7", "1,2,3", "-1,0", "a,b"] {
            #expect(throws: SceneError.self) { try OutputPosition(parsing: bad, option: "--position") }
        }
    }
}
