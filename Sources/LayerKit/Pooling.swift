// Pooling: PyTorch's `torch.nn.MaxPool2d` and `torch.nn.AvgPool2d`, their shared output-size
// arithmetic (with the ceil-mode correction) and the nine checks PyTorch runs, in its order.
//
// Dimension legend: N = batch, C = channels, H / W = input height / width, H_out / W_out = output
// height / width; per axis L = input length, k = kernel, s = stride, p = padding, d = dilation.
//
// Both modules check nothing at construction; everything happens at forward, in PyTorch's order:
//   0. every kernel/stride/padding(/dilation) value must fit a C++ `int`;
//   1. (AvgPool2d) `divisor_override` must not be 0; the input rank (each module its own way);
//   2. the output size of H, then of W, each with three checks (stride ≠ 0, pad ≥ 0,
//      pad ≤ effective kernel / 2);
//   3. `pool2d_shape_check`: kernel > 0, stride > 0, dilation > 0, non-empty non-batch dimensions,
//      pad ≤ kernel / 2, output ≥ 1.

/// The pooling arithmetic of one spatial axis, shared by MaxPool2d and AvgPool2d.
///
/// Output length (PyTorch's `pooling_output_shape`):
///
///     num = L + 2p − d·(k − 1) − 1
///     floor mode: out = floor(num / s) + 1
///     ceil mode : out = floor((num + s − 1) / s) + 1, minus 1 if (out − 1)·s ≥ L + p
///
/// The ceil-mode correction guarantees that the last window starts inside the input or the left
/// padding, never entirely in the right padding.
public struct PoolAxis: Sendable, Equatable {
    /// Input length `L`.
    public var inputSize: Int
    /// Kernel length `k`.
    public var kernelSize: Int
    /// Step `s` between windows.
    public var stride: Int
    /// Implicit padding `p` on both ends (−∞ for max, zeros for average).
    public var padding: Int
    /// Spacing `d` between taps (1 for AvgPool2d).
    public var dilation: Int
    /// Round the output length up instead of down.
    public var ceilMode: Bool

    /// The arithmetic of one axis with the given parameters.
    public init(inputSize: Int, kernelSize: Int, stride: Int, padding: Int, dilation: Int = 1,
                ceilMode: Bool = false) {
        self.inputSize = inputSize
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
    }

    /// The output length by the formula above, without PyTorch's checks (0 when the stride is 0).
    ///
    /// Integer arithmetic wraps as C++'s does, so absurd values never trap.
    public var outputSize: Int {
        guard stride != 0 else { return 0 }
        let num = inputSize &+ 2 &* padding &- dilation &* (kernelSize &- 1) &- 1
        var out = pythonFloorDivide(num &+ (ceilMode ? stride &- 1 : 0), stride) &+ 1
        if ceilMode && (out &- 1) &* stride >= inputSize &+ padding {
            out -= 1
        }
        return out
    }

    /// Where window `index` starts: `index·s − p` (negative inside the left padding).
    public func windowStart(_ index: Int) -> Int {
        index &* stride &- padding
    }

    /// The in-bounds taps of max-pool window `index`: `start, start + d, …` below
    /// `min(start + d·(k − 1) + 1, L)`, skipping taps before 0 (padding never wins).
    ///
    /// `first` is the first tap at or after 0 even when it is past the end: PyTorch reports it as
    /// the index of a window without any in-bounds tap (whose maximum is −∞).
    public func maxTaps(_ index: Int) -> (first: Int, taps: StrideTo<Int>) {
        var start = windowStart(index)
        let end = Swift.min(start &+ dilation &* (kernelSize &- 1) &+ 1, inputSize)
        if start < 0 && dilation > 0 {
            let steps = ((0 &- start) &+ dilation &- 1) / dilation
            start = start &+ steps &* dilation
        }
        let step = Swift.max(dilation, 1)
        return (start, Swift.stride(from: start, to: Swift.max(end, start), by: step))
    }

    /// The arithmetic line a picture shows, e.g. `H_out = ⌊(10 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 5`
    /// (`⌈ ⌉` in ceil mode, whose result also has the correction above).
    public func formula(_ name: String) -> String {
        let (open, close) = ceilMode ? ("⌈", "⌉") : ("⌊", "⌋")
        return "\(name) = \(open)(\(inputSize) + 2·\(padding) − \(dilation)·(\(kernelSize)−1) − 1)/\(stride)\(close) + 1 = \(outputSize)"
    }

