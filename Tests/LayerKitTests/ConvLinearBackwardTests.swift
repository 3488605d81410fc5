// Tests of the backward passes of Conv2d and Linear without PyTorch: their fast paths (the matrix
// and dot products of LayerKernels) against the plain reference loops over seeded random geometries
// (strides, paddings, dilations, groups, odd sizes, 1×1 kernels and inputs, several blocks per
// plane, empty batches) on every instruction set this processor supports; the thread count changing
// no digit; cancellation; and the layers' gradients against the adjoint identities of their own
// forward passes — every padding mode, 'same' with odd totals, unbatched and 1-D to 4-D inputs —
// which ties each backward pass to its forward.
// PyTorch's numbers are checked by BackwardFixtureTests (Fixtures/backward_weights.json).

import Testing
@testable import LayerKit

extension Tolerance {
    /// Gradient fast path vs reference loops: float32 sums (over up to a few thousand products of
    /// order 1) against Double sums.
    static let backwardFastPath = Tolerance(rtol: 1e-4, atol: 1e-4)
}

/// A seeded integer in `range`.
private func pick(_ rng: inout RandomSource, _ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
}

/// A random convolution geometry whose kernel fits the padded input (seeded), strides in `strides`.
private func randomConvolution(_ rng: inout RandomSource, strides: ClosedRange<Int> = 1...3) -> ConvolutionGeometry {
    while true {
        let groups = pick(&rng, 1...3)
        let kernelHeight = pick(&rng, 1...5), kernelWidth = pick(&rng, 1...5)
        let rows = ConvAxis(inputSize: pick(&rng, 1...12), kernelSize: kernelHeight, stride: pick(&rng, strides),
                            dilation: pick(&rng, 1...3), padding: pick(&rng, 0...3))
        let columns = ConvAxis(inputSize: pick(&rng, 1...40), kernelSize: kernelWidth, stride: pick(&rng, strides),
                               dilation: pick(&rng, 1...3), padding: pick(&rng, 0...3))
        // A kernel larger than the padded input draws again.
        guard (try? ConvAxis.outputSizes(height: rows, width: columns)) != nil else { continue }
        return try! ConvolutionGeometry(batch: pick(&rng, 0...3), inChannels: groups * pick(&rng, 1...4),
                                        outChannels: groups * pick(&rng, 1...14), groups: groups,
                                        rows: rows, columns: columns)
    }
}

/// Input `(N, C_in, H, W)`, weight `(C_out, C_g, kH, kW)` and output gradient `(N, C_out, H_out, W_out)`
/// for `geometry`, standard normal from `rng`.
private func randomGradientOperands(_ geometry: ConvolutionGeometry, _ rng: inout RandomSource)
    -> (x: [Float], weight: [Float], gradOutput: [Float]) {
    let x = try! rng.normalTensor(shape: [geometry.batch, geometry.inChannels, geometry.height, geometry.width])
    let weight = try! rng.normalTensor(shape: [geometry.outChannels, geometry.groupChannels,
                                               geometry.kernelHeight, geometry.kernelWidth])
    let gradOutput = try! rng.normalTensor(shape: [geometry.batch, geometry.outChannels,
                                                   geometry.outHeight, geometry.outWidth])
    return (x.storage, weight.storage, gradOutput.storage)
}

/// Every fast input gradient that applies to `geometry`: col2im always, the transposed convolution
/// for stride 1, and the choice `inputGradientGEMM` makes.
private func inputGradientPaths(_ gradOutput: [Float], weight: [Float], _ geometry: ConvolutionGeometry,
                                isa: KernelISA) throws -> [(String, [Float])] {
    var paths = [("col2im", try Conv2d.inputGradientColumns(gradOutput, weight: weight, geometry, isa: isa)),
                 ("chosen", try Conv2d.inputGradientGEMM(gradOutput, weight: weight, geometry, isa: isa))]
    if let convolution = try Conv2d.inputGradientByConvolution(gradOutput, weight: weight, geometry, isa: isa) {
        paths.append(("transposed convolution", convolution))
    }
    return paths
}

