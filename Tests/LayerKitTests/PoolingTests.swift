// Tests of MaxPool2d, AvgPool2d, AdaptiveMaxPool2d and AdaptiveAvgPool2d: the worked examples of
// the reference, the output-size arithmetic, max-pool ties / NaN / indices, average divisors,
// adaptive windows, and every check with PyTorch 2.15's message and exception class.
// (Numbers against PyTorch itself: Fixtures/spatial.json, replayed by FixtureTests.)

import Testing
@testable import LayerKit

/// Runs a copy of `module` on `input`, for error checks.
private func forward<M: Module>(_ module: M, _ input: Tensor) throws {
    var copy = module
    _ = try run(&copy, input)
}

@Suite struct PoolingTests {
    let nan = Float.nan
    let inf = Float.infinity

    // MARK: Schemas

    @Test func schemasFollowPyTorchSignatures() {
        #expect(MaxPool2d.schema.params.map(\.name)
            == ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"])
        #expect(AvgPool2d.schema.params.map(\.name)
            == ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"])
        #expect(AdaptiveMaxPool2d.schema.params.map(\.name) == ["output_size", "return_indices"])
        #expect(AdaptiveAvgPool2d.schema.params.map(\.name) == ["output_size"])
        #expect(MaxPool2d.schema.param("stride")?.defaultValue == ParamValue.none)
        #expect(AdaptiveAvgPool2d.schema.param("output_size")?.kind == .outputSize)
        for schema in [MaxPool2d.schema, AvgPool2d.schema, AdaptiveMaxPool2d.schema, AdaptiveAvgPool2d.schema] {
            #expect(schema.group == .pooling)
        }
    }

    /// The layers with a `return_indices` parameter are the ones that say they return indices.
    @Test func theMaxPoolsReturnIndices() throws {
        for type in Catalog.layerTypes {
            let hasParameter = type.schema.param("return_indices") != nil
            #expect(type.returnsIndices == hasParameter, "\(type.schema.name)")
        }
        let plain = try makeLayer(MaxPool2d.self, [.int(2)])
        let tuple = try makeLayer(AdaptiveMaxPool2d.self, [.int(2)], [("return_indices", .bool(true))])
        #expect(plain.returnIndices == false && tuple.returnIndices == true)
        let layers: [any Layer] = [plain, tuple, try makeLayer(AvgPool2d.self, [.int(2)])]
        #expect(layers.map { ($0 as? any IndexReturningModule)?.returnIndices } == [false, true, nil])
    }

    @Test func strideDefaultsToKernelSize() throws {
        let pool = try makeLayer(MaxPool2d.self, [.tuple([.int(3), .int(2)])])
        #expect(pool.stride == (3, 2))
        let avg = try makeLayer(AvgPool2d.self, [.int(3)], [("stride", .tuple([.int(2), .int(1)]))])
        #expect(avg.stride == (2, 1))
    }

    // MARK: Output-size arithmetic

    @Test func ceilModeExamplesOfTheReference() {
        // (L, k, s, p) → (floor, ceil)
        let cases: [(Int, Int, Int, Int, Int, Int)] = [
            (5, 2, 2, 0, 2, 3), (6, 3, 2, 1, 3, 4), (7, 2, 3, 0, 2, 3), (5, 3, 3, 1, 2, 2),
        ]
        for (l, k, s, p, floorOut, ceilOut) in cases {
            #expect(PoolAxis(inputSize: l, kernelSize: k, stride: s, padding: p).outputSize == floorOut)
            #expect(PoolAxis(inputSize: l, kernelSize: k, stride: s, padding: p, ceilMode: true).outputSize == ceilOut)
        }
        // Dilation widens the window: L=6, k=2, d=3 → effective 4
        #expect(PoolAxis(inputSize: 6, kernelSize: 2, stride: 1, padding: 0, dilation: 3).outputSize == 3)
    }