    /// The average-pool window `index`: `padded` is the window clipped to the padded extent
    /// `[−p, L + p)` (its length counts padding but not the ceil-mode overhang), `inside` the part
    /// within the input `[0, L)` (empty when the window holds no input element).
    public func averageExtent(_ index: Int) -> (padded: Range<Int>, inside: Range<Int>) {
        let start = windowStart(index)
        let end = Swift.min(start &+ kernelSize, inputSize &+ padding)
        let lo = Swift.max(start, 0), hi = Swift.min(end, inputSize)
        return (start..<Swift.max(start, end), lo..<Swift.max(lo, hi))
    }
}

/// The cells one MaxPool2d output reads.
public struct MaxPoolWindow: Sendable {
    /// The input rows visited, top to bottom (only rows inside the input).
    public var rows: StrideTo<Int>
    /// The input columns visited, left to right (only columns inside the input).
    public var columns: StrideTo<Int>
    /// The index reported when no visited cell beats −∞ (or none is visited): first row·W + first column.
    public var initialIndex: Int
}

/// The cells one AvgPool2d output averages and what it divides by.
public struct AvgPoolWindow: Sendable, Equatable {
    /// The window's rows clipped to the padded image (may start below 0 and end past H).
    public var paddedRows: Range<Int>
    /// The window's columns clipped to the padded image.
    public var paddedColumns: Range<Int>
    /// The input rows that are summed.
    public var rows: Range<Int>
    /// The input columns that are summed.
    public var columns: Range<Int>
    /// The sum is divided by this: `divisor_override`, else the padded area
    /// (`count_include_pad=True`), else the input area.
    public var divisor: Int

    /// A window without input cells outputs 0 (whatever the divisor).
    public var isEmpty: Bool { rows.isEmpty || columns.isEmpty }
}

// MARK: - Shared checks

/// The checks of PyTorch's pooling shape functions (`Pool.h`).
enum PoolingChecks {
    /// The C++ functional's checks on how many entries each size argument has: 1 or 2 (and, for
    /// `stride`, 0 meaning "same as kernel_size"), in the order kernel_size, stride, padding, dilation.
    static func checkArity(_ arguments: Arguments, operation: String) throws {
        func count(_ name: String) -> Int? {
            if case .tuple(let items) = arguments[name] { return items.count }
            return nil
        }
        if let n = count("kernel_size"), n != 1 && n != 2 {
            throw LayerError(.runtimeError, "kernel_size",
                             "\(operation): kernel_size must either be a single int, or a tuple of two ints")
        }
        if let n = count("stride"), n > 2 {
            throw LayerError(.runtimeError, "stride",
                             "\(operation): stride must either be omitted, a single int, or a tuple of two ints")
        }
        if let n = count("padding"), n != 1 && n != 2 {
            throw LayerError(.runtimeError, "padding",
                             "\(operation): padding must either be a single int, or a tuple of two ints")
        }
        if arguments.schema.param("dilation") != nil, let n = count("dilation"), n != 1 && n != 2 {
            throw LayerError(.runtimeError, "dilation",
                             "\(operation): dilation must be either a single int, or a tuple of two ints")
        }
    }

    /// `safe_downcast<int>`: every kernel/stride/padding/dilation value must fit 32 bits.
    static func checkFitsInt32(_ values: [(name: String, value: Int)]) throws {
        for (name, value) in values where value < Int(Int32.min) || value > Int(Int32.max) {
            throw LayerError(.runtimeError, name, "value cannot be converted to type int without overflow")
        }
    }

    /// `pooling_output_shape`: the three checks of one axis, then its output length.
    static func outputSize(_ axis: PoolAxis) throws -> Int {
        try check(axis.stride != 0, .runtimeError, "stride", "stride should not be zero")
        try check(axis.padding >= 0, .runtimeError, "padding",
                  "pad must be non-negative, but got pad: \(axis.padding)")
        // C++ integer division truncates toward zero.
        let effectiveHalf = ((axis.kernelSize &- 1) &* axis.dilation &+ 1) / 2
        try check(axis.padding <= effectiveHalf, .runtimeError, "padding",
                  "pad should be at most half of effective kernel size, but got pad=\(axis.padding), "
                      + "kernel_size=\(axis.kernelSize) and dilation=\(axis.dilation)")
        return axis.outputSize
    }

