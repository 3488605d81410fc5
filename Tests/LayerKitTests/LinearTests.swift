// Tests of Linear: the schema, the default initialisation bounds, worked values on inputs of every
// rank, in_features = 0, state loading, and every error with PyTorch 2.15's class and text.

import Testing
@testable import LayerKit

// MARK: - Helpers

private func makeLinear(_ positional: [ParamValue], _ keywords: Keywords = [], seed: UInt64 = 0) throws -> Linear {
    try makeLayer(Linear.self, positional, keywords, seed: seed)
}

/// Linear(3, 2) with weight [[1, 2, 3], [4, 5, 6]] and bias [0.5, −1] (or no bias).
private func worked(bias: Bool = true) throws -> Linear {
    var layer = try makeLinear([.int(3), .int(2)], [("bias", .bool(bias))])
    try layer.setState("weight", .float(Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])))
    if bias { try layer.setState("bias", .float(Tensor(shape: [2], storage: [0.5, -1]))) }
    return layer
}

private func run(_ layer: inout Linear, _ input: Tensor) throws -> Tensor {
    var context = ForwardContext(training: true)
    return try layer.forward(input, context: &context).output
}

// MARK: - Tests

@Suite struct LinearTests {
    @Test func schemaFollowsPyTorchSignature() {
        let schema = Linear.schema
        #expect(schema.name == "Linear")
        #expect(schema.group == .linear)
        #expect(schema.params.map(\.name) == ["in_features", "out_features", "bias", "device", "dtype"])
        #expect(schema.params.map(\.defaultValue) == [nil, nil, .bool(true), ParamValue.none, ParamValue.none])
        #expect(schema.params.allSatisfy { !$0.keywordOnly })
        #expect(Catalog.layerType(named: "Linear") != nil)
        let names = Catalog.schemas.map(\.name)
        if let bn = names.firstIndex(of: "BatchNorm2d"), let linear = names.firstIndex(of: "Linear") {
            #expect(linear == bn + 1)
        }
    }

    @Test func stateShapesAndKeys() throws {
        let layer = try makeLinear([.int(20), .int(30)])
        #expect(layer.stateKeys == ["weight", "bias"])
        #expect(layer.state("weight")?.shape == [30, 20])
        #expect(layer.state("bias")?.shape == [30])
        #expect(layer.expression == "nn.Linear(20, 30)")
        let noBias = try makeLinear([.int(20), .int(30), .bool(false)])
        #expect(noBias.stateKeys == ["weight"])
        #expect(noBias.state("bias") == nil)
        #expect(noBias.expression == "nn.Linear(20, 30, bias=False)")
    }

    @Test func initialisationStaysWithinOneOverRootFanIn() throws {
        let layer = try makeLinear([.int(16), .int(64)], seed: 3)
        let bound = Float(0.25)  // 1/√16
        for key in ["weight", "bias"] {
            let values = floats(layer, key) ?? []
            #expect(values.allSatisfy { Swift.abs($0) <= bound }, "\(key) outside ±\(bound)")
            // The draws spread over most of the range, on both sides.
            #expect((values.min() ?? 0) < -0.8 * bound && (values.max() ?? 0) > 0.8 * bound, "\(key) too narrow")
        }
        // Same seed, same parameters; another seed, others.
        #expect(try makeLinear([.int(16), .int(64)], seed: 3).state("weight") == layer.state("weight"))
        #expect(try makeLinear([.int(16), .int(64)], seed: 4).state("weight") != layer.state("weight"))
    }

    @Test func workedTwoDimensionalBatch() throws {
        var layer = try worked()
        let input = Tensor(shape: [2, 3], storage: [1, 0, -1, 0.5, 2, 1])
        let output = try run(&layer, input)
        #expect(output.shape == [2, 2])
        // row 0: [1 − 3 + 0.5, 4 − 6 − 1]; row 1: [0.5 + 4 + 3 + 0.5, 2 + 10 + 6 − 1]
        expectClose(output.storage, [-1.5, -3, 8, 17])

        var noBias = try worked(bias: false)
        expectClose(try run(&noBias, input).storage, [-2, -2, 7.5, 18])
    }

    @Test func oneDimensionalInputGivesOneDimensionalOutput() throws {
        var layer = try worked()
        let output = try run(&layer, Tensor(shape: [3], storage: [1, 0, -1]))
        #expect(output.shape == [2])
        expectClose(output.storage, [-1.5, -3])
    }

    @Test func higherRanksMapTheLastDimension() throws {
        var layer = try worked()
        let rows: [[Float]] = [[1, 0, -1], [0.5, 2, 1], [0, 0, 0], [1, 1, 1]]
        let expected: [[Double]] = [[-1.5, -3], [8, 17], [0.5, -1], [6.5, 14]]
        let input3 = Tensor(shape: [2, 2, 3], storage: rows.flatMap { $0 })
        let output3 = try run(&layer, input3)
        #expect(output3.shape == [2, 2, 2])
        expectClose(output3.storage, expected.flatMap { $0 })

        let input4 = Tensor(shape: [1, 2, 2, 3], storage: rows.flatMap { $0 })
        let output4 = try run(&layer, input4)
        #expect(output4.shape == [1, 2, 2, 2])
        expectClose(output4.storage, expected.flatMap { $0 })
    }

