// BatchNorm2d's lesson — train a while, then eval uses the running statistics — through the
// interactive program's keys: n adds a training pass, t switches to eval.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct BatchNormStepsTests {
    @Test func evalAfterTwentyFivePassesUsesTheRunningStatistics() throws {
        var workbench = try Workbench(expression: "nn.BatchNorm2d(3)")
        // The first picture is one training pass; n adds the other 24.
        for _ in 0..<24 { workbench.perform(.step) }
        workbench.perform(.toggleTraining)
        let scene = try #require(workbench.scene)
        #expect(scene.state.steps == 25 && !scene.state.training)
        // The same as running the layer 25 times in train mode, then once in eval.
        var computation = try Computation(arguments: scene.state.arguments, seed: scene.state.seed)
        let reference = try computation.run(input: scene.input, training: false, steps: 25)
        #expect(scene.result.output.storage == reference.output.storage)
        guard case .int(let tracked) = try #require(scene.layer.state("num_batches_tracked")),
              case .float(let mean) = try #require(scene.layer.state("running_mean")) else {
            Issue.record("no running statistics")
            return
        }
        #expect(tracked.storage == [25])
        #expect(mean.storage.contains { $0 != 0 }, "the running mean moved")
        // The eval output is not the input merely divided by √(1 + ε): the running statistics are used.
        let fresh = scene.input.storage.map { $0 / (1 + 1e-5).squareRoot() }
        #expect(zip(scene.result.output.storage, fresh).contains { abs($0 - $1) > 1e-3 })
        // The stats view says so, with the count as an integer.
        let stats = try scene.selecting(view: "stats", channel: 0, position: OutputPosition())
        let text = stats.render(width: 100, height: 30, options: .mono).lines.joined(separator: "\n")
        #expect(text.contains("eval: normalised with the running statistics · num_batches_tracked=25"))
    }

    @Test func theRunningViewShowsTheRunningValueAndTheBatchStatisticApart() throws {
        var state = try SceneState(expression: "nn.BatchNorm2d(3)")
        state.view = "running"
        state.steps = 5
        let lines = try Scene(state).render(width: 100, height: 30, options: .mono).lines
        #expect(lines.contains { $0.hasPrefix("channel 0 after 5 training passes on the same batch: running_mean = ") })
        #expect(lines.contains { $0.hasPrefix("this batch: mean ") })
        // Whole-number steps on the x axis.
        let axis = try #require(lines.last { $0.trimmingBlanks.hasPrefix("0       1") })
        #expect(axis.split(separator: " ").prefix(6) == ["0", "1", "2", "3", "4", "5"])
        #expect(!axis.contains("."))
    }
}
