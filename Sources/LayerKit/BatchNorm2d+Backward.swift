// BatchNorm2d+Backward: the gradients of BatchNorm2d — through the batch statistics when the
// forward pass used them (train mode, or no running buffers in either mode), through the fixed
// running ones in eval mode — and of its affine weight and bias.
//
// Per channel c, over its M = N·H·W values, with g = ∂L/∂output, μ and σ = √(var + eps) the
// statistics the forward pass normalised with (var biased for the batch), x̂ = (x − μ)/σ and
// w = weight (1 without affine):
//
//     ∂L/∂weight = Σ g·x̂        ∂L/∂bias = Σ g
//     batch statistics:   ∂L/∂x = (w/σ)·(g − Σg/M − x̂·Σ(g·x̂)/M)
//     running statistics: ∂L/∂x = g·w/σ
//
// A train-mode forward pass has already moved the running buffers when backward runs, so the
// batch statistics are computed again from the input (as PyTorch saves them in the forward).
// The two sums of a channel are accumulated in Double (four accumulators each, so the loop does
// not wait on one addition chain); the per-element pass is float32, like PyTorch's kernel.

extension BatchNorm2d: BackwardModule {
    /// `weight` and `bias` when affine (`bias` unless built with `bias=False`), else none.
    public var parameterKeys: [String] {
        (weight == nil ? [] : ["weight"]) + (bias == nil ? [] : ["bias"])
    }

    /// The gradients of a forward pass on `input` `(N, C, H, W)` in the mode `training`, given
    /// ∂L/∂output `gradOutput` `(N, C, H, W)`: `weight` and `bias` `(C)` when affine and, when asked
    /// for, the input's `(N, C, H, W)`.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        try checkGradOutputShape(gradOutput, output: forward.output)
        try Self.checkRank(input)
        try check(gradOutput.shape == input.shape, .runtimeError, "grad_output",
                  "BatchNorm2d's backward needs the input of its forward pass")
        // input and gradOutput are (N, C, H, W)
        let (batch, channels, plane) = (input.shape[0], input.shape[1], input.shape[2] * input.shape[3])
        for (name, tensor) in [("weight", weight), ("running_mean", runningMean)] {
            if let tensor {
                try check(tensor.count == channels, .runtimeError, "input",
                          "\(name) should contain \(channels) elements not \(tensor.count)")
            }
        }
        let m = batch * plane
        let (mean, inverseStd, useBatchStatistics) = try normalisation(of: input, training: training)

        var gradInput = wantsInputGradient ? [Float](repeating: 0, count: input.count) : []
        var gradWeight = [Float](repeating: 0, count: channels)
        var gradBias = [Float](repeating: 0, count: channels)
        input.storage.withUnsafeBufferPointer { x in
            gradOutput.storage.withUnsafeBufferPointer { g in
                gradInput.withUnsafeMutableBufferPointer { gx in
                    for c in 0..<channels {
                        let mu = Float(mean[c])
                        // Σg and Σ g·(x − μ) over the channel.
                        var sumG = SIMD4<Double>(), sumGD = SIMD4<Double>()
                        for item in 0..<batch {
                            let base = (item * channels + c) * plane
                            var k = base
                            while k + 4 <= base + plane {
                                let gk = SIMD4<Double>(Double(g[k]), Double(g[k + 1]), Double(g[k + 2]), Double(g[k + 3]))
                                let dk = SIMD4<Double>(Double(x[k] - mu), Double(x[k + 1] - mu),
                                                       Double(x[k + 2] - mu), Double(x[k + 3] - mu))
                                sumG += gk
                                sumGD += gk * dk
                                k += 4
                            }
                            while k < base + plane {
                                sumG[0] += Double(g[k])
                                sumGD[0] += Double(g[k]) * Double(x[k] - mu)
                                k += 1
                            }
                        }
                        let totalG = sumG.sum(), totalGD = sumGD.sum()
                        gradWeight[c] = Float(totalGD * inverseStd[c])
                        gradBias[c] = Float(totalG)
                        guard wantsInputGradient else { continue }

                        let scale = Float(Double(weight?.storage[c] ?? 1) * inverseStd[c])  // w/σ
                        if useBatchStatistics {
                            // (w/σ)·(g − Σg/M − (x − μ)·Σ(g·(x − μ))/(M·σ²))
                            let meanG = Float(totalG / Double(m))
                            let projection = Float(totalGD * inverseStd[c] * inverseStd[c] / Double(m))
                            for item in 0..<batch {
                                let base = (item * channels + c) * plane
                                for k in base..<(base + plane) {
                                    gx[k] = scale * (g[k] - meanG - (x[k] - mu) * projection)
                                }
                            }
                        } else {
                            for item in 0..<batch {
                                let base = (item * channels + c) * plane
                                for k in base..<(base + plane) { gx[k] = g[k] * scale }
                            }
                        }
                    }
                }
            }
        }
        var parameters: [String: Tensor] = [:]
        if weight != nil { parameters["weight"] = Tensor(shape: [channels], storage: gradWeight) }
        if bias != nil { parameters["bias"] = Tensor(shape: [channels], storage: gradBias) }
        return Gradients(input: wantsInputGradient ? Tensor(shape: input.shape, storage: gradInput) : nil,
                         parameters: parameters)
    }

    /// The per-channel mean and 1/σ the forward pass in mode `training` normalised `input` with:
    /// the batch's (biased variance) in train mode or without running buffers, else the running
    /// ones. An empty batch has mean 0 and 1/σ 0 (its gradients are all zero).
    private func normalisation(of input: Tensor, training: Bool) throws
        -> (mean: [Double], inverseStd: [Double], batch: Bool) {
        let channels = input.shape[1]
        let useBatchStatistics = training || runningMean == nil
        if useBatchStatistics {
            guard input.count > 0 else {
                return ([Double](repeating: 0, count: channels), [Double](repeating: 0, count: channels), true)
            }
            let statistics = try ChannelStatistics(of: input)
            return (statistics.mean, statistics.variance.map { 1 / ($0 + eps).squareRoot() }, true)
        }
        let runningMean = runningMean?.storage ?? [], runningVar = runningVar?.storage ?? []
        return (runningMean.map { Double($0) }, runningVar.map { 1 / (Double($0) + eps).squareRoot() }, false)
    }
}