/// A convolution geometry with symmetric zero padding.
private func convolution(batch: Int = 2, channels: Int = 3, height: Int, width: Int, outChannels: Int = 5,
                         groups: Int = 1, kernel: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
                         dilation: (Int, Int) = (1, 1)) -> ConvolutionGeometry {
    try! ConvolutionGeometry(
        batch: batch, inChannels: channels, outChannels: outChannels, groups: groups,
        rows: ConvAxis(inputSize: height, kernelSize: kernel.0, stride: stride.0, dilation: dilation.0, padding: pad.0),
        columns: ConvAxis(inputSize: width, kernelSize: kernel.1, stride: stride.1, dilation: dilation.1, padding: pad.1))
}

/// Σ a·b in Double, and Σ |a·b| (the scale of the rounding in it).
private func dot(_ a: [Float], _ b: [Float]) -> (sum: Double, magnitude: Double) {
    var sum = 0.0, magnitude = 0.0
    for (x, y) in zip(a, b) {
        sum += Double(x) * Double(y)
        magnitude += Swift.abs(Double(x) * Double(y))
    }
    return (sum, magnitude)
}

/// Expects two inner products to agree to float32 rounding of their terms; returns the relative gap.
@discardableResult
private func expectAdjoint(_ lhs: (sum: Double, magnitude: Double), _ rhs: (sum: Double, magnitude: Double),
                           _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    let scale = Swift.max(lhs.magnitude, rhs.magnitude, 1e-30)
    let gap = Swift.abs(lhs.sum - rhs.sum) / scale
    #expect(gap <= 1e-5, "\(what): ⟨·,·⟩ \(lhs.sum) vs \(rhs.sum)", sourceLocation: sourceLocation)
    return gap
}

@Suite struct ConvLinearBackwardTests {
    // MARK: Conv2d fast path vs reference loops

    @Test(arguments: KernelISA.supported)
    func convolutionGradientsMatchReferenceOnRandomGeometries(isa: KernelISA) throws {
        var rng = RandomSource(seed: 21)
        var worstWeight = 0.0, worstInput = 0.0
        // The last 60 have stride 1, where the input gradient is also a transposed convolution.
        for trial in 0..<180 {
            let geometry = randomConvolution(&rng, strides: trial < 120 ? 1...3 : 1...1)
            let (x, weight, gradOutput) = randomGradientOperands(geometry, &rng)
            let withBias = trial % 3 != 0
            let fast = try Conv2d.weightGradientGEMM(x, gradOutput: gradOutput, geometry, withBias: withBias, isa: isa)
            let reference = Conv2d.referenceWeightGradient(x, gradOutput: gradOutput, geometry, withBias: withBias,
                                                           paddingIsMultiplied: true)
            worstWeight = Swift.max(worstWeight, expectFastMatchesReference(
                fast.weight, reference.weight, "\(isa) trial \(trial) weight: \(geometry)", tolerance: .backwardFastPath))
            #expect((fast.bias == nil) == !withBias)
            if let bias = fast.bias, let referenceBias = reference.bias {
                expectFastMatchesReference(bias, referenceBias, "\(isa) trial \(trial) bias",
                                           tolerance: .backwardFastPath)
            }
            let referenceInput = Conv2d.referenceInputGradient(gradOutput, weight: weight, geometry)
            for (path, fastInput) in try inputGradientPaths(gradOutput, weight: weight, geometry, isa: isa) {
                worstInput = Swift.max(worstInput, expectFastMatchesReference(
                    fastInput, referenceInput, "\(isa) trial \(trial) input (\(path)): \(geometry)",
                    tolerance: .backwardFastPath))
            }
        }
        print("Conv2d backward (\(isa)) vs reference, 180 random geometries: max |Δ| weight \(worstWeight), "
              + "input \(worstInput)")
    }