    @Test func seedExampleShapes() throws {
        var square = try makeLayer(MaxPool2d.self, [.int(3)], [("stride", .int(2))])
        #expect(try run(&square, Tensor(shape: [2, 3, 50, 32])).output.shape == [2, 3, 24, 15])
        var rect = try makeLayer(MaxPool2d.self, [.tuple([.int(3), .int(2)])], [("stride", .tuple([.int(2), .int(1)]))])
        #expect(try run(&rect, Tensor(shape: [2, 3, 50, 32])).output.shape == [2, 3, 24, 31])
    }

    // MARK: MaxPool2d

    @Test func maxTiesKeepTheFirstAndIndicesArePerPlane() throws {
        var pool = try makeLayer(MaxPool2d.self, [.int(2)], [("return_indices", .bool(true))])
        let x = Tensor(shape: [2, 1, 2, 2], storage: [1, 3, 3, 2, /* plane 2 */ 7, 7, 7, 7])
        let result = try run(&pool, x)
        #expect(result.output.storage == [3, 7])
        #expect(result.indices?.storage == [1, 0])
        // 1-D example of the reference: [1, 3, 3, 2], k=2, s=1 → [3, 3, 3] at [1, 1, 2]
        var sliding = try makeLayer(MaxPool2d.self, [.tuple([.int(1), .int(2)])], [("stride", .int(1))])
        let row = try run(&sliding, Tensor(shape: [1, 1, 1, 4], storage: [1, 3, 3, 2]))
        #expect(row.output.storage == [3, 3, 3])
        #expect(row.indices?.storage == [1, 1, 2])
    }

    @Test func maxNaNWinsAndReportsTheLastNaN() throws {
        var pool = try makeLayer(MaxPool2d.self, [.int(2)])
        let x = Tensor(shape: [1, 1, 2, 6], storage: [nan, 9, -inf, -inf, inf, 1,
                                                      2, nan, -inf, -inf, 2, inf])
        let result = try run(&pool, x)
        #expect(result.output.storage[0].isNaN)
        #expect(result.indices?.storage == [7, 2, 4])
        #expect(result.output.storage[1] == -inf)
        #expect(result.output.storage[2] == inf)
    }

    @Test func maxPaddingNeverWins() throws {
        var pool = try makeLayer(MaxPool2d.self, [.int(3)], [("stride", .int(1)), ("padding", .int(1))])
        let x = Tensor(shape: [1, 1, 2, 2], storage: [-4, -3, -2, -1])
        let result = try run(&pool, x)
        #expect(result.output.storage == [-1, -1, -1, -1])
        #expect(result.indices?.storage == [3, 3, 3, 3])
    }

    @Test func maxCeilWindowWithoutInputCells() throws {
        // k=2, s=3, p=1, d=3 in ceil mode on a 1×1 input: the only window's taps (−1, 2) both fall
        // outside; the output is −∞ and the index points at the first tap at or after 0, (2, 2).
        var pool = try makeLayer(MaxPool2d.self, [.int(2)], [("stride", .int(3)), ("padding", .int(1)),
                                                              ("dilation", .int(3)), ("ceil_mode", .bool(true))])
        let result = try run(&pool, Tensor(shape: [1, 1, 1, 1], storage: [5]))
        #expect(result.output.storage == [-inf])
        #expect(result.indices?.storage == [4])
        let window = pool.window(row: 0, column: 0, inputHeight: 1, inputWidth: 1)
        #expect(Array(window.rows).isEmpty && Array(window.columns).isEmpty)
        #expect(window.initialIndex == 4)
    }

    @Test func maxWindowsForPictures() throws {
        let pool = try makeLayer(MaxPool2d.self, [.int(3)], [("stride", .int(2)), ("padding", .int(1)), ("dilation", .int(2))])
        let window = pool.window(row: 0, column: 1, inputHeight: 6, inputWidth: 6)
        #expect(Array(window.rows) == [1, 3])  // taps −1 (padding), 1, 3
        #expect(Array(window.columns) == [1, 3, 5])
        #expect(window.initialIndex == 1 * 6 + 1)
    }

