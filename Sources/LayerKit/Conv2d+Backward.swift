// Conv2d+Backward: the backward pass of Conv2d — the gradients of the weight, the bias and the input
// that PyTorch's autograd computes (`convolution_backward`, then `F.pad`'s backward), for every case
// the forward pass supports: batched and unbatched inputs, every padding mode, 'same' and 'valid',
// stride, dilation, groups, bias=False and empty batches.
//
// Dimension legend as in Conv2d.swift and Conv2d+ImplicitGEMM.swift, plus gO = ∂L/∂output
// `(N, C_out, H_out, W_out)`, M_g = C_out / G, P = H_out·W_out, K = C_g·kH·kW, k = (c, kr, kc) a
// tap, B = the positions of one block, and xp = the input as the zero-padded convolution saw it
// (after `F.pad` for the other padding modes, after the extra zero row/column of an odd 'same'):
//
//     dW[o, c, kr, kc] = Σ_{n,i,j} gO[n, o, i, j] · xp[n, g·C_g + c, i·sH + kr·dH − pH, j·sW + kc·dW − pW]
//     db[o]            = Σ_{n,i,j} gO[n, o, i, j]
//     dxp[n, g·C_g + c, y, x] = Σ weight[o, c, kr, kc] · gO[n, o, i, j] over o in group g and the
//                               (kr, kc, i, j) with i·sH + kr·dH − pH = y and j·sW + kc·dW − pW = x
//
// (0 outside xp), and the input gradient folds dxp back onto the input: each padded position adds its
// gradient to the position it was copied from (`Conv2d.sourceIndex`), a crop's rows get none.
//
// Two kernels for each: the plain loops of these sums with Double accumulators (the oracle, and the
// weight gradient's path when a non-finite gO meets padding PyTorch's kernel skips), and the fast
// path on every kernel thread, over LayerKernels:
//
//   * weight and bias: for sample n, block of positions and group g, the dot products of long rows
//         [dW_g | db_g] (M_g, K + 1) += gO_g (M_g, B) · [panel; 1]ᵀ (B, K + 1),
//     gO_g read in place and `panel` the forward's im2col block (K, B) (`fillPanel`) with a row of
//     ones below it, whose products are the bias gradient. The (sample, block) items are cut into
//     chunks fixed by the sizes alone; each chunk adds its products in order in Double, and the
//     chunks are added in order, so the thread count changes no digit.
//   * input, stride 1: the transposed convolution is a convolution — of gO with the weight flipped
//     (kr → kH−1−kr, kc → kW−1−kc) and its channel axes swapped, padded by d·(k − 1) − p — which
//     the forward's implicit GEMM computes (`inputGradientByConvolution`).
//   * input, any stride (col2im, `inputGradientColumns`): for sample n, group g and a range of its
//     channels, the blocked matrix product
//         columns (K_r, B) = W_gᵀ (K_r, M_g) · gO_g (M_g, B),
//     then each column entry is added onto the input position its tap reads. A task owns its
//     channels of its sample, so no two threads write one element and the order is fixed.

import LayerKernels

extension Conv2d: BackwardModule {
    /// `weight`, then `bias` unless built with `bias=False` (PyTorch's `named_parameters()`).
    public var parameterKeys: [String] { stateKeys }

