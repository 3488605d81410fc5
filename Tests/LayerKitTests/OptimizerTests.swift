// OptimizerTests: torch.optim's SGD, Adam and AdamW against PyTorch — every parameter after each
// of five steps, and every argument error's class and message, as Tests/fixturegen/
// training_optimizers.py recorded them — plus the expressions LayerScope prints back and the
// step's own checks.

import Foundation
import Testing
@testable import LayerKit

/// One recorded optimiser run (or PyTorch's error for its expression).
struct OptimizerCase: Sendable, CustomStringConvertible {
    var name: String
    var expr: String
    var parameters: [Tensor]
    /// Per step, one gradient per parameter.
    var gradients: [[Tensor]]
    /// Per step, every parameter after it.
    var expected: [[Tensor]]
    var expectedError: (kind: String, message: String)?

    var description: String { "\(name): \(expr)" }

    static let all: [OptimizerCase] = {
        let url = Fixtures.directory.appendingPathComponent("training_optimizers.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        func tensors(_ object: Any?) -> [Tensor] {
            ((object as? [Any]) ?? []).compactMap { try? Fixtures.array($0).floatTensor() }
        }
        return cases.map { c in
            let error = c["error"] as? [String: Any]
            return OptimizerCase(
                name: c["name"] as! String, expr: c["expr"] as! String,
                parameters: tensors(c["params"]),
                gradients: ((c["grads"] as? [Any]) ?? []).map(tensors),
                expected: ((c["expect"] as? [Any]) ?? []).map(tensors),
                expectedError: error.map { ($0["kind"] as! String, $0["message"] as! String) })
        }
    }()
}

/// Every parameter after every step: within 1e-4 relative or 1e-5 absolute of PyTorch's.
let optimizerStepTolerance = Tolerance(rtol: 1e-4, atol: 1e-5)

@Suite("Optimisers against PyTorch")
struct OptimizerTests {
    @Test func theFixturesCoverEveryOptimiserAndOption() {
        let cases = OptimizerCase.all
        #expect(cases.count >= 60)
        let numeric = cases.filter { $0.expectedError == nil }.map(\.expr).joined(separator: " ")
        for needed in ["SGD(lr=0.1)", "momentum=", "dampening=", "nesterov=True", "maximize=True", "weight_decay=",
                       "Adam(lr=0.01)", "amsgrad=True", "betas=", "eps=", "AdamW()", "AdamW(lr=0.02, weight_decay=0.1, amsgrad=True)",
                       "model.parameters()", "decoupled_weight_decay=True"] {
            #expect(numeric.contains(needed), "no numeric case uses \(needed)")
        }
        #expect(cases.filter { $0.expectedError != nil }.count >= 30)
        for numericCase in cases where numericCase.expectedError == nil {
            #expect(numericCase.expected.count == numericCase.gradients.count && !numericCase.expected.isEmpty, "\(numericCase)")
        }
    }

    @Test("every step matches PyTorch, or the error does", arguments: OptimizerCase.all.map(\.name))
    func matchesPyTorch(name: String) throws {
        let fixture = try #require(OptimizerCase.all.first { $0.name == name })
        if let expected = fixture.expectedError {
            do {
                _ = try Optimizers.parse(fixture.expr)
                Issue.record("\(fixture): PyTorch raised \(expected.kind): \(expected.message); LayerKit did not")
            } catch let error as LayerError {
                #expect(error.kind.rawValue == expected.kind, "\(fixture): \(error)")
                #expect(error.message == expected.message, "\(fixture)")
            }
            return
        }
        var optimizer = try Optimizers.parse(fixture.expr)
        var parameters = fixture.parameters
        var worst = 0.0
        for (step, (gradients, expected)) in zip(fixture.gradients, fixture.expected).enumerated() {
            try optimizer.step(&parameters, gradients: gradients)
            for (index, (ours, torch)) in zip(parameters, expected).enumerated() {
                worst = max(worst, expectClose(ours, torch, optimizerStepTolerance,
                                               "\(fixture) step \(step + 1) parameter \(index)"))
            }
        }
        #expect(worst <= 1, "\(fixture): worst element used \(worst) of \(optimizerStepTolerance)")
    }