    /// The output size of the height, then of the width axis (`outputSize`), `shapeCheck`, and the
    /// output shape `(N, C, H_out, W_out)` or `(C, H_out, W_out)`, checked for allocation.
    static func outputShape(input: Tensor, height: PoolAxis, width: PoolAxis) throws
        -> (shape: [Int], height: Int, width: Int) {
        let outH = try outputSize(height)
        let outW = try outputSize(width)
        try shapeCheck(input: input, height: height, width: width, outH: outH, outW: outW)
        let outShape = Array(input.shape.dropLast(2)) + [outH, outW]
        try checkAllocation(shape: outShape, subject: "input")
        return (outShape, outH, outW)
    }

    /// `pool2d_shape_check` for a 3-D `(C, H, W)` or 4-D `(N, C, H, W)` input.
    static func shapeCheck(input: Tensor, height: PoolAxis, width: PoolAxis, outH: Int, outW: Int) throws {
        let (kH, kW) = (height.kernelSize, width.kernelSize)
        let (dH, dW) = (height.stride, width.stride)
        let (pH, pW) = (height.padding, width.padding)
        try check(kW > 0 && kH > 0, .runtimeError, "kernel_size",
                  "kernel size should be greater than zero, but got kH: \(kH) kW: \(kW)")
        try check(dW > 0 && dH > 0, .runtimeError, "stride",
                  "stride should be greater than zero, but got dH: \(dH) dW: \(dW)")
        try check(height.dilation > 0 && width.dilation > 0, .runtimeError, "dilation",
                  "dilation should be greater than zero, but got dilationH: \(height.dilation) "
                      + "dilationW: \(width.dilation)")
        let shape = input.shape
        let validDims = shape.count >= 3 && shape[1] != 0 && shape[2] != 0
        let ok = (shape.count == 3 && shape[0] != 0 && validDims)
            || (shape.count == 4 && validDims && shape[3] != 0)
        try check(ok, .runtimeError, "input",
                  "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
                      + shape.torchList)
        try check(kW / 2 >= pW && kH / 2 >= pH, .runtimeError, "padding",
                  "pad should be smaller than or equal to half of kernel size, but got padW = \(pW), "
                      + "padH = \(pH), kW = \(kW), kH = \(kH)")
        let planes = shape[shape.count - 3]
        try check(outW >= 1 && outH >= 1, .runtimeError, "input",
                  "Given input size: (\(planes)x\(height.inputSize)x\(width.inputSize)). Calculated output "
                      + "size: (\(planes)x\(outH)x\(outW)). Output size is too small")
    }
}

/// `(rank ≥ 2)` input → its planes: the number of `(H, W)` planes, and H, W.
func planeLayout(_ shape: [Int]) -> (planes: Int, height: Int, width: Int) {
    let h = shape[shape.count - 2], w = shape[shape.count - 1]
    let planes = shape.dropLast(2).elementCount
    return (planes, h, w)
}