    @Test(arguments: KernelISA.supported)
    func convolutionGradientEdgeGeometries(isa: KernelISA) throws {
        var rng = RandomSource(seed: 22)
        let cases: [(String, ConvolutionGeometry)] = [
            ("1×1 input, 1×1 kernel", convolution(height: 1, width: 1, kernel: (1, 1))),
            ("1×1 input, padded 3×3 kernel", convolution(height: 1, width: 1, kernel: (3, 3), pad: (1, 1))),
            ("1×1 kernel, stride 2", convolution(height: 7, width: 8, kernel: (1, 1), stride: (2, 2))),
            ("kernel equal to the input", convolution(height: 7, width: 9, kernel: (7, 9))),
            ("empty batch", convolution(batch: 0, height: 5, width: 5, kernel: (3, 3))),
            ("depthwise", convolution(channels: 6, height: 9, width: 11, outChannels: 6, groups: 6, kernel: (3, 3),
                                      pad: (1, 1))),
            ("13 output channels per group, 40 columns", convolution(channels: 4, height: 6, width: 40, outChannels: 26,
                                                                     groups: 2, kernel: (2, 3), stride: (1, 2))),
            ("more taps than one pass (K > 256)", convolution(batch: 1, channels: 30, height: 6, width: 6,
                                                              outChannels: 3, kernel: (3, 3), pad: (1, 1))),
            ("more output channels than one pass", convolution(batch: 2, channels: 2, height: 5, width: 4,
                                                               outChannels: 300, kernel: (2, 2))),
            ("stride larger than the kernel", convolution(height: 11, width: 13, kernel: (2, 2), stride: (3, 4))),
            ("the digits network's convolution", convolution(batch: 32, channels: 1, height: 16, width: 16,
                                                             outChannels: 8, kernel: (3, 3), pad: (1, 1))),
            ("several blocks per plane", convolution(batch: 2, channels: 30, height: 45, width: 50, outChannels: 7,
                                                     kernel: (3, 3), pad: (1, 1))),
            ("several weight-gradient blocks", convolution(batch: 1, channels: 1, height: 60, width: 70,
                                                           outChannels: 4, kernel: (3, 3), pad: (1, 1))),
        ]
        var worst = 0.0
        for (name, g) in cases {
            let (x, weight, gradOutput) = randomGradientOperands(g, &rng)
            let fast = try Conv2d.weightGradientGEMM(x, gradOutput: gradOutput, g, withBias: true, isa: isa)
            let reference = Conv2d.referenceWeightGradient(x, gradOutput: gradOutput, g, withBias: true,
                                                           paddingIsMultiplied: true)
            worst = Swift.max(worst, expectFastMatchesReference(fast.weight, reference.weight, "\(isa) \(name) weight",
                                                                tolerance: .backwardFastPath))
            worst = Swift.max(worst, expectFastMatchesReference(fast.bias ?? [], reference.bias ?? [],
                                                                "\(isa) \(name) bias", tolerance: .backwardFastPath))
            let referenceInput = Conv2d.referenceInputGradient(gradOutput, weight: weight, g)
            for (path, fastInput) in try inputGradientPaths(gradOutput, weight: weight, g, isa: isa) {
                worst = Swift.max(worst, expectFastMatchesReference(fastInput, referenceInput,
                                                                    "\(isa) \(name) input (\(path))",
                                                                    tolerance: .backwardFastPath))
            }
        }
        print("Conv2d backward (\(isa)) vs reference, edge geometries: max |Δ| \(worst)")
    }

    @Test func convolutionGradientThreadCountChangesNoDigit() throws {
        var rng = RandomSource(seed: 23)
        for g in [convolution(batch: 5, channels: 4, height: 30, width: 33, outChannels: 9, kernel: (3, 3), pad: (1, 1)),
                  convolution(batch: 1, channels: 6, height: 50, width: 60, outChannels: 4, groups: 2, kernel: (3, 3))] {
            let (x, weight, gradOutput) = randomGradientOperands(g, &rng)
            // The limit only changes the speed, so changing it under other running tests is harmless.
            KernelThreads.limit = 1
            let one = try Conv2d.weightGradientGEMM(x, gradOutput: gradOutput, g, withBias: true)
            let oneInput = try Conv2d.inputGradientColumns(gradOutput, weight: weight, g)
            KernelThreads.limit = 3
            let three = try Conv2d.weightGradientGEMM(x, gradOutput: gradOutput, g, withBias: true)
            let threeInput = try Conv2d.inputGradientColumns(gradOutput, weight: weight, g)
            KernelThreads.limit = nil
            #expect(one.weight == three.weight)
            #expect(one.bias == three.bias)
            #expect(oneInput == threeInput)
        }
    }

    // MARK: Conv2d layer: adjoint identities of its forward pass

