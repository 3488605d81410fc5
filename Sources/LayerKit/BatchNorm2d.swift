// BatchNorm2d: per-channel batch normalisation of NCHW images, with PyTorch's running statistics,
// its train/eval split and its forward-time checks in PyTorch's order.
//
// Dimension legend: N = batch, C = channels (num_features), H = height, W = width,
// n = N·H·W = the number of values each channel's statistics are taken over.

/// The per-channel mean and variance of a batch of images: what `BatchNorm2d` normalises with in
/// training, and what a before/after picture of the layer shows.
///
/// Computed over the n = N·H·W values of each channel as PyTorch's CPU kernel does, because an input
/// with a large mean and a small spread shows the kernel's rounding in the first digits of the output:
/// - images of more than one pixel: the sum in Double accumulators, the mean rounded to float32, the
///   squared deviations from that float32 mean summed in Double accumulators, the sum rounded to
///   float32 (four accumulators per channel, one thread per channel: see `planeMoments`);
/// - `(N, C, 1, 1)` inputs, which PyTorch treats as channels-last rows: the N rows are split into
///   `statisticsThreads` consecutive chunks of ⌈N / threads⌉ rows (one chunk when N ≤ 2, which
///   PyTorch does not split), each summed in float32, the chunk sums added in Double; the squared
///   deviations likewise.
/// `variance` is the biased variance Σ(x − mean)²/n (the one BatchNorm2d normalises with);
/// `unbiasedVariance` is Σ(x − mean)²/(n − 1) (the one it blends into `running_var`); both divide
/// the float32 sum in float32, as the kernel does.
///
/// Unlike PyTorch, whose `(N, C, 1, 1)` statistics depend on its intra-op thread count, the chunks
/// assume two threads (PyTorch's default on a two-core machine).
public struct ChannelStatistics: Sendable, Equatable {
    /// n = N·H·W, the number of values per channel.
    public var count: Int
    /// Σx / n per channel (NaN when n is 0).
    public var mean: [Double]
    /// Σ(x − mean)² per channel.
    public var squaredDeviationSum: [Double]

    /// The intra-op thread count PyTorch's channels-last statistics are modelled with.
    public static let statisticsThreads = 2

    /// Σ(x − mean)² / n per channel: the biased variance.
    public var variance: [Double] {
        squaredDeviationSum.map { Double(Float($0) / Float(count)) }
    }

    /// Σ(x − mean)² / (n − 1) per channel: the unbiased variance (±∞ or NaN when n ≤ 1).
    public var unbiasedVariance: [Double] {
        squaredDeviationSum.map { Double(Float($0) / Float(count - 1)) }
    }

    /// The statistics of each channel of an `(N, C, H, W)` tensor.
    ///
    /// Throws PyTorch's `ValueError` `expected 4D input (got 3D input)` for any other rank.
    public init(of input: Tensor) throws {
        try BatchNorm2d.checkRank(input)
        // input is (N, C, H, W)
        let batch = input.shape[0], channels = input.shape[1]
        let planeSize = input.shape[2] * input.shape[3]
        let n = batch * planeSize
        var mean = [Double](repeating: 0, count: channels)
        var squaredDeviationSum = [Double](repeating: 0, count: channels)
        if planeSize == 1 {
            // (N, C, 1, 1) is also channels-last: rows of C values, summed per thread chunk.
            let threads = batch > 2 ? Self.statisticsThreads : 1
            let chunk = (batch + threads - 1) / threads
            for c in 0..<channels {
                var sum = 0.0
                for start in stride(from: 0, to: batch, by: Swift.max(chunk, 1)) {
                    var partial: Float = 0
                    for row in start..<Swift.min(start + chunk, batch) { partial += input.storage[row * channels + c] }
                    sum += Double(partial)
                }
                let channelMean = Float(sum / Double(n))
                var squares = 0.0
                for start in stride(from: 0, to: batch, by: Swift.max(chunk, 1)) {
                    var partial: Float = 0
                    for row in start..<Swift.min(start + chunk, batch) {
                        let deviation = input.storage[row * channels + c] - channelMean
                        partial += deviation * deviation
                    }
                    squares += Double(partial)
                }
                mean[c] = Double(channelMean)
                squaredDeviationSum[c] = Double(Float(squares))
            }
        } else {
            (mean, squaredDeviationSum) = ChannelStatistics.planeMoments(input)
        }
        self.count = n
        self.mean = mean
        self.squaredDeviationSum = squaredDeviationSum
    }

