// TrainingFixtureTests: whole training runs against PyTorch — six networks, each trained for 20
// steps from the same initial state_dict on the same batches (in order, the last one short), with
// SGD (momentum, weight decay, Nesterov, dampening), Adam, AMSGrad and AdamW. Every step's loss
// and every final parameter and buffer must match (Tests/fixturegen/training_networks.py).

import Foundation
import Testing
@testable import LayerKit

/// One recorded PyTorch training run.
struct TrainingCase: Sendable, CustomStringConvertible {
    var name: String
    var model: String
    var loss: String
    var optim: String
    var batchSize: Int
    var steps: Int
    var input: NpyArray
    var target: NpyArray
    var initial: [(String, NpyArray)]
    var losses: [Double]
    var final: [(String, NpyArray)]

    var description: String { name }

    static let all: [TrainingCase] = {
        let url = Fixtures.directory.appendingPathComponent("training_networks.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        return cases.compactMap { c in
            guard let input = try? Fixtures.array(c["input"]!), let target = try? Fixtures.array(c["target"]!),
                  let initial = try? Fixtures.pairs(c["initial"]), let final = try? Fixtures.pairs(c["final"]) else { return nil }
            return TrainingCase(name: c["name"] as! String, model: c["model"] as! String, loss: c["loss"] as! String,
                                optim: c["optim"] as! String, batchSize: c["batch_size"] as! Int, steps: c["steps"] as! Int,
                                input: input, target: target, initial: initial,
                                losses: (c["losses"] as! [NSNumber]).map(\.doubleValue), final: final)
        }
    }()
}

/// The step losses must agree to this relative difference (the issue's bar).
let stepLossRelativeTolerance = 1e-4
/// The final weights: within 1e-4 relative or 1e-5 absolute.
let finalStateTolerance = Tolerance(rtol: 1e-4, atol: 1e-5)

@Suite("Training runs against PyTorch")
struct TrainingFixtureTests {
    @Test func theFixturesCoverFiveNetworksAndEveryOptimiser() {
        #expect(TrainingCase.all.count >= 5)
        let optimisers = TrainingCase.all.map(\.optim).joined(separator: " ")
        for needed in ["momentum=", "nesterov=True", "Adam(", "amsgrad=True", "AdamW(", "weight_decay="] {
            #expect(optimisers.contains(needed), "no case uses \(needed)")
        }
        #expect(TrainingCase.all.contains { $0.model.contains("BatchNorm2d") })
        #expect(TrainingCase.all.contains { $0.model.contains("AvgPool2d") && $0.model.contains("GELU") })
        #expect(TrainingCase.all.contains { $0.loss.contains("label_smoothing") && $0.loss.contains("weight=") })
        #expect(TrainingCase.all.contains { $0.loss.contains("MSELoss") && $0.model.contains("Tanh") })
    }

    @Test("every step's loss and the final state match PyTorch", arguments: TrainingCase.all.map(\.name))
    func matchesPyTorch(name: String) throws {
        let fixture = try #require(TrainingCase.all.first { $0.name == name })
        var rng = RandomSource(seed: 0)
        var model = try Sequential(parsing: fixture.model, rng: &rng)
        #expect(Set(model.stateKeys) == Set(fixture.initial.map(\.0)), "state_dict keys")
        for (key, value) in fixture.initial {
            if value.dtype.isFloatingPoint {
                try model.setState(key, .float(try value.floatTensor()))
            } else {
                try model.setState(key, .int(IndexTensor(shape: value.shape, storage: value.integers)))
            }
        }
        guard let loss = try Catalog.layer(parsing: fixture.loss, rng: &rng) as? any Loss else {
            Issue.record("\(fixture.loss) is not a loss")
            return
        }
        let target: LossTarget = fixture.target.dtype.isFloatingPoint
            ? .values(try fixture.target.floatTensor())
            : .classes(IndexTensor(shape: fixture.target.shape, storage: fixture.target.integers), dtype: "Long")
        let data = try TrainingSet(inputs: try fixture.input.floatTensor(), targets: target)
        var trainer = try Trainer(model: model, loss: loss, optimizer: try Optimizers.parse(fixture.optim), data: data,
                                  batchSize: fixture.batchSize, shuffle: false)
        var worstLoss = 0.0
        for (index, expected) in fixture.losses.enumerated() {
            let step = try trainer.step()
            let relative = Swift.abs(Double(step.loss) - expected) / Swift.max(Swift.abs(expected), 1e-12)
            worstLoss = Swift.max(worstLoss, relative)
            #expect(relative <= stepLossRelativeTolerance,
                    "\(name) step \(index + 1): loss \(step.loss), PyTorch \(expected) (relative difference \(relative))")
        }
        var worstState = 0.0
        for (key, expected) in fixture.final {
            switch trainer.model.state(key) {
            case .float(let tensor)?:
                worstState = Swift.max(worstState, expectClose(tensor, try expected.floatTensor(), finalStateTolerance, "\(name) \(key)"))
            case .int(let tensor)?:
                #expect(tensor.storage == expected.integers, "\(name) \(key)")
            case nil:
                Issue.record("\(name): no \(key)")
            }
        }
        #expect(worstState <= 1, "\(name): the final state used \(worstState) of \(finalStateTolerance)")
    }
}
