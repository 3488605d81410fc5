// BatchNorm2d+Backward: the gradients of BatchNorm2d — through the batch statistics when the
// forward pass used them (train mode, or no running buffers), through the fixed running ones in
// eval mode — and of its affine weight and bias.
//
// Per channel c, over its M = N·H·W values, with x̂ = (x − μ)/σ and σ = √(var + eps):
//
//     ∂L/∂weight = Σ g·x̂        ∂L/∂bias = Σ g
//     batch statistics:   ∂L/∂x = (w/σ)·(g − Σg/M − x̂·Σ(g·x̂)/M)      (w = 1 without affine)
//     running statistics: ∂L/∂x = g·w/σ

extension BatchNorm2d: BackwardModule {
    /// `weight` and `bias` when affine, else none.
    public var parameterKeys: [String] {
        (weight == nil ? [] : ["weight"]) + (bias == nil ? [] : ["bias"])
    }

    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        try checkGradOutputShape(gradOutput, output: forward.output)
        try check(input.rank == 4, .valueError, "input", "expected 4D input (got \(input.rank)D input)")
        let (n, channels, plane) = (input.shape[0], input.shape[1], input.shape[2] * input.shape[3])
        let m = n * plane
        let useBatchStatistics = training || runningMean == nil
        // The mean and 1/σ of each channel, as the forward pass normalised with them.
        var mean = [Double](repeating: 0, count: channels)
        var inverseStd = [Double](repeating: 0, count: channels)
        if useBatchStatistics, m > 0 {
            let statistics = try ChannelStatistics(of: input)
            mean = statistics.mean
            inverseStd = statistics.variance.map { 1 / ($0 + eps).squareRoot() }
        } else if let runningMean, let runningVar {
            mean = runningMean.storage.map { Double($0) }
            inverseStd = runningVar.storage.map { 1 / (Double($0) + eps).squareRoot() }
        }
        var gradInput = wantsInputGradient ? [Float](repeating: 0, count: input.count) : []
        var gradWeight = [Float](repeating: 0, count: channels)
        var gradBias = [Float](repeating: 0, count: channels)
        input.storage.withUnsafeBufferPointer { x in
            gradOutput.storage.withUnsafeBufferPointer { g in
                for c in 0..<channels {
                    // Σg and Σ g·x̂ over the channel, in Double.
                    var sumG = 0.0, sumGX = 0.0
                    for item in 0..<n {
                        let base = (item * channels + c) * plane
                        for k in base..<(base + plane) {
                            let gk = Double(g[k])
                            sumG += gk
                            sumGX += gk * (Double(x[k]) - mean[c]) * inverseStd[c]
                        }
                    }
                    gradWeight[c] = Float(sumGX)
                    gradBias[c] = Float(sumG)
                    guard wantsInputGradient else { continue }
                    let scale = Double(weight?.storage[c] ?? 1) * inverseStd[c]
                    let meanG = m > 0 ? sumG / Double(m) : 0, meanGX = m > 0 ? sumGX / Double(m) : 0
                    for item in 0..<n {
                        let base = (item * channels + c) * plane
                        for k in base..<(base + plane) {
                            if useBatchStatistics {
                                let xHat = (Double(x[k]) - mean[c]) * inverseStd[c]
                                gradInput[k] = Float(scale * (Double(g[k]) - meanG - xHat * meanGX))
                            } else {
                                gradInput[k] = Float(scale * Double(g[k]))
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
}
