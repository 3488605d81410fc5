// Tests of the fast kernels against the plain reference loops they replace: Conv2d's implicit GEMM
// over seeded random geometries (strides, paddings, dilations, groups, 1×1 inputs, kernels as large
// as the input, empty batches) on every instruction set this processor supports, and the layers'
// own padding modes through the fast path. Each test reports the largest difference it saw.

import Testing
@testable import LayerKit

extension Tolerance {
    /// Fast kernel vs reference loop: float32 sums with fused multiply-adds against Double sums of
    /// a few hundred terms of order 1 differ in the sixth digit at most.
    static let fastPath = Tolerance(rtol: 1e-5, atol: 1e-5)
}

/// Expects `fast` to equal `reference` within `tolerance` (NaN meets NaN, ±∞ the same infinity) and
/// returns the largest difference between finite elements.
@discardableResult
func expectFastMatchesReference(_ fast: [Float], _ reference: [Float], _ what: String,
                                tolerance: Tolerance = .fastPath, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    guard fast.count == reference.count else {
        Issue.record("\(what): \(fast.count) values, reference \(reference.count)", sourceLocation: sourceLocation)
        return .infinity
    }
    let closeness = Closeness(fast, reference, tolerance, names: ("fast", "reference"))
    if closeness.mismatches > 0 {
        let report = "\(what): \(closeness.mismatches) of \(fast.count) outside \(tolerance); first \(closeness.first); "
            + "max |Δ| \(closeness.maxDifference)"
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }
    return closeness.maxDifference
}

/// A seeded integer in `range`.
private func draw(_ rng: inout RandomSource, _ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
}

/// A random convolution geometry whose kernel fits the padded input (seeded).
private func randomGeometry(_ rng: inout RandomSource) -> ConvolutionGeometry {
    while true {
        let groups = draw(&rng, 1...3)
        let kernelHeight = draw(&rng, 1...5), kernelWidth = draw(&rng, 1...5)
        let dilationHeight = draw(&rng, 1...3), dilationWidth = draw(&rng, 1...3)
        let padHeight = draw(&rng, 0...3), padWidth = draw(&rng, 0...3)
        let strideHeight = draw(&rng, 1...3), strideWidth = draw(&rng, 1...3)
        let height = draw(&rng, 1...12), width = draw(&rng, 1...40)
        let rows = ConvAxis(inputSize: height, kernelSize: kernelHeight, stride: strideHeight,
                            dilation: dilationHeight, padding: padHeight)
        let columns = ConvAxis(inputSize: width, kernelSize: kernelWidth, stride: strideWidth,
                               dilation: dilationWidth, padding: padWidth)
        // A kernel larger than the padded input draws again.
        guard (try? ConvAxis.outputSizes(height: rows, width: columns)) != nil else { continue }
        let batch = draw(&rng, 0...3), inChannels = groups * draw(&rng, 1...4)
        return try! ConvolutionGeometry(batch: batch, inChannels: inChannels, outChannels: groups * draw(&rng, 1...14),
                                        groups: groups, rows: rows, columns: columns)
    }
}

/// Input, weight and bias for `geometry`, standard normal from `rng`.
private func randomOperands(_ geometry: ConvolutionGeometry, _ rng: inout RandomSource)
    -> (x: [Float], weight: [Float], bias: [Float]) {
    let x = try! rng.normalTensor(shape: [geometry.batch, geometry.inChannels, geometry.height, geometry.width]).storage
    let weight = try! rng.normalTensor(shape: [geometry.outChannels, geometry.groupChannels,
                                          geometry.kernelHeight, geometry.kernelWidth]).storage
    let bias = try! rng.normalTensor(shape: [geometry.outChannels]).storage
    return (x, weight, bias)
}

@Suite struct FastKernelTests {
    @Test func everyInstructionSetIsOffered() {
        #expect(KernelISA.supported.first == .portable)
        #expect(KernelISA.supported.contains(KernelISA.best))
    }

