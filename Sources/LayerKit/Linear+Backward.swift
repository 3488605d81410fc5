// Linear+Backward: the backward pass of Linear, y = x·Wᵀ + b — with x the input flattened to (R, I)
// (a 1-D input is one row) and gO = ∂L/∂y flattened to (R, O):
//
//     dW (O, I) = gOᵀ · x        db (O) = Σ_rows gO        dx (R, I) = gO · W
//
// The two products run as blocked matrix products of LayerKernels, each split over the kernel
// threads by rows of its result (each element is summed by one thread, in order, so the thread count
// changes no digit); plain loops with Double accumulators are their oracle and run when a dimension
// is empty. The bias gradient is a Double column sum.
//
// Dimension legend as in Linear+FastPath.swift: R = rows of the flattened input, I = in_features,
// O = out_features.

extension Linear: BackwardModule {
    /// `weight`, then `bias` unless built with `bias=False` (PyTorch's `named_parameters()`).
    public var parameterKeys: [String] { stateKeys }

    /// The gradients of a forward pass on `input` `(*, I)`, given ∂L/∂output `gradOutput` `(*, O)`:
    /// `weight` `(O, I)`, `bias` `(O)` and, when asked for, the input's `(*, I)`.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        try checkGradOutputShape(gradOutput, output: forward.output)
        try check(input.rank >= 1, .runtimeError, "input",
                  "both arguments to linear need to be at least 1D, but they are \(input.rank)D and 2D")
        let rows = input.shape.dropLast().elementCount
        let lastSize = input.shape[input.rank - 1]
        try check(lastSize == inFeatures && gradOutput.shape == Array(input.shape.dropLast()) + [outFeatures],
                  .runtimeError, "input",
                  "\(bias == nil ? "mm" : "addmm"): mat1 and mat2 shapes cannot be multiplied "
                      + "(\(rows)x\(lastSize) and \(inFeatures)x\(outFeatures))")
        // x is (R, I), gO (R, O)
        let x = input.storage, gO = gradOutput.storage
        let fast = rows > 0 && inFeatures > 0 && outFeatures > 0
        let weightGradient = fast
            ? Linear.blockedWeightGradient(x, gradOutput: gO, rows: rows, inFeatures: inFeatures,
                                           outFeatures: outFeatures)
            : Linear.referenceWeightGradient(x, gradOutput: gO, rows: rows, inFeatures: inFeatures,
                                             outFeatures: outFeatures)
        var parameters = ["weight": Tensor(shape: [outFeatures, inFeatures], storage: weightGradient)]
        if bias != nil {
            parameters["bias"] = Tensor(shape: [outFeatures],
                                        storage: Linear.biasGradient(gO, rows: rows, outFeatures: outFeatures))
        }
        var inputGradient: Tensor?
        if wantsInputGradient {
            try checkAllocation(shape: input.shape, subject: "input")
            inputGradient = Tensor(shape: input.shape, storage: fast
                ? Linear.blockedInputGradient(gO, rows: rows, weight: weight.storage, inFeatures: inFeatures,
                                              outFeatures: outFeatures)
                : Linear.referenceInputGradient(gO, rows: rows, weight: weight.storage, inFeatures: inFeatures,
                                                outFeatures: outFeatures))
        }
        return Gradients(input: inputGradient, parameters: parameters)
    }

    // MARK: Fast path

    /// `dW = gOᵀ · x` `(O, I)` for `x` `(R, I)` and `gradOutput` `(R, O)`, as one blocked matrix
    /// product whose rows (output features) are split over the kernel threads; each element sums its
    /// R products in float32, with fused multiply-adds where the processor has them. Every dimension
    /// must be non-empty.
    ///
    /// `isa` is for tests, which compare every instruction set with `referenceWeightGradient`.
    static func blockedWeightGradient(_ x: [Float], gradOutput: [Float], rows: Int, inFeatures: Int,
                                      outFeatures: Int, isa: KernelISA = .best) -> [Float] {
        // transposed is gOᵀ (O, R)
        var transposed = [Float](repeating: 0, count: outFeatures * rows)
        for row in 0..<rows {
            for o in 0..<outFeatures { transposed[o * rows + row] = gradOutput[row * outFeatures + o] }
        }
        // B is x (R, I), its rows padded to the product's strip width (x itself when they already are).
        let stride = MatrixProduct.paddedColumns(inFeatures)
        let padded = stride == inFeatures ? x : Linear.paddedRows(x, rows: rows, columns: inFeatures, stride: stride)
        // dW is (O, I)
        var weightGradient = [Float](repeating: 0, count: outFeatures * inFeatures)
        transposed.withUnsafeBufferPointer { ts in
            padded.withUnsafeBufferPointer { xs in
                weightGradient.withUnsafeMutableBufferPointer { ws in
                    let a = SharedPointer(base: ts.baseAddress!), b = SharedPointer(base: xs.baseAddress!)
                    let c = SharedMutablePointer(base: ws.baseAddress!)
                    let perThread = Swift.max(1, productsPerThread / (rows * inFeatures))
                    KernelThreads.forEachSlice(outFeatures, minimumPerThread: perThread) { slice in
                        let packed = PackedMatrix(rows: slice.count, depth: rows,
                                                  source: a.base + slice.lowerBound * rows, rowStride: rows, isa: isa)
                        MatrixProduct.multiply(packed, b.base, bStride: stride, columns: inFeatures,
                                               into: c.base + slice.lowerBound * inFeatures, cStride: inFeatures)
                    }
                }
            }
        }
        return weightGradient
    }

    /// `dx = gO · W` `(R, I)` for `gradOutput` `(R, O)` and `weight` `(O, I)`, as one blocked matrix
    /// product whose rows are split over the kernel threads (float32 sums over O, with fused
    /// multiply-adds where the processor has them). Every dimension must be non-empty.
    ///
    /// `isa` is for tests, which compare every instruction set with `referenceInputGradient`.
    static func blockedInputGradient(_ gradOutput: [Float], rows: Int, weight: [Float], inFeatures: Int,
                                     outFeatures: Int, isa: KernelISA = .best) -> [Float] {
        // B is W (O, I), its rows padded to the product's strip width (W itself when they already are).
        let stride = MatrixProduct.paddedColumns(inFeatures)
        let padded = stride == inFeatures
            ? weight : Linear.paddedRows(weight, rows: outFeatures, columns: inFeatures, stride: stride)
        // dx is (R, I)
        var inputGradient = [Float](repeating: 0, count: rows * inFeatures)
        gradOutput.withUnsafeBufferPointer { gs in
            padded.withUnsafeBufferPointer { ws in
                inputGradient.withUnsafeMutableBufferPointer { ds in
                    let a = SharedPointer(base: gs.baseAddress!), b = SharedPointer(base: ws.baseAddress!)
                    let c = SharedMutablePointer(base: ds.baseAddress!)
                    let perThread = Swift.max(1, productsPerThread / (outFeatures * inFeatures))
                    KernelThreads.forEachSlice(rows, minimumPerThread: perThread) { slice in
                        let packed = PackedMatrix(rows: slice.count, depth: outFeatures,
                                                  source: a.base + slice.lowerBound * outFeatures,
                                                  rowStride: outFeatures, isa: isa)
                        MatrixProduct.multiply(packed, b.base, bStride: stride, columns: inFeatures,
                                               into: c.base + slice.lowerBound * inFeatures, cStride: inFeatures)
                    }
                }
            }
        }
        return inputGradient
    }

    /// A `(rows, columns)` matrix copied into rows `stride` apart (the gap zero).
    private static func paddedRows(_ values: [Float], rows: Int, columns: Int, stride: Int) -> [Float] {
        var padded = [Float](repeating: 0, count: rows * stride)
        for row in 0..<rows {
            for column in 0..<columns { padded[row * stride + column] = values[row * columns + column] }
        }
        return padded
    }

    /// `db = Σ_rows gO` `(O)` for `gradOutput` `(R, O)`, summed in Double, row by row.
    static func biasGradient(_ gradOutput: [Float], rows: Int, outFeatures: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: outFeatures)
        for row in 0..<rows {
            for o in 0..<outFeatures { sums[o] += Double(gradOutput[row * outFeatures + o]) }
        }
        return sums.map { Float($0) }
    }

    // MARK: Reference loops

    /// `dW = gOᵀ · x` with plain loops, one element at a time with a Double accumulator: the oracle
    /// of `blockedWeightGradient`, and what runs when a dimension is empty.
    static func referenceWeightGradient(_ x: [Float], gradOutput: [Float], rows: Int, inFeatures: Int,
                                        outFeatures: Int) -> [Float] {
        // dW is (O, I)
        var weightGradient = [Float](repeating: 0, count: outFeatures * inFeatures)
        for o in 0..<outFeatures {
            for i in 0..<inFeatures {
                var sum = 0.0
                for row in 0..<rows {
                    sum += Double(gradOutput[row * outFeatures + o]) * Double(x[row * inFeatures + i])
                }
                weightGradient[o * inFeatures + i] = Float(sum)
            }
        }
        return weightGradient
    }

    /// `dx = gO · W` with plain loops and Double accumulators: the oracle of `blockedInputGradient`,
    /// and what runs when a dimension is empty.
    static func referenceInputGradient(_ gradOutput: [Float], rows: Int, weight: [Float], inFeatures: Int,
                                       outFeatures: Int) -> [Float] {
        // dx is (R, I)
        var inputGradient = [Float](repeating: 0, count: rows * inFeatures)
        for row in 0..<rows {
            for i in 0..<inFeatures {
                var sum = 0.0
                for o in 0..<outFeatures {
                    sum += Double(gradOutput[row * outFeatures + o]) * Double(weight[o * inFeatures + i])
                }
                inputGradient[row * inFeatures + i] = Float(sum)
            }
        }
        return inputGradient
    }
}