    /// The reference loops for images of more than one pixel, one channel at a time with a single
    /// Double accumulator: the oracle `planeMoments` (four accumulators, every thread) is tested against.
    ///
    /// `input` is `(N, C, H, W)` with H·W > 1; returns each channel's mean (rounded to float32) and
    /// its squared-deviation sum (rounded to float32).
    static func referencePlaneMoments(_ input: Tensor) -> (mean: [Double], squaredDeviationSum: [Double]) {
        let batch = input.shape[0], channels = input.shape[1]
        let planeSize = input.shape[2] * input.shape[3]
        let n = batch * planeSize
        var mean = [Double](repeating: 0, count: channels)
        var squaredDeviationSum = [Double](repeating: 0, count: channels)
        for c in 0..<channels {
            var sum = 0.0
            for b in 0..<batch {
                let planeStart = (b * channels + c) * planeSize
                for i in 0..<planeSize { sum += Double(input.storage[planeStart + i]) }
            }
            let channelMean = Float(sum / Double(n))
            var squares = 0.0
            for b in 0..<batch {
                let planeStart = (b * channels + c) * planeSize
                for i in 0..<planeSize {
                    let deviation = input.storage[planeStart + i] - channelMean
                    squares += Double(deviation * deviation)
                }
            }
            mean[c] = Double(channelMean)
            squaredDeviationSum[c] = Double(Float(squares))
        }
        return (mean, squaredDeviationSum)
    }
}

/// `torch.nn.BatchNorm2d`: normalises each channel of an `(N, C, H, W)` batch to zero mean and unit
/// variance, then scales by `weight` and shifts by `bias`.
///
/// `BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, *,
/// bias=True)` — https://pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html
///
/// - Input `(N, C, H, W)` with C = `num_features`; output has the same shape. Exactly 4-D.
/// - Training mode: per channel, over the n = N·H·W values,
///   `y = (x − mean) / √(var_b + eps) · weight + bias` with the biased variance
///   `var_b = Σ(x − mean)²/n`. When tracking, `num_batches_tracked += 1` and, with
///   `f = momentum` (or `1/num_batches_tracked` when `momentum` is None, a cumulative average),
///   `running_mean ← (1 − f)·running_mean + f·mean`,
///   `running_var ← (1 − f)·running_var + f·var_b·n/(n − 1)` (the unbiased variance).
/// - Eval mode: the running statistics when the buffers exist (`track_running_stats=True`),
///   otherwise the batch statistics; nothing is updated.
/// - Both modes evaluate `y = x·α + β` per channel with `α = weight/√(var + eps)` and
///   `β = bias − mean·α`, both multiply-adds fused, as PyTorch's CPU kernel does (this keeps the
///   last digits when the mean is large against the spread).
/// - State: `weight` (ones) and `bias` (zeros) when `affine` (no `bias` when `bias=False`);
///   buffers `running_mean` (zeros), `running_var` (ones), `num_batches_tracked` (int64 0) when
///   `track_running_stats`.
/// - `ChannelStatistics(of:)` gives the per-channel batch mean and variance of any 4-D tensor
///   (the input, or the output, to show their effect).
/// - As in PyTorch, training mode counts the batch in `num_batches_tracked` before the
///   value-count, eps and channel checks, so a call that then fails has still been counted.
///
/// Unlike PyTorch, the `device` and `dtype` factory arguments (positional after
/// `track_running_stats`) are left out: LayerKit computes on the CPU in float32 only.
/// Unlike PyTorch (`ZeroDivisionError`), `momentum=None` with a loaded `num_batches_tracked` of −1
/// reports the division by zero as a `RuntimeError`.
public struct BatchNorm2d: Module {
    public static let schema = LayerSchema(
        name: "BatchNorm2d", initializer: "_BatchNorm", group: .normalization,
        summary: "Normalise each channel over the batch, then scale and shift",
        params: [
            ParamSpec("num_features", .int, range: ParamRange(1, 1024),
                      "C, the number of channels of the (N, C, H, W) input"),
            ParamSpec("eps", .float, default: .float(1e-5), range: ParamRange(0, 1, step: 0.001),
                      "added to the variance before the square root, for numerical stability"),
            ParamSpec("momentum", .optionalFloat, default: .float(0.1), range: ParamRange(0, 1, step: 0.05),
                      "weight of the new batch in the running statistics; None = cumulative average"),
            ParamSpec("affine", .bool, default: .bool(true),
                      "learn a per-channel weight (and bias)"),
            ParamSpec("track_running_stats", .bool, default: .bool(true),
                      "keep running mean/variance buffers and use them in eval mode"),
        ] + ParamSpec.factoryArguments + [
            ParamSpec("bias", .bool, default: .bool(true), keywordOnly: true,
                      "with affine, also learn a per-channel bias"),
        ])