    @Test(arguments: KernelISA.supported)
    func convolutionMatchesReferenceOnRandomGeometries(isa: KernelISA) throws {
        var rng = RandomSource(seed: 6)
        var worst = 0.0
        for trial in 0..<120 {
            let geometry = randomGeometry(&rng)
            let (x, weight, bias) = randomOperands(geometry, &rng)
            let withBias = trial % 3 != 0
            let fast = try Conv2d.implicitGEMM(x, weight: weight, bias: withBias ? bias : nil, geometry, isa: isa)
            let reference = Conv2d.referenceConvolution(x, weight: weight, bias: withBias ? bias : nil, geometry,
                                                        paddingIsMultiplied: true)
            worst = Swift.max(worst, expectFastMatchesReference(fast, reference, "\(isa) trial \(trial): \(geometry)"))
        }
        print("Conv2d implicit GEMM (\(isa)) vs reference, 120 random geometries: max |Δ| \(worst)")
    }

    @Test(arguments: KernelISA.supported)
    func convolutionEdgeGeometries(isa: KernelISA) throws {
        var rng = RandomSource(seed: 7)
        func geometry(batch: Int = 2, channels: Int = 3, height: Int, width: Int, outChannels: Int = 5, groups: Int = 1,
                      kernel: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
                      dilation: (Int, Int) = (1, 1)) -> ConvolutionGeometry {
            try! ConvolutionGeometry(
                batch: batch, inChannels: channels, outChannels: outChannels, groups: groups,
                rows: ConvAxis(inputSize: height, kernelSize: kernel.0, stride: stride.0, dilation: dilation.0, padding: pad.0),
                columns: ConvAxis(inputSize: width, kernelSize: kernel.1, stride: stride.1, dilation: dilation.1, padding: pad.1))
        }
        let cases: [(String, ConvolutionGeometry)] = [
            ("1×1 input, 1×1 kernel", geometry(height: 1, width: 1, kernel: (1, 1))),
            ("1×1 input, padded 3×3 kernel", geometry(height: 1, width: 1, kernel: (3, 3), pad: (1, 1))),
            ("kernel equal to the input", geometry(height: 7, width: 9, kernel: (7, 9))),
            ("empty batch", geometry(batch: 0, height: 5, width: 5, kernel: (3, 3))),
            ("depthwise", geometry(channels: 6, height: 9, width: 11, outChannels: 6, groups: 6, kernel: (3, 3), pad: (1, 1))),
            ("13 output channels per group, 40 columns", geometry(channels: 4, height: 6, width: 40, outChannels: 26,
                                                                  groups: 2, kernel: (2, 3), stride: (1, 2))),
            ("more taps than one pass (K > 256)", geometry(batch: 1, channels: 30, height: 6, width: 6, outChannels: 3,
                                                          kernel: (3, 3), pad: (1, 1))),
            ("the seed's kernel on a small image", geometry(batch: 2, channels: 16, height: 12, width: 20, outChannels: 33,
                                                            kernel: (3, 5), stride: (2, 1), pad: (4, 2), dilation: (3, 1))),
            ("several panels per plane", geometry(batch: 1, channels: 2, height: 40, width: 50, outChannels: 7,
                                                  kernel: (3, 3), pad: (1, 1))),
        ]
        var worst = 0.0
        for (name, g) in cases {
            let (x, weight, bias) = randomOperands(g, &rng)
            let fast = try Conv2d.implicitGEMM(x, weight: weight, bias: bias, g, isa: isa)
            let reference = Conv2d.referenceConvolution(x, weight: weight, bias: bias, g, paddingIsMultiplied: true)
            worst = Swift.max(worst, expectFastMatchesReference(fast, reference, "\(isa) \(name)"))
        }
        print("Conv2d implicit GEMM (\(isa)) vs reference, edge geometries: max |Δ| \(worst)")
    }

