// Tests of BatchNorm2d: the schema, the initial state, worked training and eval values derived by
// hand from PyTorch's formulas, the evolution of the running statistics, state loading, and every
// forward-time error with PyTorch 2.15's class and text.

import Testing
@testable import LayerKit

// MARK: - Helpers

private func makeBatchNorm(_ positional: [ParamValue], _ keywords: Keywords = []) throws -> BatchNorm2d {
    try makeLayer(BatchNorm2d.self, positional, keywords)
}

private func run(_ layer: inout BatchNorm2d, _ input: Tensor, training: Bool = true) throws -> Tensor {
    var context = ForwardContext(training: training)
    return try layer.forward(input, context: &context).output
}

private func tracked(_ layer: BatchNorm2d) -> Int64? {
    if case .int(let t) = layer.state("num_batches_tracked") { return t.storage.first }
    return nil
}

/// (2, 2, 1, 2): channel 0 holds 1, 2 | 3, 4 (mean 2.5, biased variance 1.25, unbiased 5/3);
/// channel 1 holds 10, 20 | 30, 40 (mean 25, biased variance 125, unbiased 500/3).
private let twoChannels = Tensor(shape: [2, 2, 1, 2], storage: [1, 2, 10, 20, 3, 4, 30, 40])

// MARK: - Tests

@Suite struct BatchNormTests {
    @Test func schemaFollowsPyTorchSignature() {
        let schema = BatchNorm2d.schema
        #expect(schema.name == "BatchNorm2d")
        #expect(schema.group == .normalization)
        #expect(schema.params.map(\.name) == ["num_features", "eps", "momentum", "affine", "track_running_stats", "device", "dtype", "bias"])
        #expect(schema.params.map(\.defaultValue) == [nil, .float(1e-5), .float(0.1), .bool(true), .bool(true), ParamValue.none, ParamValue.none, .bool(true)])
        #expect(schema.params.map(\.keywordOnly) == [false, false, false, false, false, false, false, true])
        #expect(schema.param("momentum")?.kind == .optionalFloat)
        #expect(Catalog.layerType(named: "BatchNorm2d") != nil)
    }

    @Test func initialStateAndKeyOrder() throws {
        let layer = try makeBatchNorm([.int(3)])
        #expect(layer.stateKeys == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        #expect(floats(layer, "weight") == [1, 1, 1])
        #expect(floats(layer, "bias") == [0, 0, 0])
        #expect(floats(layer, "running_mean") == [0, 0, 0])
        #expect(floats(layer, "running_var") == [1, 1, 1])
        #expect(layer.state("num_batches_tracked") == .int(IndexTensor(shape: [], storage: [0])))
        #expect(layer.expression == "nn.BatchNorm2d(3)")

        let noAffine = try makeBatchNorm([.int(3)], [("affine", .bool(false))])
        #expect(noAffine.stateKeys == ["running_mean", "running_var", "num_batches_tracked"])
        #expect(noAffine.state("weight") == nil)

        let noTracking = try makeBatchNorm([.int(3)], [("track_running_stats", .bool(false))])
        #expect(noTracking.stateKeys == ["weight", "bias"])
        #expect(noTracking.state("running_mean") == nil)

        let noBias = try makeBatchNorm([.int(3)], [("bias", .bool(false))])
        #expect(noBias.stateKeys == ["weight", "running_mean", "running_var", "num_batches_tracked"])

        // bias=False without affine changes nothing: there is no weight either.
        let neither = try makeBatchNorm([.int(3)], [("affine", .bool(false)), ("bias", .bool(false))])
        #expect(neither.stateKeys == ["running_mean", "running_var", "num_batches_tracked"])
    }

    @Test func biasIsKeywordOnly() {
        expectLayerError(.typeError, "_BatchNorm.__init__() takes from 2 to 8 positional arguments but 9 were given") {
            _ = try makeBatchNorm([.int(3), .float(1e-5), .float(0.1), .bool(true), .bool(true), .none, .none, .bool(false)])
        }
    }

    @Test func trainingNormalisesWithBatchStatistics() throws {
        var layer = try makeBatchNorm([.int(2)])
        let output = try run(&layer, twoChannels)
        let s0 = 1 / (1.25 + 1e-5).squareRoot()
        let s1 = 1 / (125 + 1e-5).squareRoot()
        expectClose(output.storage, [-1.5 * s0, -0.5 * s0, -15 * s1, -5 * s1,
                                     0.5 * s0, 1.5 * s0, 5 * s1, 15 * s1])
        // The first update with momentum 0.1 from mean 0, variance 1.
        expectClose(floats(layer, "running_mean"), [0.25, 2.5])
        expectClose(floats(layer, "running_var"), [0.9 + 0.1 * 5 / 3, 0.9 + 0.1 * 500 / 3])
        #expect(tracked(layer) == 1)
    }

