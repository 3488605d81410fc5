// WindowTrace: how one output element of a windowed layer is made, with its numbers — the taps of
// the window (where each reads and what), and for Conv2d the weights, the products and the sum per
// input channel; for the max pools the winning tap and its index; for the average pools the sum and
// the divisor with the rule that chose it. The pictures' drill-down ("how this number is made")
// shows these; tests check them against PyTorch. Sums are accumulated in Double.

/// One tap of a window: the input position it reads and the value it gets there.
public struct WindowTap: Sendable, Equatable {
    /// What a tap reads.
    public enum Kind: Sendable, Equatable {
        /// An input element.
        case input
        /// Padding: Conv2d's padded value (0 for 'zeros', a copy of an input value otherwise), a max
        /// pool's −∞ (never read), an average pool's 0.
        case padding
        /// Past the padded input, in a ceil-mode window's overhang: read by nobody.
        case overhang
    }

    /// Input row and column (negative or past the end for padding and overhang).
    public var row: Int
    public var column: Int
    public var kind: Kind
    /// The value read (0 for overhang and for pool padding; the padded value for Conv2d).
    public var value: Float
}

/// The taps of one window, `rows × columns`, row-major in PyTorch's scan order.
public struct WindowTaps: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var taps: [WindowTap]

    /// The input rows and columns the taps read (first tap to last).
    public var rowSpan: ClosedRange<Int>? { taps.isEmpty ? nil : taps[0].row...taps[taps.count - 1].row }
    public var columnSpan: ClosedRange<Int>? { taps.isEmpty ? nil : taps[0].column...taps[taps.count - 1].column }

    /// How many taps are of `kind`.
    public func count(_ kind: WindowTap.Kind) -> Int { taps.filter { $0.kind == kind }.count }
}

// MARK: - Conv2d

/// How `output[n, oc, row, column]` of a Conv2d is made.
public struct ConvTrace: Sendable {
    /// One input channel's share: the window it reads, the weights, their products and their sum.
    public struct Term: Sendable {
        public var inputChannel: Int
        public var window: WindowTaps
        /// `weight[oc, k]`, row-major `kH × kW`.
        public var weights: [Float]
        /// `window · weight`, tap by tap.
        public var products: [Double]
        /// The products' sum.
        public var sum: Double
    }

    public var outChannel: Int
    public var row: Int
    public var column: Int
    /// The input channels of the output channel's group, in order.
    public var terms: [Term]
    /// `bias[oc]`, when the layer has a bias.
    public var bias: Float?

    /// The sum of the per-channel sums.
    public var channelSum: Double { terms.reduce(0) { $0 + $1.sum } }
    /// The output element: Σ over the channels, plus the bias.
    public var total: Double { channelSum + Double(bias ?? 0) }
}

extension Conv2d {
    /// How output `(outChannel, row, column)` of item `item` is made from `input` (`(N, C, H, W)`
    /// or `(C, H, W)`), or nil when there is no such element or the geometry cannot be computed.
    /// Padding taps read the padded value: 0 for 'zeros', the reflected, replicated or circular
    /// copy for the other modes (as `Conv2d.pad` makes them).
    public func trace(input: Tensor, item: Int = 0, outChannel: Int, row: Int, column: Int) -> ConvTrace? {
        guard input.rank == 3 || input.rank == 4 else { return nil }
        let h = input.shape[input.rank - 2], w = input.shape[input.rank - 1]
        let channels = input.shape[input.rank - 3]
        let items = input.rank == 4 ? input.shape[0] : 1
        guard let rows = try? heightAxis(h), let cols = try? widthAxis(w),
              let (outH, outW) = try? outputSize(height: h, width: w), channels == inChannels,
              (0..<items).contains(item), (0..<outChannels).contains(outChannel),
              (0..<outH).contains(row), (0..<outW).contains(column), groups > 0 else { return nil }
        let kH = kernelSize.height, kW = kernelSize.width
        let perGroup = inChannels / groups, outPerGroup = outChannels / groups
        guard perGroup > 0, outPerGroup > 0, kH * kW <= 4096 else { return nil }
        let group = outChannel / outPerGroup
        var terms: [ConvTrace.Term] = []
        for c in 0..<perGroup {
            let ic = group * perGroup + c
            let base = (item * channels + ic) * h * w
            var taps: [WindowTap] = []
            var weights: [Float] = []
            var products: [Double] = []
            var sum = 0.0
            for kr in 0..<kH {
                let r = rows.inputPosition(output: row, tap: kr)
                for kc in 0..<kW {
                    let col = cols.inputPosition(output: column, tap: kc)
                    let inside = r >= 0 && r < h && col >= 0 && col < w
                    var value: Float = 0
                    if inside {
                        value = input.storage[base + r * w + col]
                    } else if paddingMode != .zeros {
                        let sr = Conv2d.sourceIndex(r + rows.paddingBefore, before: rows.paddingBefore,
                                                    after: rows.paddingAfter, size: h, mode: paddingMode)
                        let sc = Conv2d.sourceIndex(col + cols.paddingBefore, before: cols.paddingBefore,
                                                    after: cols.paddingAfter, size: w, mode: paddingMode)
                        if sr >= 0, sc >= 0 { value = input.storage[base + sr * w + sc] }
                    }
                    taps.append(WindowTap(row: r, column: col, kind: inside ? .input : .padding, value: value))
                    let weight = weight.storage[((outChannel * perGroup + c) * kH + kr) * kW + kc]
                    weights.append(weight)
                    let product = Double(weight) * Double(value)
                    products.append(product)
                    sum += product
                }
            }
            terms.append(ConvTrace.Term(inputChannel: ic, window: WindowTaps(rows: kH, columns: kW, taps: taps),
                                        weights: weights, products: products, sum: sum))
        }
        return ConvTrace(outChannel: outChannel, row: row, column: column, terms: terms,
                         bias: bias.map { $0.storage[outChannel] })
    }
}

