// AdaptivePooling: PyTorch's `torch.nn.AdaptiveMaxPool2d` and `torch.nn.AdaptiveAvgPool2d`, which
// choose their windows so that the output has a fixed size whatever the input size.
//
// Dimension legend: N = batch, C = channels, H / W = input height / width, H_out / W_out = the
// requested output size.
//
// Window `a` of an axis with `in` input and `out` output elements covers
//     [floor(a·in / out), ceil((a + 1)·in / out))
// Windows may overlap and differ in size; with out > in, input elements repeat.

/// The window arithmetic of adaptive pooling along one axis.
public enum AdaptiveBins {
    /// The input positions output `index` of `outputSize` pools from an axis of `inputSize`:
    /// `floor(index·in / out) ..< ceil((index + 1)·in / out)`. Empty when `outputSize` ≤ 0.
    ///
    /// Evaluated as PyTorch does, without forming `index·in` first:
    /// `start = (a / out)·in + ((a % out)·in) / out`, `end = 1 + ((a + 1)·in − 1) / out`.
    public static func range(_ index: Int, inputSize: Int, outputSize: Int) -> Range<Int> {
        guard outputSize > 0 else { return 0..<0 }
        let start = (index / outputSize) &* inputSize &+ ((index % outputSize) &* inputSize) / outputSize
        let end = 1 &+ ((index &+ 1) &* inputSize &- 1) / outputSize
        return start..<Swift.max(start, end)
    }
}

/// Resolves `output_size` against the input the way `F.adaptive_*_pool2d` does: an int is used for
/// both sides; a tuple needs an input of more dimensions than it has entries, its `None` entries take
/// the input's sizes, and then it must have exactly 2 entries (`sizeMessage` otherwise).
private func resolveOutputSize(_ arguments: Arguments, input: Tensor, sizeMessage: String) throws -> (Int, Int) {
    guard case .tuple(let items) = arguments["output_size"] else {
        let size = arguments.optionalInt("output_size") ?? 0
        return (size, size)
    }
    try check(input.rank > items.count, .valueError, "input",
              "Input dimension should be at least \(items.count + 1)")
    let resolved = items.enumerated().map { index, item -> Int in
        if case .int(let size) = item { return size }
        return input.shape[input.rank - items.count + index]
    }
    try check(resolved.count == 2, .runtimeError, "output_size", sizeMessage)
    return (resolved[0], resolved[1])
}

// MARK: - AdaptiveMaxPool2d

/// PyTorch's `torch.nn.AdaptiveMaxPool2d`: the maximum of each adaptive window (see `AdaptiveBins`).
///
/// Input `(N, C, H, W)` or `(C, H, W)`; output `(N, C, H_out, W_out)` or `(C, H_out, W_out)`.
/// Parameters: `output_size` (int, or pair whose `None` entries keep the input size),
/// `return_indices=False`. Same rules as MaxPool2d: ties keep the first maximum, NaN wins (last
/// NaN), indices are `row·W + col` within each plane. An output size of 0 gives an empty result.
///
/// `ForwardResult.indices` is always filled (PyTorch returns it only with `return_indices=True`).
public struct AdaptiveMaxPool2d: IndexReturningModule {
    /// The constructor signature of `torch.nn.AdaptiveMaxPool2d`.
    public static let schema = LayerSchema(
        name: "AdaptiveMaxPool2d", initializer: "_AdaptiveMaxPoolNd", group: .pooling,
        summary: "Maximum over windows chosen to give a fixed output size",
        params: [
            ParamSpec("output_size", .outputSize, range: ParamRange(1, 16),
                      "Target output size (H_out, W_out); None keeps that input dimension"),
            ParamSpec("return_indices", .bool, default: .bool(false),
                      "Also return the position of each maximum"),
        ])

    /// The arguments the layer was built from (defaults filled in).
    public let arguments: Arguments
    /// The requested `(H_out, W_out)`; `nil` keeps the input's size.
    public let outputSize: (height: Int?, width: Int?)
    /// `return_indices`: PyTorch also returns the argmax positions.
    public let returnIndices: Bool

