// Conv2d: PyTorch's `torch.nn.Conv2d`, a 2-D cross-correlation over NCHW images, with its padding
// modes, groups and every check PyTorch runs, in PyTorch's order and wording.
//
// Dimension legend:
//   N = batch, C_in / C_out = input / output channels, H / W = input height / width,
//   kH / kW = kernel height / width, H_out / W_out = output height / width,
//   G = groups, C_g = C_in / G (input channels each output channel sees).
//
// How PyTorch 2.15 runs the module, and so how this file is organised:
//   * padding_mode 'zeros': `F.conv2d(input, weight, bias, stride, padding, dilation, groups)`.
//     With padding='same' the C++ side works out the padding; when a dimension needs an odd total
//     it pads one extra zero row/column at the bottom/right first (with a warning).
//   * any other padding_mode: `F.pad(input, padding, mode)` first (its own checks and messages),
//     then `F.conv2d` with zero padding.
//   * `F.conv2d` checks the input rank, then padding, stride, dilation, weight, channels and the
//     kernel against the padded input; the kernel that finally runs (oneDNN or the native "slow"
//     kernels) adds a few checks of its own for zero kernels and zero dilation.

/// PyTorch's `torch.nn.Conv2d`: cross-correlation of a `(N, C_in, H, W)` or `(C_in, H, W)` input with
/// `out_channels` learned `(C_in/groups, kH, kW)` filters, plus an optional bias.
///
///     out[n, o, i, j] = bias[o] + Σ_{c < C_g} Σ_{a < kH} Σ_{b < kW}
///                       weight[o, c, a, b] · xp[n, g·C_g + c, i·sH + a·dH, j·sW + b·dW]
///
/// where `g = o / (C_out / G)` is the group of output channel `o` and `xp` is the padded input.
/// The kernel is not flipped. Output size per axis (`pL`, `pR` = padding before and after):
///
///     out = floor((in + pL + pR − d·(k − 1) − 1) / s) + 1
///
/// Parameters (PyTorch's defaults): `in_channels`, `out_channels`, `kernel_size`, `stride=1`,
/// `padding=0` (int, pair, `'valid'` or `'same'`), `dilation=1`, `groups=1`, `bias=True`,
/// `padding_mode='zeros'` (`'reflect'`, `'replicate'`, `'circular'`).
/// State: `weight` `(C_out, C_in/G, kH, kW)` and, with `bias=True`, `bias` `(C_out)`, both drawn
/// from U(−1/√fan_in, 1/√fan_in) with `fan_in = C_in/G·kH·kW`.
///
/// Unlike PyTorch, messages that print a Python set (`padding_mode`, the padding strings) list the
/// elements in the signature's order; PyTorch's order changes from process to process.
/// Unlike PyTorch, the `device` and `dtype` factory arguments are not offered (CPU float32 only).
public struct Conv2d: Module, WeightAndBiasState {
    /// The constructor signature of `torch.nn.Conv2d` (PyTorch's names, order and defaults).
    public static let schema = LayerSchema(
        name: "Conv2d", group: .convolution,
        summary: "2-D cross-correlation of an image with learned filters",
        params: [
            ParamSpec("in_channels", .int, range: ParamRange(1, 256),
                      "Number of channels in the input image"),
            ParamSpec("out_channels", .int, range: ParamRange(1, 256),
                      "Number of channels produced by the convolution"),
            ParamSpec("kernel_size", .intOrPair, range: ParamRange(1, 15),
                      "Size of the convolving kernel, (kH, kW)"),
            ParamSpec("stride", .intOrPair, default: .int(1), range: ParamRange(1, 8),
                      "Step of the kernel between output positions, (sH, sW)"),
            ParamSpec("padding", .intOrPairOrChoice(Conv2d.PaddingString.allCases.map(\.rawValue)), default: .int(0),
                      range: ParamRange(0, 16),
                      "Padding added to all four sides, (pH, pW), or 'same' / 'valid'"),
            ParamSpec("dilation", .intOrPair, default: .int(1), range: ParamRange(1, 8),
                      "Spacing between kernel elements, (dH, dW)"),
            ParamSpec("groups", .int, default: .int(1), range: ParamRange(1, 64),
                      "Number of blocked connections from input channels to output channels"),
            ParamSpec("bias", .bool, default: .bool(true),
                      "Whether to add a learnable bias to the output"),
            ParamSpec("padding_mode", .choice(Conv2d.PaddingMode.allCases.map(\.rawValue)),
                      default: .string("zeros"),
                      "How the padding is filled: 'zeros', 'reflect', 'replicate' or 'circular'"),
        ] + ParamSpec.factoryArguments + [
        ])

