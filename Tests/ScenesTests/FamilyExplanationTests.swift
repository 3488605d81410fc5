// The drill-down of the families without a window: each explanation recomputes its element from
// the layer's own tensors, and arrives at the number the output shows.

import CellRender
import Foundation
import LayerKit
@testable import Scenes
import Testing

private func close(_ a: Double, _ b: Float, _ what: String) {
    #expect(abs(a - Double(b)) <= 1e-5 * Swift.max(1, abs(Double(b))), "\(what): explained \(a), output \(b)")
}

private func scene(_ expression: String, shape: [Int], view: String? = nil, training: Bool = true, steps: Int = 1,
                   channel: Int = 0, position: OutputPosition = OutputPosition(), target: TargetKind = .classes) throws -> Scene {
    var state = try SceneState(expression: expression)
    state.shape = shape
    state.view = view
    state.training = training
    state.steps = training ? Swift.max(1, steps) : steps
    state.channel = channel
    state.position = position
    state.target = target
    state.explain = true
    return try Scene(state)
}

@Suite struct FamilyExplanationTests {
    @Test func linearArrivesAtTheOutputFeature() throws {
        for (row, feature) in [(0, 0), (5, 3), (127, 29)] {
            let s = try scene("nn.Linear(20, 30)", shape: [128, 20], channel: row, position: OutputPosition(row: row, column: feature))
            let e = try #require(s.linearExplained())
            close(e.value, s.result.output.storage[row * 30 + feature], "Linear y[\(row), \(feature)]")
        }
        let noBias = try scene("nn.Linear(4, 2, bias=False)", shape: [3, 4], position: OutputPosition(row: 0, column: 1))
        let e = try #require(noBias.linearExplained())
        close(e.value, noBias.result.output.storage[1], "Linear without bias")
        #expect(e.explanation.lines.contains { $0.0.contains("(no bias)") })
    }

    @Test func softmaxArrivesAtEachProbability() throws {
        for dim in [0, 1] {
            for k in 0..<3 {
                let s = try scene("nn.Softmax(dim=\(dim))", shape: [2, 3], channel: 1, position: OutputPosition(row: 0, column: k))
                let e = try #require(s.softmaxExplained())
                let n = dim == 1 ? 3 : 2
                let kk = k % n
                let index = dim == 1 ? 1 * 3 + kk : kk * 3 + 1
                close(e.value, s.result.output.storage[index], "Softmax(dim=\(dim)) element \(kk) of distribution 1")
            }
        }
    }

    @Test func batchNormUsesTheBatchInTrainAndTheRunningStatisticsInEval() throws {
        for (training, steps) in [(true, 1), (false, 0), (false, 5)] {
            let s = try scene("nn.BatchNorm2d(3)", shape: [2, 3, 4, 4], training: training, steps: steps, channel: 2,
                              position: OutputPosition(row: 1, column: 3))
            let e = try #require(s.batchNormExplained())
            close(e.value, s.result.output.storage[2 * 16 + 1 * 4 + 3], "BatchNorm2d train=\(training) steps=\(steps)")
            let source = e.explanation.lines[0].0
            #expect(source.contains(training ? "this batch's" : "running statistics after \(steps) training passes"))
        }
    }

    @Test func dropoutIsKeptAndScaledOrDropped() throws {
        var seenKept = false, seenDropped = false
        for position in 0..<24 {
            let s = try scene("nn.Dropout(p=0.5)", shape: [4, 6], position: OutputPosition(row: position / 6, column: position % 6))
            let e = try #require(s.dropoutExplained())
            close(e.value, s.result.output.storage[position], "Dropout element \(position)")
            if e.value == 0 { seenDropped = true } else { seenKept = true }
        }
        #expect(seenKept && seenDropped)
        let s = try scene("nn.Dropout2d(p=0.5)", shape: [2, 6, 4, 4], channel: 3, position: OutputPosition(row: 2, column: 1))
        let e = try #require(s.dropoutExplained())
        close(e.value, s.result.output.storage[3 * 16 + 2 * 4 + 1], "Dropout2d")
    }

    @Test(arguments: ["mean", "sum", "none"])
    func regressionLossesArriveAtTheReducedLoss(_ reduction: String) throws {
        for name in ["L1Loss", "MSELoss"] {
            let s = try scene("nn.\(name)(reduction='\(reduction)')", shape: [3, 5], position: OutputPosition(row: 1, column: 2))
            let e = try #require(s.regressionLossExplained())
            let expected = reduction == "none" ? s.result.output.storage[1 * 5 + 2] : s.result.output.storage[0]
            close(e.value, expected, "\(name) \(reduction)")
        }
    }