    @Test func theWorstDifferenceOverAllCasesIsSmall() throws {
        var worstDifference = 0.0, worstShare = 0.0, steps = 0, elements = 0, identical = 0
        for fixture in OptimizerCase.all where fixture.expectedError == nil {
            var optimizer = try Optimizers.parse(fixture.expr)
            var parameters = fixture.parameters
            for (gradients, expected) in zip(fixture.gradients, fixture.expected) {
                try optimizer.step(&parameters, gradients: gradients)
                steps += 1
                for (ours, torch) in zip(parameters, expected) {
                    let closeness = Closeness(ours.storage, torch.storage, optimizerStepTolerance, names: ("ours", "PyTorch"))
                    worstDifference = max(worstDifference, closeness.maxDifference)
                    worstShare = max(worstShare, closeness.maxShare)
                    elements += ours.count
                    identical += zip(ours.storage, torch.storage).filter { $0.0 == $0.1 || ($0.0.isNaN && $0.1.isNaN) }.count
                }
            }
        }
        #expect(steps >= 150)
        #expect(worstShare <= 1)
        print("optimiser fixtures: \(steps) steps, \(identical) of \(elements) values bit-identical to PyTorch's, "
              + "worst |Δ| \(worstDifference), worst share of \(optimizerStepTolerance) \(worstShare)")
    }

    // MARK: Expressions

    @Test(arguments: [
        ("torch.optim.SGD(lr=0.1, momentum=0.9)", "torch.optim.SGD(lr=0.1, momentum=0.9)"),
        ("optim.SGD(model.parameters(), 0.1, 0.9, nesterov=1)", "torch.optim.SGD(lr=0.1, momentum=0.9, nesterov=True)"),
        ("SGD(params, lr=0.001, momentum=0.0, foreach=False)", "torch.optim.SGD()"),
        ("torch.optim.SGD( net.fc.parameters() , lr=1e-3 * 5)", "torch.optim.SGD(lr=0.005)"),
        ("torch.optim.SGD(params=model.parameters(), lr=0.2, maximize=True)", "torch.optim.SGD(lr=0.2, maximize=True)"),
        ("torch.optim.Adam(lr=1e-3, betas=(0.9, 0.99))", "torch.optim.Adam(betas=(0.9, 0.99))"),
        ("torch.optim.Adam(betas=[0.9, 0.999, 0.5], eps=1e-8, amsgrad=False)", "torch.optim.Adam()"),
        ("torch.optim.Adam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)",
         "torch.optim.Adam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)"),
        ("AdamW(lr=0.01)", "torch.optim.AdamW(lr=0.01)"),
        ("torch.optim.AdamW(weight_decay=0, amsgrad=True)", "torch.optim.AdamW(weight_decay=0, amsgrad=True)"),
    ])
    func printsTheShortestExpression(text: String, expression: String) throws {
        let optimizer = try Optimizers.parse(text)
        #expect(optimizer.expression == expression)
        // The expression rebuilds the same optimiser.
        #expect(try Optimizers.parse(optimizer.expression).expression == expression)
    }

    @Test func exposesTheLearningRateAndHyperparameters() throws {
        #expect(try Optimizers.parse("torch.optim.SGD()").learningRate == 0.001)
        #expect(try Optimizers.parse("torch.optim.Adam(lr=0.02)").learningRate == 0.02)
        let adamW = try #require(try Optimizers.parse("torch.optim.AdamW()") as? Adam)
        #expect(adamW.name == "AdamW" && adamW.decoupledWeightDecay && adamW.weightDecay == 0.01)
        #expect(adamW.betas == (0.9, 0.999) && adamW.eps == 1e-8)
        let sgd = try #require(try Optimizers.parse("torch.optim.SGD(lr=0.1, momentum=0.9, dampening=0.1)") as? SGD)
        #expect(sgd.momentum == 0.9 && sgd.dampening == 0.1 && !sgd.nesterov)
        #expect(Optimizers.names == ["SGD", "Adam", "AdamW"])
    }

