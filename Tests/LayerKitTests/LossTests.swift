// Tests of L1Loss, MSELoss and CrossEntropyLoss: worked examples computed by hand from the
// formulas of the reference, every error PyTorch raises (exact class and text), and the edge rules
// (broadcasting, empty tensors, ignored items, smoothing, uint8 targets, legacy arguments).
// Numbers compared with PyTorch itself live in the `losses` fixtures; here tolerance is 1e-5.

import Foundation
import Testing
@testable import LayerKit

// MARK: - Helpers

private func tensor(_ values: [Float], _ shape: [Int]) -> Tensor {
    Tensor(shape: shape, storage: values)
}

private func classes(_ values: [Int64], _ shape: [Int]? = nil, dtype: String = "Long") -> LossTarget {
    .classes(IndexTensor(shape: shape ?? [values.count], storage: values), dtype: dtype)
}

private func loss<L: Loss>(_ layer: L, _ input: Tensor, _ target: LossTarget) throws -> Tensor {
    var warnings: [String] = []
    return try layer.forward(input, target: target, warnings: &warnings)
}

private func warnings<L: Loss>(_ layer: L, _ input: Tensor, _ target: LossTarget) throws -> [String] {
    var warnings: [String] = []
    _ = try layer.forward(input, target: target, warnings: &warnings)
    return warnings
}

/// Elementwise closeness (NaN matches NaN), tolerance 1e-5.
private func expectValues(_ actual: Tensor, _ expected: [Double], shape: [Int]? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    if let shape { #expect(actual.shape == shape, "shape", sourceLocation: sourceLocation) }
    #expect(actual.count == expected.count, "count", sourceLocation: sourceLocation)
    for (a, e) in zip(actual.storage, expected) {
        let a = Double(a)
        if e.isNaN {
            #expect(a.isNaN, "expected NaN, got \(a)", sourceLocation: sourceLocation)
        } else if e.isInfinite {
            #expect(a == e, "expected \(e), got \(a)", sourceLocation: sourceLocation)
        } else {
            #expect(Swift.abs(a - e) <= 1e-5 + 1e-5 * Swift.abs(e), "expected \(e), got \(a)",
                    sourceLocation: sourceLocation)
        }
    }
}

private let broadcastWarning41 = "Using a target size (torch.Size([4])) that is different to the input size (torch.Size([4, 1])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size."

// MARK: - Schemas

@Suite struct LossSchemaTests {
    @Test func parametersFollowPyTorch() {
        for schema in [L1Loss.schema, MSELoss.schema] {
            #expect(schema.group == .loss)
            #expect(schema.params.map(\.name) == ["size_average", "reduce", "reduction"])
            #expect(schema.params.map(\.deprecated) == [true, true, false])
            #expect(schema.param("reduction")?.defaultValue == .string("mean"))
            #expect(schema.param("reduction")?.kind == .choice(["none", "mean", "sum"]))
            #expect(schema.param("size_average")?.kind == .optionalBool)
        }
        let ce = CrossEntropyLoss.schema
        #expect(ce.group == .loss)
        #expect(ce.params.map(\.name) == ["weight", "size_average", "ignore_index", "reduce", "reduction",
                                          "label_smoothing"])
        #expect(ce.params.map(\.defaultValue) == [ParamValue.none, ParamValue.none, .int(-100), ParamValue.none, .string("mean"), .float(0)])
        #expect(ce.param("weight")?.kind == .optionalFloatVector)
        #expect(ce.params.allSatisfy { !$0.keywordOnly })
        let losses = Catalog.layerTypes.filter { $0.schema.group == .loss }.map { $0.schema.name }
        #expect(losses == ["L1Loss", "MSELoss", "CrossEntropyLoss"])
    }

    @Test func expressionsPrintBack() throws {
        let ce = try makeLayer(CrossEntropyLoss.self, [], [("weight", .tensor([0.5, 2])), ("label_smoothing", .float(0.1))])
        #expect(ce.expression == "nn.CrossEntropyLoss(weight=torch.tensor([0.5, 2.0]), label_smoothing=0.1)")
        #expect(try makeLayer(L1Loss.self).expression == "nn.L1Loss()")
    }

    @Test func badReductionBindsAndFailsOnlyAtTheCall() throws {
        let l1 = try makeLayer(L1Loss.self, [], [("reduction", .string("foo"))])
        #expect(l1.reduction == "foo")
        expectLayerError(.valueError, "foo is not a valid value for reduction") {
            _ = try loss(l1, tensor([1], [1]), .values(tensor([0], [1])))
        }
        expectLayerError(.valueError, "foo is not a valid value for reduction") {
            _ = try l1.inputGradient(tensor([1], [1]), target: .values(tensor([0], [1])))
        }
    }
}

// MARK: - L1Loss and MSELoss

@Suite struct RegressionLossTests {
    let x = tensor([1, 2, 3], [3])
    let y = LossTarget.values(tensor([0, 2, 5], [3]))

