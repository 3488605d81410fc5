// Comparisons: several activations on one plot, max and average pooling side by side, L1 beside
// MSE, and CrossEntropyLoss's curve over the target logit.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct ComparisonTests {
    @Test func reluGeluAndSeluOnOnePlot() throws {
        var workbench = try Workbench(expression: "nn.ReLU()")
        workbench.perform(.focusNext)
        workbench.perform(.focusNext)  // the scene
        workbench.perform(.increase)
        workbench.perform(.increase)
        #expect(workbench.draft.compare == ["nn.Sigmoid()", "nn.Tanh()"])
        workbench.perform(.decrease)
        #expect(workbench.draft.compare == ["nn.Sigmoid()"])
        var state = try SceneState(expression: "nn.ReLU()")
        state.compare = ["nn.GELU()", "nn.SELU()"]
        let lines = try Scene(state).render(width: 80, height: 24, options: .plainASCII).lines
        #expect(lines.contains { $0.hasSuffix("nn.GELU()  + nn.SELU()  x nn.ReLU()") || $0.contains("nn.GELU()") && $0.contains("nn.SELU()") && $0.contains("nn.ReLU()") })
        #expect(lines.contains { $0.hasPrefix("3 activations on one plot") })
        // Stepping elsewhere still moves the position.
        var maps = try Workbench(expression: "nn.ReLU()")
        maps.perform(.focusNext); maps.perform(.focusNext); maps.perform(.nextView)
        maps.perform(.increase)
        #expect(maps.draft.compare.isEmpty && maps.draft.position != OutputPosition())
    }

    @Test func theRangeChangesByKeysAndByThePrompt() throws {
        var workbench = try Workbench(expression: "nn.Tanh()")
        workbench.perform(.widenRange)
        #expect(workbench.draft.xRange == 8)
        workbench.perform(.narrowRange)
        workbench.perform(.narrowRange)
        #expect(workbench.draft.xRange == 2)
        workbench.handle(.character(":"))
        for c in "range -6,6" { workbench.handle(.character(c)) }
        workbench.handle(.enter)
        #expect(workbench.draft.xRange == 6)
        workbench.handle(.character(":"))
        for c in "range wide" { workbench.handle(.character(c)) }
        workbench.handle(.enter)
        #expect(workbench.message?.isError == true && workbench.message?.text.hasPrefix("range: ") == true)
    }

    @Test func maxAndAveragePoolingSideBySideOnOneScale() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2)")
        state.shape = [1, 1, 6, 6]
        state.input = .pattern(.image)
        state.view = "compare"
        let canvas = try Scene(state).draw(width: 80, height: 24, options: .plainASCII)
        #expect(canvas.drawnMaps.map(\.title) == ["input c0", "output max c0", "output avg c0"])
        #expect(Set(canvas.drawnMaps.map(\.scale)).count == 1)
        let lines = canvas.grid.lines
        // The two outputs' legends run over the same range as the input's.
        #expect(lines.contains { $0.contains("0.0013  .::-=+*##%@ 0.997  0.0013") })
        var avg = try SceneState(expression: "nn.AvgPool2d(2)")
        avg.view = "compare"
        #expect(try Scene(avg).draw(width: 80, height: 24, options: .plainASCII).drawnMaps.count == 3)
    }

    @Test func lossCurvesCompareAndSweepTheTargetLogit() throws {
        var l1 = try SceneState(expression: "nn.L1Loss()")
        l1.view = "curve"
        let text = try Scene(l1).render(width: 80, height: 24, options: .mono).lines
        #expect(text.contains { $0.hasSuffix("━ nn.L1Loss  + nn.MSELoss") })
        var ce = try SceneState(expression: "nn.CrossEntropyLoss()")
        ce.shape = [3, 5]
        ce.view = "curve"
        let scene = try Scene(ce)
        guard case .classes(let t, _)? = scene.target else { Issue.record("no classes"); return }
        #expect(scene.sweptElement.index == Int(t.storage[0]))
        #expect(scene.sweptElement.name.hasSuffix("(item 0's target logit)"))
        ce.channel = 1
        #expect(try Scene(ce).sweptElement.index == (Int(t.storage[0]) + 1) % 5)
        // Raising the target logit lowers the loss: the curve falls from left to right.
        let lines = scene.render(width: 80, height: 30, options: .plainASCII).lines
        #expect(lines.contains { $0.hasPrefix("raising the target logit lowers the loss") })
    }
}