    @Test(arguments: ["mean", "sum", "none"])
    func crossEntropyWithSmoothingWeightsAndAnIgnoredItem(_ reduction: String) throws {
        // Ignore the class item 0 has as its target, so that one item at least is ignored.
        let probe = try scene("nn.CrossEntropyLoss()", shape: [6, 5])
        guard case .classes(let targets, _)? = probe.target else { Issue.record("no class targets"); return }
        let expression = "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0, 1.0]), label_smoothing=0.1, "
            + "ignore_index=\(targets.storage[0]), reduction='\(reduction)')"
        var ignoredSeen = false
        for item in 0..<6 {
            let s = try scene(expression, shape: [6, 5], channel: item)
            let e = try #require(s.crossEntropyExplained())
            let expected = reduction == "none" ? s.result.output.storage[item] : s.result.output.storage[0]
            close(e.value, expected, "CrossEntropyLoss \(reduction) item \(item)")
            if e.explanation.lines[0].0.contains("is ignored") { ignoredSeen = true }
        }
        #expect(ignoredSeen, "the seeded targets include the ignored class")
        let probabilities = try scene("nn.CrossEntropyLoss(label_smoothing=0.2, reduction='\(reduction)')", shape: [3, 5],
                                      channel: 1, target: .probabilities)
        let e = try #require(probabilities.crossEntropyExplained())
        close(e.value, reduction == "none" ? probabilities.result.output.storage[1] : probabilities.result.output.storage[0],
              "CrossEntropyLoss probabilities \(reduction)")
    }

    @Test func theDrillDownOfEachFamilyIsAPicture() throws {
        let s = try scene("nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0, 1.0]), label_smoothing=0.1, ignore_index=2)",
                          shape: [4, 5], channel: 1)
        let lines = s.render(width: 100, height: 30, options: .plainASCII).lines
        let top = try #require(lines.firstIndex { $0.hasPrefix("- how this number is made: loss = 1.9218 ---") })
        #expect(lines[(top + 1)...(top + 5)].map { $0.trimmingBlanks } == [
            "item 1: log p = x - logsumexp(x); q = (1 - eps)*target + eps/5, eps = 0.1",
            "-sum_c w_c*q_c*log p_c = -1*0.02*(-2.1386) -2*0.02*(-1.6941) -0.5*0.02*(-1.2686) -1*0.92*(-2.3588)",
            "... = 2.3159",
            "reduction='mean': sum of the item losses 11.531 / 6 (sum of the target classes' weights over the",
            "items not ignored) = 1.9218",
        ])
        let softmax = try scene("nn.Softmax(dim=1)", shape: [2, 3], position: OutputPosition(row: 0, column: 1))
        let text = softmax.render(width: 80, height: 24, options: .plainASCII).lines.map { $0.trimmingBlanks }
        #expect(text.contains("p1 = exp(0.57032 - 0.57032) / 1.9828 = 1 / 1.9828 = 0.50435"))
    }
}

/// CrossEntropyLoss's drill-down against PyTorch: a fixed input and target typed into the scene,
/// with class weights, label smoothing and an ignored item (`Fixtures/crossentropy-explain.json`,
/// written by `Tests/fixturegen/crossentropy_explain.py`).
@Suite struct CrossEntropyExplanationFixtureTests {
    struct Fixture: Decodable {
        struct Case: Decodable { var expr: String; var output: [Double] }
        var input: [[Float]]
        var target: [Int]
        var cases: [Case]
    }

    @Test func theDrillDownMatchesPyTorch() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/crossentropy-explain.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        for c in fixture.cases {
            var state = try SceneState(expression: c.expr)
            state.shape = [4, 5]
            state.values = fixture.input.flatMap { $0 }
            state.targetValues = fixture.target.map(Float.init)
            for item in 0..<4 {
                state.channel = item
                let scene = try Scene(state)
                let e = try #require(scene.crossEntropyExplained())
                let expected = c.output.count == 1 ? c.output[0] : c.output[item]
                // Within PyTorch's float32 arithmetic (the drill-down works in Double).
                #expect(abs(e.value - expected) <= 1e-5 * Swift.max(1, abs(expected)), "\(c.expr) item \(item): \(e.value) vs \(expected)")
                if item == 1 { #expect(e.explanation.lines[0].0.contains("is ignored")) }
            }
        }
    }
}