// MARK: - Max pools

/// How one output of a max pool is made.
public struct MaxTrace: Sendable {
    public var window: WindowTaps
    /// The tap that won (its position in `window.taps`), nil when no tap beat −∞.
    public var winner: Int?
    /// What `return_indices` gives: the winner's `row·W + col` in the unpadded plane.
    public var index: Int
    /// The output element.
    public var value: Float
    /// Input taps equal to the winning value other than the winner (ties; PyTorch keeps the first).
    public var ties: Int
    /// Input taps that are NaN (any NaN wins: the last one in scan order).
    public var nans: Int
}

/// The scan PyTorch's max-pool kernels make: input taps in row-major order, a value replacing the
/// running maximum when it is greater or NaN (ties keep the first, the last NaN wins).
func maxTrace(_ window: WindowTaps, width: Int, initialIndex: Int) -> MaxTrace {
    var best = RunningMaximum(index: initialIndex)
    var winner: Int? = nil
    for (i, tap) in window.taps.enumerated() where tap.kind == .input {
        // RunningMaximum's rule, noting which tap it took.
        if tap.value > best.value || tap.value.isNaN { winner = i }
        best.offer(tap.value, at: tap.row &* width &+ tap.column)
    }
    let inputs = window.taps.filter { $0.kind == .input }
    let ties = best.value.isNaN ? 0 : Swift.max(0, inputs.filter { $0.value == best.value }.count - 1)
    return MaxTrace(window: window, winner: winner, index: best.index, value: best.value,
                    ties: winner == nil ? 0 : ties, nans: inputs.filter { $0.value.isNaN }.count)
}

extension MaxPool2d {
    /// How output `(row, column)` of one `height × width` plane (`plane`, row-major) is made.
    public func trace(plane: [Float], height: Int, width: Int, row: Int, column: Int) -> MaxTrace? {
        let ha = heightAxis(height), wa = widthAxis(width)
        guard plane.count == height * width, (0..<ha.outputSize).contains(row), (0..<wa.outputSize).contains(column),
              ha.kernelSize * wa.kernelSize <= 4096 else { return nil }
        var taps: [WindowTap] = []
        for kr in 0..<ha.kernelSize {
            let r = ha.windowStart(row) + kr * ha.dilation
            for kc in 0..<wa.kernelSize {
                let c = wa.windowStart(column) + kc * wa.dilation
                let inside = r >= 0 && r < height && c >= 0 && c < width
                let padded = r >= -ha.padding && r < height + ha.padding && c >= -wa.padding && c < width + wa.padding
                taps.append(WindowTap(row: r, column: c, kind: inside ? .input : padded ? .padding : .overhang,
                                      value: inside ? plane[r * width + c] : 0))
            }
        }
        let initial = window(row: row, column: column, inputHeight: height, inputWidth: width).initialIndex
        return maxTrace(WindowTaps(rows: ha.kernelSize, columns: wa.kernelSize, taps: taps), width: width,
                        initialIndex: initial)
    }
}

/// The taps of adaptive bin `(row, column)`: every input cell of the bin.
private func adaptiveTaps(plane: [Float], height: Int, width: Int, rows: Range<Int>, columns: Range<Int>) -> WindowTaps {
    var taps: [WindowTap] = []
    taps.reserveCapacity(rows.count * columns.count)
    for r in rows {
        for c in columns { taps.append(WindowTap(row: r, column: c, kind: .input, value: plane[r * width + c])) }
    }
    return WindowTaps(rows: rows.count, columns: columns.count, taps: taps)
}

