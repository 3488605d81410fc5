// ConvolutionGeometry: the arithmetic of convolution — `ConvAxis`, one spatial axis (output size,
// 'same' padding, where each tap reads), and `ConvolutionGeometry`, the sizes of one zero-padded 2-D
// convolution once every check has passed, which both Conv2d kernels (the reference loops and the
// implicit GEMM) are given.
//
// Dimension legend: N = batch, C_in / C_out = input / output channels, H / W = input height /
// width, kH / kW = kernel, H_out / W_out = output, G = groups, C_g = C_in / G, M_g = C_out / G;
// per axis L = input length, k = kernel, s = stride, d = dilation, pL / pR = padding before / after.

/// The convolution arithmetic of one spatial axis: the one place Conv2d's output size, 'same'
/// padding and tap positions are worked out (`Conv2d.heightAxis`, `Conv2d.widthAxis`).
///
/// Output length (PyTorch's `conv_output_size`, with the padding of each side):
///
///     out = ⌊(L + pL + pR − d·(k − 1) − 1) / s⌋ + 1
///
/// Output `o` reads the input at `o·s + j·d − pL` for taps `j = 0 … k − 1` (negative or ≥ L in
/// the padding). Every size is computed with checked arithmetic: a value that overflows 64 bits
/// throws a `LayerError` naming the parameter, never traps or wraps.
public struct ConvAxis: Sendable, Equatable {
    /// Input length `L`.
    public var inputSize: Int
    /// Kernel length `k`.
    public var kernelSize: Int
    /// Step `s` between output positions.
    public var stride: Int
    /// Spacing `d` between taps.
    public var dilation: Int
    /// Padding `pL` before the first element (top or left); negative crops.
    public var paddingBefore: Int
    /// Padding `pR` after the last element (bottom or right); negative crops.
    public var paddingAfter: Int

    /// The arithmetic of one axis with the given parameters.
    public init(inputSize: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1,
                paddingBefore: Int = 0, paddingAfter: Int = 0) {
        self.inputSize = inputSize
        self.kernelSize = kernelSize
        self.stride = stride
        self.dilation = dilation
        self.paddingBefore = paddingBefore
        self.paddingAfter = paddingAfter
    }

    /// An axis padded by `padding` on both sides.
    public init(inputSize: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1, padding: Int) {
        self.init(inputSize: inputSize, kernelSize: kernelSize, stride: stride, dilation: dilation,
                  paddingBefore: padding, paddingAfter: padding)
    }

    /// An axis with `padding='same'`'s padding (`samePadding`).
    public static func same(inputSize: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1) throws -> ConvAxis {
        let (before, after) = try samePadding(kernelSize: kernelSize, dilation: dilation)
        return ConvAxis(inputSize: inputSize, kernelSize: kernelSize, stride: stride, dilation: dilation,
                        paddingBefore: before, paddingAfter: after)
    }

    // MARK: - 'same'

    /// How the odd element of an odd 'same' total is split.
    enum SameRounding {
        /// `before = ⌊total / 2⌋`: Python's `//`, as the module computes it (`_ConvNd.__init__`).
        case floor
        /// `before = total / 2` truncated toward zero, as C++'s `_convolution_mode` computes it
        /// for `padding_mode='zeros'`. It differs from `floor` only for a negative odd total,
        /// which only a zero kernel or a negative dilation gives (and PyTorch later rejects).
        case towardZero
    }

    /// `padding='same'`'s padding of one axis: `total = d·(k − 1)`, `before = ⌊total / 2⌋`,
    /// `after = total − before`. An odd total puts the extra element after (bottom/right), so with
    /// stride 1 the output length equals the input length.
    ///
    /// Throws a `RuntimeError` naming `dilation` (or `kernel_size`) when the total overflows.
    public static func samePadding(kernelSize: Int, dilation: Int) throws -> (before: Int, after: Int) {
        try samePadding(kernelSize: kernelSize, dilation: dilation, rounding: .floor)
    }

    static func samePadding(kernelSize: Int, dilation: Int, rounding: SameRounding) throws -> (before: Int, after: Int) {
        let total = try dilation.checkedMultiplying(try kernelSize.checkedSubtracting(1, "kernel_size"), "dilation")
        let before = rounding == .floor ? pythonFloorDivide(total, 2) : total / 2
        return (before, total - before)  // |before| ≤ |total|: no overflow
    }

    // MARK: - Sizes

    /// `L + pL + pR`: the length the kernel slides over.
    public var paddedSize: Int {
        get throws {
            try inputSize.checkedAdding(paddingBefore, "padding").checkedAdding(paddingAfter, "padding")
        }
    }

    /// `d·(k − 1) + 1`: the input length one output reads, holes included.
    public var dilatedKernelSize: Int {
        get throws {
            try dilation.checkedMultiplying(try kernelSize.checkedSubtracting(1, "kernel_size"), "dilation")
                .checkedAdding(1, "dilation")
        }
    }