    @Test func affineParametersScaleAndShift() throws {
        var layer = try makeBatchNorm([.int(2)])
        try layer.setState("weight", .float(Tensor(shape: [2], storage: [2, -1])))
        try layer.setState("bias", .float(Tensor(shape: [2], storage: [0.5, 3])))
        let output = try run(&layer, twoChannels)
        let s0 = 2 / (1.25 + 1e-5).squareRoot()
        let s1 = -1 / (125 + 1e-5).squareRoot()
        expectClose(output.storage, [0.5 - 1.5 * s0, 0.5 - 0.5 * s0, 3 - 15 * s1, 3 - 5 * s1,
                                     0.5 + 0.5 * s0, 0.5 + 1.5 * s0, 3 + 5 * s1, 3 + 15 * s1])

        // affine with bias=False: scaled, not shifted.
        var noBias = try makeBatchNorm([.int(2)], [("bias", .bool(false))])
        try noBias.setState("weight", .float(Tensor(shape: [2], storage: [2, -1])))
        let scaled = try run(&noBias, twoChannels)
        expectClose(scaled.storage, [-1.5 * s0, -0.5 * s0, -15 * s1, -5 * s1, 0.5 * s0, 1.5 * s0, 5 * s1, 15 * s1])
    }

    @Test func runningStatisticsWithFloatMomentum() throws {
        // Three steps on the same batch: running_mean = mean·(1 − 0.9^k),
        // running_var = 0.9^k + unbiased·(1 − 0.9^k).
        var layer = try makeBatchNorm([.int(2)])
        for step in 1...3 {
            _ = try run(&layer, twoChannels)
            let kept = power(0.9, step)
            expectClose(floats(layer, "running_mean"), [2.5 * (1 - kept), 25 * (1 - kept)])
            expectClose(floats(layer, "running_var"), [kept + 5.0 / 3 * (1 - kept), kept + 500.0 / 3 * (1 - kept)])
            #expect(tracked(layer) == Int64(step))
        }

        var half = try makeBatchNorm([.int(2)], [("momentum", .float(0.5))])
        _ = try run(&half, twoChannels)
        _ = try run(&half, twoChannels)
        expectClose(floats(half, "running_mean"), [2.5 * 0.75, 25 * 0.75])
        expectClose(floats(half, "running_var"), [0.25 + 5.0 / 3 * 0.75, 0.25 + 500.0 / 3 * 0.75])
    }

    @Test func momentumNoneIsACumulativeAverage() throws {
        var layer = try makeBatchNorm([.int(2)], [("momentum", .none)])
        _ = try run(&layer, twoChannels)
        // The first batch replaces the initial 0 and 1 completely.
        expectClose(floats(layer, "running_mean"), [2.5, 25])
        expectClose(floats(layer, "running_var"), [5.0 / 3, 500.0 / 3])
        // A second batch shifted by +2 (same spread): the average of the two means.
        _ = try run(&layer, twoChannels.map { $0 + 2 })
        expectClose(floats(layer, "running_mean"), [3.5, 26])
        expectClose(floats(layer, "running_var"), [5.0 / 3, 500.0 / 3])
        // A third batch scaled by 2 (mean 5, 50; unbiased variance ×4).
        _ = try run(&layer, twoChannels.map { $0 * 2 })
        expectClose(floats(layer, "running_mean"), [(2.5 + 4.5 + 5) / 3, (25 + 27 + 50) / 3])
        expectClose(floats(layer, "running_var"), [(5.0 / 3) * 6 / 3, (500.0 / 3) * 6 / 3])
        #expect(tracked(layer) == 3)
    }

    @Test func momentumNoneFollowsALoadedCounter() throws {
        var layer = try makeBatchNorm([.int(2)], [("momentum", .none)])
        try layer.setState("num_batches_tracked", .int(IndexTensor(shape: [], storage: [3])))
        _ = try run(&layer, twoChannels)
        // factor 1/4
        expectClose(floats(layer, "running_mean"), [2.5 / 4, 25.0 / 4])
        #expect(tracked(layer) == 4)
    }

    @Test func momentumIsNotRangeChecked() throws {
        var layer = try makeBatchNorm([.int(2)], [("momentum", .float(2))])
        _ = try run(&layer, twoChannels)
        expectClose(floats(layer, "running_mean"), [5, 50])
        expectClose(floats(layer, "running_var"), [-1 + 2 * 5.0 / 3, -1 + 2 * 500.0 / 3])
    }