    /// For out = conv(x; W) + b and any gO: ⟨out, gO⟩ = ⟨x, dx⟩ + ⟨b, db⟩ = ⟨W, dW⟩ + ⟨b, db⟩, since
    /// the convolution (padding copies and crops included) is linear in x and in W. This checks the
    /// fold of every padding mode, odd 'same' totals and unbatched inputs against the forward pass.
    @Test(arguments: ["zeros", "reflect", "replicate", "circular"])
    func convolutionGradientsAreAdjointToTheForwardPass(mode: String) throws {
        var rng = RandomSource(seed: 24)
        let settings: [(kernel: ParamValue, keywords: Keywords, shape: [Int])] = [
            (.tuple([.int(4), .int(3)]), [("padding", .tuple([.int(2), .int(1)])), ("stride", .int(2))], [2, 4, 9, 11]),
            (.tuple([.int(4), .int(3)]), [("padding", .string("same")), ("dilation", .tuple([.int(1), .int(2)]))],
             [2, 4, 9, 11]),
            (.int(2), [("padding", .string("same"))], [4, 6, 7]),
            (.int(3), [("padding", .int(1)), ("groups", .int(2))], [1, 4, 5, 6]),
            (.int(3), [("padding", .int(3))], [2, 4, 4, 5]),
            (.int(2), [("padding", .int(-1))], [1, 4, 6, 7]),
            (.int(3), [("padding", .string("valid")), ("stride", .int(2))], [2, 4, 8, 9]),
        ]
        var worst = 0.0
        for setting in settings {
            let keywords = setting.keywords + [("padding_mode", .string(mode))]
            var conv: Conv2d
            let x = try rng.normalTensor(shape: setting.shape)
            let forward: ForwardResult
            do {
                conv = try makeLayer(Conv2d.self, [.int(4), .int(6), setting.kernel], keywords)
                forward = try run(&conv, x)
            } catch let error as LayerError {
                // Only negative padding with 'zeros' is PyTorch's error among these settings.
                #expect(mode == "zeros", "\(keywords): \(error)")
                continue
            }
            let gradOutput = try rng.normalTensor(shape: forward.output.shape)
            let gradients = try conv.backward(input: x, forward: forward, gradOutput: gradOutput, training: true,
                                              wantsInputGradient: true)
            let dx = try #require(gradients.input)
            #expect(dx.shape == x.shape)
            let dW = try #require(gradients.parameters["weight"]), db = try #require(gradients.parameters["bias"])
            let bias = try #require(conv.bias)
            let outer = dot(forward.output.storage, gradOutput.storage)
            let biasTerm = dot(bias.storage, db.storage)
            let viaInput = dot(x.storage, dx.storage), viaWeight = dot(conv.weight.storage, dW.storage)
            let what = "\(mode) \(setting.keywords)"
            let inputSide = (viaInput.sum + biasTerm.sum, viaInput.magnitude + biasTerm.magnitude)
            let weightSide = (viaWeight.sum + biasTerm.sum, viaWeight.magnitude + biasTerm.magnitude)
            worst = Swift.max(worst, expectAdjoint(outer, inputSide, "\(what) input"))
            worst = Swift.max(worst, expectAdjoint(outer, weightSide, "\(what) weight"))
        }
        print("Conv2d padding_mode=\(mode) backward vs its forward (adjoint identities): max relative gap \(worst)")
    }

    /// The fold of each padding mode is the adjoint of the padding: ⟨pad(x), y⟩ = ⟨x, fold(y)⟩.
    @Test(arguments: [Conv2d.PaddingMode.reflect, .replicate, .circular, .zeros])
    func paddingFoldIsTheAdjointOfThePadding(mode: Conv2d.PaddingMode) throws {
        var rng = RandomSource(seed: 25)
        let x = try rng.normalTensor(shape: [2, 3, 5, 6])
        for pads in [Conv2d.SidePadding(top: 1, bottom: 2, left: 3, right: 0),
                     Conv2d.SidePadding(top: 4, bottom: 4, left: 5, right: 5),
                     Conv2d.SidePadding(top: -1, bottom: 0, left: 2, right: -2)] {
            let source = mode == .zeros
                ? try Conv2d.materialise(x, pads, mode: .zeros) : try Conv2d.pad(x, pads, mode: mode)
            let y = try rng.normalTensor(shape: source.shape)
            let folded = Conv2d.foldPadding(y, onto: x.shape, pads, mode: mode)
            #expect(folded.shape == x.shape)
            expectAdjoint(dot(source.storage, y.storage), dot(x.storage, folded.storage), "\(mode) \(pads)")
        }
    }