    @Test func l1WorkedExample() throws {
        // |x − y| = [1, 0, 2]
        expectValues(try loss(makeLayer(L1Loss.self), x, y), [1], shape: [])
        expectValues(try loss(makeLayer(L1Loss.self, [], [("reduction", .string("sum"))]), x, y), [3], shape: [])
        expectValues(try loss(makeLayer(L1Loss.self, [], [("reduction", .string("none"))]), x, y), [1, 0, 2], shape: [3])
        // sign(x − y)/N, and 0 where x = y.
        expectValues(try makeLayer(L1Loss.self).inputGradient(x, target: y), [1.0 / 3, 0, -1.0 / 3], shape: [3])
        expectValues(try makeLayer(L1Loss.self, [], [("reduction", .string("none"))]).inputGradient(x, target: y), [1, 0, -1])
    }

    @Test func mseWorkedExample() throws {
        // (x − y)² = [1, 0, 4]
        expectValues(try loss(makeLayer(MSELoss.self), x, y), [5.0 / 3])
        expectValues(try loss(makeLayer(MSELoss.self, [], [("reduction", .string("sum"))]), x, y), [5])
        expectValues(try makeLayer(MSELoss.self).inputGradient(x, target: y), [2.0 / 3, 0, -4.0 / 3])
        expectValues(try makeLayer(MSELoss.self, [], [("reduction", .string("sum"))]).inputGradient(x, target: y), [2, 0, -4])
    }

    @Test func broadcastingAveragesOverTheBroadcastCount() throws {
        // (4, 1) against (4,): 16 terms, with PyTorch's warning.
        let input = tensor([0, 1, 2, 3], [4, 1])
        let target = LossTarget.values(tensor([0, 1, 2, 3], [4]))
        let l1 = try makeLayer(L1Loss.self)
        // Σ_i Σ_j |i − j| over 0…3 = 20
        expectValues(try loss(l1, input, target), [20.0 / 16])
        #expect(try warnings(l1, input, target) == [broadcastWarning41])
        let none = try loss(makeLayer(L1Loss.self, [], [("reduction", .string("none"))]), input, target)
        #expect(none.shape == [4, 4])
        // Gradient summed back onto (4, 1): row i gets Σ_j sign(i − j)/16.
        expectValues(try l1.inputGradient(input, target: target), [-3.0 / 16, -1.0 / 16, 1.0 / 16, 3.0 / 16],
                     shape: [4, 1])
        // MSE: Σ_j 2(i − j)/16 per row.
        expectValues(try makeLayer(MSELoss.self).inputGradient(input, target: target),
                     [-12.0 / 16, -4.0 / 16, 4.0 / 16, 12.0 / 16])
        // A scalar target broadcasts without any loss of generality; equal shapes do not warn.
        #expect(try warnings(l1, x, .values(tensor([1, 1, 1], [3]))).isEmpty)
        expectValues(try loss(l1, tensor([1, 3], [2]), .values(Tensor(scalar: 1))), [1])
    }

    @Test func broadcastingOfHigherRanks() throws {
        // (2, 1, 3) against (1, 4, 1) → (2, 4, 3)
        let input = tensor([0, 1, 2, 3, 4, 5], [2, 1, 3])
        let target = LossTarget.values(tensor([0, 10, 20, 30], [1, 4, 1]))
        let out = try loss(makeLayer(MSELoss.self, [], [("reduction", .string("none"))]), input, target)
        #expect(out.shape == [2, 4, 3])
        #expect(out[1, 2, 0] == (3 - 20) * (3 - 20))
        #expect(out[0, 3, 2] == (2 - 30) * (2 - 30))
    }

    @Test func broadcastErrorsName() throws {
        let l1 = try makeLayer(L1Loss.self)
        expectLayerError(.runtimeError, "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0") {
            _ = try loss(l1, tensor([1, 2, 3], [3]), .values(tensor([1, 2], [2])))
        }
        expectLayerError(.runtimeError, "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1") {
            _ = try loss(l1, Tensor(shape: [2, 3]), .values(Tensor(shape: [3, 2])))
        }
        expectLayerError(.runtimeError, "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 2") {
            _ = try loss(l1, Tensor(shape: [3]), .values(Tensor(shape: [2, 1, 4])))
        }
        expectLayerError(.runtimeError, "The size of tensor a (0) must match the size of tensor b (2) at non-singleton dimension 0") {
            _ = try makeLayer(MSELoss.self).inputGradient(Tensor(shape: [0, 3]), target: .values(Tensor(shape: [2, 3])))
        }
        // A broadcasting error wins over a bad reduction; a bad reduction is found after broadcasting.
        let bad = try makeLayer(MSELoss.self, [], [("reduction", .string("avg"))])
        expectLayerError(.runtimeError, "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0") {
            _ = try loss(bad, Tensor(shape: [3]), .values(Tensor(shape: [2])))
        }
        expectLayerError(.valueError, "avg is not a valid value for reduction") {
            _ = try loss(bad, Tensor(shape: [3]), .values(Tensor(shape: [1])))
        }
    }