/// The reference max-pool scan (the oracle of `maxPoolPlanesFast`, which MaxPool2d and
/// AdaptiveMaxPool2d run): the maximum of every window of every
/// `(H, W)` plane of `input`, and its index `row·W + col` within the plane.
///
/// `outShape` is the input's leading dimensions followed by `(H_out, W_out)`. `rowWindow(outRow)`
/// gives the input rows that output row scans, top to bottom, and `first`, the row its index names
/// when no scanned cell beats −∞; `columnWindow` likewise for columns. The windows are built once
/// per output row and column, and not at all for an empty output. A value replaces the running
/// maximum when it is greater or NaN: ties keep the first maximum, the last NaN wins. Generic over
/// the window type (MaxPool2d's strided taps, AdaptiveMaxPool2d's ranges), so optimised builds
/// specialise the loops for each.
func maxPoolPlanes<Rows: Sequence<Int>, Columns: Sequence<Int>>(
    _ input: Tensor, outShape: [Int],
    rowWindow: (Int) -> (first: Int, taps: Rows),
    columnWindow: (Int) -> (first: Int, taps: Columns)
) -> ForwardResult {
    let (planes, h, w) = planeLayout(input.shape)
    let outH = outShape[outShape.count - 2], outW = outShape[outShape.count - 1]
    // out and indices are outShape: (N, C, H_out, W_out) or (C, H_out, W_out)
    var out = Tensor(shape: outShape)
    var indices = IndexTensor(shape: outShape)
    if out.count == 0 { return ForwardResult(output: out, indices: indices) }
    let rowWindows = (0..<outH).map(rowWindow)
    let colWindows = (0..<outW).map(columnWindow)
    input.storage.withUnsafeBufferPointer { xs in
        for plane in 0..<planes {
            let inBase = plane * h * w
            let outBase = plane * outH * outW
            for outRow in 0..<outH {
                let rows = rowWindows[outRow]
                for outCol in 0..<outW {
                    let cols = colWindows[outCol]
                    var best = RunningMaximum(index: rows.first &* w &+ cols.first)
                    for inRow in rows.taps {
                        for inCol in cols.taps {
                            let index = inRow * w + inCol
                            best.offer(xs[inBase + index], at: index)
                        }
                    }
                    out.storage[outBase + outRow * outW + outCol] = best.value
                    indices.storage[outBase + outRow * outW + outCol] = Int64(best.index)
                }
            }
        }
    }
    return ForwardResult(output: out, indices: indices)
}

/// The running maximum of a max-pool window and where it was found: a value replaces it when it is
/// greater or NaN (ties keep the first maximum, the last NaN wins); it starts at −∞ with the index
/// reported when nothing beats that.
struct RunningMaximum {
    /// The maximum so far.
    var value = -Float.infinity
    /// Its index within the plane.
    var index: Int

    init(index: Int) { self.index = index }

    /// Considers `candidate`, found at `position`.
    @inline(__always) mutating func offer(_ candidate: Float, at position: Int) {
        if candidate > value || candidate.isNaN {
            value = candidate
            index = position
        }
    }
}

/// The float32 sum of the cells `rows × columns` of the plane starting at `planeBase` (row length
/// `width`), added row by row as PyTorch's CPU average-pool kernels add them.
func windowSum(_ xs: UnsafeBufferPointer<Float>, planeBase: Int, width: Int,
               rows: Range<Int>, columns: Range<Int>) -> Float {
    var sum: Float = 0
    for inRow in rows {
        for inCol in columns {
            sum += xs[planeBase + inRow * width + inCol]
        }
    }
    return sum
}

// MARK: - MaxPool2d

/// PyTorch's `torch.nn.MaxPool2d`: the maximum of each (dilated) `kH × kW` window.
///
/// Input `(N, C, H, W)` or `(C, H, W)`; output `(N, C, H_out, W_out)` or `(C, H_out, W_out)` with the
/// output size of `PoolAxis`. Parameters (PyTorch's defaults): `kernel_size`, `stride=None`
/// (= `kernel_size`), `padding=0`, `dilation=1`, `return_indices=False`, `ceil_mode=False`.
///
/// Padding acts as −∞ and never wins. Windows are scanned row by row; a value replaces the running
/// maximum when it is greater **or NaN**, so ties keep the first maximum, any NaN gives NaN with
/// the index of the last NaN, and an all −∞ window gives −∞ with the index of its first cell.
/// Indices are `row·W + col` within each `(H, W)` plane of the unpadded input.
///
/// `ForwardResult.indices` is always filled (PyTorch returns it only with `return_indices=True`).
/// Unlike PyTorch, a `ceil_mode` that is not a bool is reported as `max_pool2d()`'s type error even
/// with `return_indices=True` (where PyTorch names `max_pool2d_with_indices()`).
public struct MaxPool2d: IndexReturningModule {
    /// The constructor signature of `torch.nn.MaxPool2d` (PyTorch's names, order and defaults).
    public static let schema = LayerSchema(
        name: "MaxPool2d", initializer: "_MaxPoolNd", group: .pooling,
        summary: "Maximum over sliding windows of each channel",
        params: [
            ParamSpec("kernel_size", .intOrInts, range: ParamRange(1, 8),
                      "Size of the window to take a max over, (kH, kW)"),
            ParamSpec("stride", .optionalIntOrInts, default: ParamValue.none, range: ParamRange(1, 8),
                      "Step of the window (None: kernel_size)"),
            ParamSpec("padding", .intOrInts, default: .int(0), range: ParamRange(0, 4),
                      "Implicit −∞ padding on both sides, at most kernel_size // 2"),
            ParamSpec("dilation", .intOrInts, default: .int(1), range: ParamRange(1, 4),
                      "Spacing between the elements of a window"),
            ParamSpec("return_indices", .bool, default: .bool(false),
                      "Also return the position of each maximum"),
            ParamSpec("ceil_mode", .strictBool, default: .bool(false),
                      typeErrorMessage: "max_pool2d(): argument 'ceil_mode' (position 6) must be bool, not {type}",
                      "Round the output size up, so a last partial window is kept"),
        ])

