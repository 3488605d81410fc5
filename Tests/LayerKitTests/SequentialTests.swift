// SequentialTests: `nn.Sequential` — its expression (with integer arithmetic in arguments), its
// state_dict keys, stage-by-stage shape errors, and a backward pass checked against finite
// differences of the whole network.

import Testing
@testable import LayerKit

@Suite struct SequentialTests {
    static let digitsCNN =
        "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"

    @Test func parsesPyTorchsOwnSyntaxWithArithmetic() throws {
        var rng = RandomSource(seed: 0)
        let model = try Sequential(parsing: Self.digitsCNN, rng: &rng)
        #expect(model.stages.count == 5)
        #expect(model.expression == "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), "
            + "nn.Flatten(), nn.Linear(512, 10))")
        #expect(model.stateKeys == ["0.weight", "0.bias", "4.weight", "4.bias"])
        #expect(model.parameterKeys == model.stateKeys)
        #expect(model.parameterCount == 8 * 9 + 8 + 512 * 10 + 10)
        var again = RandomSource(seed: 0)
        let spaced = try Sequential(parsing: "torch.nn.Sequential(\n  nn.Conv2d(1, 8, 3, padding=1),\n  nn.ReLU(),\n"
            + "  nn.MaxPool2d(2),\n  nn.Flatten(),\n  nn.Linear(8*8*8, 10),\n)", rng: &again)
        #expect(spaced.parameters == model.parameters, "the same seed draws the same weights")
    }

    @Test(arguments: [
        ("8 * 8 * 8", 512), ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("(16 - 3) // 2 + 1", 7),
        ("-7 // 2", -4), ("7 % -3", -2), ("-(3 * 2)", -6), ("+4", 4), ("2 - -3", 5),
    ])
    func integerArithmeticFollowsPython(text: String, value: Int) throws {
        let call = try ConstructorCall(parsing: "nn.Linear(\(text), 1)")
        #expect(call.positional.first == .int(value), "\(text)")
    }

    @Test func floatArithmeticAndDivision() throws {
        let call = try ConstructorCall(parsing: "nn.LeakyReLU(1 / 4)")
        #expect(call.positional == [.float(0.25)])
        #expect(try ConstructorCall(parsing: "nn.Dropout(0.1 * 3)").positional == [.float(0.1 * 3)])
        #expect(try ConstructorCall(parsing: "nn.Dropout(7.0 // 2)").positional == [.float(3)])
        // `/` gives a float, which an int parameter refuses as PyTorch would.
        #expect(throws: LayerError.self) { _ = try Catalog.arguments(parsing: "nn.Linear(512 / 2, 10)") }
    }

    @Test(arguments: [
        ("nn.Linear(1 // 0, 2)", "integer division or modulo by zero"),
        ("nn.Linear(3 * 'a', 2)", "unsupported operand types for *"),
        ("nn.Linear(9223372036854775807 + 1, 2)", "integer too large"),
        ("nn.Dropout(1.0 / 0)", "division by zero"),
        ("nn.Linear(- , 2)", "expected a number after '-'"),
    ])
    func arithmeticErrorsAreOneLine(text: String, message: String) {
        do {
            _ = try ConstructorCall(parsing: text)
            Issue.record("\(text) parsed")
        } catch let error as ExpressionError {
            #expect(error.message.hasPrefix(message), "\(text): \(error)")
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("\(text): \(error)")
        }
    }

    @Test func aDeepChainOfSignsIsRefusedNotACrash() {
        let text = "nn.Linear(" + String(repeating: "-", count: 100_000) + "1, 2)"
        #expect(throws: ExpressionError.self) { _ = try ConstructorCall(parsing: text) }
    }

    @Test func shapeErrorsNameTheStage() throws {
        var rng = RandomSource(seed: 0)
        var model = try Sequential(parsing: "nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), "
            + "nn.Flatten(), nn.Linear(8 * 8 * 8, 10))", rng: &rng)
        var context = ForwardContext(training: true)
        do {
            _ = try model.forward(Tensor(shape: [1, 1, 16, 16]), context: &context)
            Issue.record("a 7x7 map reached Linear(512, 10)")
        } catch let error as LayerError {
            #expect(error.subject == "stage 4, nn.Linear(512, 10)")
            #expect(error.message == "addmm: mat1 and mat2 shapes cannot be multiplied (1x392 and 512x10)")
        }
    }

    @Test func constructorErrorsNameTheStageAndLossesAreRefused() throws {
        var rng = RandomSource(seed: 0)
        do {
            _ = try Sequential(parsing: "nn.Sequential(nn.ReLU(), nn.Conv2d(1, 8, 3, groups=3))", rng: &rng)
            Issue.record("a zero kernel was accepted")
        } catch let error as LayerError {
            #expect(error.subject == "stage 1, nn.Conv2d")
        }
        #expect(throws: LayerError.self) { _ = try Sequential(parsing: "nn.Sequential(nn.Linear(2, 2), nn.MSELoss())", rng: &rng) }
        do {
            _ = try Sequential(parsing: "nn.Sequential(nn.Linear(2, 2), nn.Relu())", rng: &rng)
            Issue.record("unknown layer accepted")
        } catch let error as ExpressionError {
            #expect(error.message == "unknown layer 'Relu'; did you mean 'ReLU'?")
            #expect(error.offset == 31)
        }
        #expect(throws: ExpressionError.self) { _ = try Sequential(parsing: "nn.Sequential(nn.ReLU(), x=nn.Tanh())", rng: &rng) }
        #expect(throws: ExpressionError.self) { _ = try Sequential(parsing: "nn.Sequential(nn.ReLU()) nn.Tanh()", rng: &rng) }
    }

    @Test func aSingleLayerIsANetworkOfOneStage() throws {
        var rng = RandomSource(seed: 0)
        let model = try Sequential(parsing: "nn.Linear(3, 2)", rng: &rng)
        #expect(model.stateKeys == ["0.weight", "0.bias"])
        let empty = try Sequential(parsing: "nn.Sequential()", rng: &rng)
        #expect(empty.stages.isEmpty && empty.stateKeys.isEmpty)
    }

    @Test func stateDictKeysLoadWithPyTorchsChecks() throws {
        var rng = RandomSource(seed: 0)
        var model = try Sequential(parsing: "nn.Sequential(nn.Linear(3, 4), nn.BatchNorm2d(2))", rng: &rng)
        #expect(model.stateKeys == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
                                    "1.running_var", "1.num_batches_tracked"])
        #expect(model.parameterKeys == ["0.weight", "0.bias", "1.weight", "1.bias"])
        try model.setState("0.bias", .float(Tensor(shape: [4], storage: [1, 2, 3, 4])))
        #expect(model.state("0.bias") == .float(Tensor(shape: [4], storage: [1, 2, 3, 4])))
        do {
            try model.setState("0.bias", .float(Tensor(shape: [3])))
            Issue.record("a wrong shape loaded")
        } catch let error as LayerError {
            #expect(error.message.hasPrefix("size mismatch for 0.bias: copying a param with shape torch.Size([3])"))
        }
        #expect(throws: LayerError.self) { try model.setState("2.weight", .float(Tensor(shape: [1]))) }
        #expect(throws: LayerError.self) { try model.setState("weight", .float(Tensor(shape: [1]))) }
    }
}