    @Test func maxUnbatchedAndEmptyBatch() throws {
        var pool = try makeLayer(MaxPool2d.self, [.int(2)])
        #expect(try run(&pool, ramp([3, 4, 4])).output.shape == [3, 2, 2])
        #expect(try run(&pool, Tensor(shape: [0, 3, 4, 4])).output.shape == [0, 3, 2, 2])
    }

    @Test func maxErrorsInPyTorchOrder() throws {
        func pool(_ positional: [ParamValue], _ keywords: Keywords = []) throws -> MaxPool2d {
            try makeLayer(MaxPool2d.self, positional, keywords)
        }
        let x = Tensor(shape: [1, 1, 3, 3])
        expectLayerError(.runtimeError, "value cannot be converted to type int without overflow") {
            try forward(try pool([.int(2)], [("dilation", .int(-2_147_483_649))]), Tensor(shape: [3, 3]))
        }
        expectLayerError(.runtimeError, "non-empty 3D or 4D (batch mode) tensor expected for input") {
            try forward(try pool([.int(0)]), Tensor(shape: [3, 3]))
        }
        expectLayerError(.runtimeError, "non-empty 3D or 4D (batch mode) tensor expected for input") {
            try forward(try pool([.int(2)]), Tensor(shape: [1, 1, 1, 3, 3]))
        }
        expectLayerError(.runtimeError, "stride should not be zero") { try forward(try pool([.int(0)]), x) }
        expectLayerError(.runtimeError, "pad must be non-negative, but got pad: -1") {
            try forward(try pool([.int(2)], [("padding", .tuple([.int(0), .int(-1)]))]), x)
        }
        expectLayerError(.runtimeError, "pad should be at most half of effective kernel size, but got pad=2, "
                             + "kernel_size=3 and dilation=1") {
            try forward(try pool([.int(3)], [("padding", .int(2))]), Tensor(shape: [1, 1, 5, 5]))
        }
        expectLayerError(.runtimeError, "pad should be at most half of effective kernel size, but got pad=0, "
                             + "kernel_size=-3 and dilation=1") {
            try forward(try pool([.int(-3)], [("stride", .int(1))]), x)
        }
        expectLayerError(.runtimeError, "kernel size should be greater than zero, but got kH: 0 kW: 0") {
            try forward(try pool([.int(0)], [("stride", .int(1))]), x)
        }
        expectLayerError(.runtimeError, "stride should be greater than zero, but got dH: -1 dW: -1") {
            try forward(try pool([.int(2)], [("stride", .int(-1))]), x)
        }
        expectLayerError(.runtimeError, "dilation should be greater than zero, but got dilationH: 1 dilationW: -1") {
            try forward(try pool([.int(2)], [("dilation", .tuple([.int(1), .int(-1)]))]), Tensor(shape: [1, 1, 9, 9]))
        }
        expectLayerError(.runtimeError, "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for "
                             + "input, but got:[1, 0, 3, 3]") {
            try forward(try pool([.int(2)]), Tensor(shape: [1, 0, 3, 3]))
        }
        expectLayerError(.runtimeError, "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for "
                             + "input, but got:[0, 3, 3]") {
            try forward(try pool([.int(2)]), Tensor(shape: [0, 3, 3]))
        }
        expectLayerError(.runtimeError, "pad should be smaller than or equal to half of kernel size, but got padW = 2, "
                             + "padH = 0, kW = 2, kH = 2") {
            try forward(try pool([.int(2)], [("padding", .tuple([.int(0), .int(2)])), ("dilation", .int(3))]),
                        Tensor(shape: [1, 1, 9, 9]))
        }
        expectLayerError(.runtimeError, "Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small") {
            try forward(try pool([.int(2)]), Tensor(shape: [1, 1, 1, 1]))
        }
    }

    // MARK: AvgPool2d