    @Test func threadCountChangesNoDigit() throws {
        var rng = RandomSource(seed: 8)
        let g = try ConvolutionGeometry(
            batch: 3, inChannels: 4, outChannels: 9, groups: 1,
            rows: ConvAxis(inputSize: 30, kernelSize: 3, padding: 1), columns: ConvAxis(inputSize: 33, kernelSize: 3, padding: 1))
        #expect((g.outHeight, g.outWidth) == (30, 33))
        let (x, weight, bias) = randomOperands(g, &rng)
        // The limit only changes the speed, so changing it under other running tests is harmless.
        KernelThreads.limit = 1
        let one = try Conv2d.implicitGEMM(x, weight: weight, bias: bias, g)
        KernelThreads.limit = 3
        let three = try Conv2d.implicitGEMM(x, weight: weight, bias: bias, g)
        KernelThreads.limit = nil
        #expect(one == three)
    }

    /// Every padding mode and 'same' with an odd total goes through the layer's own padding, then the
    /// fast kernel; the reference is the materialised padding convolved by the reference loops.
    @Test(arguments: ["zeros", "reflect", "replicate", "circular"])
    func layerPaddingModesMatchReference(mode: String) throws {
        var rng = RandomSource(seed: 9)
        let x = try rng.normalTensor(shape: [2, 4, 9, 11])
        let settings: [Keywords] = [
            [("padding", .tuple([.int(2), .int(1)])), ("padding_mode", .string(mode)), ("stride", .int(2))],
            [("padding", .string("same")), ("padding_mode", .string(mode)), ("dilation", .tuple([.int(1), .int(2)]))],
            [("padding", .int(1)), ("padding_mode", .string(mode)), ("groups", .int(2))],
        ]
        var worst = 0.0
        for keywords in settings {
            var conv = try makeLayer(Conv2d.self, [.int(4), .int(6), .tuple([.int(4), .int(3)])], keywords)
            let fast = try run(&conv, x).output
            let pads = try conv.sidePadding
            let padded = try Conv2d.materialise(x, pads, mode: conv.paddingMode)
            let g = try ConvolutionGeometry(
                batch: 2, inChannels: 4, outChannels: 6, groups: conv.groups,
                rows: ConvAxis(inputSize: padded.shape[2], kernelSize: 4, stride: conv.stride.height,
                               dilation: conv.dilation.height, padding: 0),
                columns: ConvAxis(inputSize: padded.shape[3], kernelSize: 3, stride: conv.stride.width,
                                  dilation: conv.dilation.width, padding: 0))
            #expect([g.outHeight, g.outWidth] == Array(fast.shape.suffix(2)))
            let reference = Conv2d.referenceConvolution(padded.storage, weight: conv.weight.storage,
                                                        bias: conv.bias?.storage, g, paddingIsMultiplied: true)
            worst = Swift.max(worst, expectFastMatchesReference(fast.storage, reference, "\(mode) \(keywords)"))
        }
        print("Conv2d padding_mode=\(mode) through the fast path vs reference: max |Δ| \(worst)")
    }

    /// oneDNN skips padded taps: an infinite weight over zero padding stays finite there, so the layer
    /// keeps the reference loops for that case.
    @Test func infiniteWeightOverSkippedPaddingStaysFinite() throws {
        var conv = try makeLayer(Conv2d.self, [.int(1), .int(1), .int(3)], [("padding", .int(1)), ("bias", .bool(false))])
        var weight = [Float](repeating: 0, count: 9)
        weight[0] = .infinity
        try conv.setState("weight", .float(Tensor(shape: [1, 1, 3, 3], storage: weight)))
        let out = try run(&conv, Tensor(shape: [2, 1, 3, 3], repeating: 1)).output
        // Output (0, 0)'s top-left tap is padding (skipped); output (1, 1)'s is input 1 · ∞.
        #expect(out.storage[0] == 0)
        #expect(out.storage[4] == .infinity)
    }

    // MARK: Linear, pooling, BatchNorm2d