    /// The gradients of a forward pass on `input`, given ∂L/∂output `gradOutput` `(N, C_out, H_out,
    /// W_out)` (or `(C_out, H_out, W_out)` for an unbatched input): `weight` `(C_out, C_in/G, kH, kW)`,
    /// `bias` `(C_out)` and, when asked for, the input's `(N, C_in, H, W)` or `(C_in, H, W)`.
    ///
    /// An empty batch gives zero parameter gradients and an empty input gradient, as in PyTorch.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        try checkGradOutputShape(gradOutput, output: forward.output)
        try check(input.rank == 3 || input.rank == 4, .runtimeError, "input",
                  "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                      + input.shape.torchList)
        if wantsInputGradient { try checkAllocation(shape: input.shape, subject: "input") }
        var weightGradient = [Float](repeating: 0, count: weight.count)
        var biasGradient = bias.map { [Float](repeating: 0, count: $0.count) }
        var inputGradient: Tensor?
        if input.count == 0 || gradOutput.count == 0 || weight.count == 0 {
            // PyTorch's shortcut for empty batches and zero-channel inputs computes nothing: zero gradients.
            if wantsInputGradient { inputGradient = Tensor(shape: input.shape) }
        } else {
            let trace = try convolutionTrace(input)
            let geometry = trace.geometry
            let outShape = [geometry.batch, outChannels, geometry.outHeight, geometry.outWidth]
            try check(outShape.elementCount == gradOutput.count, .runtimeError, "grad_output",
                      "Mismatch in shape: grad_output[0] has a shape of \(gradOutput.shape.torchSize) and the "
                          + "convolution of an input of shape \(input.shape.torchSize) gives \(outShape.torchSize)")
            // gO is (N, C_out, H_out, W_out)
            let gO = gradOutput.storage
            (weightGradient, biasGradient) = try Conv2d.weightGradientGEMM(trace.source.storage, gradOutput: gO, geometry,
                                                                           withBias: bias != nil)
            // The fast path multiplies padded taps (∞ · 0 = NaN); where PyTorch's kernel skips them, a
            // non-finite gO must not meet the padding. Any non-finite gO makes its channel's row of the
            // fast dW non-finite (∞ or NaN), so a finite result means a finite gO.
            let skipsPadding = !trace.paddingIsMultiplied
                && (geometry.rows.paddingBefore > 0 || geometry.columns.paddingBefore > 0)
            if skipsPadding && !(weightGradient.allSatisfy(\.isFinite) && (biasGradient ?? []).allSatisfy(\.isFinite)) {
                (weightGradient, biasGradient) = Conv2d.referenceWeightGradient(
                    trace.source.storage, gradOutput: gO, geometry, withBias: bias != nil, paddingIsMultiplied: false)
            }
            if wantsInputGradient {
                // dxp is (N, C_in, H', W'): the gradient of what the convolution read.
                let paddedGradient = try Conv2d.inputGradientGEMM(gO, weight: weight.storage, geometry)
                var dx = Tensor(shape: trace.source.shape, storage: paddedGradient)
                if let prepadding = trace.prepadding {
                    let batched = input.rank == 4 ? input.shape : [1] + input.shape
                    dx = Conv2d.foldPadding(dx, onto: batched, prepadding.pads, mode: prepadding.mode)
                }
                inputGradient = dx.reshaped(input.shape)
            }
            try Workload.checkCancelled()
        }
        var parameters = ["weight": Tensor(shape: weight.shape, storage: weightGradient)]
        if let bias, let biasGradient { parameters["bias"] = Tensor(shape: bias.shape, storage: biasGradient) }
        return Gradients(input: inputGradient, parameters: parameters)
    }

    // MARK: - Retracing the forward pass

    /// The zero-padded convolution a forward pass on some input ran, as its backward pass needs it.
    struct ConvolutionTrace {
        /// What the convolution slid over, `(N, C_in, H', W')`: the input itself, or its copy padded
        /// by `F.pad` (other padding modes) or grown by an odd 'same''s extra zeros.
        var source: Tensor
        /// The convolution of `source`, with its own zero padding.
        var geometry: ConvolutionGeometry
        /// The padding that made `source` from the input (nil when `source` is the input).
        var prepadding: (pads: SidePadding, mode: PaddingMode)?
        /// Whether PyTorch's kernel multiplies the zero padding of `geometry` (the native kernels)
        /// or skips it (oneDNN), as `convolve` decides it for the forward pass.
        var paddingIsMultiplied: Bool
    }