    /// The arguments the layer was built from (defaults filled in).
    public let arguments: Arguments
    /// `kernel_size` as `(kH, kW)`.
    public let kernelSize: (height: Int, width: Int)
    /// The stride in use (`kernel_size` when `stride=None`).
    public let stride: (height: Int, width: Int)
    /// `padding` as `(pH, pW)`.
    public let padding: (height: Int, width: Int)
    /// `dilation` as `(dH, dW)`.
    public let dilation: (height: Int, width: Int)
    /// `return_indices`: PyTorch also returns the argmax positions.
    public let returnIndices: Bool
    /// `ceil_mode`: round the output size up.
    public let ceilMode: Bool

    /// Stores the arguments; PyTorch checks nothing until forward.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        let kernel = arguments.pair("kernel_size") ?? (0, 0)
        kernelSize = kernel
        stride = arguments.pair("stride") ?? kernel
        padding = arguments.pair("padding") ?? (0, 0)
        dilation = arguments.pair("dilation") ?? (1, 1)
        returnIndices = arguments.bool("return_indices")
        ceilMode = arguments.bool("ceil_mode")
    }

    /// The arithmetic of the height axis for an input of `inputHeight` rows.
    public func heightAxis(_ inputHeight: Int) -> PoolAxis {
        PoolAxis(inputSize: inputHeight, kernelSize: kernelSize.height, stride: stride.height,
                 padding: padding.height, dilation: dilation.height, ceilMode: ceilMode)
    }

    /// The arithmetic of the width axis for an input of `inputWidth` columns.
    public func widthAxis(_ inputWidth: Int) -> PoolAxis {
        PoolAxis(inputSize: inputWidth, kernelSize: kernelSize.width, stride: stride.width,
                 padding: padding.width, dilation: dilation.width, ceilMode: ceilMode)
    }

    /// The input cells output `(row, column)` reads, for an input plane of `inputHeight × inputWidth`.
    public func window(row: Int, column: Int, inputHeight: Int, inputWidth: Int) -> MaxPoolWindow {
        let rows = heightAxis(inputHeight).maxTaps(row)
        let cols = widthAxis(inputWidth).maxTaps(column)
        return MaxPoolWindow(rows: rows.taps, columns: cols.taps,
                             initialIndex: rows.first &* inputWidth &+ cols.first)
    }

    /// `module(input)`: the pooled output and, always, the indices of the maxima.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        try PoolingChecks.checkFitsInt32([
            ("kernel_size", kernelSize.height), ("kernel_size", kernelSize.width),
            ("stride", stride.height), ("stride", stride.width),
            ("padding", padding.height), ("padding", padding.width),
            ("dilation", dilation.height), ("dilation", dilation.width),
        ])
        try PoolingChecks.checkArity(arguments, operation: "max_pool2d")
        try check(input.rank == 3 || input.rank == 4, .runtimeError, "input",
                  "non-empty 3D or 4D (batch mode) tensor expected for input")
        let (_, h, w) = planeLayout(input.shape)
        let rowAxis = heightAxis(h), colAxis = widthAxis(w)
        let outShape = try PoolingChecks.outputShape(input: input, height: rowAxis, width: colAxis).shape
        // out and indices are (N, C, H_out, W_out) or (C, H_out, W_out)
        return try maxPoolPlanesFast(input, outShape: outShape,
                             rowWindow: { rowAxis.maxTaps($0) }, columnWindow: { colAxis.maxTaps($0) })
    }
}

// MARK: - AvgPool2d