    @Test func zeroInFeaturesGivesTheBias() throws {
        var layer = try makeLinear([.int(0), .int(4)])
        #expect(layer.state("weight")?.shape == [4, 0])
        // The bias bound is 0, so the bias is initialised to zeros.
        #expect(floats(layer, "bias") == [0, 0, 0, 0])
        try layer.setState("bias", .float(Tensor(shape: [4], storage: [1, 2, 3, 4])))
        let output = try run(&layer, Tensor(shape: [2, 0]))
        #expect(output.shape == [2, 4])
        #expect(output.storage == [1, 2, 3, 4, 1, 2, 3, 4])
        #expect(try run(&layer, Tensor(shape: [0])).storage == [1, 2, 3, 4])
    }

    @Test func emptyShapes() throws {
        var noOutputs = try makeLinear([.int(3), .int(0)])
        #expect(try run(&noOutputs, Tensor(shape: [2, 3])).shape == [2, 0])
        #expect(try run(&noOutputs, Tensor(shape: [3])).shape == [0])
        var layer = try worked()
        #expect(try run(&layer, Tensor(shape: [0, 3])).shape == [0, 2])
        #expect(try run(&layer, Tensor(shape: [2, 0, 3])).shape == [2, 0, 2])
        var nothing = try makeLinear([.int(0), .int(0)])
        #expect(try run(&nothing, Tensor(shape: [2, 0])).shape == [2, 0])
    }

    @Test func nonFiniteValuesPropagate() throws {
        var layer = try worked()
        let output = try run(&layer, Tensor(shape: [2, 3], storage: [.nan, 0, 0, .infinity, 0, 0]))
        #expect(output.storage[0].isNaN && output.storage[1].isNaN)
        #expect(output.storage[2] == .infinity && output.storage[3] == .infinity)
    }

    @Test func seedExample() throws {
        var layer = try makeLinear([.int(20), .int(30)])
        let output = try run(&layer, Tensor(shape: [128, 20], repeating: 1))
        #expect(output.shape == [128, 30])
    }

    // MARK: Errors

    @Test func lastDimensionMustBeInFeatures() throws {
        var layer = try makeLinear([.int(3), .int(4)])
        let cases: [([Int], String)] = [
            ([2, 5], "(2x5 and 3x4)"),
            ([5], "(1x5 and 3x4)"),
            ([2, 5, 6], "(10x6 and 3x4)"),
            ([2, 5, 6, 7], "(60x7 and 3x4)"),
            ([2, 0, 5], "(0x5 and 3x4)"),
        ]
        for (shape, sizes) in cases {
            expectLayerError(.runtimeError, "addmm: mat1 and mat2 shapes cannot be multiplied \(sizes)", subject: "input") {
                _ = try run(&layer, Tensor(shape: shape))
            }
        }
        var noBias = try makeLinear([.int(3), .int(4), .bool(false)])
        expectLayerError(.runtimeError, "mm: mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)") {
            _ = try run(&noBias, Tensor(shape: [2, 5]))
        }
        var zeroIn = try makeLinear([.int(0), .int(4)])
        expectLayerError(.runtimeError, "addmm: mat1 and mat2 shapes cannot be multiplied (1x3 and 0x4)") {
            _ = try run(&zeroIn, Tensor(shape: [3]))
        }
    }

    @Test func scalarInputIsRejected() throws {
        for bias in [true, false] {
            var layer = try makeLinear([.int(3), .int(4), .bool(bias)])
            expectLayerError(.runtimeError, "both arguments to linear need to be at least 1D, but they are 0D and 2D",
                             subject: "input") {
                _ = try run(&layer, Tensor(scalar: 1))
            }
        }
    }

    @Test func negativeFeatureCountsFailAtConstruction() {
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -1: [4, -1]", subject: "in_features") {
            _ = try makeLinear([.int(-1), .int(4)])
        }
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -1: [-1, 3]", subject: "out_features") {
            _ = try makeLinear([.int(3), .int(-1), .bool(false)])
        }
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -2: [-2, -1]") {
            _ = try makeLinear([.int(-1), .int(-2)])
        }
    }

    @Test func setStateChecksShapes() throws {
        var layer = try makeLinear([.int(3), .int(4)])
        expectLayerError(.runtimeError,
                         "size mismatch for weight: copying a param with shape torch.Size([3, 4]) from checkpoint, "
                             + "the shape in current model is torch.Size([4, 3]).",
                         subject: "weight") {
            try layer.setState("weight", .float(Tensor(shape: [3, 4])))
        }
        expectLayerError(.runtimeError,
                         "size mismatch for bias: copying a param with shape torch.Size([3]) from checkpoint, "
                             + "the shape in current model is torch.Size([4]).") {
            try layer.setState("bias", .float(Tensor(shape: [3])))
        }
        try layer.setState("bias", .int(IndexTensor(shape: [4], storage: [1, 2, 3, 4])))
        #expect(floats(layer, "bias") == [1, 2, 3, 4])

        var noBias = try makeLinear([.int(3), .int(4), .bool(false)])
        expectLayerError(.runtimeError, "Linear has no parameter or buffer 'bias'") {
            try noBias.setState("bias", .float(Tensor(shape: [4])))
        }
    }
}