    /// Retraces the forward pass on `input` (3-D or 4-D, non-empty): the same padding, in the same
    /// order, as `forward`, `convolveSameZeros` and `convolveSameOdd` apply it.
    func convolutionTrace(_ input: Tensor) throws -> ConvolutionTrace {
        let batched = input.rank == 4 ? input : input.reshaped([1] + input.shape)
        var source = batched
        var prepadding: (pads: SidePadding, mode: PaddingMode)?
        var padH = 0, padW = 0
        if paddingMode != .zeros {
            let pads = try sidePadding
            source = try Conv2d.pad(batched, pads, mode: paddingMode)
            prepadding = (pads, paddingMode)
        } else {
            switch padding {
            case .explicit(let h, let w):
                (padH, padW) = (h, w)
            case .valid:
                break
            case .same:
                let (beforeH, afterH) = try ConvAxis.samePadding(kernelSize: kernelSize.height, dilation: dilation.height,
                                                                 rounding: .towardZero)
                let (beforeW, afterW) = try ConvAxis.samePadding(kernelSize: kernelSize.width, dilation: dilation.width,
                                                                 rounding: .towardZero)
                (padH, padW) = (beforeH, beforeW)
                if beforeH != afterH || beforeW != afterW {
                    // |after − before| ≤ 1: the extra zeros (or a crop) at the bottom/right.
                    let deltaH = afterH - beforeH, deltaW = afterW - beforeW
                    var pads = SidePadding(top: 0, bottom: 0, left: 0, right: 0)
                    if deltaH > 0 { pads.bottom = deltaH } else { pads.top = deltaH }
                    if deltaW > 0 { pads.right = deltaW } else { pads.left = deltaW }
                    source = try Conv2d.materialise(batched, pads, mode: .zeros)
                    prepadding = (pads, .zeros)
                }
            }
        }
        let (n, channels, h, w) = (source.shape[0], source.shape[1], source.shape[2], source.shape[3])
        let geometry = try ConvolutionGeometry(
            batch: n, inChannels: channels, outChannels: outChannels, groups: groups,
            rows: ConvAxis(inputSize: h, kernelSize: kernelSize.height, stride: stride.height,
                           dilation: dilation.height, padding: padH),
            columns: ConvAxis(inputSize: w, kernelSize: kernelSize.width, stride: stride.width,
                              dilation: dilation.width, padding: padW))
        try check(channels == weight.shape[1] * groups, .runtimeError, "input",
                  "Given groups=\(groups), weight of size \(weight.shape.torchList), expected input"
                      + "\(source.shape.torchList) to have \(weight.shape[1] * groups) channels, but got "
                      + "\(channels) channels instead")
        let native = try checkKernelBackend(batch: n, elementCount: source.count)
        let oneSidePadded = (kernelSize.height == 1 && padH > 0) || (kernelSize.width == 1 && padW > 0)
        return ConvolutionTrace(source: source, geometry: geometry, prepadding: prepadding,
                                paddingIsMultiplied: (native || oneSidePadded) && (padH > 0 || padW > 0))
    }

    /// `F.pad`'s backward: the gradient `padded` of a padded (or cropped) copy `(N, C, H', W')`
    /// folded onto the tensor of `shape` `(N, C, H, W)` it was made from — every padded position
    /// adds its gradient to the position it copied (`sourceIndex`); zeros and crops give none.
    static func foldPadding(_ padded: Tensor, onto shape: [Int], _ pads: SidePadding, mode: PaddingMode) -> Tensor {
        let (h, w) = (shape[2], shape[3])
        let (paddedH, paddedW) = (padded.shape[2], padded.shape[3])
        // folded is (N, C, H, W)
        var folded = Tensor(shape: shape)
        guard folded.count > 0 && padded.count > 0 else { return folded }
        let rowSource = (0..<paddedH).map { sourceIndex($0, before: pads.top, after: pads.bottom, size: h, mode: mode) }
        let colSource = (0..<paddedW).map { sourceIndex($0, before: pads.left, after: pads.right, size: w, mode: mode) }
        for plane in 0..<(shape[0] * shape[1]) {
            let inBase = plane * paddedH * paddedW, outBase = plane * h * w
            for row in 0..<paddedH where rowSource[row] >= 0 {
                for col in 0..<paddedW where colSource[col] >= 0 {
                    folded.storage[outBase + rowSource[row] * w + colSource[col]] +=
                        padded.storage[inBase + row * paddedW + col]
                }
            }
        }
        return folded
    }

    // MARK: - Weight and bias gradients, as dot products

    /// At most this many partial sums (each `C_out·(K + 1)` Doubles) share the weight gradient's items.
    static let gradientChunks = 16
    /// The partial sums of the weight gradient hold at most about this many Doubles (32 MiB) in all.
    static let gradientPartialDoubles = 4_194_304
    /// Below this many multiply-adds per thread (some 50 µs of work, panels included) a gradient
    /// kernel stays on fewer threads: waking another thread would cost more than it saves.
    static let gradientProductsPerThread = 1_048_576