/// PyTorch's `torch.nn.AvgPool2d`: the mean of each `kH × kW` window.
///
/// Input `(N, C, H, W)` or `(C, H, W)`; output size as `PoolAxis` with dilation 1. Parameters
/// (PyTorch's defaults): `kernel_size`, `stride=None` (= `kernel_size`), `padding=0`,
/// `ceil_mode=False`, `count_include_pad=True`, `divisor_override=None`.
///
/// For output `(i, j)` the window is clipped to the padded image (so the ceil-mode overhang past the
/// padding never counts), then to the input:
///
///     hs = i·sH − pH,  he = min(hs + kH, H + pH),  pool_size = (he − hs)·(we − ws)
///     sum over rows max(hs, 0) ..< min(he, H) and the same for columns
///     out = sum / (divisor_override ?? (count_include_pad ? pool_size : input cells in the window))
///
/// A window without input cells outputs 0. `divisor_override` may be negative, not 0.
/// As PyTorch's CPU kernel does, the sum is accumulated in float32 in row-major order and divided in
/// float32, so huge values overflow to ±∞ and cancellation loses what PyTorch loses.
public struct AvgPool2d: Module {
    /// The constructor signature of `torch.nn.AvgPool2d` (PyTorch's names, order and defaults).
    public static let schema = LayerSchema(
        name: "AvgPool2d", group: .pooling,
        summary: "Average over sliding windows of each channel",
        params: [
            ParamSpec("kernel_size", .intOrInts, range: ParamRange(1, 8),
                      "Size of the window, (kH, kW)"),
            ParamSpec("stride", .optionalIntOrInts, default: ParamValue.none, range: ParamRange(1, 8),
                      "Step of the window (None: kernel_size)"),
            ParamSpec("padding", .intOrInts, default: .int(0), range: ParamRange(0, 4),
                      "Implicit zero padding on both sides, at most kernel_size // 2"),
            ParamSpec("ceil_mode", .strictBool, default: .bool(false),
                      typeErrorMessage: "avg_pool2d(): argument 'ceil_mode' (position 5) must be bool, not {type}",
                      "Round the output size up, so a last partial window is kept"),
            ParamSpec("count_include_pad", .strictBool, default: .bool(true),
                      typeErrorMessage: "avg_pool2d(): argument 'count_include_pad' (position 6) must be bool, not {type}",
                      "Count the zero padding in the divisor"),
            ParamSpec("divisor_override", .optionalInt, default: ParamValue.none, range: ParamRange(-16, 16),
                      typeErrorMessage: "avg_pool2d(): argument 'divisor_override' (position 7) must be int, not {type}",
                      "Divide every window's sum by this instead (any non-zero int)"),
        ])

    /// The arguments the layer was built from (defaults filled in).
    public let arguments: Arguments
    /// `kernel_size` as `(kH, kW)`.
    public let kernelSize: (height: Int, width: Int)
    /// The stride in use (`kernel_size` when `stride=None`).
    public let stride: (height: Int, width: Int)
    /// `padding` as `(pH, pW)`.
    public let padding: (height: Int, width: Int)
    /// `ceil_mode`: round the output size up.
    public let ceilMode: Bool
    /// `count_include_pad`: zero padding counts in the divisor.
    public let countIncludePad: Bool
    /// `divisor_override`: a fixed divisor for every window, if given.
    public let divisorOverride: Int?