/// The bins of adaptive output `(row, column)` of an `outH × outW` output over a `height × width`
/// plane, or nil when there is no such output.
public func adaptiveBin(row: Int, column: Int, height: Int, width: Int, outH: Int, outW: Int) -> (rows: Range<Int>, columns: Range<Int>)? {
    guard (0..<outH).contains(row), (0..<outW).contains(column), height > 0, width > 0 else { return nil }
    return (AdaptiveBins.range(row, inputSize: height, outputSize: outH),
            AdaptiveBins.range(column, inputSize: width, outputSize: outW))
}

extension AdaptiveMaxPool2d {
    /// How output `(row, column)` of one plane is made (at most 1,000,000 cells in its bin).
    public func trace(plane: [Float], height: Int, width: Int, row: Int, column: Int) -> MaxTrace? {
        let (outH, outW) = resolvedOutputSize(height: height, width: width)
        guard plane.count == height * width,
              let bin = adaptiveBin(row: row, column: column, height: height, width: width, outH: outH, outW: outW),
              bin.rows.count * bin.columns.count <= 1_000_000 else { return nil }
        let taps = adaptiveTaps(plane: plane, height: height, width: width, rows: bin.rows, columns: bin.columns)
        return maxTrace(taps, width: width, initialIndex: bin.rows.lowerBound * width + bin.columns.lowerBound)
    }
}

// MARK: - Average pools

/// How one output of an average pool is made: the sum of its input cells over the divisor.
public struct AverageTrace: Sendable {
    /// Where the divisor comes from.
    public enum DivisorRule: Sendable, Equatable {
        /// `divisor_override`.
        case override
        /// `count_include_pad=True`: the window clipped to the padded input (`rows × columns`), the
        /// ceil-mode overhang left out.
        case paddedWindow(rows: Int, columns: Int)
        /// `count_include_pad=False`: the input cells only (`rows × columns`).
        case inputCells(rows: Int, columns: Int)
        /// An adaptive bin: its `rows × columns` cells.
        case bin(rows: Int, columns: Int)
    }

    public var window: WindowTaps
    /// The input cells' sum.
    public var sum: Double
    /// How many input cells are summed.
    public var cells: Int
    public var divisor: Int
    public var rule: DivisorRule
    /// The output element: `sum / divisor` (0 for a window without input cells).
    public var value: Double { cells == 0 ? 0 : sum / Double(divisor) }
}

extension AvgPool2d {
    /// How output `(row, column)` of one plane is made.
    public func trace(plane: [Float], height: Int, width: Int, row: Int, column: Int) -> AverageTrace? {
        let ha = heightAxis(height), wa = widthAxis(width)
        guard plane.count == height * width, (0..<ha.outputSize).contains(row), (0..<wa.outputSize).contains(column),
              ha.kernelSize * wa.kernelSize <= 4096 else { return nil }
        let win = window(row: row, column: column, inputHeight: height, inputWidth: width)
        var taps: [WindowTap] = []
        var sum = 0.0
        for kr in 0..<ha.kernelSize {
            let r = ha.windowStart(row) + kr
            for kc in 0..<wa.kernelSize {
                let c = wa.windowStart(column) + kc
                let inside = win.rows.contains(r) && win.columns.contains(c)
                let padded = win.paddedRows.contains(r) && win.paddedColumns.contains(c)
                let value = inside ? plane[r * width + c] : 0
                if inside { sum += Double(value) }
                taps.append(WindowTap(row: r, column: c, kind: inside ? .input : padded ? .padding : .overhang, value: value))
            }
        }
        let rule: AverageTrace.DivisorRule = divisorOverride != nil ? .override
            : countIncludePad ? .paddedWindow(rows: win.paddedRows.count, columns: win.paddedColumns.count)
            : .inputCells(rows: win.rows.count, columns: win.columns.count)
        return AverageTrace(window: WindowTaps(rows: ha.kernelSize, columns: wa.kernelSize, taps: taps), sum: sum,
                            cells: win.rows.count * win.columns.count, divisor: win.divisor, rule: rule)
    }
}

extension AdaptiveAvgPool2d {
    /// How output `(row, column)` of one plane is made (at most 1,000,000 cells in its bin).
    public func trace(plane: [Float], height: Int, width: Int, row: Int, column: Int) -> AverageTrace? {
        let (outH, outW) = resolvedOutputSize(height: height, width: width)
        guard plane.count == height * width,
              let bin = adaptiveBin(row: row, column: column, height: height, width: width, outH: outH, outW: outW),
              bin.rows.count * bin.columns.count <= 1_000_000 else { return nil }
        let taps = adaptiveTaps(plane: plane, height: height, width: width, rows: bin.rows, columns: bin.columns)
        let sum = taps.taps.reduce(0.0) { $0 + Double($1.value) }
        return AverageTrace(window: taps, sum: sum, cells: taps.taps.count, divisor: taps.taps.count,
                            rule: .bin(rows: bin.rows.count, columns: bin.columns.count))
    }
}
