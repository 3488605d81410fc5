// Linear+FastPath: `y = x·Wᵀ + b` as one blocked matrix product of LayerKernels, the rows of x
// split over the kernel threads (each output is summed by one thread, in order, so the thread
// count changes no digit).
//
// Dimension legend: R = rows of the flattened input, I = in_features, O = out_features.

extension Linear {
    /// Below this many multiply-adds per thread the product stays on one thread.
    static let productsPerThread = 262_144

    /// `x` `(R, I)` times Wᵀ `(I, O)` plus `bias` `(O)` (after the sum), in float32 with fused
    /// multiply-adds where the processor has them: `(R, O)`. Every dimension must be non-empty.
    ///
    /// `isa` is for tests, which compare every instruction set with `referenceProduct`.
    static func blockedProduct(_ x: [Float], rows: Int, weight: [Float], bias: [Float]?,
                               inFeatures: Int, outFeatures: Int, isa: KernelISA = .best) -> [Float] {
        // transposed is Wᵀ (I, O), its rows padded to the product's strip width.
        let stride = MatrixProduct.paddedColumns(outFeatures)
        var transposed = [Float](repeating: 0, count: inFeatures * stride)
        for o in 0..<outFeatures {
            for i in 0..<inFeatures { transposed[i * stride + o] = weight[o * inFeatures + i] }
        }
        // output is (R, O)
        var output = [Float](repeating: 0, count: rows * outFeatures)
        x.withUnsafeBufferPointer { xs in
            transposed.withUnsafeBufferPointer { ts in
                (bias ?? []).withUnsafeBufferPointer { bs in
                    output.withUnsafeMutableBufferPointer { os in
                        let input = SharedPointer(base: xs.baseAddress!), b = SharedPointer(base: ts.baseAddress!)
                        let columnBias = bias == nil ? nil : bs.baseAddress.map { SharedPointer(base: $0) }
                        let y = SharedMutablePointer(base: os.baseAddress!)
                        let perThread = Swift.max(1, productsPerThread / (inFeatures * outFeatures))
                        KernelThreads.forEachSlice(rows, minimumPerThread: perThread) { slice in
                            let a = PackedMatrix(rows: slice.count, depth: inFeatures,
                                                 source: input.base + slice.lowerBound * inFeatures,
                                                 rowStride: inFeatures, isa: isa)
                            MatrixProduct.multiply(a, b.base, bStride: stride, columns: outFeatures,
                                                   into: y.base + slice.lowerBound * outFeatures, cStride: outFeatures,
                                                   columnBias: columnBias?.base)
                        }
                    }
                }
            }
        }
        return output
    }
}
