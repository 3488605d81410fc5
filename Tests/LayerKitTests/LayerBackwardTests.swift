// LayerBackwardTests: the backward passes of the pools, BatchNorm2d, the dropouts and the
// activations through `BackwardModule`, for what the PyTorch fixtures (backward_layers.json) cannot
// show: dropout's random masks (p = 0.5, with and without inplace=True), where a max pool's gradient
// goes (the forward's indices, overlaps adding), average pools against exact differences of their
// linear loss, BatchNorm2d after its train step moved the running buffers and against finite
// differences, parameter keys, and the worst tolerance share of the fixtures.

import Testing
@testable import LayerKit

/// One forward pass of `expr` on `input`, then its backward with `gradOutput`.
private func forwardBackward(_ expr: String, _ input: Tensor, gradOutput: Tensor? = nil, training: Bool = true,
                             wantsInputGradient: Bool = true, seed: UInt64 = 0)
    throws -> (module: any BackwardModule, forward: ForwardResult, gradients: Gradients) {
    var rng = RandomSource(seed: 0)
    var module = try #require(try Catalog.layer(parsing: expr, rng: &rng) as? any BackwardModule)
    var context = ForwardContext(training: training, rng: RandomSource(seed: seed))
    let forward = try module.forward(input, context: &context)
    let gradients = try module.backward(input: input, forward: forward,
                                        gradOutput: gradOutput ?? Tensor(shape: forward.output.shape, repeating: 1),
                                        training: training, wantsInputGradient: wantsInputGradient)
    return (module, forward, gradients)
}