    /// How padded positions get their values.
    public enum PaddingMode: String, Sendable, CaseIterable {
        /// Zeros.
        case zeros
        /// Mirror without repeating the edge: −1 → 1, n → n−2 (each pad must be < the size).
        case reflect
        /// Repeat the edge: clamp to [0, n−1].
        case replicate
        /// Wrap around: v mod n (each pad must be ≤ the size).
        case circular
    }

    /// The strings the `padding` argument accepts.
    public enum PaddingString: String, Sendable, CaseIterable {
        /// As much padding as keeps the output size equal to the input size.
        case same
        /// No padding.
        case valid
    }

    /// The `padding` argument.
    public enum Padding: Sendable, Equatable {
        /// The same number of rows above and below (`height`), columns left and right (`width`).
        case explicit(height: Int, width: Int)
        /// `'valid'`: no padding.
        case valid
        /// `'same'`: as much as keeps the output size equal to the input size (stride 1 only).
        case same
    }

    /// Padding on each side of the image, in rows (top, bottom) and columns (left, right).
    ///
    /// Negative amounts crop (allowed by PyTorch for the non-`zeros` padding modes only).
    public struct SidePadding: Sendable, Equatable {
        /// Rows added above the image.
        public var top: Int
        /// Rows added below the image.
        public var bottom: Int
        /// Columns added left of the image.
        public var left: Int
        /// Columns added right of the image.
        public var right: Int

        /// Padding of the given amounts on each side.
        public init(top: Int, bottom: Int, left: Int, right: Int) {
            self.top = top
            self.bottom = bottom
            self.left = left
            self.right = right
        }
    }

    /// The arguments the layer was built from (defaults filled in).
    public let arguments: Arguments
    /// `in_channels`: channels of the input image.
    public let inChannels: Int
    /// `out_channels`: channels of the output.
    public let outChannels: Int
    /// `kernel_size` as `(kH, kW)`.
    public let kernelSize: (height: Int, width: Int)
    /// `stride` as `(sH, sW)`.
    public let stride: (height: Int, width: Int)
    /// `padding`: explicit amounts, `'valid'` or `'same'`.
    public let padding: Padding
    /// `dilation` as `(dH, dW)`.
    public let dilation: (height: Int, width: Int)
    /// `groups`: input and output channels split into this many independent blocks.
    public let groups: Int
    /// `padding_mode`: how padded positions are filled.
    public let paddingMode: PaddingMode
    /// `(C_out, C_in/groups, kH, kW)`.
    public internal(set) var weight: Tensor
    /// `(C_out)`, or `nil` when built with `bias=False`.
    public internal(set) var bias: Tensor?

    /// Builds the layer, running the checks of PyTorch's `_ConvNd.__init__` in its order, and draws
    /// `weight` and `bias` from PyTorch's default uniform initialisation.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        inChannels = arguments.int("in_channels")
        outChannels = arguments.int("out_channels")
        kernelSize = Conv2d.pairValue(arguments, "kernel_size")
        stride = Conv2d.pairValue(arguments, "stride")
        dilation = Conv2d.pairValue(arguments, "dilation")
        groups = arguments.int("groups")
        let hasBias = arguments.bool("bias")

        try check(groups > 0, .valueError, "groups", "groups must be a positive integer")
        try check(pythonModulo(inChannels, groups) == 0, .valueError, "in_channels",
                  "in_channels must be divisible by groups")
        try check(pythonModulo(outChannels, groups) == 0, .valueError, "out_channels",
                  "out_channels must be divisible by groups")