    @Test func convolutionFirstLayerAndEmptyBatch() throws {
        var conv = try makeLayer(Conv2d.self, [.int(2), .int(3), .int(3)], [("padding", .int(1))])
        #expect(conv.parameterKeys == ["weight", "bias"])
        var rng = RandomSource(seed: 26)
        let x = try rng.normalTensor(shape: [2, 2, 5, 5])
        let forward = try run(&conv, x)
        let gradOutput = Tensor(shape: forward.output.shape, repeating: 1)
        let first = try conv.backward(input: x, forward: forward, gradOutput: gradOutput, training: true,
                                      wantsInputGradient: false)
        #expect(first.input == nil)
        #expect(first.parameters["bias"]?.storage == [Float](repeating: 50, count: 3))
        let full = try conv.backward(input: x, forward: forward, gradOutput: gradOutput, training: true,
                                     wantsInputGradient: true)
        #expect(full.parameters == first.parameters)

        let empty = Tensor(shape: [0, 2, 5, 5])
        let emptyForward = try run(&conv, empty)
        let gradients = try conv.backward(input: empty, forward: emptyForward, gradOutput: emptyForward.output,
                                          training: true, wantsInputGradient: true)
        #expect(gradients.input == empty)
        #expect(gradients.parameters["weight"] == Tensor(shape: [3, 2, 3, 3]))
        #expect(gradients.parameters["bias"] == Tensor(shape: [3]))

        let noBias = try makeLayer(Conv2d.self, [.int(2), .int(3), .int(3)], [("bias", .bool(false))])
        #expect(noBias.parameterKeys == ["weight"])
    }

    @Test func convolutionGradOutputOfTheWrongShapeIsRefused() throws {
        var conv = try makeLayer(Conv2d.self, [.int(2), .int(3), .int(3)])
        let x = Tensor(shape: [1, 2, 5, 5], repeating: 1)
        let forward = try run(&conv, x)
        expectLayerError(.runtimeError, "Mismatch in shape: grad_output[0] has a shape of torch.Size([1, 3, 3, 2]) "
                             + "and output[0] has a shape of torch.Size([1, 3, 3, 3]).") {
            _ = try conv.backward(input: x, forward: forward, gradOutput: Tensor(shape: [1, 3, 3, 2]), training: true,
                                  wantsInputGradient: true)
        }
    }