    /// `∂L/∂weight` `(C_out, C_g, kH, kW)` and, with `withBias`, `∂L/∂bias` `(C_out)` of the
    /// convolution `geometry` of `x` `(N, C_in, H, W)`, given `gradOutput` `(N, C_out, H_out, W_out)`,
    /// as dot products of long rows (see the file's header).
    ///
    /// Every padded tap is multiplied by its gradient (gO · 0), as PyTorch's native kernels do. Each
    /// block's dot products are float32 with fused multiply-adds where the processor has them; the
    /// blocks are added in Double.
    ///
    /// `isa` is for tests, which compare every instruction set with the reference loops.
    static func weightGradientGEMM(_ x: [Float], gradOutput: [Float], _ geometry: ConvolutionGeometry,
                                   withBias: Bool, isa: KernelISA = .best) throws -> (weight: [Float], bias: [Float]?) {
        let outPlane = geometry.outPlane, taps = geometry.taps, outPerGroup = geometry.outPerGroup
        // The product's columns: the K taps, then the bias (the dot product with a row of ones).
        let productColumns = taps + (withBias ? 1 : 0)
        var weight = [Float](repeating: 0, count: geometry.outChannels * taps)
        var bias: [Float]? = withBias ? [Float](repeating: 0, count: geometry.outChannels) : nil
        guard geometry.batch > 0, outPlane > 0, taps > 0, outPerGroup > 0, geometry.groupChannels > 0 else {
            return (weight, bias)
        }
        let block = Swift.min(outPlane, Swift.max(32, panelFloats / productColumns))
        let blocksPerPlane = (outPlane + block - 1) / block
        // An item is one block of one sample (all its groups); chunks of consecutive items each
        // keep one partial sum, fixed by the sizes alone.
        let items = geometry.batch * blocksPerPlane
        let partialSize = geometry.outChannels * productColumns
        let chunks = Swift.min(items, gradientChunks, Swift.max(1, gradientPartialDoubles / partialSize))
        let panels = [productColumns, block, KernelThreads.count].elementCount
        let partialFloats = 2 * chunks * partialSize  // Doubles
        let scratch = panels.addingReportingOverflow(partialFloats)
        try MemoryBudget.reserve(elements: scratch.overflow ? Int.max : scratch.partialValue, of: 4,
                                 for: "the weight gradient's work panels", subject: "kernel_size")
        var partials = [Double](repeating: 0, count: chunks * partialSize)
        let columns = ConvolutionColumns(geometry)
        let inputPlane = geometry.height * geometry.width
        let groupChannels = geometry.groupChannels
        let chunkProducts = Swift.max(1, [items / chunks, block, geometry.outChannels, productColumns].elementCount)
        let chunksPerThread = gradientProductsPerThread / chunkProducts
        x.withUnsafeBufferPointer { xs in
            gradOutput.withUnsafeBufferPointer { gs in
                partials.withUnsafeMutableBufferPointer { ps in
                    let input = SharedPointer(base: xs.baseAddress!), grad = SharedPointer(base: gs.baseAddress!)
                    let sums = SharedMutablePointer(base: ps.baseAddress!)
                    KernelThreads.forEachSlice(chunks, minimumPerThread: chunksPerThread) { slice in
                        // panel is (K + 1, B): row k holds tap k of each position of the block; row K
                        // stays all ones (fillPanel writes rows 0..<K).
                        var panel = [Float](repeating: 1, count: productColumns * block)
                        // product is [dW_g | db_g] (M_g, K + 1) of one sample, block and group.
                        var product = [Float](repeating: 0, count: outPerGroup * productColumns)
                        panel.withUnsafeMutableBufferPointer { pb in
                            product.withUnsafeMutableBufferPointer { cb in
                                for chunk in slice {
                                    let partial = sums.base + chunk * partialSize
                                    for item in (items * chunk / chunks)..<(items * (chunk + 1) / chunks) {
                                        if Workload.stopRequested { return }  // the result is discarded
                                        let sample = item / blocksPerPlane
                                        let first = (item % blocksPerPlane) * block
                                        let count = Swift.min(block, outPlane - first)
                                        for group in 0..<geometry.groups {
                                            let firstChannel = sample * geometry.inChannels + group * groupChannels
                                            fillPanel(pb.baseAddress!, stride: block,
                                                      channels: input.base + firstChannel * inputPlane, geometry, columns,
                                                      positions: first..<(first + count))
                                            let firstOutput = sample * geometry.outChannels + group * outPerGroup
                                            let target = partial + group * outPerGroup * productColumns
                                            // gO_g's rows for the block, read in place, against the panel's rows.
                                            MatrixProduct.dotProducts(grad.base + firstOutput * outPlane + first,
                                                                      rows: outPerGroup, aStride: outPlane,
                                                                      pb.baseAddress!, bRows: productColumns,
                                                                      bStride: block, depth: count,
                                                                      into: cb.baseAddress!, cStride: productColumns,
                                                                      isa: isa)
                                            for e in 0..<(outPerGroup * productColumns) { target[e] += Double(cb[e]) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // The chunks' partial sums, added in order.
        for o in 0..<geometry.outChannels {
            for k in 0..<productColumns {
                var sum = 0.0
                for chunk in 0..<chunks { sum += partials[chunk * partialSize + o * productColumns + k] }
                if k < taps { weight[o * taps + k] = Float(sum) } else { bias?[o] = Float(sum) }
            }
        }
        return (weight, bias)
    }

    // MARK: - Input gradient, as matrix products

    /// `∂L/∂x` `(N, C_in, H, W)` of the convolution `geometry` given `gradOutput` `(N, C_out, H_out,
    /// W_out)` and `weight` `(C_out, C_g, kH, kW)`: the forward convolution of gO with the flipped
    /// weight where that applies and pays (`inputGradientByConvolution`), else col2im over matrix
    /// products (`inputGradientColumns`).
    static func inputGradientGEMM(_ gradOutput: [Float], weight: [Float], _ geometry: ConvolutionGeometry,
                                  isa: KernelISA = .best) throws -> [Float] {
        // The convolution builds M_g·kH·kW panel rows for every C_g outputs, col2im scatters C_g·kH·kW
        // rows of an M_g-deep product: the convolution wins unless C_g is small beside M_g.
        if 2 * geometry.groupChannels >= geometry.outPerGroup,
           let dx = try inputGradientByConvolution(gradOutput, weight: weight, geometry, isa: isa) {
            return dx
        }
        return try inputGradientColumns(gradOutput, weight: weight, geometry, isa: isa)
    }

    /// The input gradient of a stride-1 convolution as a forward convolution (the implicit GEMM):
    /// `dx = conv(gO, W′)` with `W′[g·C_g + c, o, kr, kc] = weight[g·M_g + o, c, kH−1−kr, kW−1−kc]`
    /// (`(C_in, M_g, kH, kW)`, groups G), dilation d and padding `d·(k − 1) − p` on each side, so
    /// that output y sums the gO positions i with `i + kr·d − p = y`.
    ///
    /// Returns nil where it does not apply: a stride above 1, padding beyond `d·(k − 1)`, or a
    /// non-finite weight (the convolution would multiply it by gO's zero padding: ∞ · 0 = NaN, where
    /// PyTorch never reads the padding).
    ///
    /// `isa` is for tests, which compare every instruction set with the reference loops.
    static func inputGradientByConvolution(_ gradOutput: [Float], weight: [Float], _ geometry: ConvolutionGeometry,
                                           isa: KernelISA = .best) throws -> [Float]? {
        let (rows, columns) = (geometry.rows, geometry.columns)
        let (kH, kW) = (geometry.kernelHeight, geometry.kernelWidth)
        guard rows.stride == 1, columns.stride == 1, kH > 0, kW > 0 else { return nil }
        let reachH = rows.dilation * (kH - 1), reachW = columns.dilation * (kW - 1)
        let transposedRows = ConvAxis(inputSize: geometry.outHeight, kernelSize: kH, dilation: rows.dilation,
                                      paddingBefore: reachH - rows.paddingBefore,
                                      paddingAfter: reachH - rows.paddingAfter)
        let transposedColumns = ConvAxis(inputSize: geometry.outWidth, kernelSize: kW, dilation: columns.dilation,
                                         paddingBefore: reachW - columns.paddingBefore,
                                         paddingAfter: reachW - columns.paddingAfter)
        guard Swift.min(transposedRows.paddingBefore, transposedRows.paddingAfter,
                        transposedColumns.paddingBefore, transposedColumns.paddingAfter) >= 0,
              weight.allSatisfy(\.isFinite) else { return nil }
        guard let transposed = try? ConvolutionGeometry(batch: geometry.batch, inChannels: geometry.outChannels,
                                                        outChannels: geometry.inChannels, groups: geometry.groups,
                                                        rows: transposedRows, columns: transposedColumns),
              transposed.outHeight == geometry.height, transposed.outWidth == geometry.width else { return nil }
        // flipped is W′ (C_in, M_g, kH, kW)
        let groupChannels = geometry.groupChannels, outPerGroup = geometry.outPerGroup
        var flipped = [Float](repeating: 0, count: weight.count)
        for group in 0..<geometry.groups {
            for o in 0..<outPerGroup {
                for c in 0..<groupChannels {
                    let source = ((group * outPerGroup + o) * groupChannels + c) * kH * kW
                    let target = ((group * groupChannels + c) * outPerGroup + o) * kH * kW
                    for kr in 0..<kH {
                        for kc in 0..<kW {
                            flipped[target + (kH - 1 - kr) * kW + (kW - 1 - kc)] = weight[source + kr * kW + kc]
                        }
                    }
                }
            }
        }
        return try implicitGEMM(gradOutput, weight: flipped, bias: nil, transposed, isa: isa)
    }

    /// col2im: `∂L/∂x` `(N, C_in, H, W)` as, per (sample, group, channel range, block), the
    /// columns `W_gᵀ · gO_g` of a matrix product, each added onto the input position its tap reads
    /// (taps in the padding are dropped). Any stride, dilation and padding.
    ///
    /// Sums over M_g are float32 with fused multiply-adds where the processor has them; each input
    /// element then adds its taps' columns in a fixed order.
    ///
    /// `isa` is for tests, which compare every instruction set with the reference loops.
    static func inputGradientColumns(_ gradOutput: [Float], weight: [Float], _ geometry: ConvolutionGeometry,
                                     isa: KernelISA = .best) throws -> [Float] {
        let outPlane = geometry.outPlane, taps = geometry.taps, outPerGroup = geometry.outPerGroup
        let groupChannels = geometry.groupChannels
        let kernelArea = geometry.kernelHeight * geometry.kernelWidth
        let inputPlane = geometry.height * geometry.width
        // dx is (N, C_in, H, W)
        var dx = [Float](repeating: 0, count: geometry.batch * geometry.inChannels * inputPlane)
        guard !dx.isEmpty, outPlane > 0, taps > 0, outPerGroup > 0 else { return dx }
        // Each (sample, group) plane is split into channel ranges until every thread has a task; a
        // product's rows are independent, so the split changes no digit.
        let planes = geometry.batch * geometry.groups
        let channelChunks = Swift.min(groupChannels, Swift.max(1, (KernelThreads.count + planes - 1) / planes))
        let block = Swift.min(MatrixProduct.paddedColumns(outPlane), Swift.max(32, panelFloats / taps / 32 * 32))
        let blocksPerPlane = (outPlane + block - 1) / block
        let gradientStride = MatrixProduct.paddedColumns(block)
        let maxRows = (groupChannels + channelChunks - 1) / channelChunks * kernelArea
        let scratch = [maxRows + outPerGroup, gradientStride, KernelThreads.count].elementCount
        try MemoryBudget.reserve(elements: scratch.addingReportingOverflow(2 * weight.count).overflow
                                     ? Int.max : scratch + 2 * weight.count,
                                 of: 4, for: "the input gradient's work panels", subject: "kernel_size")
        // The rows of W_gᵀ (K, M_g) of each (group, channel range), packed once for every block.
        var transposed = [Float](repeating: 0, count: weight.count)
        for group in 0..<geometry.groups {
            for o in 0..<outPerGroup {
                for k in 0..<taps {
                    transposed[(group * taps + k) * outPerGroup + o] = weight[(group * outPerGroup + o) * taps + k]
                }
            }
        }
        let channelRanges = (0..<channelChunks).map {
            (groupChannels * $0 / channelChunks)..<(groupChannels * ($0 + 1) / channelChunks)
        }
        let packedWeights: [PackedMatrix] = transposed.withUnsafeBufferPointer { wt in
            (0..<geometry.groups).flatMap { group in
                channelRanges.map { range in
                    PackedMatrix(rows: range.count * kernelArea, depth: outPerGroup,
                                 source: wt.baseAddress! + (group * taps + range.lowerBound * kernelArea) * outPerGroup,
                                 rowStride: outPerGroup, isa: isa)
                }
            }
        }
        let columns = ConvolutionColumns(geometry)
        let tasks = planes * channelChunks
        let taskProducts = Swift.max(1, [maxRows, outPerGroup, outPlane].elementCount)
        gradOutput.withUnsafeBufferPointer { gs in
            dx.withUnsafeMutableBufferPointer { ds in
                let grad = SharedPointer(base: gs.baseAddress!), output = SharedMutablePointer(base: ds.baseAddress!)
                KernelThreads.forEachSlice(tasks, minimumPerThread: gradientProductsPerThread / taskProducts) { slice in
                    // gradientPanel is gO_g's block (M_g, gradientStride); columnsPanel (rows, B).
                    var gradientPanel = [Float](repeating: 0, count: outPerGroup * gradientStride)
                    var columnsPanel = [Float](repeating: 0, count: maxRows * block)
                    gradientPanel.withUnsafeMutableBufferPointer { gb in
                        columnsPanel.withUnsafeMutableBufferPointer { cb in
                            for task in slice {
                                let chunk = task % channelChunks
                                let group = (task / channelChunks) % geometry.groups
                                let sample = task / (channelChunks * geometry.groups)
                                let range = channelRanges[chunk]
                                if range.isEmpty { continue }
                                let a = packedWeights[group * channelChunks + chunk]
                                let firstOutput = sample * geometry.outChannels + group * outPerGroup
                                let firstChannel = sample * geometry.inChannels + group * groupChannels + range.lowerBound
                                for blockIndex in 0..<blocksPerPlane {
                                    if Workload.stopRequested { return }  // the result is discarded
                                    let first = blockIndex * block
                                    let count = Swift.min(block, outPlane - first)
                                    for o in 0..<outPerGroup {
                                        (gb.baseAddress! + o * gradientStride)
                                            .update(from: grad.base + (firstOutput + o) * outPlane + first, count: count)
                                    }
                                    MatrixProduct.multiply(a, gb.baseAddress!, bStride: gradientStride, columns: count,
                                                           into: cb.baseAddress!, cStride: block)
                                    scatterColumns(cb.baseAddress!, stride: block,
                                                   into: output.base + firstChannel * inputPlane, channels: range.count,
                                                   geometry, columns, positions: first..<(first + count))
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }

    /// col2im: adds `columnsPanel[k·stride + (p − lower)]`, the gradient of tap k = (c, kr, kc) of
    /// position p, onto the input element that tap reads, for the `channels` channels at `planes`
    /// `(channels, H, W)`; taps in the padding are dropped.
    private static func scatterColumns(_ columnsPanel: UnsafePointer<Float>, stride: Int,
                                       into planes: UnsafeMutablePointer<Float>, channels: Int,
                                       _ geometry: ConvolutionGeometry, _ columns: ConvolutionColumns,
                                       positions: Range<Int>) {
        let (h, w) = (geometry.height, geometry.width)
        let outW = geometry.outWidth
        let (kH, kW) = (geometry.kernelHeight, geometry.kernelWidth)
        let (rowAxis, columnAxis) = (geometry.rows, geometry.columns)
        let strideW = columnAxis.stride
        for c in 0..<channels {
            let plane = planes + c * h * w
            for kr in 0..<kH {
                for kc in 0..<kW {
                    let row = columnsPanel + ((c * kH + kr) * kW + kc) * stride
                    let valid = columns.validOutputColumns[kc]
                    var position = positions.lowerBound
                    while position < positions.upperBound {
                        let outRow = position / outW, outCol = position % outW
                        let runLength = Swift.min(positions.upperBound - position, outW - outCol)
                        let inRow = rowAxis.inputPosition(output: outRow, tap: kr)
                        if inRow >= 0 && inRow < h {
                            // Output columns [lo, hi) of this run read inside the input row.
                            let lo = Swift.min(Swift.max(valid.lowerBound, outCol), outCol + runLength)
                            let hi = Swift.max(Swift.min(valid.upperBound, outCol + runLength), lo)
                            let target = plane + inRow * w + columnAxis.inputPosition(output: lo, tap: kc)
                            let source = row + (position - positions.lowerBound) + (lo - outCol)
                            if strideW == 1 {
                                for j in 0..<(hi - lo) { target[j] += source[j] }
                            } else {
                                for j in 0..<(hi - lo) { target[j * strideW] += source[j] }
                            }
                        }
                        position += runLength
                    }
                }
            }
        }
    }

    // MARK: - Reference loops

    /// The plain loops of the weight and bias gradients, one element at a time with a Double
    /// accumulator: the oracle of `weightGradientGEMM`, and what runs when a non-finite gradient
    /// meets padding the selected PyTorch kernel skips.
    ///
    /// `x` is `(N, C_in, H, W)`, `gradOutput` `(N, C_out, H_out, W_out)`; the results are
    /// `(C_out, C_g, kH, kW)` and, with `withBias`, `(C_out)`. With `paddingIsMultiplied` padded taps
    /// contribute `gO · 0` (NaN for an infinite gO), as PyTorch's native kernels compute them;
    /// otherwise they are skipped, as oneDNN skips them.
    static func referenceWeightGradient(_ x: [Float], gradOutput: [Float], _ geometry: ConvolutionGeometry,
                                        withBias: Bool, paddingIsMultiplied: Bool) -> (weight: [Float], bias: [Float]?) {
        let n = geometry.batch, h = geometry.height, w = geometry.width
        let outChannels = geometry.outChannels, outH = geometry.outHeight, outW = geometry.outWidth
        let (kH, kW) = (geometry.kernelHeight, geometry.kernelWidth)
        let (rows, columns) = (geometry.rows, geometry.columns)
        let groupChannels = geometry.groupChannels, outPerGroup = Swift.max(geometry.outPerGroup, 1)
        let inPlane = h * w, outPlane = outH * outW
        // weight is (C_out, C_g, kH, kW)
        var weight = [Float](repeating: 0, count: outChannels * geometry.taps)
        for o in 0..<outChannels {
            let group = o / outPerGroup
            for c in 0..<groupChannels {
                let inChannel = group * groupChannels + c
                for kr in 0..<kH {
                    for kc in 0..<kW {
                        var acc = 0.0
                        for sample in 0..<n {
                            let outBase = (sample * outChannels + o) * outPlane
                            let inBase = (sample * geometry.inChannels + inChannel) * inPlane
                            for outRow in 0..<outH {
                                let inRow = rows.inputPosition(output: outRow, tap: kr)
                                for outCol in 0..<outW {
                                    let inCol = columns.inputPosition(output: outCol, tap: kc)
                                    let g = Double(gradOutput[outBase + outRow * outW + outCol])
                                    if inRow >= 0 && inRow < h && inCol >= 0 && inCol < w {
                                        acc += g * Double(x[inBase + inRow * w + inCol])
                                    } else if paddingIsMultiplied {
                                        acc += g * 0
                                    }
                                }
                            }
                        }
                        weight[((o * groupChannels + c) * kH + kr) * kW + kc] = Float(acc)
                    }
                }
            }
        }
        guard withBias else { return (weight, nil) }
        // bias is (C_out)
        var bias = [Float](repeating: 0, count: outChannels)
        for o in 0..<outChannels {
            var acc = 0.0
            for sample in 0..<n {
                let outBase = (sample * outChannels + o) * outPlane
                for p in 0..<outPlane { acc += Double(gradOutput[outBase + p]) }
            }
            bias[o] = Float(acc)
        }
        return (weight, bias)
    }

    /// The plain loops of the input gradient with Double accumulators: every gO element adds
    /// `weight · gO` onto each input element its taps read (taps in the padding are dropped). The
    /// oracle of `inputGradientGEMM`.
    ///
    /// `gradOutput` is `(N, C_out, H_out, W_out)`, `weight` `(C_out, C_g, kH, kW)`; the result is
    /// `(N, C_in, H, W)`.
    static func referenceInputGradient(_ gradOutput: [Float], weight: [Float],
                                       _ geometry: ConvolutionGeometry) -> [Float] {
        let n = geometry.batch, channels = geometry.inChannels, h = geometry.height, w = geometry.width
        let outChannels = geometry.outChannels, outH = geometry.outHeight, outW = geometry.outWidth
        let (kH, kW) = (geometry.kernelHeight, geometry.kernelWidth)
        let (rows, columns) = (geometry.rows, geometry.columns)
        let groupChannels = geometry.groupChannels, outPerGroup = Swift.max(geometry.outPerGroup, 1)
        let inPlane = h * w, outPlane = outH * outW
        // dx is (N, C_in, H, W), summed in Double
        var dx = [Double](repeating: 0, count: n * channels * inPlane)
        for sample in 0..<n {
            for o in 0..<outChannels {
                let group = o / outPerGroup
                let outBase = (sample * outChannels + o) * outPlane
                for outRow in 0..<outH {
                    for outCol in 0..<outW {
                        let g = Double(gradOutput[outBase + outRow * outW + outCol])
                        for c in 0..<groupChannels {
                            let inBase = (sample * channels + group * groupChannels + c) * inPlane
                            let wBase = (o * groupChannels + c) * kH * kW
                            for kr in 0..<kH {
                                let inRow = rows.inputPosition(output: outRow, tap: kr)
                                guard inRow >= 0 && inRow < h else { continue }
                                for kc in 0..<kW {
                                    let inCol = columns.inputPosition(output: outCol, tap: kc)
                                    guard inCol >= 0 && inCol < w else { continue }
                                    dx[inBase + inRow * w + inCol] += Double(weight[wBase + kr * kW + kc]) * g
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx.map { Float($0) }
    }
}

extension MatrixProduct {
    /// C `(rows, bRows)` = A·Bᵀ: the dot products of A's rows `(rows, depth)`, `aStride` apart, with
    /// B's rows `(bRows, depth)`, `bStride` apart, both read in place and never past `depth`; C has row
    /// stride `cStride`. Each element is summed lane by lane in a fixed order (`lk_gemm_nt`).
    static func dotProducts(_ a: UnsafePointer<Float>, rows: Int, aStride: Int, _ b: UnsafePointer<Float>, bRows: Int,
                            bStride: Int, depth: Int, into c: UnsafeMutablePointer<Float>, cStride: Int,
                            isa: KernelISA = .best) {
        lk_gemm_nt(isa.raw, Int32(rows), Int32(bRows), Int32(depth), a, Int32(aStride), b, Int32(bStride),
                   c, Int32(cStride), 0)
    }
}