    @Test func trainingWithoutTrackingUpdatesNothing() throws {
        var layer = try makeBatchNorm([.int(2)], [("track_running_stats", .bool(false))])
        let output = try run(&layer, twoChannels)
        let s0 = 1 / (1.25 + 1e-5).squareRoot()
        #expect(Swift.abs(Double(output.storage[0]) + 1.5 * s0) < 1e-5)
        #expect(layer.stateKeys == ["weight", "bias"])
    }

    @Test func evalUsesRunningStatisticsAndChangesNothing() throws {
        var layer = try makeBatchNorm([.int(2)], [("eps", .float(0))])
        try layer.setState("running_mean", .float(Tensor(shape: [2], storage: [1, 10])))
        try layer.setState("running_var", .float(Tensor(shape: [2], storage: [4, 25])))
        try layer.setState("weight", .float(Tensor(shape: [2], storage: [2, 1])))
        try layer.setState("bias", .float(Tensor(shape: [2], storage: [0.5, 0])))
        let output = try run(&layer, twoChannels, training: false)
        // channel 0: (x − 1)/2·2 + 0.5 = x − 0.5; channel 1: (x − 10)/5.
        expectClose(output.storage, [0.5, 1.5, 0, 2, 2.5, 3.5, 4, 6])
        expectClose(floats(layer, "running_mean"), [1, 10])
        expectClose(floats(layer, "running_var"), [4, 25])
        #expect(tracked(layer) == 0)
    }

    @Test func evalWithDefaultBuffersIsNearlyTheIdentity() throws {
        var layer = try makeBatchNorm([.int(2)])
        let output = try run(&layer, twoChannels, training: false)
        let scale = 1 / (1 + 1e-5).squareRoot()
        expectClose(output.storage, twoChannels.storage.map { Double($0) * scale })
    }

    @Test func evalWithoutBuffersUsesBatchStatistics() throws {
        var layer = try makeBatchNorm([.int(2)], [("track_running_stats", .bool(false))])
        let evalOutput = try run(&layer, twoChannels, training: false)
        let trainOutput = try run(&layer, twoChannels, training: true)
        #expect(evalOutput == trainOutput)
    }

    @Test func channelStatisticsAreExposed() throws {
        let statistics = try ChannelStatistics(of: twoChannels)
        #expect(statistics.count == 4)
        #expect(statistics.mean == [2.5, 25])
        #expect(statistics.variance == [1.25, 125])
        #expect(statistics.unbiasedVariance.map { ($0 * 3).rounded() } == [5, 500])

        var layer = try makeBatchNorm([.int(2)])
        let after = try ChannelStatistics(of: try run(&layer, twoChannels))
        #expect(after.mean.allSatisfy { Swift.abs($0) < 1e-6 })
        #expect(after.variance.allSatisfy { Swift.abs($0 - 1) < 1e-4 })

        expectLayerError(.valueError, "expected 4D input (got 2D input)") {
            _ = try ChannelStatistics(of: Tensor(shape: [2, 2]))
        }
    }

    @Test func nanStaysInItsChannel() throws {
        var layer = try makeBatchNorm([.int(2)])
        var input = twoChannels
        input.storage[0] = .nan
        let output = try run(&layer, input)
        #expect(output.storage[0].isNaN && output.storage[5].isNaN)
        #expect(output.storage[2].isFinite && output.storage[7].isFinite)
        #expect(floats(layer, "running_mean")?[0].isNaN == true)
        #expect(floats(layer, "running_mean")?[1] == 2.5)
    }

    @Test func infiniteEpsGivesTheBias() throws {
        var layer = try makeBatchNorm([.int(2)], [("eps", .float(.infinity))])
        try layer.setState("bias", .float(Tensor(shape: [2], storage: [0.5, -2])))
        let output = try run(&layer, twoChannels)
        #expect(output.storage == [0.5, 0.5, -2, -2, 0.5, 0.5, -2, -2])
    }

    // MARK: Empty inputs

    @Test func emptyInputPassesThroughAndStillCounts() throws {
        var layer = try makeBatchNorm([.int(3)])
        let output = try run(&layer, Tensor(shape: [0, 3, 2, 2]))
        #expect(output.shape == [0, 3, 2, 2])
        #expect(floats(layer, "running_mean") == [0, 0, 0])
        #expect(floats(layer, "running_var") == [1, 1, 1])
        #expect(tracked(layer) == 1)

        // An empty input skips the channel check.
        let mismatched = try run(&layer, Tensor(shape: [0, 4, 2, 2]), training: false)
        #expect(mismatched.shape == [0, 4, 2, 2])
        let noRows = try run(&layer, Tensor(shape: [2, 3, 0, 2]))
        #expect(noRows.shape == [2, 3, 0, 2])
    }

