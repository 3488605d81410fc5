// BatchNorm2d+FastPath: the two sweeps BatchNorm2d spends its time in — the per-channel moments of
// a batch and the per-channel `y = x·α + β` — spread over the kernel threads, one channel (or
// plane) per thread, so the thread count changes no digit.
//
// Dimension legend: N = batch, C = channels, H·W = the plane of one (sample, channel).

extension ChannelStatistics {
    /// Below this many values a sweep stays on one thread.
    static let valuesPerThread = 16_384

    /// Each channel's mean (the Double sum / n, rounded to float32) and the Double sum of its
    /// float32 squared deviations from that mean (rounded to float32), for an `(N, C, H, W)` input
    /// with H·W > 1.
    ///
    /// Each sum keeps four Double accumulators (values 4i, 4i + 1, 4i + 2, 4i + 3 of each plane; the
    /// rest into the first), added pairwise at the end: the latency of one accumulator no longer
    /// bounds the sweep, and against one accumulator (`referencePlaneMoments`) the Double sums differ
    /// in the 16th digit, which rounding to float32 leaves invisible.
    static func planeMoments(_ input: Tensor) -> (mean: [Double], squaredDeviationSum: [Double]) {
        if input.count == 0 { return referencePlaneMoments(input) }  // nothing to sweep (the means are NaN)
        let batch = input.shape[0], channels = input.shape[1]
        let planeSize = input.shape[2] * input.shape[3]
        let n = batch * planeSize
        var mean = [Double](repeating: 0, count: channels)
        var squaredDeviationSum = [Double](repeating: 0, count: channels)
        input.storage.withUnsafeBufferPointer { xs in
            mean.withUnsafeMutableBufferPointer { means in
                squaredDeviationSum.withUnsafeMutableBufferPointer { squares in
                    let x = SharedPointer(base: xs.baseAddress!)
                    let meanOut = SharedMutablePointer(base: means.baseAddress!)
                    let squaresOut = SharedMutablePointer(base: squares.baseAddress!)
                    let perThread = Swift.max(1, valuesPerThread / Swift.max(1, n))
                    KernelThreads.forEachSlice(channels, minimumPerThread: perThread) { slice in
                        for c in slice {
                            var sums = FourSums()
                            for b in 0..<batch {
                                sums.add(x.base + (b * channels + c) * planeSize, count: planeSize) { Double($0) }
                            }
                            let channelMean = Float(sums.total / Double(n))
                            var deviations = FourSums()
                            for b in 0..<batch {
                                // The float32 square of the float32 deviation, widened.
                                deviations.add(x.base + (b * channels + c) * planeSize, count: planeSize) {
                                    let deviation = $0 - channelMean
                                    return Double(deviation * deviation)
                                }
                            }
                            meanOut.base[c] = Double(channelMean)
                            squaresOut.base[c] = Double(Float(deviations.total))
                        }
                    }
                }
            }
        }
        return (mean, squaredDeviationSum)
    }
}

/// Four Double accumulators fed in turn.
private struct FourSums {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0

    /// (s0 + s1) + (s2 + s3).
    var total: Double { (s0 + s1) + (s2 + s3) }

    /// Adds `term(x)` for each of `count` floats.
    @inline(__always) mutating func add(_ values: UnsafePointer<Float>, count: Int, _ term: (Float) -> Double) {
        var i = 0
        while i + 4 <= count {
            s0 += term(values[i])
            s1 += term(values[i + 1])
            s2 += term(values[i + 2])
            s3 += term(values[i + 3])
            i += 4
        }
        while i < count {
            s0 += term(values[i])
            i += 1
        }
    }
}

extension BatchNorm2d {
    /// `y = fma(x, α[c], β[c])` for every value of channel c of an `(N, C, H, W)` input: the output
    /// `(N, C, H, W)`, one plane per thread.
    static func affine(_ input: Tensor, alphas: [Float], betas: [Float]) -> Tensor {
        let channels = input.shape[1]
        let planeSize = input.shape[2] * input.shape[3]
        let planes = input.shape[0] * channels
        var storage = [Float](repeating: 0, count: input.count)
        input.storage.withUnsafeBufferPointer { xs in
            storage.withUnsafeMutableBufferPointer { ys in
                let x = SharedPointer(base: xs.baseAddress!), y = SharedMutablePointer(base: ys.baseAddress!)
                let perThread = Swift.max(1, ChannelStatistics.valuesPerThread / Swift.max(1, planeSize))
                KernelThreads.forEachSlice(planes, minimumPerThread: perThread) { slice in
                    for plane in slice {
                        let c = plane % channels
                        MatrixProduct.fusedSweep(x.base + plane * planeSize, alpha: alphas[c], beta: betas[c],
                                                 into: y.base + plane * planeSize, count: planeSize)
                    }
                }
            }
        }
        return Tensor(shape: input.shape, storage: storage)
    }
}