    /// Stores the arguments; PyTorch checks nothing until forward.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        let (h, w) = arguments.outputSize("output_size")
        outputSize = (h, w)
        returnIndices = arguments.bool("return_indices")
    }

    /// The output `(H_out, W_out)` for an input of `height × width` (`None` entries resolved).
    public func resolvedOutputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        (outputSize.height ?? height, outputSize.width ?? width)
    }

    /// `module(input)`: the pooled output and, always, the indices of the maxima.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        let (outH, outW) = try resolveOutputSize(
            arguments, input: input,
            sizeMessage: "adaptive_max_pool2d(): internal error: output_size.size() must be 2")
        let rank = input.rank
        try check(rank == 3 || rank == 4, .runtimeError, "input",
                  "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: \(input.shape.torchList)")
        for dim in 1..<rank {
            try check(input.shape[dim] > 0, .runtimeError, "input",
                      "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, "
                          + "but input has sizes \(input.shape.torchList) with dimension \(dim) being empty")
        }
        let outShape = Array(input.shape.dropLast(2)) + [outH, outW]
        try checkAllocation(shape: outShape, subject: "output_size")

        let (_, h, w) = planeLayout(input.shape)
        // out and indices are (N, C, H_out, W_out) or (C, H_out, W_out); a window's index starts at its
        // first cell.
        return try maxPoolPlanesFast(input, outShape: outShape, rowWindow: { outRow in
            let rows = AdaptiveBins.range(outRow, inputSize: h, outputSize: outH)
            return (rows.lowerBound, rows)
        }, columnWindow: { outCol in
            let cols = AdaptiveBins.range(outCol, inputSize: w, outputSize: outW)
            return (cols.lowerBound, cols)
        })
    }
}

// MARK: - AdaptiveAvgPool2d

/// PyTorch's `torch.nn.AdaptiveAvgPool2d`: the mean of each adaptive window (see `AdaptiveBins`).
///
/// Input `(N, C, H, W)` or `(C, H, W)`; output `(N, C, H_out, W_out)` or `(C, H_out, W_out)`.
/// Parameter: `output_size` (int, or pair whose `None` entries keep the input size). An output
/// size of 0 gives an empty result; zero channels are accepted.
///
/// An output size of exactly `(1, 1)` takes PyTorch's shortcut `input.mean((-1, -2), keepdim=True)`,
/// which accepts any rank ≥ 2 and gives NaN for an empty plane instead of an error.
///
/// Sums are float32, in PyTorch's CPU order, so huge values overflow and cancellation loses what
/// PyTorch loses: a window is summed row by row and divided by its height, then by its width; the
/// `(1, 1)` mean is summed as PyTorch's sum kernel does (`PyTorchSum.planeSum`), then divided by H·W.
public struct AdaptiveAvgPool2d: Module {
    /// The constructor signature of `torch.nn.AdaptiveAvgPool2d`.
    public static let schema = LayerSchema(
        name: "AdaptiveAvgPool2d", initializer: "_AdaptiveAvgPoolNd", group: .pooling,
        summary: "Average over windows chosen to give a fixed output size",
        params: [
            ParamSpec("output_size", .outputSize, range: ParamRange(1, 16),
                      "Target output size (H_out, W_out); None keeps that input dimension"),
        ])

    /// The arguments the layer was built from (defaults filled in).
    public let arguments: Arguments
    /// The requested `(H_out, W_out)`; `nil` keeps the input's size.
    public let outputSize: (height: Int?, width: Int?)

    /// Stores the arguments; PyTorch checks nothing until forward.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        let (h, w) = arguments.outputSize("output_size")
        outputSize = (h, w)
    }

    /// The output `(H_out, W_out)` for an input of `height × width` (`None` entries resolved).
    public func resolvedOutputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        (outputSize.height ?? height, outputSize.width ?? width)
    }

    /// `module(input)`.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        let (outH, outW) = try resolveOutputSize(
            arguments, input: input, sizeMessage: "adaptive_avg_pool2d: output_size must be 2")
        try check(outH >= 0 && outW >= 0, .runtimeError, "output_size",
                  "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but "
                      + "received {\(outH), \(outW)}")
        let rank = input.rank
        if outH == 1 && outW == 1 {
            try check(rank >= 2, .indexError, "input",
                      "Dimension out of range (expected to be in range of [-1, 0], but got -2)")
        } else {
            try check(rank == 3 || rank == 4, .runtimeError, "input",
                      "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got \(input.shape.torchList)")
            for dim in [rank - 2, rank - 1] {
                try check(input.shape[dim] > 0, .runtimeError, "input",
                          "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                              + "dimensions, but input has sizes \(input.shape.torchList) with dimension "
                              + "\(dim) being empty")
            }
        }
        let outShape = Array(input.shape.dropLast(2)) + [outH, outW]
        try checkAllocation(shape: outShape, subject: "output_size")

        let (planes, h, w) = planeLayout(input.shape)
        // out is (N, C, H_out, W_out) or (C, H_out, W_out)
        var out = Tensor(shape: outShape)
        if out.count == 0 { return ForwardResult(output: out) }
        if outH == 1 && outW == 1 {
            // input.mean((-1, -2)): PyTorch's sum of each plane, divided by H·W (0/0 = NaN when empty).
            input.storage.withUnsafeBufferPointer { xs in
                for plane in 0..<planes {
                    let values = UnsafeBufferPointer(rebasing: xs[(plane * h * w)..<((plane + 1) * h * w)])
                    out.storage[plane] = PyTorchSum.planeSum(values) / Float(h * w)
                }
            }
            return ForwardResult(output: out)
        }
        let rowBins = (0..<outH).map { AdaptiveBins.range($0, inputSize: h, outputSize: outH) }
        let colBins = (0..<outW).map { AdaptiveBins.range($0, inputSize: w, outputSize: outW) }
        input.storage.withUnsafeBufferPointer { xs in
            for plane in 0..<planes {
                let inBase = plane * h * w
                let outBase = plane * outH * outW
                for outRow in 0..<outH {
                    let rows = rowBins[outRow]
                    for outCol in 0..<outW {
                        // A bin may hold millions of cells: ask now and then (the result is discarded).
                        if outCol & 63 == 0, Workload.stopRequested { return }
                        let cols = colBins[outCol]
                        // PyTorch's CPU kernel: a float32 sum, row by row, divided by kh, then by kw.
                        let sum = windowSum(xs, planeBase: inBase, width: w, rows: rows, columns: cols)
                        out.storage[outBase + outRow * outW + outCol] = sum / Float(rows.count) / Float(cols.count)
                    }
                }
            }
        }
        return ForwardResult(output: out)
    }
}