    @Test func avgWorkedExamplesOfTheReference() throws {
        let ones4 = Tensor(shape: [1, 1, 4, 4], repeating: 1)
        var withPad = try makeLayer(AvgPool2d.self, [.int(3)], [("stride", .int(2)), ("padding", .int(1)),
                                                               ("ceil_mode", .bool(true))])
        let out = try run(&withPad, ones4).output
        let expected: [Float] = [4.0 / 9, 6.0 / 9, 3.0 / 9, 6.0 / 9, 1, 0.5, 3.0 / 9, 0.5, 0.25]
        #expect(out.shape == [1, 1, 3, 3])
        #expect(zip(out.storage, expected).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        // The corner window starts at 3 and ends at min(6, 4 + 1) = 5: 2 × 2 cells, 1 of them padding.
        let corner = withPad.window(row: 2, column: 2, inputHeight: 4, inputWidth: 4)
        #expect(corner.paddedRows == 3..<5 && corner.rows == 3..<4 && corner.divisor == 4)

        var noPad = try makeLayer(AvgPool2d.self, [.int(3)], [("stride", .int(2)), ("padding", .int(1)),
                                                             ("ceil_mode", .bool(true)), ("count_include_pad", .bool(false))])
        #expect(try run(&noPad, ones4).output.storage == [Float](repeating: 1, count: 9))

        var edges = try makeLayer(AvgPool2d.self, [.int(2)], [("ceil_mode", .bool(true))])
        #expect(try run(&edges, Tensor(shape: [1, 1, 5, 5], repeating: 1)).output.storage == [Float](repeating: 1, count: 9))
        #expect(edges.window(row: 2, column: 2, inputHeight: 5, inputWidth: 5).divisor == 1)

        let one = Tensor(shape: [1, 1, 1, 1], repeating: 1)
        var quarter = try makeLayer(AvgPool2d.self, [.int(2)], [("padding", .int(1))])
        #expect(try run(&quarter, one).output.storage == [0.25])
        var whole = try makeLayer(AvgPool2d.self, [.int(2)], [("padding", .int(1)), ("count_include_pad", .bool(false))])
        #expect(try run(&whole, one).output.storage == [1])
    }

    @Test func avgDivisorOverride() throws {
        var negative = try makeLayer(AvgPool2d.self, [.int(2)], [("divisor_override", .int(-2))])
        #expect(try run(&negative, Tensor(shape: [1, 1, 2, 2], repeating: 1)).output.storage == [-2])
        var three = try makeLayer(AvgPool2d.self, [.int(2)], [("divisor_override", .int(3))])
        let sums: [Double] = [0 + 1 + 4 + 5, 2 + 3 + 6 + 7]
        #expect(try run(&three, ramp([1, 1, 2, 4])).output.storage == sums.map { Float($0 / 3) })
        expectLayerError(.runtimeError, "divisor must be not zero") {
            try forward(try makeLayer(AvgPool2d.self, [.int(2)], [("divisor_override", .int(0))]), Tensor(shape: [3, 3]))
        }
    }

    @Test func avgNaNAndInfinity() throws {
        var pool = try makeLayer(AvgPool2d.self, [.int(2)])
        let out = try run(&pool, Tensor(shape: [1, 1, 2, 4], storage: [nan, 1, inf, 1, 1, 1, 1, -inf])).output
        #expect(out.storage[0].isNaN && out.storage[1].isNaN)
    }

