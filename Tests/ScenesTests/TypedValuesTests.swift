// Values a user types: an input's numbers, a loss's target and classic Conv2d filters, through the
// scene, the interactive program's prompt, and with one-line errors.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct TypedValuesTests {
    @Test func typedLogitsChangeTheSoftmaxBars() throws {
        var state = try SceneState(expression: "nn.Softmax(dim=1)")
        state.shape = [2, 3]
        state.values = [2, 1, 0.1, 0, 0, 5]
        let scene = try Scene(state)
        #expect(scene.input.storage == [2, 1, 0.1, 0, 0, 5])
        let lines = scene.render(width: 80, height: 24, options: .plainASCII).lines.map { $0.trimmingBlanks }
        #expect(lines[1] == "input (2, 3) typed -> output (2, 3) * train * seed 0")
        #expect(lines.contains("x0 ################################   2  p0 ###################            0.659"))
        #expect(lines.contains("x2 ################################## 5  p2 ############################   0.987"))
    }

    @Test func valuesParseAsPythonNumbersWithOneLineErrors() throws {
        #expect(try SceneState.parseValues("2.0, 1, -1e-3", option: "values") == [2, 1, -0.001])
        #expect(try SceneState.parseValues("[0.5, 0.25]", option: "values") == [0.5, 0.25])
        for (bad, message) in [("", "values: type the numbers"), ("1, 'a'", "values: 'a' is not a number"),
                               ("1, x=2", "values: type numbers only"),
                               (Array(repeating: "1", count: 65).joined(separator: ","), "values: at most 64 values")] {
            do {
                _ = try SceneState.parseValues(bad, option: "values")
                Issue.record("'\(bad)' was accepted")
            } catch let error as SceneError {
                #expect(error.description.hasPrefix(message), "\(error)")
                #expect(!error.description.contains("\n"))
            }
        }
        var state = try SceneState(expression: "nn.ReLU()")
        state.shape = [2, 3]
        state.values = [1, 2]
        #expect(throws: SceneError.self) { try Scene(state) }
    }

    @Test func typedTargetsAreClassIndicesOrNumbers() throws {
        var state = try SceneState(expression: "nn.CrossEntropyLoss()")
        state.shape = [3, 5]
        state.targetValues = [4, 0, 2]
        guard case .classes(let t, _)? = try Scene(state).target else { Issue.record("no class target"); return }
        #expect(t.storage == [4, 0, 2])
        state.targetValues = [1.5, 0, 2]
        #expect(throws: SceneError.self) { try Scene(state) }
        var mse = try SceneState(expression: "nn.MSELoss()")
        mse.shape = [2]
        mse.values = [1, 2]
        mse.targetValues = [0, 0]
        #expect(try Scene(mse).result.output.storage == [2.5])
    }

    @Test func sobelXOnTheDigitFindsVerticalEdges() throws {
        var state = try SceneState(expression: "nn.Conv2d(1, 1, 3)")
        state.shape = [1, 1, 10, 10]
        state.input = .pattern(.digit)
        state.kernel = .sobelX
        let scene = try Scene(state)
        // The weights are the filter, the bias 0, and the output is the filter's response.
        guard let conv = scene.layer as? Conv2d else { Issue.record("not a Conv2d"); return }
        #expect(conv.weight.storage == [-1, 0, 1, -2, 0, 2, -1, 0, 1])
        #expect(conv.bias?.storage == [0])
        let x = scene.input.storage, y = scene.result.output.storage
        for r in 0..<8 {
            for c in 0..<8 {
                var expected: Float = 0
                for kr in 0..<3 { for kc in 0..<3 {
                    expected += [-1, 0, 1, -2, 0, 2, -1, 0, 1][kr * 3 + kc] * x[(r + kr) * 10 + c + kc]
                } }
                #expect(abs(y[r * 8 + c] - expected) < 1e-5)
            }
        }
        // Flat rows give 0; a vertical stroke gives a positive and a negative response on its sides.
        #expect(y.contains { $0 > 1 } && y.contains { $0 < -1 })
        let header = scene.render(width: 80, height: 24, options: .plainASCII).lines[2]
        #expect(header.hasPrefix("weight[0] = sobel-x, bias 0 (set by :kernel, not the default initialisation)"))
    }

    @Test func kernelsHaveTheirExactWeights() throws {
        #expect(try KernelPreset.box.weights(height: 2, width: 2) == [0.25, 0.25, 0.25, 0.25])
        #expect(try KernelPreset.identity.weights(height: 3, width: 3) == [0, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(try KernelPreset.laplace.weights(height: 3, width: 3) == [0, 1, 0, 1, -4, 1, 0, 1, 0])
        let gauss = try KernelPreset.gauss.weights(height: 5, width: 5)
        #expect(abs(gauss.reduce(0, +) - 1) < 1e-6)
        #expect(gauss[12] == gauss.max() && gauss[0] == gauss.min())
        #expect(throws: SceneError.self) { try KernelPreset.sobelY.weights(height: 5, width: 5) }
        #expect(try KernelPreset.parse("random", option: "kernel") == nil)
        #expect(throws: SceneError.self) { try KernelPreset.parse("edge", option: "kernel") }
    }

    @Test func thePromptTakesValuesTargetsAndKernels() throws {
        var workbench = try Workbench(expression: "nn.Softmax(dim=1)")
        func type(_ text: String) {
            workbench.handle(.character(":"))
            for c in text { workbench.handle(.character(c)) }
            workbench.handle(.enter)
        }
        type("shape 2,3")
        type("values 3, 1, 0, 0, 0, 0")
        #expect(workbench.scene?.input.storage == [3, 1, 0, 0, 0, 0])
        #expect(workbench.message?.text == "input: 6 typed values")
        type("values 1, 2")
        #expect(workbench.problem?.hasPrefix("values: the input (2, 3) takes 6 numbers, got 2") == true)
        type("values")
        #expect(workbench.problem == nil && workbench.draft.values == nil)
        var conv = try Workbench(expression: "nn.Conv2d(1, 2, 3)")
        conv.handle(.character(":"))
        for c in "kernel laplace" { conv.handle(.character(c)) }
        conv.handle(.enter)
        guard let layer = conv.scene?.layer as? Conv2d else { Issue.record("no Conv2d"); return }
        #expect(Array(layer.weight.storage.prefix(9)) == [0, 1, 0, 1, -4, 1, 0, 1, 0])
        #expect(conv.message?.text.hasPrefix("weight[0] = laplace") == true)
    }
}