    @Test func emptyTensors() throws {
        let empty = Tensor(shape: [0, 3])
        let target = LossTarget.values(Tensor(shape: [0, 3]))
        expectValues(try loss(makeLayer(L1Loss.self), empty, target), [.nan])
        expectValues(try loss(makeLayer(MSELoss.self, [], [("reduction", .string("sum"))]), empty, target), [0])
        #expect(try loss(makeLayer(MSELoss.self, [], [("reduction", .string("none"))]), empty, target).shape == [0, 3])
        #expect(try makeLayer(L1Loss.self).inputGradient(empty, target: target).shape == [0, 3])
        // (0, 3) against (1, 3) broadcasts to (0, 3).
        expectValues(try loss(makeLayer(L1Loss.self), empty, .values(Tensor(shape: [1, 3]))), [.nan])
    }

    @Test func nonFiniteValues() throws {
        let input = tensor([.nan, .infinity, .infinity, 1, 2], [5])
        let target = LossTarget.values(tensor([1, .infinity, 1, -.infinity, 2], [5]))
        let none = try makeLayer(L1Loss.self, [], [("reduction", .string("none"))])
        expectValues(try loss(none, input, target), [.nan, .nan, .infinity, .infinity, 0])
        // sign(NaN) is 0 in PyTorch, so L1's gradient stays finite.
        expectValues(try none.inputGradient(input, target: target), [0, 0, 1, 1, 0])
        let mse = try makeLayer(MSELoss.self, [], [("reduction", .string("sum"))])
        expectValues(try mse.inputGradient(input, target: target), [.nan, .nan, .infinity, .infinity, 0])
    }

    @Test func integerTargetsArePromoted() throws {
        expectValues(try loss(makeLayer(MSELoss.self), tensor([0.5, 1, 2.5], [3]), classes([1, 2, 3])),
                     [(0.25 + 1 + 0.25) / 3])
        expectValues(try loss(makeLayer(L1Loss.self), tensor([0.5, 1, 2.5], [3]), classes([1, 2, 3], dtype: "Byte")),
                     [2.0 / 3])
    }

    @Test func legacyArgumentsOverrideReduction() throws {
        let expectations: [([(name: String, value: ParamValue)], String)] = [
            ([("size_average", .bool(false))], "sum"),
            ([("size_average", .bool(true))], "mean"),
            ([("reduce", .bool(false))], "none"),
            ([("reduce", .bool(true)), ("reduction", .string("none"))], "mean"),
            ([("size_average", .bool(true)), ("reduce", .bool(false))], "none"),
            ([("size_average", .bool(false)), ("reduce", .bool(true))], "sum"),
            ([("reduce", .bool(false)), ("reduction", .string("foo"))], "none"),
        ]
        for (keywords, reduction) in expectations {
            let l1 = try makeLayer(L1Loss.self, [], keywords)
            #expect(l1.reduction == reduction)
            let warned = try warnings(l1, x, y)
            #expect(warned == ["size_average and reduce args will be deprecated, please use reduction='\(reduction)' instead."])
        }
        expectValues(try loss(makeLayer(MSELoss.self, [.bool(false)]), x, y), [5])
    }

    @Test func elementwiseMeanIsDeprecatedMean() throws {
        let l1 = try makeLayer(L1Loss.self, [], [("reduction", .string("elementwise_mean"))])
        expectValues(try loss(l1, x, y), [1])
        #expect(try warnings(l1, x, y) == ["reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead."])
        // The size warning comes first.
        let w = try warnings(l1, tensor([0, 1, 2, 3], [4, 1]), .values(tensor([0, 1, 2, 3], [4])))
        #expect(w == [broadcastWarning41, "reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead."])
    }
}

// MARK: - CrossEntropyLoss

@Suite struct CrossEntropyLossTests {
    /// Uniform logits over 4 classes: every log-probability is −log 4.
    let uniform = Tensor(shape: [2, 4], repeating: 0)
    let log4 = 1.3862943611198906

    @Test func classIndexWorkedExample() throws {
        let ce = try makeLayer(CrossEntropyLoss.self)
        expectValues(try loss(ce, uniform, classes([1, 3])), [log4], shape: [])
        // (softmax − onehot)/N
        expectValues(try ce.inputGradient(uniform, target: classes([1, 3])),
                     [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375], shape: [2, 4])
        // A peaked row: lp = x − max − log Σ exp(x − max).
        let logits = tensor([2, 0, -1], [1, 3])
        let logSum: Double = 2 + log(1 + exp(-2.0) + exp(-3.0))
        expectValues(try loss(ce, logits, classes([1])), [logSum])
        // Large logits do not overflow (max subtraction).
        expectValues(try loss(ce, tensor([1e30, -1e30, 0], [1, 3]), classes([1])), [2e30])
        expectValues(try loss(ce, tensor([1e4, 0], [1, 2]), classes([0])), [0])
    }