    @Test func avgErrorsInPyTorchOrder() throws {
        func pool(_ positional: [ParamValue], _ keywords: Keywords = []) throws -> AvgPool2d {
            try makeLayer(AvgPool2d.self, positional, keywords)
        }
        expectLayerError(.runtimeError, "value cannot be converted to type int without overflow") {
            try forward(try pool([.int(1 << 40)], [("divisor_override", .int(0))]), Tensor(shape: [1, 1, 3, 3]))
        }
        expectLayerError(.indexError, "Dimension out of range (expected to be in range of [-2, 1], but got -3)") {
            try forward(try pool([.int(2)], [("stride", .int(0))]), Tensor(shape: [3, 3]))
        }
        expectLayerError(.indexError, "Dimension out of range (expected to be in range of [-1, 0], but got -3)") {
            try forward(try pool([.int(2)]), Tensor(shape: [3]))
        }
        expectLayerError(.indexError, "Dimension specified as -3 but tensor has no dimensions") {
            try forward(try pool([.int(2)]), Tensor(scalar: 1))
        }
        expectLayerError(.runtimeError, "stride should not be zero") {
            try forward(try pool([.int(0)]), Tensor(shape: [1, 1, 1, 3, 3]))
        }
        expectLayerError(.runtimeError, "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for "
                             + "input, but got:[1, 1, 1, 3, 3]") {
            try forward(try pool([.int(2)]), Tensor(shape: [1, 1, 1, 3, 3]))
        }
        expectLayerError(.runtimeError, "pad should be at most half of effective kernel size, but got pad=2, "
                             + "kernel_size=2 and dilation=1") {
            try forward(try pool([.int(2)], [("padding", .tuple([.int(0), .int(2)]))]), Tensor(shape: [1, 1, 3, 3]))
        }
        expectLayerError(.runtimeError, "Given input size: (3x5x3). Calculated output size: (3x2x0). Output size is too small") {
            try forward(try pool([.tuple([.int(2), .int(4)])]), Tensor(shape: [3, 5, 3]))
        }
    }

    // MARK: Adaptive pooling

    @Test func adaptiveBinsOfTheReference() {
        // 3 → 5 over [0, 1, 2]: windows [0,1) [0,2) [1,2) [1,3) [2,3)
        let bins = (0..<5).map { AdaptiveBins.range($0, inputSize: 3, outputSize: 5) }
        #expect(bins == [0..<1, 0..<2, 1..<2, 1..<3, 2..<3])
        // 10 → 3: overlapping windows of different sizes
        #expect((0..<3).map { AdaptiveBins.range($0, inputSize: 10, outputSize: 3) } == [0..<4, 3..<7, 6..<10])
        #expect(AdaptiveBins.range(0, inputSize: 4, outputSize: 0).isEmpty)
    }

    @Test func adaptiveAverageUpsamplesAndKeepsNoneDimensions() throws {
        var pool = try makeLayer(AdaptiveAvgPool2d.self, [.tuple([.int(1), .int(5)])])
        #expect(try run(&pool, Tensor(shape: [1, 1, 1, 3], storage: [0, 1, 2])).output.storage == [0, 0.5, 1, 1.5, 2])
        var keepHeight = try makeLayer(AdaptiveAvgPool2d.self, [.tuple([.none, .int(7)])])
        #expect(try run(&keepHeight, Tensor(shape: [1, 4, 10, 9])).output.shape == [1, 4, 10, 7])
        #expect(keepHeight.resolvedOutputSize(height: 10, width: 9) == (10, 7))
        var maxPool = try makeLayer(AdaptiveMaxPool2d.self, [.tuple([.int(5), .int(7)])])
        #expect(try run(&maxPool, Tensor(shape: [1, 4, 8, 9])).output.shape == [1, 4, 5, 7])
    }

    @Test func adaptiveMaxTiesNaNAndIndices() throws {
        var pool = try makeLayer(AdaptiveMaxPool2d.self, [.tuple([.int(1), .int(2)])], [("return_indices", .bool(true))])
        let result = try run(&pool, Tensor(shape: [1, 1, 2, 4], storage: [1, 3, nan, 2, 3, 0, 2, nan]))
        #expect(result.output.storage[0] == 3)
        #expect(result.output.storage[1].isNaN)
        #expect(result.indices?.storage == [1, 7])
    }