// MARK: - PyTorch's float32 sum

/// The order in which PyTorch's CPU sum kernel adds the contiguous values it reduces, for the
/// `(1, 1)` adaptive average (`input.mean((-1, -2))`). Float32 throughout, so the result shows the
/// same overflow and cancellation as PyTorch's.
///
/// The kernel reads the values as vectors of `vectorWidth` lanes when there are at least that many
/// (each lane summing every `vectorWidth`-th value; the leftover values are added first, then the
/// lanes in order), otherwise as scalars. Either way a sequence is summed by `cascadeSum`: four
/// interleaved accumulators, each a cascade of four levels, so long sums stay accurate.
///
/// The kernel is PyTorch's AVX2 code (8 float32 lanes) on x86 machines with AVX2 or AVX-512.
/// Unlike PyTorch, a single plane of more than 32768 values, which PyTorch splits across threads, is
/// summed in one piece (this matters only when values cancel or overflow).
enum PyTorchSum {
    /// Lanes of the float32 vectors PyTorch's sum kernel uses (AVX2).
    static let vectorWidth = 8

    /// The sum of `values`, in PyTorch's order.
    static func planeSum(_ values: UnsafeBufferPointer<Float>) -> Float {
        let count = values.count
        guard count >= vectorWidth else {
            return cascadeSum(count: count) { values[$0] }
        }
        let vectors = count / vectorWidth
        var total: Float = 0
        for i in (vectors * vectorWidth)..<count { total += values[i] }
        for lane in 0..<vectorWidth {
            total += cascadeSum(count: vectors) { values[$0 * vectorWidth + lane] }
        }
        return total
    }

    /// PyTorch's `row_sum`: values `i·4 + k` go to accumulator k (each a `multiLevelSum`), the
    /// leftover values to accumulator 0, then accumulators 1, 2, 3 are added to accumulator 0.
    static func cascadeSum(count: Int, _ value: (Int) -> Float) -> Float {
        let ilp = 4
        let rows = count / ilp
        var partial = (0..<ilp).map { k in multiLevelSum(rows: rows) { value($0 * ilp + k) } }
        for i in (rows * ilp)..<count { partial[0] += value(i) }
        for k in 1..<ilp { partial[0] += partial[k] }
        return partial[0]
    }

    /// PyTorch's `multi_row_sum` for one column: blocks of `2^p` values (p = max(4, ⌈log2 rows⌉ / 4))
    /// go into level 0, which is carried into level 1 after every block, level 1 into level 2 after
    /// every `2^p` blocks, and so on over four levels; the levels are added at the end.
    static func multiLevelSum(rows: Int, _ value: (Int) -> Float) -> Float {
        let levels = 4
        let levelPower = Swift.max(4, ceilLog2(rows) / levels)
        let levelStep = 1 << levelPower
        let levelMask = levelStep - 1
        var acc = [Float](repeating: 0, count: levels)
        var i = 0
        while i + levelStep <= rows {
            for _ in 0..<levelStep {
                acc[0] += value(i)
                i += 1
            }
            for j in 1..<levels {
                acc[j] += acc[j - 1]
                acc[j - 1] = 0
                if i & (levelMask << (j * levelPower)) != 0 { break }
            }
        }
        while i < rows {
            acc[0] += value(i)
            i += 1
        }
        for j in 1..<levels { acc[0] += acc[j] }
        return acc[0]
    }

    /// ⌈log2 x⌉, and 1 for x ≤ 2 (PyTorch's `CeilLog2`).
    static func ceilLog2(_ x: Int) -> Int {
        guard x > 2 else { return 1 }
        return (Int.bitWidth - (x - 1).leadingZeroBitCount - 1) + 1
    }
}
