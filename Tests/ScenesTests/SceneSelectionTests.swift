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
            for (channel, position) in [(0, 0), (1, 7), (-1, 1_000_003)] {
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
        #expect(throws: SceneError.self) { try scene.selecting(view: "kernel", channel: 0, position: 0) }
        #expect(try scene.selecting(view: nil, channel: 2, position: 0).view == scene.views[0])
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