    @Test(arguments: KernelISA.supported)
    func linearMatchesReference(isa: KernelISA) throws {
        var rng = RandomSource(seed: 10)
        var worst = 0.0
        for (rows, inFeatures, outFeatures) in [(1, 1, 1), (128, 20, 30), (7, 300, 5), (33, 17, 65), (2, 600, 13)] {
            let x = try rng.normalTensor(shape: [rows, inFeatures]).storage
            let weight = try rng.normalTensor(shape: [outFeatures, inFeatures]).storage
            let bias = try rng.normalTensor(shape: [outFeatures]).storage
            for withBias in [true, false] {
                let fast = Linear.blockedProduct(x, rows: rows, weight: weight, bias: withBias ? bias : nil,
                                                 inFeatures: inFeatures, outFeatures: outFeatures, isa: isa)
                let reference = Linear.referenceProduct(x, rows: rows, weight: weight, bias: withBias ? bias : nil,
                                                        inFeatures: inFeatures, outFeatures: outFeatures)
                // Sums of up to 600 products of order 1: allow for float32 rounding of each partial sum.
                worst = Swift.max(worst, expectFastMatchesReference(
                    fast, reference, "\(isa) (\(rows), \(inFeatures)) → \(outFeatures), bias \(withBias)",
                    tolerance: Tolerance(rtol: 1e-5, atol: 1e-4)))
            }
        }
        print("Linear blocked product (\(isa)) vs reference: max |Δ| \(worst)")
    }

    /// The fast max-pool scan gives exactly the reference's values and indices, NaN and −∞ included.
    @Test func maxPoolScanIsIdentical() throws {
        var rng = RandomSource(seed: 11)
        for trial in 0..<80 {
            // Wide rows too: eight output columns are scanned at once where their windows agree.
            let shape = [draw(&rng, 0...2), draw(&rng, 1...3), draw(&rng, 1...12), draw(&rng, 1...(trial % 2 == 0 ? 12 : 40))]
            var x = try rng.normalTensor(shape: shape)
            for i in x.storage.indices where rng.next() % 17 == 0 {
                x.storage[i] = [Float.nan, -.infinity, .infinity, 0][Int(rng.next() % 4)]
            }
            let kernel = (draw(&rng, 1...Swift.min(4, shape[2])), draw(&rng, 1...Swift.min(4, shape[3])))
            let keywords: Keywords = [
                ("stride", .tuple([.int(draw(&rng, 1...3)), .int(draw(&rng, 1...3))])),
                ("padding", .tuple([.int(draw(&rng, 0...(kernel.0 / 2))), .int(draw(&rng, 0...(kernel.1 / 2)))])),
                ("dilation", .tuple([.int(draw(&rng, 1...2)), .int(draw(&rng, 1...2))])),
                ("ceil_mode", .bool(trial % 2 == 0)),
            ]
            let pool = try makeLayer(MaxPool2d.self, [.tuple([.int(kernel.0), .int(kernel.1)])], keywords)
            let rowAxis = pool.heightAxis(shape[2]), colAxis = pool.widthAxis(shape[3])
            guard rowAxis.outputSize >= 1, colAxis.outputSize >= 1 else { continue }
            let outShape = [shape[0], shape[1], rowAxis.outputSize, colAxis.outputSize]
            let fast = try maxPoolPlanesFast(x, outShape: outShape, rowWindow: { rowAxis.maxTaps($0) },
                                         columnWindow: { colAxis.maxTaps($0) })
            let reference = maxPoolPlanes(x, outShape: outShape, rowWindow: { rowAxis.maxTaps($0) },
                                          columnWindow: { colAxis.maxTaps($0) })
            #expect(fast.indices == reference.indices, "trial \(trial)")
            #expect(fast.output.storage.map(\.bitPattern) == reference.output.storage.map(\.bitPattern), "trial \(trial)")
        }
    }