    @Test func zeroFeaturesWithAffineFailsOnItsEmptyWeight() throws {
        var layer = try makeBatchNorm([.int(0)])
        expectLayerError(.indexError, "select(): index 0 out of range for tensor of size [0] at dimension 0") {
            _ = try run(&layer, Tensor(shape: [2, 0, 2, 2]))
        }
        var plain = try makeBatchNorm([.int(0)], [("affine", .bool(false))])
        #expect(try run(&plain, Tensor(shape: [2, 0, 2, 2])).shape == [2, 0, 2, 2])
    }

    // MARK: Errors

    @Test func negativeFeatureCountFailsAtConstruction() throws {
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -1: [-1]", subject: "num_features") {
            _ = try makeBatchNorm([.int(-1)])
        }
        expectLayerError(.runtimeError, "zeros: Dimension size must be non-negative.") {
            _ = try makeBatchNorm([.int(-1)], [("affine", .bool(false))])
        }
        // Nothing is allocated, so nothing fails, and no channel check ever applies.
        var bare = try makeBatchNorm([.int(-1)], [("affine", .bool(false)), ("track_running_stats", .bool(false))])
        #expect(bare.stateKeys.isEmpty)
        #expect(try run(&bare, twoChannels).shape == [2, 2, 1, 2])
    }

    @Test func rankMustBeFour() throws {
        var layer = try makeBatchNorm([.int(3)])
        for shape in [[3], [2, 3], [3, 4, 4], [1, 3, 2, 2, 2]] {
            expectLayerError(.valueError, "expected 4D input (got \(shape.count)D input)", subject: "input") {
                _ = try run(&layer, Tensor(shape: shape))
            }
        }
        expectLayerError(.valueError, "expected 4D input (got 0D input)") {
            _ = try run(&layer, Tensor(scalar: 1), training: false)
        }
        // The rank check comes before the counter.
        #expect(tracked(layer) == 0)
    }

    @Test func oneValuePerChannelFailsOnlyWithBatchStatistics() throws {
        var layer = try makeBatchNorm([.int(3)])
        let single = Tensor(shape: [1, 3, 1, 1], storage: [1, 2, 3])
        expectLayerError(.valueError,
                         "Expected more than 1 value per channel when training, got input size torch.Size([1, 3, 1, 1])",
                         subject: "input") {
            _ = try run(&layer, single)
        }
        // PyTorch counts the batch before the check fails.
        #expect(tracked(layer) == 1)
        #expect(floats(layer, "running_mean") == [0, 0, 0])

        // Eval with running statistics is fine.
        let output = try run(&layer, single, training: false)
        expectClose(output.storage, [1, 2, 3].map { $0 / (1 + 1e-5).squareRoot() })

        // Eval without buffers needs batch statistics and fails the same way.
        var noBuffers = try makeBatchNorm([.int(3)], [("track_running_stats", .bool(false))])
        expectLayerError(.valueError,
                         "Expected more than 1 value per channel when training, got input size torch.Size([1, 3, 1, 1])") {
            _ = try run(&noBuffers, single, training: false)
        }
        // The check comes before the channel check.
        expectLayerError(.valueError,
                         "Expected more than 1 value per channel when training, got input size torch.Size([1, 4, 1, 1])") {
            _ = try run(&layer, Tensor(shape: [1, 4, 1, 1]))
        }
    }

    @Test func epsRulesDifferBetweenTrainAndEval() throws {
        var zero = try makeBatchNorm([.int(2)], [("eps", .float(0))])
        expectLayerError(.valueError, "batch_norm eps must be positive during training, but got 0.0", subject: "eps") {
            _ = try run(&zero, twoChannels)
        }
        #expect(try run(&zero, twoChannels, training: false).shape == [2, 2, 1, 2])

        var negative = try makeBatchNorm([.int(2)], [("eps", .float(-1))])
        expectLayerError(.valueError, "batch_norm eps must be non-negative, but got -1.0", subject: "eps") {
            _ = try run(&negative, twoChannels, training: false)
        }
        expectLayerError(.valueError, "batch_norm eps must be positive during training, but got -1.0") {
            _ = try run(&negative, twoChannels)
        }

        // Without buffers, eval uses batch statistics and so the training rule.
        var zeroNoBuffers = try makeBatchNorm([.int(2)], [("eps", .float(0)), ("track_running_stats", .bool(false))])
        expectLayerError(.valueError, "batch_norm eps must be positive during training, but got 0.0") {
            _ = try run(&zeroNoBuffers, twoChannels, training: false)
        }

        // The eps check comes before the empty-input shortcut and the channel check.
        expectLayerError(.valueError, "batch_norm eps must be positive during training, but got 0.0") {
            _ = try run(&zero, Tensor(shape: [0, 5, 2, 2]))
        }
        // NaN passes both checks (every comparison is false) and poisons the output.
        var nanEps = try makeBatchNorm([.int(2)], [("eps", .float(.nan))])
        #expect(try run(&nanEps, twoChannels).storage.allSatisfy(\.isNaN))
    }

    @Test func channelMismatchNamesTheFirstCheckedTensor() throws {
        let fourChannels = Tensor(shape: [2, 4, 2, 2])
        var layer = try makeBatchNorm([.int(3)])
        for training in [true, false] {
            expectLayerError(.runtimeError, "running_mean should contain 4 elements not 3", subject: "input") {
                _ = try run(&layer, fourChannels, training: training)
            }
        }
        var noBuffers = try makeBatchNorm([.int(3)], [("track_running_stats", .bool(false))])
        for training in [true, false] {
            expectLayerError(.runtimeError, "weight should contain 4 elements not 3") {
                _ = try run(&noBuffers, fourChannels, training: training)
            }
        }
        var noAffine = try makeBatchNorm([.int(3)], [("affine", .bool(false))])
        expectLayerError(.runtimeError, "running_mean should contain 4 elements not 3") {
            _ = try run(&noAffine, fourChannels)
        }
        // Neither parameters nor buffers: any channel count is accepted.
        var bare = try makeBatchNorm([.int(3)], [("affine", .bool(false)), ("track_running_stats", .bool(false))])
        #expect(try run(&bare, fourChannels).shape == [2, 4, 2, 2])
    }

    @Test func zeroCounterWithCumulativeAverageIsReported() throws {
        var layer = try makeBatchNorm([.int(2)], [("momentum", .none)])
        try layer.setState("num_batches_tracked", .int(IndexTensor(shape: [], storage: [-1])))
        expectLayerError(.runtimeError, "float division by zero") {
            _ = try run(&layer, twoChannels)
        }
    }

    // MARK: State loading

    @Test func setStateChecksShapes() throws {
        var layer = try makeBatchNorm([.int(3)])
        expectLayerError(.runtimeError,
                         "size mismatch for running_mean: copying a param with shape torch.Size([4]) from checkpoint, "
                             + "the shape in current model is torch.Size([3]).",
                         subject: "running_mean") {
            try layer.setState("running_mean", .float(Tensor(shape: [4])))
        }
        expectLayerError(.runtimeError,
                         "size mismatch for num_batches_tracked: copying a param with shape torch.Size([2]) from checkpoint, "
                             + "the shape in current model is torch.Size([]).") {
            try layer.setState("num_batches_tracked", .int(IndexTensor(shape: [2], storage: [1, 2])))
        }
        // A 1-element (1) value loads into the 0-d counter, as load_state_dict allows.
        try layer.setState("num_batches_tracked", .int(IndexTensor(shape: [1], storage: [5])))
        #expect(tracked(layer) == 5)
        // Floats are truncated into the int64 counter.
        try layer.setState("num_batches_tracked", .float(Tensor(scalar: 2.7)))
        #expect(tracked(layer) == 2)
        // Ints are converted into float parameters.
        try layer.setState("weight", .int(IndexTensor(shape: [3], storage: [1, 2, 3])))
        #expect(floats(layer, "weight") == [1, 2, 3])

        var noBias = try makeBatchNorm([.int(3)], [("bias", .bool(false))])
        expectLayerError(.runtimeError, "BatchNorm2d has no parameter or buffer 'bias'") {
            try noBias.setState("bias", .float(Tensor(shape: [3])))
        }
    }

    @Test func seedExamplesBuild() throws {
        let layer = try makeBatchNorm([.int(100)])
        #expect(layer.state("weight")?.shape == [100])
        let plain = try makeBatchNorm([.int(100)], [("affine", .bool(false))])
        #expect(plain.expression == "nn.BatchNorm2d(100, affine=False)")
        #expect(plain.stateKeys == ["running_mean", "running_var", "num_batches_tracked"])
    }
}

private func power(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent { result *= base }
    return result
}
