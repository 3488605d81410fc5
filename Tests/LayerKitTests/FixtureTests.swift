// FixtureTests: every case PyTorch recorded (Tests/generate_fixtures.py), replayed through the
// expression parser and `Computation` — the same path `layerscope compute` takes.

import Foundation
import Testing
@testable import LayerKit

@Suite struct FixtureTests {
    @Test("PyTorch fixtures replay", arguments: Fixtures.families())
    func replay(family: String) throws {
        let cases = try Fixtures.load(family: family)
        #expect(!cases.isEmpty, "\(family) has no cases")
        var worstShare = 0.0
        var errors = 0
        for fixture in cases {
            if fixture.expectedError != nil { errors += 1 }
            worstShare = Swift.max(worstShare, replay(fixture))
        }
        print("fixtures \(family): \(cases.count) cases (\(errors) errors); worst element used \(percent(worstShare)) of the tolerance (\(Tolerance.pytorch))")
    }

    func percent(_ share: Double) -> String {
        String(format: "%.2f%%", share * 100)
    }

    /// Runs one case; returns the largest share of the tolerance used in it.
    func replay(_ fixture: FixtureCase) -> Double {
        do {
            var computation = try Computation(expression: fixture.expr, seed: 0)
            for (key, value) in fixture.sets {
                try computation.setState(key, from: value)
            }
            let input = try fixture.input.floatTensor()
            let result = try computation.run(
                input: input, target: fixture.target?.lossTarget(), training: fixture.training,
                steps: fixture.steps, wantGradient: fixture.wantsGradient)
            if let expected = fixture.expectedError {
                Issue.record("\(fixture): PyTorch raised \(expected.kind): \(expected.message); we returned a result")
                return 0
            }
            for warning in result.warnings where !fixture.warnings.contains(warning) {
                Issue.record("\(fixture): warning PyTorch does not give: \(warning)")
            }
            var worstShare = 0.0
            if let expected = fixture.expectedOutput, !Self.drawsRandomMask(computation.layer, training: fixture.training) {
                worstShare = expectClose(result.output, try expected.floatTensor(), .pytorch, "\(fixture) output")
            }
            if let expected = fixture.expectedIndices {
                #expect(result.indices?.shape == expected.shape, "\(fixture) indices shape")
                #expect(result.indices?.storage == expected.integers, "\(fixture) indices")
            }
            if let expected = fixture.expectedGrad {
                if let grad = result.gradInput {
                    worstShare = Swift.max(worstShare, expectClose(grad, try expected.floatTensor(), .pytorch, "\(fixture) grad_input"))
                } else {
                    Issue.record("\(fixture): no input gradient")
                }
            }
            for (key, expected) in fixture.expectedState {
                switch computation.layer.state(key) {
                case .float(let tensor)?:
                    worstShare = Swift.max(worstShare, expectClose(tensor, try expected.floatTensor(), .pytorch, "\(fixture) \(key)"))
                case .int(let tensor)?:
                    #expect(tensor.storage == expected.integers && tensor.shape == expected.shape, "\(fixture) \(key)")
                case nil:
                    Issue.record("\(fixture): no state '\(key)'")
                }
            }
            return worstShare
        } catch let error as LayerError {
            guard let expected = fixture.expectedError else {
                Issue.record("\(fixture): we raised \(error) but PyTorch succeeded")
                return 0
            }
            #expect(error.kind.rawValue == expected.kind, "\(fixture): kind \(error.kind.rawValue) vs PyTorch \(expected.kind)")
            #expect(error.message == expected.message, "\(fixture): message\n  ours:    \(error.message)\n  PyTorch: \(expected.message)")
            return 0
        } catch {
            Issue.record("\(fixture): unexpected error \(error)")
            return 0
        }
    }

    /// Train-mode dropout with 0 < p < 1 draws a random mask that only PyTorch's own generator
    /// reproduces; its structure and rate are tested in DropoutTests instead.
    static func drawsRandomMask(_ layer: any Layer, training: Bool) -> Bool {
        let name = type(of: layer).schema.name
        guard training, name == "Dropout" || name == "Dropout2d" else { return false }
        let p = layer.arguments.double("p")
        return p > 0 && p < 1
    }
}

extension FixtureTests {
    /// `for _ in range(25): m(x)`, then `m.eval(); y = m(x)`, as PyTorch ran it: the eval output is
    /// normalised with the running statistics of 25 training passes (what the interactive program
    /// shows in eval mode once 25 forward passes have run).
    @Test(arguments: ["momentum_0.1", "momentum_none"])
    func evalAfterTwentyFiveTrainingPasses(momentum: String) throws {
        let name = "bn_eval_after_25_train_steps_\(momentum)"
        let fixture = try #require(try Fixtures.load(family: "normlinear").first { $0.name == name })
        #expect(!fixture.training && fixture.steps == 25)
        var computation = try Computation(expression: fixture.expr)
        for (key, value) in fixture.sets { try computation.setState(key, from: value) }
        let input = try fixture.input.floatTensor()
        let result = try computation.run(input: input, training: false, steps: 25)
        _ = expectClose(result.output, try #require(fixture.expectedOutput).floatTensor(), .pytorch, "\(name) output")
        for (key, expected) in fixture.expectedState {
            switch computation.layer.state(key) {
            case .float(let tensor)?:
                _ = expectClose(tensor, try expected.floatTensor(), .pytorch, "\(name) \(key)")
            case .int(let tensor)?:
                #expect(tensor.storage == [25] && expected.integers == [25], "\(name) \(key)")
            case nil:
                Issue.record("\(name): no state '\(key)'")
            }
        }
        // A fresh module in eval mode normalises with 0/1: a different output.
        var fresh = try Computation(expression: fixture.expr)
        for (key, value) in fixture.sets { try fresh.setState(key, from: value) }
        #expect(try fresh.run(input: input, training: false).output != result.output)
    }
}