@Suite struct SequentialBackwardTests {
    /// The loss of `model` on (x, y) with MSELoss, in eval mode (no mask, no buffer moves).
    private func loss(_ model: Sequential, _ x: Tensor, _ y: Tensor) throws -> Double {
        var network = model
        var context = ForwardContext(training: false)
        let output = try network.forward(x, context: &context).output
        var warnings: [String] = []
        let value = try MSELoss(arguments: try Arguments(schema: MSELoss.schema, positional: [], keywords: []),
                                rng: &context.rng).forward(output, target: .values(y), warnings: &warnings)
        return Double(value.storage[0])
    }

    @Test func parameterGradientsMatchFiniteDifferencesOfTheWholeNetwork() throws {
        var rng = RandomSource(seed: 3)
        let model = try Sequential(parsing: "nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.Tanh(), "
            + "nn.AvgPool2d(2), nn.Flatten(), nn.Linear(2 * 2 * 2, 3), nn.Sigmoid())", rng: &rng)
        let x = try rng.normalTensor(shape: [2, 1, 4, 4])
        let y = try rng.normalTensor(shape: [2, 3])
        var network = model
        var context = ForwardContext(training: false)
        let trace = try network.forward(x, context: &context)
        let mse = try MSELoss(arguments: try Arguments(schema: MSELoss.schema, positional: [], keywords: []), rng: &rng)
        let gradients = try network.backward(trace, gradOutput: try mse.inputGradient(trace.output, target: .values(y)))
        #expect(gradients.count == 4)
        for (index, key) in model.parameterKeys.enumerated() {
            var parameter = model.parameters[index]
            for k in stride(from: 0, to: parameter.count, by: 3) {
                let h: Float = 1e-2
                let original = parameter.storage[k]
                var plus = model, minus = model
                parameter.storage[k] = original + h
                try plus.setState(key, .float(parameter))
                parameter.storage[k] = original - h
                try minus.setState(key, .float(parameter))
                parameter.storage[k] = original
                let numeric = (try loss(plus, x, y) - loss(minus, x, y)) / Double(2 * h)
                let analytic = Double(gradients[index].storage[k])
                #expect(Swift.abs(numeric - analytic) <= 2e-3 + 2e-2 * Swift.abs(numeric),
                        "\(key)[\(k)]: backward \(analytic), finite difference \(numeric)")
            }
        }
    }

    @Test func dropoutInsideANetworkPassesTheGradientThroughItsMaskEvenInPlace() throws {
        var rng = RandomSource(seed: 1)
        var model = try Sequential(parsing: "nn.Sequential(nn.Linear(4, 6), nn.Dropout(0.5, inplace=True), nn.Linear(6, 2))",
                                   rng: &rng)
        var context = ForwardContext(training: true, rng: RandomSource(seed: 9))
        let x = try rng.normalTensor(shape: [5, 4])
        let trace = try model.forward(x, context: &context)
        let mask = try #require(trace.results[1].mask)
        #expect(mask.storage.contains(0) && mask.storage.contains(2))
        let g = try rng.normalTensor(shape: [5, 2])
        let gradients = try model.backward(trace, gradOutput: g)
        // The last Linear's weight gradient is gᵀ·h, h the dropout's output: zero columns where dropped.
        let hidden = trace.results[1].output
        for o in 0..<2 {
            for i in 0..<6 {
                var expected: Float = 0
                for n in 0..<5 { expected += g.storage[n * 2 + o] * hidden.storage[n * 6 + i] }
                #expect(Swift.abs(gradients[2].storage[o * 6 + i] - expected) < 1e-5)
            }
        }
        // The first Linear's bias gradient is Σ_n (g·W₂)[n, i] · mask[n, i]: dropped units pass nothing.
        guard case .float(let w2)? = model.state("2.weight") else { Issue.record("no 2.weight"); return }
        for i in 0..<6 {
            var expected: Float = 0
            for n in 0..<5 {
                var upstream: Float = 0
                for o in 0..<2 { upstream += g.storage[n * 2 + o] * w2.storage[o * 6 + i] }
                expected += upstream * mask.storage[n * 6 + i]
            }
            #expect(Swift.abs(gradients[1].storage[i] - expected) < 1e-5, "bias \(i)")
        }
    }
}
