// Conv2d+ImplicitGEMM: the fast kernel of Conv2d — the convolution as matrix products, one per
// (sample, group, block of output positions), on every kernel thread.
//
// Dimension legend as in Conv2d.swift, plus P = H_out·W_out (output positions of a plane),
// K = C_g·kH·kW (taps of one output element), B = the positions of one block.
//
// For sample n, group g and the positions p of one block, with tap k = (c, kr, kc):
//
//     out[n, g·M_g + o, p] = bias[g·M_g + o] + Σ_k weight_g[o, k] · panel[k, p]
//     panel[k, p] = x[n, g·C_g + c, i·sH − pH + kr·dH, j·sW − pW + kc·dW]   (p = i·W_out + j; 0 outside)
//
// The weight of a group is already the `(M_g, K)` matrix A (its rows are contiguous); the panel, a
// slice of the im2col matrix B, is built per block, never for the whole image, so it stays in the
// second-level cache while LayerKernels' product runs over it. Each output element is one product
// row × column, summed over k in order by one thread: the thread count changes no digit.

extension Conv2d {
    /// A panel holds at most about this many floats (256 KiB), unless one row of 32 positions needs more.
    static let panelFloats = 65_536

    /// The convolution of `x` `(N, C_in, H, W)` with `weight` `(C_out, C_g, kH, kW)` and `bias`
    /// `(C_out)` as blocked matrix products: `(N, C_out, H_out, W_out)`.
    ///
    /// Every padded tap is multiplied by its weight (0 · weight), as PyTorch's native kernels do.
    /// Sums are float32 with fused multiply-adds where the processor has them (the reference
    /// loops sum in Double); the bias is added after the sum.
    ///
    /// `isa` is for tests, which compare every instruction set with the reference loops.
    static func implicitGEMM(_ x: [Float], weight: [Float], bias: [Float]?, _ geometry: ConvolutionGeometry,
                             isa: KernelISA = .best) throws -> [Float] {
        let outPlane = geometry.outPlane, taps = geometry.taps
        let outPerGroup = geometry.outPerGroup
        // out is (N, C_out, H_out, W_out)
        var out = [Float](repeating: 0, count: geometry.batch * geometry.outChannels * outPlane)
        guard !out.isEmpty, taps > 0, outPerGroup > 0 else { return out }
        // The weight of group g is A_g (M_g, K), packed once for every block.
        let groupWeights: [PackedMatrix] = weight.withUnsafeBufferPointer { wt in
            (0..<geometry.groups).map { group in
                PackedMatrix(rows: outPerGroup, depth: taps, source: wt.baseAddress! + group * outPerGroup * taps,
                             rowStride: taps, isa: isa)
            }
        }
        let block = Swift.min(MatrixProduct.paddedColumns(outPlane), Swift.max(32, panelFloats / taps / 32 * 32))
        let blocksPerPlane = (outPlane + block - 1) / block
        let panelStride = MatrixProduct.paddedColumns(block)
        // Each thread's panel, and the packed weights: reserved before they are made.
        let panels = [taps, panelStride, KernelThreads.count].elementCount
        try MemoryBudget.reserve(elements: panels.addingReportingOverflow(weight.count).overflow ? Int.max : panels + weight.count,
                                 of: 4, for: "the convolution's work panels", subject: "kernel_size")
        let columns = ConvolutionColumns(geometry)
        let biasValues = bias ?? []
        let inputPlane = geometry.height * geometry.width
        let tasks = geometry.batch * geometry.groups * blocksPerPlane
        x.withUnsafeBufferPointer { xs in
            biasValues.withUnsafeBufferPointer { bs in
                out.withUnsafeMutableBufferPointer { os in
                    let input = SharedPointer(base: xs.baseAddress!)
                    // (An empty array may still have a base address.)
                    let biasBase = bias == nil ? nil : bs.baseAddress.map { SharedPointer(base: $0) }
                    let output = SharedMutablePointer(base: os.baseAddress!)
                    KernelThreads.forEachSlice(tasks) { slice in
                        // panel is (K, panelStride): column j holds the taps of position first + j.
                        var panel = [Float](repeating: 0, count: taps * panelStride)
                        panel.withUnsafeMutableBufferPointer { pb in
                            for task in slice {
                                if Workload.stopRequested { return }  // the result is discarded
                                let blockIndex = task % blocksPerPlane
                                let group = (task / blocksPerPlane) % geometry.groups
                                let sample = task / (blocksPerPlane * geometry.groups)
                                let first = blockIndex * block
                                let count = Swift.min(block, outPlane - first)
                                let firstChannel = sample * geometry.inChannels + group * geometry.groupChannels
                                fillPanel(pb.baseAddress!, stride: panelStride,
                                          channels: input.base + firstChannel * inputPlane, geometry, columns,
                                          positions: first..<(first + count))
                                let firstOutput = sample * geometry.outChannels + group * outPerGroup
                                MatrixProduct.multiply(groupWeights[group], pb.baseAddress!, bStride: panelStride,
                                                       columns: count, into: output.base + firstOutput * outPlane + first,
                                                       cStride: outPlane,
                                                       rowBias: biasBase.map { $0.base + group * outPerGroup })
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Writes the panel rows k = (c, kr, kc) for the output positions `positions` of one plane:
    /// `panel[k·stride + (p − positions.lowerBound)]` is the input tap of position p, 0 in the padding.
    ///
    /// `channels` points at the group's first input channel `(C_g, H, W)`. An output row's run of
    /// positions reads one input row (a contiguous copy when sW = 1), with zeros where it overhangs.
    static func fillPanel(_ panel: UnsafeMutablePointer<Float>, stride: Int, channels: UnsafePointer<Float>,
                          _ geometry: ConvolutionGeometry, _ columns: ConvolutionColumns,
                          positions: Range<Int>) {
        let (h, w) = (geometry.height, geometry.width)
        let outW = geometry.outWidth
        let (kH, kW) = (geometry.kernelHeight, geometry.kernelWidth)
        let (rowAxis, columnAxis) = (geometry.rows, geometry.columns)
        let strideW = columnAxis.stride
        for c in 0..<geometry.groupChannels {
            let plane = channels + c * h * w
            for kr in 0..<kH {
                for kc in 0..<kW {
                    let tap = (c * kH + kr) * kW + kc
                    let row = panel + tap * stride
                    let valid = columns.validOutputColumns[kc]
                    var position = positions.lowerBound
                    while position < positions.upperBound {
                        let outRow = position / outW, outCol = position % outW
                        let runLength = Swift.min(positions.upperBound - position, outW - outCol)
                        let run = row + (position - positions.lowerBound)  // run[j] is output column outCol + j
                        let inRow = rowAxis.inputPosition(output: outRow, tap: kr)
                        if inRow < 0 || inRow >= h {
                            run.update(repeating: 0, count: runLength)
                        } else {
                            // Output columns [lo, hi) of this run read inside the input row.
                            let lo = Swift.min(Swift.max(valid.lowerBound, outCol), outCol + runLength)
                            let hi = Swift.max(Swift.min(valid.upperBound, outCol + runLength), lo)
                            run.update(repeating: 0, count: lo - outCol)
                            let firstInCol = columnAxis.inputPosition(output: lo, tap: kc)
                            let source = plane + inRow * w + firstInCol
                            let inside = run + (lo - outCol)
                            if strideW == 1 {
                                inside.update(from: source, count: hi - lo)
                            } else {
                                for j in 0..<(hi - lo) { inside[j] = source[j * strideW] }
                            }
                            (run + (hi - outCol)).update(repeating: 0, count: outCol + runLength - hi)
                        }
                        position += runLength
                    }
                }
            }
        }
    }
}

/// For each kernel column kc, the output columns j whose tap `j·sW + kc·dW − pW` (the width axis's
/// `inputPosition`) falls inside the input row `[0, W)`.
struct ConvolutionColumns: Sendable {
    /// `validOutputColumns[kc]` ⊆ `0..<W_out` (empty when the tap never lands inside).
    let validOutputColumns: [Range<Int>]

    init(_ geometry: ConvolutionGeometry) {
        let columns = geometry.columns
        let strideW = columns.stride, outW = geometry.outWidth
        validOutputColumns = (0..<geometry.kernelWidth).map { kc in
            // j·sW + offset ∈ [0, W) with offset = kc·dW − pW, the position of tap kc of output 0.
            let offset = columns.inputPosition(output: 0, tap: kc)
            let lo = offset >= 0 ? 0 : (-offset + strideW - 1) / strideW
            let hiInclusive = pythonFloorDivide(geometry.width - 1 - offset, strideW)
            let hi = Swift.min(outW, hiInclusive + 1)
            return Swift.min(lo, outW)..<Swift.max(Swift.min(lo, outW), hi)
        }
    }
}