    @Test func weightedMeanDividesByTargetWeights() throws {
        let ce = try makeLayer(CrossEntropyLoss.self, [], [("weight", .tensor([1, 2, 3, 4]))])
        // Σ w_t·log 4 / Σ w_t = log 4 whatever the weights
        expectValues(try loss(ce, uniform, classes([1, 3])), [log4])
        let sum = try makeLayer(CrossEntropyLoss.self, [.tensor([1, 2, 3, 4])], [("reduction", .string("sum"))])
        expectValues(try loss(sum, uniform, classes([1, 3])), [6 * log4])
        // Gradient: w_t·(softmax − onehot)/Σ w_t
        expectValues(try ce.inputGradient(uniform, target: classes([1, 3])),
                     [2 * 0.25 / 6, -2 * 0.75 / 6, 2 * 0.25 / 6, 2 * 0.25 / 6,
                      4 * 0.25 / 6, 4 * 0.25 / 6, 4 * 0.25 / 6, -4 * 0.75 / 6])
    }

    @Test func ignoreIndex() throws {
        let ce = try makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(3)), ("reduction", .string("none"))])
        expectValues(try loss(ce, uniform, classes([1, 3])), [log4, 0])
        expectValues(try ce.inputGradient(uniform, target: classes([1, 3])), [0.25, -0.75, 0.25, 0.25, 0, 0, 0, 0])
        // All ignored: mean NaN, sum 0, gradient 0.
        let mean = try makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(3))])
        expectValues(try loss(mean, uniform, classes([3, 3])), [.nan])
        expectValues(try mean.inputGradient(uniform, target: classes([3, 3])), [Double](repeating: 0, count: 8))
        let sum = try makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(3)), ("reduction", .string("sum"))])
        expectValues(try loss(sum, uniform, classes([3, 3])), [0])
        // Out of range ignore_index never matches; a matching negative one skips the range check.
        expectValues(try loss(makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(9))]), uniform, classes([0, 1])), [log4])
        expectValues(try loss(makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(-1))]), uniform, classes([-1, 1])), [log4])
    }

    @Test func labelSmoothing() throws {
        // Logits [0, ln 2]: lp = [−ln 3, ln 2 − ln 3]. Target 0, ε = 0.3, C = 2.
        let logits = tensor([0, Float(log(2.0))], [1, 2])
        let lp0 = -log(3.0)
        let lp1 = log(2.0) - log(3.0)
        let ce = try makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(0.3))])
        let expected = 0.7 * -lp0 + 0.15 * -(lp0 + lp1)
        expectValues(try loss(ce, logits, classes([0])), [expected])
        // Gradient: (1 − ε)(softmax − onehot) + (ε/C)(C·softmax − 1)
        let softmax = [1.0 / 3, 2.0 / 3]
        expectValues(try ce.inputGradient(logits, target: classes([0])),
                     [0.7 * (softmax[0] - 1) + 0.15 * (2 * softmax[0] - 1), 0.7 * softmax[1] + 0.15 * (2 * softmax[1] - 1)])
        // Negative smoothing is silently 0; NaN is not > 0 either.
        let plain = try loss(makeLayer(CrossEntropyLoss.self), logits, classes([0]))
        #expect(try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(-0.5))]), logits, classes([0])) == plain)
        #expect(try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(.nan))]), logits, classes([0])) == plain)
        // ε = 1 is allowed: only the uniform term remains.
        let one = try makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(1))])
        expectValues(try loss(one, logits, classes([0])), [0.5 * -(lp0 + lp1)])
    }

    @Test func smoothingWithWeightsSharesTheDenominator() throws {
        // mean = [(1−ε)·Σ w_t·nll + (ε/C)·Σ_n Σ_c w_c·(−lp)] / Σ w_t; uniform logits make −lp = log 4.
        let ce = try makeLayer(CrossEntropyLoss.self, [], [("weight", .tensor([1, 2, 3, 4])), ("label_smoothing", .float(0.2))])
        let expected = (0.8 * 6 * log4 + 0.05 * 2 * 10 * log4) / 6
        expectValues(try loss(ce, uniform, classes([1, 3])), [expected])
    }

    @Test func probabilityTargets() throws {
        let p = LossTarget.values(tensor([0.5, 0.5, 0, 0, 0.25, 0.25, 0.25, 0.25], [2, 4]))
        let ce = try makeLayer(CrossEntropyLoss.self)
        expectValues(try loss(ce, uniform, p), [log4])
        // (softmax − p)/N
        expectValues(try ce.inputGradient(uniform, target: p), [-0.125, -0.125, 0.125, 0.125, 0, 0, 0, 0])
        // Weights are not in the mean's denominator.
        let weighted = try makeLayer(CrossEntropyLoss.self, [.tensor([2, 2, 2, 2])])
        expectValues(try loss(weighted, uniform, p), [2 * log4])
        // Smoothing: p' = p(1 − ε) + ε/C
        let smooth = try makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(0.4)), ("reduction", .string("none"))])
        expectValues(try loss(smooth, uniform, p), [log4, log4], shape: [2])
        expectValues(try smooth.inputGradient(uniform, target: p),
                     [0.25 - 0.4, 0.25 - 0.4, 0.25 - 0.1, 0.25 - 0.1, 0, 0, 0, 0])
        // Not checked to be a distribution; a negative ignore_index is fine.
        let unchecked = try makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(-1)), ("reduction", .string("sum"))])
        expectValues(try loss(unchecked, uniform, .values(Tensor(shape: [2, 4], repeating: 1))), [8 * log4])
    }

    @Test func spatialAndUnbatchedShapes() throws {
        let none = try makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("none"))])
        // (N, C, H, W) = (1, 2, 1, 2) with targets (1, 1, 2)
        let image = tensor([0, 0, 0, Float(log(3.0))], [1, 2, 1, 2])
        let out = try loss(none, image, classes([0, 1], [1, 1, 2]))
        expectValues(out, [log(2.0), log(4.0 / 3)], shape: [1, 1, 2])
        #expect(try none.inputGradient(image, target: classes([0, 1], [1, 1, 2])).shape == [1, 2, 1, 2])
        // (N, C, L) and 5-D
        #expect(try loss(none, Tensor(shape: [2, 3, 4]), classes([Int64](repeating: 1, count: 8), [2, 4])).shape == [2, 4])
        #expect(try loss(none, Tensor(shape: [1, 3, 2, 1, 2]), classes([0, 1, 2, 0], [1, 2, 1, 2])).shape == [1, 2, 1, 2])
        // Probabilities keep every dimension but the class one.
        #expect(try loss(none, Tensor(shape: [2, 3, 4]), .values(Tensor(shape: [2, 3, 4]))).shape == [2, 4])
        // (C) input with a 0-d target: a 0-d loss for every reduction.
        let vector = tensor([0, 0, 0, 0], [4])
        let scalarTarget = LossTarget.classes(IndexTensor(shape: [], storage: [2]), dtype: "Long")
        expectValues(try loss(none, vector, scalarTarget), [log4], shape: [])
        expectValues(try none.inputGradient(vector, target: scalarTarget), [0.25, 0.25, -0.75, 0.25], shape: [4])
        expectValues(try loss(none, vector, .values(tensor([0, 0, 1, 0], [4]))), [log4], shape: [])
        // A (1,) target works forward; PyTorch's backward rejects it.
        expectValues(try loss(none, vector, classes([2])), [log4], shape: [])
        expectLayerError(.runtimeError, "size mismatch (got input: [4], target: [1])") {
            _ = try none.inputGradient(vector, target: classes([2]))
        }
    }

    @Test func emptyInputs() throws {
        let mean = try makeLayer(CrossEntropyLoss.self)
        expectValues(try loss(mean, Tensor(shape: [0, 5]), classes([])), [.nan])
        expectValues(try loss(mean, Tensor(shape: [0, 5]), .values(Tensor(shape: [0, 5]))), [.nan])
        expectValues(try loss(makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("sum"))]), Tensor(shape: [0, 5]), classes([])), [0])
        #expect(try loss(makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("none"))]), Tensor(shape: [2, 3, 0]),
                         classes([], [2, 0])).shape == [2, 0])
        #expect(try mean.inputGradient(Tensor(shape: [0, 5]), target: classes([])).shape == [0, 5])
        // No classes: every target is out of bounds unless ignored.
        expectValues(try loss(makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(0))]), Tensor(shape: [3, 0]),
                              classes([0, 0, 0])), [.nan])
    }

    @Test func nonFiniteLogits() throws {
        let none = try makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("none"))])
        let logits = tensor([-.infinity, 1, 1, -.infinity, .nan, 1, .infinity, 1], [4, 2])
        expectValues(try loss(none, logits, classes([1, 1, 1, 1])), [0, .infinity, .nan, .nan])
    }

    @Test func byteTargets() throws {
        let x = tensor([0, 0, 0, 0, 1, 2, 0, 1, 0, 3, 2, 1], [3, 4])
        let long = try loss(makeLayer(CrossEntropyLoss.self), x, classes([1, 0, 3]))
        #expect(try loss(makeLayer(CrossEntropyLoss.self), x, classes([1, 0, 3], dtype: "Byte")) == long)
        // The smoothing term compares target and ignore_index in uint8: 257 wraps to 1 there only.
        let wraps = try makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(257)), ("label_smoothing", .float(0.5)),
                                                         ("reduction", .string("none"))])
        let asLong = try loss(wraps, x, classes([1, 0, 3]))
        let asByte = try loss(wraps, x, classes([1, 0, 3], dtype: "Byte"))
        #expect(asByte.storage[1] == asLong.storage[1] && asByte.storage[2] == asLong.storage[2])
        #expect(asByte.storage[0] < asLong.storage[0])  // only (1 − ε)·nll remains for the first row
        // Errors only uint8 targets meet.
        expectLayerError(.runtimeError, "gather(): Expected dtype int32/int64 for index") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [.tensor([1, 2, 3, 4])], [("label_smoothing", .float(0.1))]), x,
                         classes([1, 0, 3], dtype: "Byte"))
        }
        expectLayerError(.runtimeError, "expected scalar type Long but found Byte") {
            _ = try loss(makeLayer(CrossEntropyLoss.self), Tensor(shape: [2, 4, 3]), classes([0, 0, 0, 0, 0, 0], [2, 3], dtype: "Byte"))
        }
        // A reduced empty spatial uint8 target passes the forward, not the backward.
        let empty = Tensor(shape: [0, 4, 2, 2])
        let emptyTarget = classes([], [0, 2, 2], dtype: "Byte")
        expectValues(try loss(makeLayer(CrossEntropyLoss.self), empty, emptyTarget), [.nan])
        expectLayerError(.runtimeError, "expected scalar type Long but found Byte") {
            _ = try makeLayer(CrossEntropyLoss.self).inputGradient(empty, target: emptyTarget)
        }
    }

    @Test func weightIsABuffer() throws {
        #expect(try makeLayer(CrossEntropyLoss.self).stateKeys.isEmpty)
        var ce = try makeLayer(CrossEntropyLoss.self, [.tensor([1, 1, 1, 1])])
        #expect(ce.stateKeys == ["weight"])
        #expect(ce.state("weight") == .float(tensor([1, 1, 1, 1], [4])))
        try ce.setState("weight", .float(tensor([0, 2, 0, 2], [4])))
        #expect(ce.weight == tensor([0, 2, 0, 2], [4]))
        expectLayerError(.runtimeError, "size mismatch for weight: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is torch.Size([4]).") {
            try ce.setState("weight", .float(tensor([1, 1, 1], [3])))
        }
        var none = try makeLayer(CrossEntropyLoss.self)
        expectLayerError(.runtimeError, "CrossEntropyLoss has no parameter or buffer 'weight'") {
            try none.setState("weight", .float(tensor([1], [1])))
        }
    }

    @Test func legacyAndDeprecatedReductions() throws {
        let ce = try makeLayer(CrossEntropyLoss.self, [], [("size_average", .bool(false)), ("reduction", .string("bad"))])
        #expect(ce.reduction == "sum")
        #expect(try warnings(ce, uniform, classes([0, 1])) == ["size_average and reduce args will be deprecated, please use reduction='sum' instead."])
        expectValues(try loss(ce, uniform, classes([0, 1])), [2 * log4])
        let deprecated = try makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("elementwise_mean"))])
        #expect(try warnings(deprecated, uniform, classes([0, 1])) == ["reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead."])
    }

    // Every error of the reference, in PyTorch's words.
    @Test func errors() throws {
        let ce = try makeLayer(CrossEntropyLoss.self)
        let x = Tensor(shape: [3, 5])
        let t = classes([1, 0, 4])
        expectLayerError(.valueError, "foo is not a valid value for reduction") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("foo"))]), Tensor(shape: [4, 5]), t)
        }
        expectLayerError(.runtimeError, "expected target dtype to be Long or Byte, but got Float") {
            _ = try loss(ce, x, .values(tensor([1, 0, 4], [3])))
        }
        expectLayerError(.runtimeError, "expected target dtype to be Long or Byte, but got Int") {
            _ = try loss(ce, x, classes([1, 0, 4], dtype: "Int"))
        }
        expectLayerError(.runtimeError, "Expected floating point type for target with class probabilities, got Long") {
            _ = try loss(ce, x, classes([Int64](repeating: 0, count: 15), [3, 5]))
        }
        expectLayerError(.runtimeError, "Expected floating point type for target with class probabilities, got Byte") {
            _ = try loss(ce, x, classes([Int64](repeating: 0, count: 15), [3, 5], dtype: "Byte"))
        }
        expectLayerError(.runtimeError, "ignore_index is not supported for floating point target") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("ignore_index", .int(0))]), x, .values(x))
        }
        expectLayerError(.runtimeError, "cross_entropy: weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [3]") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [.tensor([1, 2, 3])]), x, .values(x))
        }
        expectLayerError(.runtimeError, "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [3]") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [.tensor([1, 2, 3])]), x, t)
        }
        expectLayerError(.runtimeError, "weight tensor should be defined either for all or no classes") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [.tensor([1, 2, 3])]), Tensor(shape: [2, 5, 3, 3]),
                         classes([Int64](repeating: 0, count: 18), [2, 3, 3]))
        }
        expectLayerError(.valueError, "Expected input batch_size (4) to match target batch_size (3).") {
            _ = try loss(ce, Tensor(shape: [4, 5]), t)
        }
        expectLayerError(.valueError, "Expected input batch_size (3) to match target batch_size (0).") {
            _ = try loss(ce, x, .classes(IndexTensor(shape: [], storage: [1]), dtype: "Long"))
        }
        expectLayerError(.runtimeError, "0D or 1D target tensor expected, multi-target not supported") {
            _ = try loss(ce, x, classes([0, 0, 0, 0, 0, 0], [3, 2]))
        }
        expectLayerError(.runtimeError, "Expected target size [2, 3], got [2, 4]") {
            _ = try loss(ce, Tensor(shape: [2, 5, 3]), classes([Int64](repeating: 0, count: 8), [2, 4]))
        }
        expectLayerError(.runtimeError, "Expected target size [2, 3, 3, 2], got [2, 3, 3]") {
            _ = try loss(ce, Tensor(shape: [2, 5, 3, 3, 2]), classes([Int64](repeating: 0, count: 18), [2, 3, 3]))
        }
        expectLayerError(.runtimeError, "size mismatch (got input: [2, 5, 3, 3] , target: [2, 3, 4]") {
            _ = try loss(ce, Tensor(shape: [2, 5, 3, 3]), classes([Int64](repeating: 0, count: 24), [2, 3, 4]))
        }
        expectLayerError(.runtimeError, "only batches of spatial targets supported (3D tensors) but got targets of dimension: 2") {
            _ = try loss(ce, Tensor(shape: [2, 5, 3, 3]), classes([Int64](repeating: 0, count: 6), [2, 3]))
        }
        expectLayerError(.indexError, "Target 5 is out of bounds.") { _ = try loss(ce, x, classes([1, 5, 0])) }
        expectLayerError(.indexError, "Target -1 is out of bounds.") { _ = try loss(ce, x, classes([1, -1, 0])) }
        expectLayerError(.runtimeError, "label_smoothing must be between 0.0 and 1.0. Got: 1.5") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(1.5))]), x, t)
        }
        expectLayerError(.runtimeError, "label_smoothing must be between 0.0 and 1.0. Got: 2") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(2))]), Tensor(shape: [4, 5]), t)
        }
        expectLayerError(.runtimeError, "label_smoothing must be between 0.0 and 1.0. Got: 1.23457") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(1.23456789))]), x, .values(x))
        }
        // 0-d input
        expectLayerError(.indexError, "Dimension specified as 1 but tensor has no dimensions") {
            _ = try loss(ce, Tensor(scalar: 1), .values(Tensor(scalar: 0.5)))
        }
        expectLayerError(.runtimeError, "Expected floating point type for target with class probabilities, got Long") {
            _ = try loss(ce, Tensor(scalar: 1), .classes(IndexTensor(shape: [], storage: [0]), dtype: "Long"))
        }
        expectLayerError(.indexError, "Dimension out of range (expected to be in range of [-1, 0], but got 1)") {
            _ = try loss(ce, Tensor(scalar: 1), classes([0]))
        }
        // (C) input
        expectLayerError(.valueError, "For 1D input, 1D target must have size 1, but got target size: 2") {
            _ = try loss(ce, Tensor(shape: [5]), classes([2, 1]))
        }
        expectLayerError(.runtimeError, "output with shape [] doesn't match the broadcast shape [1]") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(0.1))]), Tensor(shape: [5]), classes([2]))
        }
        // 0-d targets of empty batches
        let scalarTarget = LossTarget.classes(IndexTensor(shape: [], storage: [1]), dtype: "Long")
        expectLayerError(.indexError, "Dimension specified as 0 but tensor has no dimensions") {
            _ = try loss(ce, Tensor(shape: [0, 5]), scalarTarget)
        }
        expectLayerError(.runtimeError, "ArrayRef: invalid slice, N = 1; size = 0") {
            _ = try loss(ce, Tensor(shape: [0, 5, 3]), scalarTarget)
        }
    }

    @Test func checkOrder() throws {
        let w3 = ParamValue.tensor([1, 2, 3])
        // The dtype check comes before the weight check, the weight check before the range check.
        expectLayerError(.runtimeError, "expected target dtype to be Long or Byte, but got Int") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [w3]), Tensor(shape: [3, 5]), classes([1, 7, 0], dtype: "Int"))
        }
        expectLayerError(.runtimeError, "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [3]") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [w3]), Tensor(shape: [3, 5]), classes([1, 7, 0]))
        }
        // Spatial: target rank, then dtype, then weight, then sizes.
        expectLayerError(.runtimeError, "expected target dtype to be Long or Byte, but got Float") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [w3]), Tensor(shape: [2, 5, 3, 3]), .values(Tensor(shape: [2, 3, 4])))
        }
        expectLayerError(.runtimeError, "weight tensor should be defined either for all or no classes") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [w3]), Tensor(shape: [2, 5, 3, 3]),
                         classes([Int64](repeating: 0, count: 24), [2, 3, 4]))
        }
        // label_smoothing > 1 beats everything but the reduction string.
        expectLayerError(.runtimeError, "label_smoothing must be between 0.0 and 1.0. Got: 2") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("label_smoothing", .float(2))]), Tensor(shape: [4, 5]),
                         classes([1, 0, 4], dtype: "Int"))
        }
        // Probabilities: target dtype, ignore_index, weight, smoothing.
        expectLayerError(.runtimeError, "ignore_index is not supported for floating point target") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [w3], [("ignore_index", .int(1))]), Tensor(shape: [3, 5]),
                         .values(Tensor(shape: [3, 5])))
        }
        expectLayerError(.runtimeError, "cross_entropy: weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [3]") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [w3], [("label_smoothing", .float(3))]), Tensor(shape: [3, 5]),
                         .values(Tensor(shape: [3, 5])))
        }
    }

    @Test func outOfRangeTargetNamedAsPyTorchsThreadsDo() throws {
        // PyTorch 2.15 (two threads): 'none' checks the batch halves in parallel and the second
        // half's error surfaces; the reductions scan in order.
        let x = Tensor(shape: [4, 3])
        expectLayerError(.indexError, "Target 7 is out of bounds.") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("none"))]), x, classes([0, 5, 1, 7]))
        }
        expectLayerError(.indexError, "Target 5 is out of bounds.") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("none"))]), x, classes([0, 5, 1, 2]))
        }
        expectLayerError(.indexError, "Target 5 is out of bounds.") {
            _ = try loss(makeLayer(CrossEntropyLoss.self), x, classes([0, 5, 1, 7]))
        }
        // Spatial: halves of the batch, not of the positions.
        expectLayerError(.indexError, "Target 9 is out of bounds.") {
            _ = try loss(makeLayer(CrossEntropyLoss.self, [], [("reduction", .string("none"))]), Tensor(shape: [3, 3, 2]),
                         classes([0, 5, 1, 1, 9, 1], [3, 2]))
        }
    }

    @Test func float32IntermediatesOverflowAsInPyTorch() throws {
        // PyTorch 2.15: L1Loss()([2e38] * 4, zeros) = inf (its float32 sum overflows), and
        // MSELoss(reduction='mean')([3e38, 1], [-3e38, 1]) = inf (x − y overflows).
        expectValues(try loss(makeLayer(L1Loss.self), Tensor(shape: [4], repeating: 2e38), .values(Tensor(shape: [4]))), [.infinity])
        expectValues(try loss(makeLayer(MSELoss.self), tensor([3e38, 1], [2]), .values(tensor([-3e38, 1], [2]))), [.infinity])
        let gradient = try makeLayer(L1Loss.self).inputGradient(tensor([3e38, 1], [2]), target: .values(tensor([-3e38, 2], [2])))
        expectValues(gradient, [0.5, -0.5])
    }

    @Test func wrongArgumentTypesArePyTorchsMessages() throws {
        func bindingMessage<L: Loss>(_ type: L.Type, _ keywords: [(name: String, value: ParamValue)]) -> String {
            do { _ = try makeLayer(type, [], keywords); return "bound" } catch let e as LayerError { return e.message } catch { return "\(error)" }
        }
        #expect(bindingMessage(CrossEntropyLoss.self, [("ignore_index", .float(1.5))])
                == "cross_entropy_loss(): argument 'ignore_index' (position 5) must be int, not float")
        #expect(bindingMessage(CrossEntropyLoss.self, [("label_smoothing", .none)])
                == "cross_entropy_loss(): argument 'label_smoothing' (position 6) must be float, not NoneType")
        #expect(bindingMessage(CrossEntropyLoss.self, [("weight", .float(1))])
                == "cannot assign 'float' object to buffer 'weight' (torch Tensor or None required)")
        // PyTorch raises these as ValueError at the call; LayerKit at binding, as a TypeError.
        #expect(bindingMessage(L1Loss.self, [("reduction", .none)]) == "None is not a valid value for reduction")
        #expect(bindingMessage(MSELoss.self, [("reduction", .int(2))]) == "2 is not a valid value for reduction")
    }

    @Test func broadcastTooLargeToAllocateIsAnError() throws {
        let column = Tensor(shape: [300_000, 1])
        let row = LossTarget.values(Tensor(shape: [1, 300_000]))
        expectLayerError(.runtimeError, "a tensor of shape torch.Size([300000, 300000]) needs 335 GiB, over the memory limit of 2.00 GiB; set LAYERSCOPE_MAX_MEMORY to change it") {
            _ = try loss(makeLayer(MSELoss.self, [], [("reduction", .string("none"))]), column, row)
        }
    }
}

// MARK: - Warnings against PyTorch

@Suite struct LossFixtureWarningTests {
    /// The harness checks that our warnings are among PyTorch's; here the lists must be equal.
    @Test func warningsEqualPyTorchs() throws {
        for fixture in try Fixtures.load(family: "losses") where fixture.expectedError == nil {
            var computation = try Computation(expression: fixture.expr, seed: 0)
            for (key, value) in fixture.sets { try computation.setState(key, from: value) }
            let result = try computation.run(input: try fixture.input.floatTensor(), target: fixture.target?.lossTarget())
            #expect(result.warnings == fixture.warnings, "\(fixture)")
        }
    }
}
