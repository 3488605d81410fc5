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