    public let arguments: Arguments
    /// C, the number of channels the parameters and buffers have.
    public let numFeatures: Int
    /// Added to the variance before the square root.
    public let eps: Double
    /// The weight of the new batch in the running statistics; `nil` for a cumulative average.
    public let momentum: Double?
    /// Whether the layer has a learnable `weight` (and, with `bias=True`, a `bias`).
    public let affine: Bool
    /// Whether the layer has running-statistics buffers (and uses them in eval mode).
    public let trackRunningStats: Bool

    /// The per-channel scale `(C)`, `nil` unless `affine`.
    public private(set) var weight: Tensor?
    /// The per-channel shift `(C)`, `nil` unless `affine` and `bias`.
    public private(set) var bias: Tensor?
    /// The running mean `(C)`, `nil` unless `track_running_stats`.
    public private(set) var runningMean: Tensor?
    /// The running unbiased variance `(C)`, `nil` unless `track_running_stats`.
    public private(set) var runningVar: Tensor?
    /// How many training batches updated the running statistics, `nil` unless `track_running_stats`.
    public private(set) var numBatchesTracked: Int64?

    /// Builds the layer; fails as PyTorch's tensor factories do for a negative `num_features`.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        numFeatures = arguments.int("num_features")
        eps = arguments.double("eps")
        momentum = arguments.optionalDouble("momentum")
        affine = arguments.bool("affine")
        trackRunningStats = arguments.bool("track_running_stats")
        let wantsBias = arguments.bool("bias")