    @Test func adaptiveAverageOneByOneIsAMean() throws {
        var pool = try makeLayer(AdaptiveAvgPool2d.self, [.int(1)])
        #expect(try run(&pool, ramp([3, 4])).output == Tensor(shape: [1, 1], storage: [5.5]))
        let empty = try run(&pool, Tensor(shape: [1, 2, 0, 4])).output
        #expect(empty.shape == [1, 2, 1, 1] && empty.storage.allSatisfy(\.isNaN))
        expectLayerError(.indexError, "Dimension out of range (expected to be in range of [-1, 0], but got -2)") {
            try forward(pool, Tensor(shape: [5]))
        }
    }

    @Test func adaptiveErrors() throws {
        let avg = try makeLayer(AdaptiveAvgPool2d.self, [.int(2)])
        let avgPair = try makeLayer(AdaptiveAvgPool2d.self, [.tuple([.int(2), .int(-3)])])
        let max = try makeLayer(AdaptiveMaxPool2d.self, [.int(2)])
        let maxPair = try makeLayer(AdaptiveMaxPool2d.self, [.tuple([.int(2), .int(-3)])])
        expectLayerError(.valueError, "Input dimension should be at least 3") { try forward(avgPair, Tensor(shape: [5, 5])) }
        expectLayerError(.valueError, "Input dimension should be at least 3") { try forward(maxPair, Tensor(shape: [5, 5])) }
        expectLayerError(.runtimeError, "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 "
                             + "but received {2, -3}") {
            try forward(avgPair, Tensor(shape: [1, 2, 0, 5]))
        }
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -3: [1, 2, 2, -3]") {
            try forward(maxPair, Tensor(shape: [1, 2, 5, 5]))
        }
        expectLayerError(.runtimeError, "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [5, 5]") {
            try forward(avg, Tensor(shape: [5, 5]))
        }
        expectLayerError(.runtimeError, "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [5, 5]") {
            try forward(max, Tensor(shape: [5, 5]))
        }
        expectLayerError(.runtimeError, "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                             + "dimensions, but input has sizes [1, 2, 0, 4] with dimension 2 being empty") {
            try forward(avg, Tensor(shape: [1, 2, 0, 4]))
        }
        expectLayerError(.runtimeError, "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch "
                             + "dimensions, but input has sizes [1, 0, 4, 4] with dimension 1 being empty") {
            try forward(max, Tensor(shape: [1, 0, 4, 4]))
        }
        // Zero channels: fine for the average pool, and for a 3-D input of the max pool.
        #expect(throws: Never.self) { try forward(avg, Tensor(shape: [1, 0, 4, 4])) }
        #expect(throws: Never.self) { try forward(max, Tensor(shape: [0, 4, 4])) }
    }
}

@Suite struct SpatialRobustnessTests {
    @Test func hugeValuesNeverTrap() throws {
        // Empty outputs with absurd spatial sizes are created without touching their windows.
        var adaptive = try makeLayer(AdaptiveAvgPool2d.self, [.tuple([.int(1 << 40), .int(2)])])
        #expect(try run(&adaptive, Tensor(shape: [0, 1, 4, 4])).output.shape == [0, 1, 1 << 40, 2])
        var adaptiveMax = try makeLayer(AdaptiveMaxPool2d.self, [.tuple([.int(1 << 40), .int(0)])])
        #expect(try run(&adaptiveMax, Tensor(shape: [1, 1, 4, 4])).output.shape == [1, 1, 1 << 40, 0])
        // Huge kernel and padding: every window covers the whole input.
        var maxPool = try makeLayer(MaxPool2d.self, [.int(2_147_483_647)], [("stride", .int(1)), ("padding", .int(1_073_741_823))])
        let pooled = try run(&maxPool, ramp([1, 1, 3, 3]))
        #expect(pooled.output.storage == [Float](repeating: 8, count: 9))
        // Too large to allocate: PyTorch's allocator message, not a crash.
        let big = try makeLayer(AdaptiveAvgPool2d.self, [.int(1 << 20)])
        #expect(throws: LayerError.self) { try forward(big, Tensor(shape: [1, 1, 2, 2])) }
    }
}