        switch arguments["padding"] {
        case .string(let text):
            switch PaddingString(rawValue: text) {
            case .same?:
                try check(stride.height == 1 && stride.width == 1, .valueError, "padding",
                          "padding='same' is not supported for strided convolutions")
                padding = .same
            case .valid?:
                padding = .valid
            case nil:
                let choices = PaddingString.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw LayerError(.valueError, "padding", "Invalid padding string '\(text)', should be one of {\(choices)}")
            }
        default:
            let (padH, padW) = Conv2d.pairValue(arguments, "padding")
            padding = .explicit(height: padH, width: padW)
        }

        let modeText = arguments.string("padding_mode")
        guard let mode = PaddingMode(rawValue: modeText) else {
            throw LayerError(.valueError, "padding_mode",
                             "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, "
                                + "but got padding_mode='\(modeText)'")
        }
        paddingMode = mode

        // torch.empty((out_channels, in_channels // groups, *kernel_size)), then torch.empty(out_channels).
        let weightShape = [outChannels, pythonFloorDivide(inChannels, groups), kernelSize.height, kernelSize.width]
        try checkAllocation(shape: weightShape, subject: "kernel_size")
        if hasBias { try checkAllocation(shape: [outChannels], subject: "out_channels") }  // even when the weight is empty
        let fanIn = weightShape[1] &* weightShape[2] &* weightShape[3]  // only used when weight is non-empty
        weight = Init.defaultUniform(shape: weightShape, fanIn: fanIn, rng: &rng)
        bias = hasBias ? Init.defaultUniform(shape: [outChannels], fanIn: fanIn, rng: &rng) : nil
    }

    private static func pairValue(_ arguments: Arguments, _ name: String) -> (height: Int, width: Int) {
        let (h, w) = arguments.pair(name) ?? (0, 0)
        return (h, w)
    }

    // MARK: - State

    /// PyTorch's `load_state_dict` error for a key the module does not have (`state` and `setState`
    /// come from `WeightAndBiasState`).
    static func unknownStateKeyMessage(_ key: String) -> String {
        "Unexpected key(s) in state_dict: \"\(key)\"."
    }

    // MARK: - Geometry

    /// The arithmetic of the height axis for an input `inputHeight` rows high: kH, sH, dH and the
    /// rows of padding above and below (`'same'` by `ConvAxis.samePadding`, `'valid'` none).
    ///
    /// Throws a `RuntimeError` naming the parameter when `'same'`'s padding overflows.
    public func heightAxis(_ inputHeight: Int) throws -> ConvAxis {
        try axis(inputHeight, kernelSize.height, stride.height, dilation.height, explicit: { h, _ in h })
    }

    /// The arithmetic of the width axis for an input `inputWidth` columns wide (as `heightAxis`).
    public func widthAxis(_ inputWidth: Int) throws -> ConvAxis {
        try axis(inputWidth, kernelSize.width, stride.width, dilation.width, explicit: { _, w in w })
    }

    private func axis(_ size: Int, _ k: Int, _ s: Int, _ d: Int, explicit: (Int, Int) -> Int) throws -> ConvAxis {
        switch padding {
        case .explicit(let h, let w):
            return ConvAxis(inputSize: size, kernelSize: k, stride: s, dilation: d, padding: explicit(h, w))
        case .valid:
            return ConvAxis(inputSize: size, kernelSize: k, stride: s, dilation: d, padding: 0)
        case .same:
            return try ConvAxis.same(inputSize: size, kernelSize: k, stride: s, dilation: d)
        }
    }

    /// The padding the module applies on each side, before the kernel slides (the axes' padding;
    /// the extra row/column of an odd `'same'` total goes to the bottom/right).
    public var sidePadding: SidePadding {
        get throws {
            let rows = try heightAxis(0), columns = try widthAxis(0)
            return SidePadding(top: rows.paddingBefore, bottom: rows.paddingAfter,
                               left: columns.paddingBefore, right: columns.paddingAfter)
        }
    }

    /// The output `(H_out, W_out)` for an input of `height × width`, with the checks the forward
    /// pass makes of these sizes, in its order and words: negative padding (with `'zeros'`), the
    /// stride, and the dilated kernel against the padded input (`ConvAxis.outputSizes`).
    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        let rows = try heightAxis(height), columns = try widthAxis(width)
        if paddingMode == .zeros {
            try check(Swift.min(rows.paddingBefore, columns.paddingBefore) >= 0, .runtimeError, "padding",
                      "negative padding is not supported")
        }
        try check(stride.height > 0 && stride.width > 0, .runtimeError, "stride", "non-positive stride is not supported")
        return try ConvAxis.outputSizes(height: rows, width: columns)
    }

    // MARK: - Forward

    /// `module(input)`: `(N, C_in, H, W) → (N, C_out, H_out, W_out)`, or `(C_in, H, W) → (C_out, H_out, W_out)`.
    ///
    /// Throws PyTorch's error for an invalid input: a rank other than 3 or 4, a channel mismatch, a
    /// kernel larger than the padded input, padding the mode cannot provide, and the forward-time
    /// parameter checks (negative padding with 'zeros', stride, dilation, zero kernels).
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        if weight.count == 0 {
            // PyTorch warns when the module is built (kaiming_uniform_ on an empty weight); like the
            // other construction-time warnings, it is reported with every call.
            context.warnings.append("Initializing zero-element tensors is a no-op")
        }
        if paddingMode != .zeros {
            // The module pads with F.pad first, then convolves without padding.
            let padded = try Conv2d.pad(input, try sidePadding, mode: paddingMode)
            return ForwardResult(output: try convolve(padded, padH: 0, padW: 0))
        }
        try check(input.rank == 3 || input.rank == 4, .runtimeError, "input",
                  "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                      + input.shape.torchList)
        switch padding {
        case .explicit(let h, let w):
            return ForwardResult(output: try convolve(input, padH: h, padW: w))
        case .valid:
            return ForwardResult(output: try convolve(input, padH: 0, padW: 0))
        case .same:
            return ForwardResult(output: try convolveSameZeros(input, context: &context))
        }
    }

    /// 'same' with zero padding, as PyTorch's C++ `convolution_same` does it: per axis
    /// `total = d·(k − 1)`, `before = total / 2` (C++ division), `after = total − before`. If any
    /// total is odd the input first gets `after − before` extra zero rows/columns at the bottom/right
    /// (or loses rows at the top when that difference is negative), then the convolution pads
    /// `before` on both sides.
    private func convolveSameZeros(_ input: Tensor, context: inout ForwardContext) throws -> Tensor {
        let (beforeH, afterH) = try ConvAxis.samePadding(kernelSize: kernelSize.height, dilation: dilation.height,
                                                         rounding: .towardZero)
        let (beforeW, afterW) = try ConvAxis.samePadding(kernelSize: kernelSize.width, dilation: dilation.width,
                                                         rounding: .towardZero)
        guard beforeH == afterH && beforeW == afterW else {
            return try convolveSameOdd(input, before: (beforeH, beforeW), after: (afterH, afterW), context: &context)
        }
        return try convolve(input, padH: beforeH, padW: beforeW)
    }

    /// 'same' with an odd total on some axis: the extra zero rows/columns (`after − before`, a crop
    /// when negative) are added to a copy of the input, then the convolution pads `before`.
    private func convolveSameOdd(_ input: Tensor, before: (Int, Int), after: (Int, Int),
                                 context: inout ForwardContext) throws -> Tensor {
        context.warnings.append("Using padding='same' with even kernel lengths and odd dilation may "
                                + "require a zero-padded copy of the input be created")
        let (beforeH, beforeW) = before
        // |after − before| ≤ 1: no overflow.
        let deltaH = after.0 - beforeH, deltaW = after.1 - beforeW
        var pads = SidePadding(top: 0, bottom: 0, left: 0, right: 0)
        if deltaH > 0 { pads.bottom = deltaH } else { pads.top = deltaH }
        if deltaW > 0 { pads.right = deltaW } else { pads.left = deltaW }
        let batched = input.rank == 4 ? input : input.reshaped([1] + input.shape)
        let h = batched.shape[2], w = batched.shape[3]
        try check(h + pads.top + pads.bottom >= 0 && w + pads.left + pads.right >= 0, .runtimeError,
                  "input", "narrow(): length must be non-negative.")
        var padded = try Conv2d.materialise(batched, pads, mode: .zeros)
        if input.rank == 3 { padded = padded.reshaped(Array(padded.shape.dropFirst())) }
        return try convolve(padded, padH: beforeH, padW: beforeW)
    }

    /// `F.conv2d` with symmetric zero padding `(padH, padW)` on a 3-D or 4-D input: the checks of
    /// PyTorch's `check_shape_forward` and of the kernel it selects, then the sum.
    private func convolve(_ input: Tensor, padH: Int, padW: Int) throws -> Tensor {
        let unbatched = input.rank == 3
        // x is (N, C_in, H, W)
        let x = unbatched ? input.reshaped([1] + input.shape) : input
        let n = x.shape[0], channels = x.shape[1], h = x.shape[2], w = x.shape[3]
        let (kH, kW) = kernelSize
        let (sH, sW) = stride
        let (dH, dW) = dilation

        try check(padH >= 0 && padW >= 0, .runtimeError, "padding", "negative padding is not supported")
        try check(sH > 0 && sW > 0, .runtimeError, "stride", "non-positive stride is not supported")
        try check(dH >= 0 && dW >= 0, .runtimeError, "dilation", "dilation should be greater than zero")
        try check(outChannels >= groups, .runtimeError, "out_channels",
                  "Given groups=\(groups), expected weight to be at least \(groups) at dimension 0, "
                      + "but got weight of size \(weight.shape.torchList) instead")
        let groupChannels = weight.shape[1]
        try check(channels == groupChannels * groups, .runtimeError, "input",
                  "Given groups=\(groups), weight of size \(weight.shape.torchList), expected input"
                      + "\(x.shape.torchList) to have \(groupChannels * groups) channels, but got "
                      + "\(channels) channels instead")
        let geometry = try ConvolutionGeometry(
            batch: n, inChannels: channels, outChannels: outChannels, groups: groups,
            rows: ConvAxis(inputSize: h, kernelSize: kH, stride: sH, dilation: dH, padding: padH),
            columns: ConvAxis(inputSize: w, kernelSize: kW, stride: sW, dilation: dW, padding: padW))
        let outH = geometry.outHeight, outW = geometry.outWidth

        // PyTorch sends empty batches and zero-channel inputs to a shortcut that computes nothing.
        if n == 0 || channels == 0 {
            try check(channels == 0 || weight.count > 0, .indexError, "kernel_size",
                      "select(): index 0 out of range for tensor of size [0] at dimension 0")
            let shape = [n, channels == 0 ? 0 : outChannels, outH, outW]
            try checkAllocation(shape: shape, subject: "input")
            return Tensor(shape: unbatched ? Array(shape.dropFirst()) : shape)
        }
        try check(x.count > 0, .runtimeError, "input",
                  "Only zero batch or zero channel inputs are supported, but got input shape: "
                      + x.shape.torchList)
        let native = try checkKernelBackend(batch: n, elementCount: x.count)
        // The native kernels multiply the zero padding like any other input (so an infinite or NaN
        // weight over padding gives NaN); oneDNN skips padded taps, unless an axis with a kernel
        // side of 1 is padded: then it multiplies all the padding too.
        let oneSidePadded = (kH == 1 && padH > 0) || (kW == 1 && padW > 0)
        let paddingIsMultiplied = (native || oneSidePadded) && (padH > 0 || padW > 0)

        let outShape = [n, outChannels, outH, outW]
        try checkAllocation(shape: outShape, subject: "input")
        // The implicit GEMM multiplies every padded tap by its weight; where the kernel PyTorch picks
        // skips them, that differs only for a non-finite weight, which the reference loop then takes.
        let skipsPadding = !paddingIsMultiplied && (padH > 0 || padW > 0)
        let fast = !skipsPadding || weight.storage.allSatisfy(\.isFinite)
        // out is (N, C_out, H_out, W_out)
        let out = Tensor(shape: outShape, storage: fast
            ? try Conv2d.implicitGEMM(x.storage, weight: weight.storage, bias: bias?.storage, geometry)
            : Conv2d.referenceConvolution(x.storage, weight: weight.storage, bias: bias?.storage, geometry,
                                          paddingIsMultiplied: paddingIsMultiplied))
        return unbatched ? out.reshaped(Array(outShape.dropFirst())) : out
    }

    /// The plain loops of the definition, one output element at a time with a Double accumulator:
    /// the oracle the fast path (`implicitGEMM`) is tested against, and what runs when a non-finite
    /// weight meets padding the selected PyTorch kernel skips.
    ///
    /// `x` is `(N, C_in, H, W)`, `weight` `(C_out, C_in/G, kH, kW)`, `bias` `(C_out)`; the result is
    /// `(N, C_out, H_out, W_out)`. With `paddingIsMultiplied` padded taps contribute `weight · 0`
    /// (NaN for an infinite weight), as PyTorch's native kernels compute them; otherwise they are
    /// skipped, as oneDNN skips them.
    static func referenceConvolution(_ x: [Float], weight: [Float], bias: [Float]?,
                                     _ geometry: ConvolutionGeometry, paddingIsMultiplied: Bool) -> [Float] {
        let n = geometry.batch, channels = geometry.inChannels, h = geometry.height, w = geometry.width
        let outChannels = geometry.outChannels, outH = geometry.outHeight, outW = geometry.outWidth
        let (kH, kW) = (geometry.kernelHeight, geometry.kernelWidth)
        let (rows, columns) = (geometry.rows, geometry.columns)
        let groupChannels = geometry.groupChannels
        // out is (N, C_out, H_out, W_out)
        var out = [Float](repeating: 0, count: n * outChannels * outH * outW)
        let outPerGroup = geometry.outPerGroup
        let inPlane = h * w, outPlane = outH * outW
        let kernelArea = kH * kW
        weight.withUnsafeBufferPointer { wt in
            x.withUnsafeBufferPointer { xs in
                out.withUnsafeMutableBufferPointer { os in
                    for sample in 0..<n {
                        for o in 0..<outChannels {
                            let group = o / outPerGroup
                            let biasValue = Double(bias?[o] ?? 0)
                            let outBase = (sample * outChannels + o) * outPlane
                            for outRow in 0..<outH {
                                for outCol in 0..<outW {
                                    var acc = 0.0
                                    for c in 0..<groupChannels {
                                        let inChannel = group * groupChannels + c
                                        let inBase = (sample * channels + inChannel) * inPlane
                                        let wBase = (o * groupChannels + c) * kernelArea
                                        for kr in 0..<kH {
                                            let inRow = rows.inputPosition(output: outRow, tap: kr)
                                            let rowInside = inRow >= 0 && inRow < h
                                            if !rowInside && !paddingIsMultiplied { continue }
                                            for kc in 0..<kW {
                                                let inCol = columns.inputPosition(output: outCol, tap: kc)
                                                let weightValue = Double(wt[wBase + kr * kW + kc])
                                                if rowInside && inCol >= 0 && inCol < w {
                                                    acc += weightValue * Double(xs[inBase + inRow * w + inCol])
                                                } else if paddingIsMultiplied {
                                                    acc += weightValue * 0
                                                }
                                            }
                                        }
                                    }
                                    os[outBase + outRow * outW + outCol] = Float(acc + biasValue)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The checks of the convolution kernel PyTorch's CPU dispatcher picks for a float32 input:
    /// oneDNN when `groups > 1`, both kernel sides > 3, `N > 1` or `N·C·H·W > 20480`; otherwise the
    /// native dilated kernel when any dilation ≠ 1, else the native plain kernel. Only zero kernel
    /// sizes and zero dilations reach these (negative values were rejected before).
    ///
    /// Returns whether a native kernel runs (it multiplies the zero padding; oneDNN skips it).
    ///
    /// Unlike PyTorch, the choice assumes more than one intra-op thread (PyTorch's 1×1-kernel
    /// exception for a single thread is not modelled).
    /// Unlike PyTorch, grouped convolutions whose kernel sides are both above 1 are taken to skip
    /// the padding, as oneDNN's direct kernels do; for small channel counts per group oneDNN picks
    /// an implementation that multiplies it (this shows only with a non-finite weight over padding).
    func checkKernelBackend(batch: Int, elementCount: Int) throws -> Bool {
        let (kH, kW) = kernelSize
        let (dH, dW) = dilation
        let useOneDNN = groups > 1 || (kW > 3 && kH > 3) || batch > 1 || elementCount > 20480
        if useOneDNN {
            try check(dH > 0 && dW > 0, .runtimeError, "dilation", "non-positive dilation is not supported")
            try check(kH > 0 && kW > 0, .runtimeError, "kernel_size",
                      "could not create a primitive descriptor for the convolution forward propagation "
                          + "primitive. Run workload with environment variable ONEDNN_VERBOSE=all to get "
                          + "additional diagnostic information.")
            return false
        } else if dH != 1 || dW != 1 {
            try check(kH > 0 && kW > 0, .runtimeError, "kernel_size",
                      "kernel size should be greater than zero, but got [\(kH), \(kW)]")
            try check(dH > 0 && dW > 0, .runtimeError, "dilation",
                      "dilation should be greater than zero, but got [\(dH), \(dW)]")
        } else {
            try check(kH > 0 && kW > 0, .runtimeError, "kernel_size",
                      "kernel size should be greater than zero, but got kernel_height: \(kH) kernel_width: \(kW)")
        }
        return true
    }

    // MARK: - Padding (F.pad)

    /// `F.pad(input, [left, right, top, bottom], mode)` for the non-constant modes, with PyTorch's
    /// checks: the input must be 3-D or 4-D; reflect needs every pad < the size and non-empty
    /// dimensions; replicate needs non-empty dimensions; circular needs every pad ≤ the size. Negative
    /// pads crop. The result may not be empty (reflect, replicate) or negative (circular).
    ///
    /// Amounts of mixed sign on one axis (which the module never produces) are treated as a crop
    /// followed by padding of the cropped image.
    public static func pad(_ input: Tensor, _ pads: SidePadding, mode: PaddingMode) throws -> Tensor {
        let rank = input.rank
        try check(rank * 2 >= 4, .runtimeError, "input",
                  "Padding length should be less than or equal to two times the input dimension but got "
                      + "padding length 4 and input of dimension \(rank)")
        try check(rank == 3 || rank == 4, .notImplementedError, "input",
                  "Padding size 4 is not supported for \(rank)D input tensor.")
        let h = input.shape[rank - 2], w = input.shape[rank - 1]
        let outH = try h.checkedAdding(pads.top, "padding").checkedAdding(pads.bottom, "padding")
        let outW = try w.checkedAdding(pads.left, "padding").checkedAdding(pads.right, "padding")
        switch mode {
        case .zeros:
            break
        case .reflect, .replicate:
            let nonEmpty = rank == 3 ? !input.shape.contains(0) : !input.shape.dropFirst().contains(0)
            try check(nonEmpty, .runtimeError, "input",
                      "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                          + "dimensions for input, but got: \(input.shape.torchList)")
            if mode == .reflect {
                try check(pads.left < w && pads.right < w, .runtimeError, "padding",
                          "Argument #4: Padding size should be less than the corresponding input dimension, "
                              + "but got: padding (\(pads.left), \(pads.right)) at dimension \(rank - 1) of input "
                              + input.shape.torchList)
                try check(pads.top < h && pads.bottom < h, .runtimeError, "padding",
                          "Argument #6: Padding size should be less than the corresponding input dimension, "
                              + "but got: padding (\(pads.top), \(pads.bottom)) at dimension \(rank - 2) of input "
                              + input.shape.torchList)
            }
            try check(outH >= 1 && outW >= 1, .runtimeError, "padding",
                      "Calculated output H: \(outH) W: \(outW) must be >= 1 in every dimension "
                          + "(input H: \(h), W: \(w))")
        case .circular:
            for (before, after, size, out) in [(pads.top, pads.bottom, h, outH), (pads.left, pads.right, w, outW)] {
                try check(before <= size && after <= size, .runtimeError, "padding",
                          "Padding value causes wrapping around more than once.")
                try check(out >= 0, .runtimeError, "padding",
                          "Negative padding value is resulting in an empty dimension")
            }
        }
        let batched = rank == 4 ? input : input.reshaped([1] + input.shape)
        let padded = try materialise(batched, pads, mode: mode)
        return rank == 4 ? padded : padded.reshaped(Array(padded.shape.dropFirst()))
    }

    /// Where padded row/column `v` (of `size + before + after`) reads from in an axis of `size`
    /// elements, or −1 for a zero.
    static func sourceIndex(_ v: Int, before: Int, after: Int, size: Int, mode: PaddingMode) -> Int {
        // Crops come first: the padding then extends the kept part [keepStart, keepEnd).
        let keepStart = Swift.max(0 &- before, 0)
        let keepEnd = size &- Swift.max(0 &- after, 0)
        let kept = keepEnd &- keepStart
        let offset = v &- Swift.max(before, 0)  // position inside the kept part
        if offset >= 0 && offset < kept { return keepStart + offset }
        guard kept > 0 else { return -1 }
        switch mode {
        case .zeros:
            return -1
        case .reflect:
            var s = offset < 0 ? -offset : 2 * (kept - 1) - offset
            s = Swift.min(Swift.max(s, 0), kept - 1)
            return keepStart + s
        case .replicate:
            return keepStart + Swift.min(Swift.max(offset, 0), kept - 1)
        case .circular:
            return keepStart + ((offset % kept) + kept) % kept
        }
    }

    /// The padded copy of a 4-D tensor (shapes already checked).
    static func materialise(_ x: Tensor, _ pads: SidePadding, mode: PaddingMode) throws -> Tensor {
        let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
        let outH = Swift.max(try h.checkedAdding(pads.top, "padding").checkedAdding(pads.bottom, "padding"), 0)
        let outW = Swift.max(try w.checkedAdding(pads.left, "padding").checkedAdding(pads.right, "padding"), 0)
        let outShape = [n, c, outH, outW]
        try checkAllocation(shape: outShape, subject: "padding")
        // out is (N, C, H + top + bottom, W + left + right)
        var out = Tensor(shape: outShape)
        if out.count == 0 { return out }
        let rowSource = (0..<outH).map { sourceIndex($0, before: pads.top, after: pads.bottom, size: h, mode: mode) }
        let colSource = (0..<outW).map { sourceIndex($0, before: pads.left, after: pads.right, size: w, mode: mode) }
        for plane in 0..<(n * c) {
            let inBase = plane * h * w, outBase = plane * outH * outW
            for row in 0..<outH where rowSource[row] >= 0 {
                for col in 0..<outW where colSource[col] >= 0 {
                    out.storage[outBase + row * outW + col] = x.storage[inBase + rowSource[row] * w + colSource[col]]
                }
            }
        }
        return out
    }
}

// MARK: - Integer arithmetic and allocation shared by the spatial layers

/// Python's `a // b` (rounds toward −∞); 0 when `b` is 0.
func pythonFloorDivide(_ a: Int, _ b: Int) -> Int {
    guard b != 0 else { return 0 }
    if a == Int.min && b == -1 { return Int.max }
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}

/// Python's `a % b` (the sign of `b`); 0 when `b` is 0.
func pythonModulo(_ a: Int, _ b: Int) -> Int {
    guard b != 0, !(a == Int.min && b == -1) else { return 0 }
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
}