        if affine {
            try check(numFeatures >= 0, .runtimeError, "num_features",
                      "Trying to create tensor with negative dimension \(numFeatures): [\(numFeatures)]")
            try checkAllocation(shape: [numFeatures], subject: "num_features")
            weight = Tensor(shape: [numFeatures], repeating: 1)
            bias = wantsBias ? Tensor(shape: [numFeatures], repeating: 0) : nil
        }
        if trackRunningStats {
            try check(numFeatures >= 0, .runtimeError, "num_features",
                      "zeros: Dimension size must be non-negative.")
            try checkAllocation(shape: [numFeatures], subject: "num_features")
            runningMean = Tensor(shape: [numFeatures], repeating: 0)
            runningVar = Tensor(shape: [numFeatures], repeating: 1)
            numBatchesTracked = 0
        }
    }

    // MARK: State

    public var stateKeys: [String] {
        var keys: [String] = []
        if weight != nil { keys.append("weight") }
        if bias != nil { keys.append("bias") }
        if trackRunningStats { keys += ["running_mean", "running_var", "num_batches_tracked"] }
        return keys
    }

    public func state(_ key: String) -> StateValue? {
        switch key {
        case "weight": return weight.map { .float($0) }
        case "bias": return bias.map { .float($0) }
        case "running_mean": return runningMean.map { .float($0) }
        case "running_var": return runningVar.map { .float($0) }
        case "num_batches_tracked": return numBatchesTracked.map { .int(IndexTensor(shape: [], storage: [$0])) }
        default: return nil
        }
    }

    /// Loads one `state_dict` entry the way `load_state_dict` does: the shape must match (a 1-element
    /// `(1)` value is accepted for the 0-d `num_batches_tracked`), and the dtype is converted.
    public mutating func setState(_ key: String, _ value: StateValue) throws {
        guard let current = state(key) else {
            throw LayerError(.runtimeError, key, "BatchNorm2d has no parameter or buffer '\(key)'")
        }
        try checkStateShape(key, value, current: current, acceptsOneElement: true)
        switch key {
        case "weight": weight = value.floatTensor(shape: current.shape)
        case "bias": bias = value.floatTensor(shape: current.shape)
        case "running_mean": runningMean = value.floatTensor(shape: current.shape)
        case "running_var": runningVar = value.floatTensor(shape: current.shape)
        default: numBatchesTracked = value.firstInt64
        }
    }

    // MARK: Forward

    /// Normalises `input` `(N, C, H, W)`; in training mode also updates the running statistics.
    ///
    /// Checks, in PyTorch's order: rank 4; (training with buffers: `num_batches_tracked` is
    /// incremented here, before the remaining checks, as PyTorch does); more than one value per
    /// channel when batch statistics are needed; eps positive (batch statistics) or non-negative
    /// (running statistics); for an empty input, nothing but a non-empty weight; otherwise the
    /// channel count against `running_mean` (or `weight` when there are no buffers).
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        try Self.checkRank(input)

        var factor = momentum ?? 0
        if context.training, let tracked = numBatchesTracked {
            let count = tracked &+ 1
            numBatchesTracked = count
            if momentum == nil {
                try check(count != 0, .runtimeError, "num_batches_tracked", "float division by zero")
                factor = 1 / Double(count)
            }
        }

        // Batch statistics in training, and in eval when there are no running buffers.
        let useBatchStatistics = context.training || runningMean == nil
        if useBatchStatistics {
            let valuesPerChannel = input.shape[0] * input.shape[2] * input.shape[3]
            try check(valuesPerChannel != 1, .valueError, "input",
                      "Expected more than 1 value per channel when training, got input size \(input.shape.torchSize)")
        }
        if useBatchStatistics {
            try check(eps > 0 || eps.isNaN, .valueError, "eps",
                      "batch_norm eps must be positive during training, but got \(arguments.text("eps"))")
        } else {
            try check(eps >= 0 || eps.isNaN, .valueError, "eps",
                      "batch_norm eps must be non-negative, but got \(arguments.text("eps"))")
        }

        if input.count == 0 {
            // PyTorch returns `input.clone() * weight[0] + bias[0]` here, so only an empty weight fails.
            try check(weight.map { $0.count > 0 } ?? true, .indexError, "weight",
                      "select(): index 0 out of range for tensor of size [0] at dimension 0")
            return ForwardResult(output: input)
        }

        let channels = input.shape[1]
        let firstChecked: (name: String, tensor: Tensor)? =
            runningMean.map { ("running_mean", $0) } ?? weight.map { ("weight", $0) }
        if let (name, tensor) = firstChecked {
            try check(tensor.count == channels, .runtimeError, "input",
                      "\(name) should contain \(channels) elements not \(tensor.count)")
        }

        // Per channel: the mean and 1/√(var + eps) to normalise with.
        var means = [Float](repeating: 0, count: channels)
        var invStds = [Float](repeating: 0, count: channels)
        if useBatchStatistics {
            let statistics = try ChannelStatistics(of: input)
            for c in 0..<channels {
                means[c] = Float(statistics.mean[c])
                invStds[c] = Float(1 / _sqrt(statistics.variance[c] + eps))
            }
            if context.training, runningMean != nil, runningVar != nil {
                updateRunningStatistics(statistics, factor: factor)
            }
        } else if let runningMean, let runningVar {
            let epsFloat = Float(eps)
            for c in 0..<channels {
                means[c] = runningMean.storage[c]
                invStds[c] = 1 / (runningVar.storage[c] + epsFloat).squareRoot()
            }
        }

        // y = x·α + β per channel, with fused multiply-adds.
        var alphas = [Float](repeating: 0, count: channels)
        var betas = [Float](repeating: 0, count: channels)
        for c in 0..<channels {
            let scale = weight?.storage[c] ?? 1
            let shift = bias?.storage[c] ?? 0
            alphas[c] = invStds[c] * scale
            betas[c] = shift.addingProduct(-means[c], alphas[c])
        }
        // output is (N, C, H, W)
        return ForwardResult(output: BatchNorm2d.affine(input, alphas: alphas, betas: betas))
    }

    /// Blends the batch statistics into the running buffers with weight `factor` for the new batch
    /// (the factor in float32, the unbiased variance in double, as PyTorch's CPU kernel does).
    private mutating func updateRunningStatistics(_ statistics: ChannelStatistics, factor: Double) {
        guard var mean = runningMean, var variance = runningVar else { return }
        let newWeight = Float(factor)
        let oldWeight = 1 - newWeight
        let unbiased = statistics.unbiasedVariance
        for c in 0..<mean.count {
            let batchMean = Float(statistics.mean[c])
            mean.storage[c] = newWeight * batchMean + oldWeight * mean.storage[c]
            variance.storage[c] = Float(Double(newWeight) * unbiased[c] + Double(oldWeight * variance.storage[c]))
        }
        runningMean = mean
        runningVar = variance
    }

    /// PyTorch's `_check_input_dim`: BatchNorm2d takes exactly 4-D input.
    static func checkRank(_ input: Tensor) throws {
        try check(input.rank == 4, .valueError, "input", "expected 4D input (got \(input.rank)D input)")
    }
}

extension StateValue {
    /// The first value as an int64 (floats truncated toward zero; non-finite or out-of-range
    /// values become `Int64.min`, as the x86 conversion does).
    fileprivate var firstInt64: Int64 {
        switch self {
        case .int(let t): return t.storage.first ?? 0
        case .float(let t):
            guard let v = t.storage.first else { return 0 }
            return Int64(exactly: v.rounded(.towardZero)) ?? Int64.min
        }
    }
}