    /// `⌊(L + pL + pR − d·(k − 1) − 1) / s⌋ + 1`, without PyTorch's check that the kernel fits
    /// (a result ≤ 0 means PyTorch rejects the input; `outputSizes` checks it).
    ///
    /// Throws PyTorch's `non-positive stride is not supported` for a stride ≤ 0, and a
    /// `RuntimeError` naming the parameter when a size overflows.
    public var outputSize: Int {
        get throws {
            try check(stride > 0, .runtimeError, "stride", "non-positive stride is not supported")
            let span = try paddedSize.checkedSubtracting(try dilatedKernelSize, "padding")
            return try pythonFloorDivide(span, stride).checkedAdding(1, "padding")
        }
    }

    /// The output lengths of a height and a width axis, with PyTorch's check that the dilated
    /// kernel fits the padded input in both (the check that keeps every output length ≥ 1):
    /// `Calculated padded input size per channel: (H x W). Kernel size: (kH x kW). Kernel size
    /// can't be greater than actual input size` (the sizes padded and dilated).
    public static func outputSizes(height: ConvAxis, width: ConvAxis) throws -> (height: Int, width: Int) {
        let paddedH = try height.paddedSize, paddedW = try width.paddedSize
        let kernelH = try height.dilatedKernelSize, kernelW = try width.dilatedKernelSize
        try check(paddedH >= kernelH && paddedW >= kernelW, .runtimeError, "kernel_size",
                  "Calculated padded input size per channel: (\(paddedH) x \(paddedW)). Kernel size: "
                      + "(\(kernelH) x \(kernelW)). Kernel size can't be greater than actual input size")
        return (try height.outputSize, try width.outputSize)
    }

    // MARK: - Taps

    /// Where tap `tap` of output `output` reads: `o·s + j·d − pL` (negative or ≥ L in the padding).
    ///
    /// Exact for every tap (`0 ≤ j < k`) of every output (`0 ≤ o < outputSize`) of an axis whose
    /// output size was computed; other arguments wrap rather than trap.
    @inline(__always)
    public func inputPosition(output: Int, tap: Int) -> Int {
        output &* stride &+ tap &* dilation &- paddingBefore
    }

    // MARK: - Pictures

    /// The arithmetic line a picture shows, e.g.
    /// `H_out = ⌊(10 + 2·4 − 3·(3−1) − 1)/2⌋ + 1 = 6` (`pL + pR` instead of `2·p` when they
    /// differ; `?` for a result that cannot be computed).
    public func formula(_ name: String) -> String {
        let padding = paddingBefore == paddingAfter ? "2·\(paddingBefore)" : "\(paddingBefore) + \(paddingAfter)"
        let result = (try? outputSize).map(String.init) ?? "?"
        return "\(name) = ⌊(\(inputSize) + \(padding) − \(dilation)·(\(kernelSize)−1) − 1)/\(stride)⌋ + 1 = \(result)"
    }
}

/// The sizes of a convolution of a `(N, C_in, H, W)` input, zero-padded as its two axes say,
/// giving `(N, C_out, H_out, W_out)`.
struct ConvolutionGeometry: Sendable, Equatable {
    /// N.
    var batch: Int
    /// C_in.
    var inChannels: Int
    /// C_out.
    var outChannels: Int
    /// G.
    var groups: Int
    /// The height axis: H, kH, sH, dH and the rows of zero padding above.
    var rows: ConvAxis
    /// The width axis: W, kW, sW, dW and the columns of zero padding on the left.
    var columns: ConvAxis
    /// H_out.
    let outHeight: Int
    /// W_out.
    let outWidth: Int

    /// The geometry of a convolution whose axes passed PyTorch's checks; the output sizes come
    /// from `ConvAxis.outputSizes` (which throws PyTorch's error when the kernel does not fit).
    init(batch: Int, inChannels: Int, outChannels: Int, groups: Int, rows: ConvAxis, columns: ConvAxis) throws {
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
        self.rows = rows
        self.columns = columns
        (outHeight, outWidth) = try ConvAxis.outputSizes(height: rows, width: columns)
    }

    /// H.
    var height: Int { rows.inputSize }
    /// W.
    var width: Int { columns.inputSize }
    /// kH.
    var kernelHeight: Int { rows.kernelSize }
    /// kW.
    var kernelWidth: Int { columns.kernelSize }
    /// C_g = C_in / G: the input channels each output channel reads.
    var groupChannels: Int { inChannels / groups }
    /// M_g = C_out / G: the output channels of one group.
    var outPerGroup: Int { outChannels / groups }
    /// K = C_g·kH·kW: the taps summed for one output element.
    var taps: Int { groupChannels * kernelHeight * kernelWidth }
    /// H_out·W_out.
    var outPlane: Int { outHeight * outWidth }
}
