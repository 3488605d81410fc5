// BackwardFixtureTests: every layer's backward pass against PyTorch autograd — the input gradient
// and the gradient of every parameter, for the cases Tests/fixturegen/backward_*.py recorded.

import Foundation
import Testing
@testable import LayerKit

/// One recorded backward pass.
struct BackwardCase: Sendable, CustomStringConvertible {
    var family: String
    var name: String
    var expr: String
    var training: Bool
    var wantsInputGradient: Bool
    var input: NpyArray
    var sets: [(String, NpyArray)]
    var gradOutput: NpyArray?
    var expectedOutput: NpyArray?
    var expectedGradInput: NpyArray?
    var expectedGrads: [(String, NpyArray)]
    var expectedError: (kind: String, message: String)?

    var description: String { "\(family)/\(name): \(expr)" }

    static func load(family: String) throws -> [BackwardCase] {
        let url = Fixtures.directory.appendingPathComponent("\(family).json")
        let root = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as! [String: Any]
        return try (root["cases"] as! [[String: Any]]).map { c in
            let expect = c["expect"] as? [String: Any]
            let error = c["error"] as? [String: Any]
            return BackwardCase(
                family: family, name: c["name"] as! String, expr: c["expr"] as! String,
                training: (c["mode"] as? String ?? "train") == "train",
                wantsInputGradient: c["input_grad"] as? Bool ?? true,
                input: try Fixtures.array(c["input"]!), sets: try Fixtures.pairs(c["set"]),
                gradOutput: try c["grad_output"].map(Fixtures.array),
                expectedOutput: try expect?["output"].map(Fixtures.array),
                expectedGradInput: try expect?["grad_input"].map(Fixtures.array),
                expectedGrads: try Fixtures.pairs(expect?["grads"]),
                expectedError: error.map { ($0["kind"] as! String, $0["message"] as! String) })
        }
    }

    /// The case's families: every `backward_*.json`.
    static var families: [String] { Fixtures.files(prefix: "backward_") }

    static var all: [BackwardCase] {
        families.flatMap { (try? load(family: $0)) ?? [] }
    }
}

/// The result of running one case through LayerKit.
struct BackwardRun {
    var output: Tensor
    var gradients: Gradients
}

extension BackwardCase {
    /// Builds the layer, loads the state, runs forward then backward.
    func run() throws -> BackwardRun {
        var rng = RandomSource(seed: 0)
        var layer = try Catalog.layer(parsing: expr, rng: &rng)
        for (key, value) in sets {
            guard let current = layer.state(key) else { throw LayerError(.runtimeError, key, "no state '\(key)'") }
            switch current {
            case .float: try layer.setState(key, .float(try value.floatTensor()))
            case .int: try layer.setState(key, .int(IndexTensor(shape: value.shape, storage: value.integers)))
            }
        }
        guard var module = layer as? any BackwardModule else {
            throw LayerError(.runtimeError, "layer", "\(type(of: layer).schema.name) has no backward pass")
        }
        var context = ForwardContext(training: training)
        let input = try self.input.floatTensor()
        let forward = try module.forward(input, context: &context)
        let gradOutput = try self.gradOutput?.floatTensor() ?? Tensor(shape: forward.output.shape, repeating: 1)
        let gradients = try module.backward(input: input, forward: forward, gradOutput: gradOutput,
                                            training: training, wantsInputGradient: wantsInputGradient)
        return BackwardRun(output: forward.output, gradients: gradients)
    }
}

@Suite("Backward passes against PyTorch autograd")
struct BackwardFixtureTests {
    @Test("the backward fixtures are present and name their layers")
    func fixturesExist() throws {
        let cases = BackwardCase.all
        #expect(!BackwardCase.families.isEmpty)
        #expect(cases.count >= BackwardCase.families.count)
    }

    /// The worst element of all cases, reported by name: how close the tolerance came to failing.
    @Test func theWorstCaseIsReported() throws {
        var worst = (share: 0.0, name: "")
        for fixture in BackwardCase.all where fixture.expectedError == nil {
            guard let result = try? fixture.run() else { continue }
            var pairs: [(Tensor, NpyArray)] = fixture.expectedGrads.compactMap { key, expected in
                result.gradients.parameters[key].map { ($0, expected) }
            }
            if let ours = result.gradients.input, let expected = fixture.expectedGradInput { pairs.append((ours, expected)) }
            for (ours, expected) in pairs {
                let closeness = Closeness(ours.storage, try expected.floatTensor().storage, .pytorch, names: ("ours", "PyTorch"))
                if closeness.maxShare > worst.share { worst = (closeness.maxShare, fixture.description) }
            }
        }
        print("backward fixtures: the worst element used \(worst.share) of the tolerance \(Tolerance.pytorch), in \(worst.name)")
        #expect(worst.share <= 1)
    }

    @Test("every case's gradients match PyTorch", arguments: BackwardCase.all.map(\.name))
    func matchesPyTorch(name: String) throws {
        let fixture = try #require(BackwardCase.all.first { $0.name == name })
        if let expected = fixture.expectedError {
            do {
                _ = try fixture.run()
                Issue.record("\(fixture): PyTorch raised \(expected.kind): \(expected.message); LayerKit did not")
            } catch let error as LayerError {
                #expect(error.kind.rawValue == expected.kind, "\(fixture)")
                #expect(error.message == expected.message, "\(fixture)")
            }
            return
        }
        let result = try fixture.run()
        var worst = 0.0
        if let output = fixture.expectedOutput {
            worst = max(worst, expectClose(result.output, try output.floatTensor(), .pytorch, "\(fixture) output"))
        }
        if let gradInput = fixture.expectedGradInput {
            let ours = try #require(result.gradients.input, "\(fixture): no input gradient")
            worst = max(worst, expectClose(ours, try gradInput.floatTensor(), .pytorch, "\(fixture) grad_input"))
        } else {
            #expect(result.gradients.input == nil, "\(fixture): an input gradient nobody asked for")
        }
        #expect(Set(result.gradients.parameters.keys) == Set(fixture.expectedGrads.map(\.0)),
                "\(fixture): parameter gradients \(result.gradients.parameters.keys.sorted())")
        for (key, expected) in fixture.expectedGrads {
            guard let ours = result.gradients.parameters[key] else { continue }
            worst = max(worst, expectClose(ours, try expected.floatTensor(), .pytorch, "\(fixture) grad \(key)"))
        }
        #expect(worst <= 1, "\(fixture): worst element used \(worst) of the tolerance \(Tolerance.pytorch)")
    }
}