    /// Stores the arguments; PyTorch checks nothing until forward.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        let kernel = arguments.pair("kernel_size") ?? (0, 0)
        kernelSize = kernel
        stride = arguments.pair("stride") ?? kernel
        padding = arguments.pair("padding") ?? (0, 0)
        ceilMode = arguments.bool("ceil_mode")
        countIncludePad = arguments.bool("count_include_pad")
        divisorOverride = arguments.optionalInt("divisor_override")
    }

    /// The arithmetic of the height axis for an input of `inputHeight` rows.
    public func heightAxis(_ inputHeight: Int) -> PoolAxis {
        PoolAxis(inputSize: inputHeight, kernelSize: kernelSize.height, stride: stride.height,
                 padding: padding.height, dilation: 1, ceilMode: ceilMode)
    }

    /// The arithmetic of the width axis for an input of `inputWidth` columns.
    public func widthAxis(_ inputWidth: Int) -> PoolAxis {
        PoolAxis(inputSize: inputWidth, kernelSize: kernelSize.width, stride: stride.width,
                 padding: padding.width, dilation: 1, ceilMode: ceilMode)
    }

    /// The cells output `(row, column)` averages and its divisor, for an input plane of
    /// `inputHeight × inputWidth`.
    public func window(row: Int, column: Int, inputHeight: Int, inputWidth: Int) -> AvgPoolWindow {
        AvgPool2d.window(rows: heightAxis(inputHeight).averageExtent(row),
                         columns: widthAxis(inputWidth).averageExtent(column),
                         countIncludePad: countIncludePad, divisorOverride: divisorOverride)
    }

    private static func window(rows: (padded: Range<Int>, inside: Range<Int>),
                               columns: (padded: Range<Int>, inside: Range<Int>),
                               countIncludePad: Bool, divisorOverride: Int?) -> AvgPoolWindow {
        let poolSize = rows.padded.count &* columns.padded.count
        let divisor = divisorOverride
            ?? (countIncludePad ? poolSize : rows.inside.count * columns.inside.count)
        return AvgPoolWindow(paddedRows: rows.padded, paddedColumns: columns.padded,
                             rows: rows.inside, columns: columns.inside, divisor: divisor)
    }

    /// `module(input)`.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        try PoolingChecks.checkFitsInt32([
            ("kernel_size", kernelSize.height), ("kernel_size", kernelSize.width),
            ("stride", stride.height), ("stride", stride.width),
            ("padding", padding.height), ("padding", padding.width),
        ])
        try PoolingChecks.checkArity(arguments, operation: "avg_pool2d")
        try check(divisorOverride != 0, .runtimeError, "divisor_override", "divisor must be not zero")
        // PyTorch reads input.size(-3) before any rank check.
        let rank = input.rank
        try check(rank > 0, .indexError, "input", "Dimension specified as -3 but tensor has no dimensions")
        try check(rank >= 3, .indexError, "input",
                  "Dimension out of range (expected to be in range of [-\(rank), \(rank - 1)], but got -3)")
        let h = input.shape[rank - 2], w = input.shape[rank - 1]
        let rowAxis = heightAxis(h), colAxis = widthAxis(w)
        let (outShape, outH, outW) = try PoolingChecks.outputShape(input: input, height: rowAxis, width: colAxis)

        // out is (N, C, H_out, W_out) or (C, H_out, W_out)
        if outShape.elementCount == 0 { return ForwardResult(output: Tensor(shape: outShape)) }
        try MemoryBudget.reserve(elements: [outH, outW].elementCount, of: MemoryLayout<AvgPoolWindow>.stride,
                                 for: "the table of \(outH)×\(outW) windows", subject: "input")
        let cells = windows(rowAxis: rowAxis, colAxis: colAxis, outH: outH, outW: outW)
        return ForwardResult(output: Tensor(shape: outShape, storage: AvgPool2d.averagePlanesFast(input, cells: cells)))
    }

    /// Output `(i, j)`'s window for every position of an output plane, row-major.
    func windows(rowAxis: PoolAxis, colAxis: PoolAxis, outH: Int, outW: Int) -> [AvgPoolWindow] {
        let rowWindows = (0..<outH).map { rowAxis.averageExtent($0) }
        let colWindows = (0..<outW).map { colAxis.averageExtent($0) }
        return rowWindows.flatMap { rows in
            colWindows.map { columns in
                AvgPool2d.window(rows: rows, columns: columns, countIncludePad: countIncludePad,
                                 divisorOverride: divisorOverride)
            }
        }
    }

    /// The reference loops: each window of each `(H, W)` plane of `input` in turn, its float32 sum
    /// divided in float32 (PyTorch's CPU kernel); a window without input cells gives 0. The oracle
    /// of `averagePlanesFast`. `cells` are the windows of one output plane, row-major.
    static func referenceAveragePlanes(_ input: Tensor, cells: [AvgPoolWindow]) -> [Float] {
        let (planes, h, w) = planeLayout(input.shape)
        var out = [Float](repeating: 0, count: planes * cells.count)
        input.storage.withUnsafeBufferPointer { xs in
            for plane in 0..<planes {
                for (position, cell) in cells.enumerated() where !cell.isEmpty {
                    let sum = windowSum(xs, planeBase: plane * h * w, width: w, rows: cell.rows, columns: cell.columns)
                    out[plane * cells.count + position] = sum / Float(cell.divisor)
                }
            }
        }
        return out
    }
}