/// Σ output·g in Double: the loss whose input gradient a backward pass with `g` computes.
private func weightedSum(_ expr: String, _ input: Tensor, _ g: Tensor, training: Bool = true) throws -> Double {
    var rng = RandomSource(seed: 0)
    var module = try #require(try Catalog.layer(parsing: expr, rng: &rng) as? any Module)
    var context = ForwardContext(training: training)
    let output = try module.forward(input, context: &context).output
    return zip(output.storage, g.storage).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

@Suite struct LayerBackwardTests {
    // MARK: Dropout

    @Test("Dropout(0.5) passes g ⊙ the forward's mask, inplace or not",
          arguments: ["nn.Dropout(0.5)", "nn.Dropout(0.5, inplace=True)", "nn.Dropout(p=0.3, inplace=True)"])
    func dropoutGradientIsTheMask(expr: String) throws {
        var rng = RandomSource(seed: 4)
        let x = try rng.normalTensor(shape: [4, 3, 5])
        let g = try rng.normalTensor(shape: [4, 3, 5])
        let (_, forward, gradients) = try forwardBackward(expr, x, gradOutput: g, seed: 11)
        let mask = try #require(forward.mask)
        #expect(mask.shape == x.shape)
        #expect(mask.storage.contains(0) && mask.storage.contains { $0 > 1 })
        let dx = try #require(gradients.input)
        #expect(dx.shape == x.shape)
        for k in 0..<x.count { #expect(dx.storage[k] == g.storage[k] * mask.storage[k]) }
        #expect(gradients.parameters.isEmpty)
    }

    @Test("Dropout2d(0.5) passes g times each feature map's factor, for 4-D and 3-D inputs, inplace or not",
          arguments: ["nn.Dropout2d(0.5)", "nn.Dropout2d(0.5, inplace=True)"])
    func dropout2dGradientIsTheMask(expr: String) throws {
        for shape in [[3, 4, 2, 5], [6, 3, 4]] {
            var rng = RandomSource(seed: 5)
            let x = try rng.normalTensor(shape: shape)
            let g = try rng.normalTensor(shape: shape)
            let (_, forward, gradients) = try forwardBackward(expr, x, gradOutput: g, seed: 3)
            let mask = try #require(forward.mask)
            #expect(mask.count == shape[0] * shape[1])
            #expect(mask.storage.contains(0) && mask.storage.contains(2))
            let dx = try #require(gradients.input)
            let run = x.count / mask.count  // one factor per (d0, d1): a feature map, or a row
            for k in 0..<x.count { #expect(dx.storage[k] == g.storage[k] * mask.storage[k / run]) }
        }
    }

    @Test func inPlaceDropoutKeepsTheLeafErrorOutsideANetwork() throws {
        // `compute`'s inputGradient: the input is a leaf, so PyTorch refuses; backward (inside a
        // network) does not.
        var layer = try makeLayer(Dropout.self, [.float(0.5), .bool(true)])
        let x = ramp([3, 4])
        var context = ForwardContext(rng: RandomSource(seed: 1))
        let forward = try layer.forward(x, context: &context)
        let g = Tensor(shape: x.shape, repeating: 1)
        expectLayerError(.runtimeError, "a leaf Variable that requires grad is being used in an in-place operation.") {
            _ = try layer.inputGradient(input: x, output: forward.output, gradOutput: g)
        }
        let dx = try #require(try layer.backward(input: x, forward: forward, gradOutput: g, training: true,
                                                 wantsInputGradient: true).input)
        #expect(dx == forward.mask)
    }

    @Test func dropoutBackwardUsesTheMaskOfItsOwnForwardPass() throws {
        // Two passes, two masks: the gradient of the first pass multiplies by the first mask even
        // though the layer has since remembered the second.
        var layer = try makeLayer(Dropout.self, [.float(0.5)])
        let x = ramp([2, 16])
        var context = ForwardContext(rng: RandomSource(seed: 7))
        let first = try layer.forward(x, context: &context)
        let second = try layer.forward(x, context: &context)
        #expect(first.mask != second.mask)
        let g = Tensor(shape: x.shape, repeating: 1)
        let dx = try layer.backward(input: x, forward: first, gradOutput: g, training: true, wantsInputGradient: true)
        #expect(dx.input == first.mask)
        #expect(try layer.backward(input: x, forward: first, gradOutput: g, training: true,
                                   wantsInputGradient: false).input == nil)
        // Evaluation mode: the identity.
        var eval = ForwardContext(training: false)
        let identity = try layer.forward(x, context: &eval)
        #expect(try layer.backward(input: x, forward: identity, gradOutput: g, training: false,
                                   wantsInputGradient: true).input == g)
    }

    // MARK: Max pools

    @Test("a max pool's gradient lands on the forward's indices, overlapping windows adding",
          arguments: ["nn.MaxPool2d(3, stride=1)", "nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True)",
                      "nn.AdaptiveMaxPool2d((4, 5))", "nn.AdaptiveMaxPool2d(9)"])
    func maxPoolGradientFollowsTheIndices(expr: String) throws {
        // Integer values from 0 to 2: many ties; NaN in two places.
        for shape in [[2, 3, 7, 6], [3, 7, 6]] {
            var x = Tensor(shape: shape, storage: (0..<shape.elementCount).map { Float(($0 * 7 + $0 / 5) % 3) })
            x.storage[10] = .nan
            x.storage[11] = .nan
            var rng = RandomSource(seed: 2)
            let g = try rng.normalTensor(shape: try forwardBackward(expr, x).forward.output.shape)
            let (_, forward, gradients) = try forwardBackward(expr, x, gradOutput: g)
            let indices = try #require(forward.indices)
            let dx = try #require(gradients.input)
            #expect(dx.shape == x.shape)
            // The expected gradient: g summed per (plane, index), in Double.
            let (planes, h, w) = planeLayout(shape)
            var expected = [Double](repeating: 0, count: x.count)
            let outPlane = g.count / planes
            for o in 0..<g.count { expected[o / outPlane * h * w + Int(indices.storage[o])] += Double(g.storage[o]) }
            for k in 0..<x.count { #expect(Swift.abs(Double(dx.storage[k]) - expected[k]) < 1e-5, "\(expr) [\(k)]") }
            // Each output picks a cell whose value is its maximum (NaN for a window holding NaN).
            for o in 0..<g.count {
                let picked = x.storage[o / outPlane * h * w + Int(indices.storage[o])]
                #expect(picked == forward.output.storage[o] || (picked.isNaN && forward.output.storage[o].isNaN))
            }
        }
    }

    @Test func overlappingMaxWindowsAddOnTheirSharedMaximum() throws {
        // One large value in the middle of a 5×5 plane: all nine 3×3 windows pick it.
        var x = Tensor(shape: [1, 1, 5, 5])
        x.storage[12] = 9
        let (_, _, gradients) = try forwardBackward("nn.MaxPool2d(3, stride=1)", x)
        var expected = [Float](repeating: 0, count: 25)
        expected[12] = 9
        #expect(gradients.input?.storage == expected)
    }

    // MARK: Average pools

    @Test("an average pool's gradient is the exact derivative of Σ output·g",
          arguments: ["nn.AvgPool2d(3, stride=2, padding=1)",
                      "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)",
                      "nn.AvgPool2d((3, 2), stride=2, ceil_mode=True)",
                      "nn.AvgPool2d(2, stride=1, padding=1, divisor_override=3)",
                      "nn.AdaptiveAvgPool2d((3, 4))", "nn.AdaptiveAvgPool2d((None, 2))",
                      "nn.AdaptiveAvgPool2d(1)", "nn.AdaptiveAvgPool2d((8, 9))"])
    func averagePoolGradientIsTheDerivative(expr: String) throws {
        // The loss is linear in x: raising one input by 1 changes it by exactly that input's gradient.
        var rng = RandomSource(seed: 6)
        let x = try rng.normalTensor(shape: [2, 2, 5, 7])
        let outShape = try forwardBackward(expr, x).forward.output.shape
        let g = try rng.normalTensor(shape: outShape)
        let dx = try #require(try forwardBackward(expr, x, gradOutput: g).gradients.input)
        let base = try weightedSum(expr, x, g)
        for k in 0..<x.count {
            var raised = x
            raised.storage[k] += 1
            let difference = try weightedSum(expr, raised, g) - base
            #expect(Swift.abs(difference - Double(dx.storage[k])) < 1e-5, "\(expr) [\(k)]: \(difference) vs \(dx.storage[k])")
        }
    }

    @Test func averagePoolGradientMassIsConserved() throws {
        // Without padding in the divisor, each output's gradient is spread exactly over its cells.
        let x = ramp([2, 3, 9, 8])
        let g = Tensor(shape: [2, 3, 5, 4], repeating: 1)
        let dx = try #require(try forwardBackward("nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)",
                                                  x, gradOutput: g).gradients.input)
        #expect(Swift.abs(dx.storage.reduce(0, +) - Float(g.count)) < 1e-3)
        // With the padding counted, a corner window (4 of its 9 cells inside) passes on 4/9.
        let padded = try #require(try forwardBackward("nn.AvgPool2d(3, stride=2, padding=1)", x, gradOutput: g)
            .gradients.input)
        #expect(padded.storage[0] == Float(1) / 9)
    }

    // MARK: BatchNorm2d

    @Test func batchNormTrainBackwardUsesTheBatchNotTheUpdatedRunningStatistics() throws {
        var rng = RandomSource(seed: 8)
        let x = try rng.normalTensor(shape: [3, 2, 4, 5])
        let g = try rng.normalTensor(shape: [3, 2, 4, 5])
        var layer = try makeLayer(BatchNorm2d.self, [.int(2)], [("momentum", .float(1))])
        let untouched = layer
        var context = ForwardContext(training: true)
        let forward = try layer.forward(x, context: &context)
        #expect(floats(layer, "running_mean") != floats(untouched, "running_mean"))
        let after = try layer.backward(input: x, forward: forward, gradOutput: g, training: true, wantsInputGradient: true)
        let before = try untouched.backward(input: x, forward: forward, gradOutput: g, training: true,
                                            wantsInputGradient: true)
        #expect(after == before)
        // The batch's gradient removes the mean of g and the part along x̂: Σ dx = 0 per channel.
        let dx = try #require(after.input)
        for c in 0..<2 {
            var sum = 0.0
            for n in 0..<3 { for k in 0..<20 { sum += Double(dx.storage[(n * 2 + c) * 20 + k]) } }
            #expect(Swift.abs(sum) < 1e-4)
        }
    }

    @Test("BatchNorm2d's gradients against central differences of Σ output·g",
          arguments: [("nn.BatchNorm2d(2)", true), ("nn.BatchNorm2d(2, affine=False, eps=0.1)", true),
                      ("nn.BatchNorm2d(2, track_running_stats=False)", false), ("nn.BatchNorm2d(2)", false)])
    func batchNormFiniteDifferences(expr: String, training: Bool) throws {
        var rng = RandomSource(seed: 9)
        let x = try rng.normalTensor(shape: [2, 2, 3, 3])
        let g = try rng.normalTensor(shape: [2, 2, 3, 3])
        let dx = try #require(try forwardBackward(expr, x, gradOutput: g, training: training).gradients.input)
        let h: Float = 1e-2
        for k in 0..<x.count {
            var plus = x, minus = x
            plus.storage[k] += h
            minus.storage[k] -= h
            let numeric = try (weightedSum(expr, plus, g, training: training)
                - weightedSum(expr, minus, g, training: training)) / Double(2 * h)
            #expect(Swift.abs(numeric - Double(dx.storage[k])) <= 2e-3 + 1e-2 * Swift.abs(numeric),
                    "\(expr) [\(k)]: backward \(dx.storage[k]), finite difference \(numeric)")
        }
    }

    @Test func batchNormEvalGradientIsTheFixedScale() throws {
        var layer = try makeLayer(BatchNorm2d.self, [.int(2)])
        try layer.setState("running_var", .float(Tensor(shape: [2], storage: [4, 0.25])))
        try layer.setState("weight", .float(Tensor(shape: [2], storage: [3, -1])))
        let x = ramp([2, 2, 2, 2])
        let g = Tensor(shape: x.shape, repeating: 1)
        var context = ForwardContext(training: false)
        let forward = try layer.forward(x, context: &context)
        let gradients = try layer.backward(input: x, forward: forward, gradOutput: g, training: false,
                                           wantsInputGradient: true)
        let dx = try #require(gradients.input)
        for k in 0..<x.count {
            let c = (k / 4) % 2
            let expected = c == 0 ? 3 / (4 + 1e-5).squareRoot() : -1 / (0.25 + 1e-5).squareRoot()
            #expect(Swift.abs(Double(dx.storage[k]) - expected) < 1e-5)
        }
        #expect(gradients.parameters["bias"]?.storage == [8, 8])
    }

    @Test func batchNormParameterKeysAndFirstLayer() throws {
        for (expr, keys) in [("nn.BatchNorm2d(3)", ["weight", "bias"]), ("nn.BatchNorm2d(3, affine=False)", []),
                             ("nn.BatchNorm2d(3, bias=False)", ["weight"])] {
            var rng = RandomSource(seed: 1)
            let x = try rng.normalTensor(shape: [2, 3, 2, 2])
            let (module, _, gradients) = try forwardBackward(expr, x, wantsInputGradient: false)
            #expect(module.parameterKeys == keys, "\(expr)")
            #expect(gradients.input == nil)
            #expect(gradients.parameters.keys.sorted() == keys.sorted(), "\(expr)")
            for key in keys { #expect(gradients.parameters[key]?.shape == [3]) }
        }
    }

    // MARK: The protocol

    @Test("no layer without parameters computes an input gradient nobody asked for",
          arguments: ["nn.MaxPool2d(2)", "nn.AvgPool2d(2)", "nn.AdaptiveMaxPool2d(2)", "nn.AdaptiveAvgPool2d(2)",
                      "nn.Sigmoid()", "nn.GELU(approximate='tanh')", "nn.Softmax(dim=1)", "nn.Dropout2d(0.5)"])
    func firstLayerGetsNoInputGradient(expr: String) throws {
        let x = ramp([2, 3, 4, 4])
        let (module, _, gradients) = try forwardBackward(expr, x, wantsInputGradient: false)
        #expect(gradients == Gradients(input: nil))
        #expect(module.parameterKeys.isEmpty)
    }

    @Test("an activation's backward is its inputGradient",
          arguments: ["nn.Sigmoid()", "nn.Tanh()", "nn.ReLU()", "nn.LeakyReLU(0.2)", "nn.ReLU6()", "nn.GELU()",
                      "nn.GELU(approximate='tanh')", "nn.SELU()", "nn.Softmax(dim=1)", "nn.Softmax(dim=-1)"])
    func activationBackwardIsItsInputGradient(expr: String) throws {
        var rng = RandomSource(seed: 12)
        let x = try rng.normalTensor(shape: [3, 5])
        let g = try rng.normalTensor(shape: [3, 5])
        let (module, forward, gradients) = try forwardBackward(expr, x, gradOutput: g)
        let differentiable = try #require(module as? any DifferentiableModule)
        #expect(gradients.input == (try differentiable.inputGradient(input: x, output: forward.output, gradOutput: g)))
    }

    @Test func aGradientOfTheWrongShapeIsAnError() throws {
        let x = ramp([1, 2, 4, 4])
        for expr in ["nn.MaxPool2d(2)", "nn.AvgPool2d(2)", "nn.AdaptiveAvgPool2d(3)", "nn.BatchNorm2d(2)", "nn.Dropout(0.5)"] {
            var rng = RandomSource(seed: 0)
            var module = try #require(try Catalog.layer(parsing: expr, rng: &rng) as? any BackwardModule)
            var context = ForwardContext()
            let forward = try module.forward(x, context: &context)
            let wrong = Tensor(shape: [1, 2, 1, 1])
            expectLayerError(.runtimeError, "Mismatch in shape: grad_output[0] has a shape of torch.Size([1, 2, 1, 1]) "
                                 + "and output[0] has a shape of \(forward.output.shape.torchSize).") {
                _ = try module.backward(input: x, forward: forward, gradOutput: wrong, training: true,
                                        wantsInputGradient: true)
            }
        }
    }

    // MARK: The fixtures

    @Test func theWorstShareOfTheLayerFixturesIsReported() throws {
        let cases = try BackwardCase.load(family: "backward_layers")
        #expect(cases.count >= 45)
        var worst = (share: 0.0, name: "")
        for fixture in cases where fixture.expectedError == nil {
            let result = try fixture.run()
            var pairs: [(Tensor, NpyArray)] = fixture.expectedGrads.compactMap { key, expected in
                result.gradients.parameters[key].map { ($0, expected) }
            }
            if let ours = result.gradients.input, let expected = fixture.expectedGradInput { pairs.append((ours, expected)) }
            for (ours, expected) in pairs {
                let closeness = Closeness(ours.storage, try expected.floatTensor().storage, .pytorch,
                                          names: ("ours", "PyTorch"))
                if closeness.maxShare > worst.share { worst = (closeness.maxShare, fixture.name) }
            }
        }
        print("backward_layers: \(cases.count) cases; the worst gradient element used \(worst.share) of the "
              + "tolerance \(Tolerance.pytorch), in \(worst.name)")
        #expect(worst.share <= 1)
    }
}