    @Test func anUnknownOptimiserListsTheKnownOnes() {
        do {
            _ = try Optimizers.parse("torch.optim.RMSprop(lr=0.01)")
            Issue.record("RMSprop parsed")
        } catch let error as LayerError {
            #expect(error.kind == .valueError && error.subject == "optimizer")
            #expect(error.message == "unknown optimiser 'RMSprop'; known optimisers: SGD, Adam, AdamW")
        } catch {
            Issue.record("\(error)")
        }
        do {
            _ = try Optimizers.parse("torch.optim.adamw()")
            Issue.record("adamw parsed")
        } catch let error as LayerError {
            #expect(error.message == "unknown optimiser 'adamw'; did you mean 'AdamW'?")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test(arguments: [
        ("torch.nn.SGD(lr=0.1)", "expected 'optim' after 'torch.'"),
        ("torch.optim.SGD(lr=0.1", "expected ',' or ')' but found end of expression"),
        ("torch.optim.SGD(lr=0.1, lr=0.2)", "keyword argument repeated: lr"),
        ("torch.optim.SGD(model.parameters() lr=0.1)", "unexpected name 'model'"),
        ("torch.optim.SGD(lr=0.1) + 1", "unexpected '+' after the closing ')'"),
    ])
    func syntaxErrorsAreExpressionErrors(text: String, message: String) {
        do {
            _ = try Optimizers.parse(text)
            Issue.record("\(text) parsed")
        } catch let error as ExpressionError {
            #expect(error.message.hasPrefix(message), "\(text): \(error)")
        } catch {
            Issue.record("\(text): \(error)")
        }
    }

    // MARK: Steps

    @Test func theFirstMomentumStepIsTheGradientItself() throws {
        // With dampening, PyTorch's first buffer is the undamped gradient: p = 1 − 0.1·2.
        var optimizer = try Optimizers.parse("torch.optim.SGD(lr=0.1, momentum=0.9, dampening=0.5)")
        var parameters = [Tensor(shape: [1], storage: [1])]
        try optimizer.step(&parameters, gradients: [Tensor(shape: [1], storage: [2])])
        #expect(abs(parameters[0].storage[0] - 0.8) < 1e-6)
        // Then b = 0.9·2 + 0.5·2 = 2.8: p = 0.8 − 0.28.
        try optimizer.step(&parameters, gradients: [Tensor(shape: [1], storage: [2])])
        #expect(abs(parameters[0].storage[0] - 0.52) < 1e-6)
    }

    @Test func adamsFirstStepMovesEachParameterByAboutTheLearningRate() throws {
        var optimizer = try Optimizers.parse("torch.optim.Adam(lr=0.01)")
        var parameters = [Tensor(shape: [3], storage: [0, 0, 0])]
        try optimizer.step(&parameters, gradients: [Tensor(shape: [3], storage: [5, -0.001, 0])])
        #expect(abs(parameters[0].storage[0] + 0.01) < 1e-6)
        #expect(abs(parameters[0].storage[1] - 0.01) < 1e-6)
        #expect(parameters[0].storage[2] == 0)
    }

    @Test func aStepChecksItsParametersAndGradients() throws {
        var optimizer = try Optimizers.parse("torch.optim.Adam()")
        var parameters = [Tensor(shape: [2, 2]), Tensor(shape: [2])]
        #expect(throws: LayerError.self) { try optimizer.step(&parameters, gradients: [Tensor(shape: [2, 2])]) }
        #expect(throws: LayerError.self) {
            try optimizer.step(&parameters, gradients: [Tensor(shape: [2, 2]), Tensor(shape: [3])])
        }
        try optimizer.step(&parameters, gradients: [Tensor(shape: [2, 2]), Tensor(shape: [2])])
        var others = [Tensor(shape: [4]), Tensor(shape: [2])]
        do {
            try optimizer.step(&others, gradients: [Tensor(shape: [4]), Tensor(shape: [2])])
            Issue.record("stepped parameters of other shapes")
        } catch let error as LayerError {
            #expect(error.subject == "parameters")
            #expect(error.message.contains("[2, 2], [2]"))
        }
    }

    @Test func copiesKeepTheirOwnState() throws {
        var first = try Optimizers.parse("torch.optim.SGD(lr=0.1, momentum=0.9)")
        var parameters = [Tensor(shape: [1], storage: [0])]
        let gradient = [Tensor(shape: [1], storage: [1])]
        try first.step(&parameters, gradients: gradient)
        var second = first
        var a = parameters, b = parameters
        try first.step(&a, gradients: gradient)
        try second.step(&b, gradients: gradient)
        #expect(a == b)
    }
}