    /// The fast window averages are exactly the reference's: the same float32 sums in the same order.
    @Test func averagePoolIsIdentical() throws {
        var rng = RandomSource(seed: 14)
        for trial in 0..<60 {
            let shape = [draw(&rng, 1...2), draw(&rng, 1...3), draw(&rng, 1...12), draw(&rng, 1...12)]
            var x = try rng.normalTensor(shape: shape)
            for i in x.storage.indices where rng.next() % 23 == 0 { x.storage[i] = [Float.nan, .infinity, 3e38][Int(rng.next() % 3)] }
            let kernel = (draw(&rng, 1...Swift.min(4, shape[2])), draw(&rng, 1...Swift.min(4, shape[3])))
            var keywords: Keywords = [
                ("stride", .tuple([.int(draw(&rng, 1...3)), .int(draw(&rng, 1...3))])),
                ("padding", .tuple([.int(draw(&rng, 0...(kernel.0 / 2))), .int(draw(&rng, 0...(kernel.1 / 2)))])),
                ("ceil_mode", .bool(trial % 2 == 0)), ("count_include_pad", .bool(trial % 3 != 0)),
            ]
            if trial % 5 == 0 { keywords.append(("divisor_override", .int(draw(&rng, 1...7) * (trial % 2 == 0 ? 1 : -1)))) }
            let pool = try makeLayer(AvgPool2d.self, [.tuple([.int(kernel.0), .int(kernel.1)])], keywords)
            let rowAxis = pool.heightAxis(shape[2]), colAxis = pool.widthAxis(shape[3])
            guard rowAxis.outputSize >= 1, colAxis.outputSize >= 1 else { continue }
            let cells = pool.windows(rowAxis: rowAxis, colAxis: colAxis, outH: rowAxis.outputSize, outW: colAxis.outputSize)
            let fast = AvgPool2d.averagePlanesFast(x, cells: cells)
            let reference = AvgPool2d.referenceAveragePlanes(x, cells: cells)
            #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern), "trial \(trial)")
        }
    }

    @Test func batchNormMomentsMatchReference() throws {
        var rng = RandomSource(seed: 12)
        var worstMean = 0.0, worstSquares = 0.0
        for shape in [[1, 1, 1, 2], [4, 100, 6, 6], [3, 5, 7, 9], [20, 3, 35, 45], [2, 2, 1, 3]] {
            var x = try rng.normalTensor(shape: shape)
            // A large mean against a small spread: the case the float32 rounding of the mean is for.
            for i in x.storage.indices { x.storage[i] = 1000 + 0.01 * x.storage[i] }
            let fast = ChannelStatistics.planeMoments(x)
            let reference = ChannelStatistics.referencePlaneMoments(x)
            #expect(fast.mean == reference.mean, "\(shape)")
            worstMean = Swift.max(worstMean, zip(fast.mean, reference.mean).map { Swift.abs($0 - $1) }.max() ?? 0)
            worstSquares = Swift.max(worstSquares, expectFastMatchesReference(
                fast.squaredDeviationSum.map(Float.init), reference.squaredDeviationSum.map(Float.init), "\(shape)",
                tolerance: Tolerance(rtol: 1e-6, atol: 0)))
        }
        print("BatchNorm2d moments vs reference: max |Δ mean| \(worstMean), max |Δ Σ(x − mean)²| \(worstSquares)")
    }

    @Test(arguments: KernelISA.supported)
    func fusedSweepRoundsOnce(isa: KernelISA) throws {
        var rng = RandomSource(seed: 13)
        let x = (try rng.normalTensor(shape: [37])).storage + [.nan, .infinity, -.infinity, 0, 1e30]
        var y = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                MatrixProduct.fusedSweep(xs.baseAddress!, alpha: 0.3, beta: -1.7, into: ys.baseAddress!,
                                         count: x.count, isa: isa)
            }
        }
        let expected = x.map { Float(-1.7).addingProduct($0, 0.3) }
        #expect(y.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