    @Test func cancelledWorkloadStopsTheConvolutionBackward() throws {
        var conv = try makeLayer(Conv2d.self, [.int(2), .int(3), .int(3)], [("padding", .int(1))])
        let x = Tensor(shape: [2, 2, 6, 6], repeating: 1)
        let forward = try run(&conv, x)
        let workload = Workload()
        workload.cancel()
        #expect(throws: ComputationCancelled.self) {
            try workload.run {
                _ = try conv.backward(input: x, forward: forward, gradOutput: forward.output, training: true,
                                      wantsInputGradient: true)
            }
        }
    }

    // MARK: Linear

    @Test(arguments: KernelISA.supported)
    func linearGradientsMatchReference(isa: KernelISA) throws {
        var rng = RandomSource(seed: 27)
        var worst = 0.0
        for (rows, inFeatures, outFeatures) in [(1, 1, 1), (32, 512, 10), (128, 20, 30), (7, 300, 5), (33, 17, 65),
                                                (2, 600, 13), (300, 64, 3), (5, 1, 40)] {
            let x = try rng.normalTensor(shape: [rows, inFeatures]).storage
            let weight = try rng.normalTensor(shape: [outFeatures, inFeatures]).storage
            let gradOutput = try rng.normalTensor(shape: [rows, outFeatures]).storage
            let what = "\(isa) (\(rows), \(inFeatures)) → \(outFeatures)"
            worst = Swift.max(worst, expectFastMatchesReference(
                Linear.blockedWeightGradient(x, gradOutput: gradOutput, rows: rows, inFeatures: inFeatures,
                                             outFeatures: outFeatures, isa: isa),
                Linear.referenceWeightGradient(x, gradOutput: gradOutput, rows: rows, inFeatures: inFeatures,
                                               outFeatures: outFeatures),
                "\(what) weight", tolerance: .backwardFastPath))
            worst = Swift.max(worst, expectFastMatchesReference(
                Linear.blockedInputGradient(gradOutput, rows: rows, weight: weight, inFeatures: inFeatures,
                                            outFeatures: outFeatures, isa: isa),
                Linear.referenceInputGradient(gradOutput, rows: rows, weight: weight, inFeatures: inFeatures,
                                              outFeatures: outFeatures),
                "\(what) input", tolerance: .backwardFastPath))
        }
        print("Linear backward (\(isa)) vs reference: max |Δ| \(worst)")
    }

    @Test func linearGradientThreadCountChangesNoDigit() throws {
        var rng = RandomSource(seed: 28)
        let (rows, inFeatures, outFeatures) = (300, 200, 70)
        let x = try rng.normalTensor(shape: [rows, inFeatures]).storage
        let weight = try rng.normalTensor(shape: [outFeatures, inFeatures]).storage
        let gradOutput = try rng.normalTensor(shape: [rows, outFeatures]).storage
        KernelThreads.limit = 1
        let one = (Linear.blockedWeightGradient(x, gradOutput: gradOutput, rows: rows, inFeatures: inFeatures,
                                                outFeatures: outFeatures),
                   Linear.blockedInputGradient(gradOutput, rows: rows, weight: weight, inFeatures: inFeatures,
                                               outFeatures: outFeatures))
        KernelThreads.limit = 3
        let three = (Linear.blockedWeightGradient(x, gradOutput: gradOutput, rows: rows, inFeatures: inFeatures,
                                                  outFeatures: outFeatures),
                     Linear.blockedInputGradient(gradOutput, rows: rows, weight: weight, inFeatures: inFeatures,
                                                 outFeatures: outFeatures))
        KernelThreads.limit = nil
        #expect(one.0 == three.0)
        #expect(one.1 == three.1)
    }

    /// ⟨y, gO⟩ = ⟨x, dx⟩ + ⟨b, db⟩ = ⟨W, dW⟩ + ⟨b, db⟩ for inputs of rank 1 to 4.
    @Test(arguments: [[7], [4, 7], [2, 3, 7], [2, 1, 3, 7], [0, 7]])
    func linearGradientsAreAdjointToTheForwardPass(shape: [Int]) throws {
        var rng = RandomSource(seed: 29)
        var linear = try makeLayer(Linear.self, [.int(7), .int(5)])
        #expect(linear.parameterKeys == ["weight", "bias"])
        let x = try rng.normalTensor(shape: shape)
        let forward = try run(&linear, x)
        let gradOutput = try rng.normalTensor(shape: forward.output.shape)
        let gradients = try linear.backward(input: x, forward: forward, gradOutput: gradOutput, training: true,
                                            wantsInputGradient: true)
        let dx = try #require(gradients.input)
        #expect(dx.shape == x.shape)
        let dW = try #require(gradients.parameters["weight"]), db = try #require(gradients.parameters["bias"])
        #expect(dW.shape == [5, 7] && db.shape == [5])
        let bias = try #require(linear.bias)
        let outer = dot(forward.output.storage, gradOutput.storage), biasTerm = dot(bias.storage, db.storage)
        let viaInput = dot(x.storage, dx.storage), viaWeight = dot(linear.weight.storage, dW.storage)
        expectAdjoint(outer, (viaInput.sum + biasTerm.sum, viaInput.magnitude + biasTerm.magnitude), "\(shape) input")
        expectAdjoint(outer, (viaWeight.sum + biasTerm.sum, viaWeight.magnitude + biasTerm.magnitude), "\(shape) weight")
        if shape.first == 0 { #expect(dW == Tensor(shape: [5, 7]) && db == Tensor(shape: [5])) }
    }

    @Test func linearFirstLayerAndNoBias() throws {
        var linear = try makeLayer(Linear.self, [.int(3), .int(2)], [("bias", .bool(false))])
        #expect(linear.parameterKeys == ["weight"])
        let x = Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])
        let forward = try run(&linear, x)
        let gradients = try linear.backward(input: x, forward: forward,
                                            gradOutput: Tensor(shape: [2, 2], storage: [1, 0, 0, 2]), training: true,
                                            wantsInputGradient: false)
        #expect(gradients.input == nil)
        #expect(gradients.parameters.keys.sorted() == ["weight"])
        // dW = gOᵀ·x = [[1, 2, 3], [8, 10, 12]]
        #expect(gradients.parameters["weight"] == Tensor(shape: [2, 3], storage: [1, 2, 3, 8, 10, 12]))
    }
}
