// WindowExplanations: "how this number is made" for the windowed layers — Conv2d's window, weights,
// products and per-channel sums plus the bias; a max pool's winning tap and its index (ties and NaN
// as PyTorch decides them); an average pool's sum over its divisor and where the divisor comes from;
// an adaptive bin's bounds. The numbers come from LayerKit's traces (WindowTrace.swift), accumulated
// in Double, so the last line's total is the output shown.

import CellRender
import LayerKit

/// The trace behind a windowed layer's explanation, and the number it ends with.
enum WindowArithmetic {
    case conv(ConvTrace)
    case max(MaxTrace)
    case average(AverageTrace)

    /// The explained output element as the arithmetic gives it.
    var total: Double {
        switch self {
        case .conv(let t): return t.total
        case .max(let t): return Double(t.value)
        case .average(let t): return t.value
        }
    }
}

/// How the explanations print numbers.
private func num(_ v: Double) -> String { NumberFormat.compact(v, significant: 5) }
private func num(_ v: Float) -> String { num(Double(v)) }

/// Windows larger than this (rows or columns) are explained in lines without their small maps.
private let panelSideLimit = 9

extension Scene {
    /// The views of the windowed families that explain the selected element.
    static let explainingViews: Set<String> = ["receptive", "output", "window", "bins"]

    /// The selected element's arithmetic, for the windowed layers (nil otherwise, or when the
    /// output has no such element).
    var windowArithmetic: WindowArithmetic? {
        guard result.output.count > 0, input.rank >= 3 else { return nil }
        let p = position
        if let conv = layer as? Conv2d {
            let oc = Swift.min(channel, conv.outChannels - 1)
            return conv.trace(input: input, outChannel: oc, row: p.row, column: p.column).map { .conv($0) }
        }
        let plane = Plane(input, channel: channel)
        guard plane.rows * plane.cols == plane.values.count, !plane.values.isEmpty else { return nil }
        let (h, w, v) = (plane.rows, plane.cols, plane.values)
        if let m = layer as? MaxPool2d { return m.trace(plane: v, height: h, width: w, row: p.row, column: p.column).map { .max($0) } }
        if let m = layer as? AdaptiveMaxPool2d { return m.trace(plane: v, height: h, width: w, row: p.row, column: p.column).map { .max($0) } }
        if let a = layer as? AvgPool2d { return a.trace(plane: v, height: h, width: w, row: p.row, column: p.column).map { .average($0) } }
        if let a = layer as? AdaptiveAvgPool2d { return a.trace(plane: v, height: h, width: w, row: p.row, column: p.column).map { .average($0) } }
        return nil
    }

    /// The output element the explanation explains (channel `channel` of item 0), as computed.
    var explainedOutput: Float? {
        let oc = Swift.min(channel, Scene.channelCount(of: result.output) - 1)
        let out = Plane(result.output, channel: oc)
        return out.values[safe: position.row * out.cols + position.column]
    }

    /// The drill-down of a windowed layer, in the views that show its window or its output.
    func windowExplanation() -> Explanation? {
        guard Scene.explainingViews.contains(view.name), let arithmetic = windowArithmetic,
              let y = explainedOutput else { return nil }
        let title = "output\(elementIndex) = \(num(y))"
        switch arithmetic {
        case .conv(let t): return convExplanation(t, title: title)
        case .max(let t): return maxExplanation(t, title: title)
        case .average(let t): return averageExtplanation(t, title: title)
        }
    }

    // MARK: Conv2d

    private func convExplanation(_ t: ConvTrace, title: String) -> Explanation? {
        guard let conv = layer as? Conv2d, let first = t.terms.first else { return nil }
        let taps = first.window
        let padded = taps.count(.padding)
        let paddingWord = conv.paddingMode == .zeros ? "zero padding (0)" : "\(conv.paddingMode.rawValue) padding (copies)"
        var lines: [(String, ThemeRole)] = []
        lines.append(("Σ window·weight over in c\(first.inputChannel) = \(num(first.sum))", .text))
        if t.terms.count <= 4 {
            let parts = t.terms.map { "c\($0.inputChannel) \(num($0.sum))" }.joined(separator: " + ")
            lines.append(("per input channel: " + parts, .text))
        } else {
            let top = t.terms.sorted { Swift.abs($0.sum) > Swift.abs($1.sum) }.prefix(2)
            let list = top.map { "c\($0.inputChannel) \(num($0.sum))" }.joined(separator: ", ")
            lines.append(("\(t.terms.count) in channels: largest " + list + " (+\(t.terms.count - 2))", .text))
        }
        let bias = t.bias.map { " + bias \(num($0))" } ?? " (bias=False)"
        lines.append(("Σ = \(num(t.channelSum))" + bias + " = \(num(t.total)) = output", .accent))
        lines.append(("in c\(first.inputChannel): \(taps.rows)×\(taps.columns) taps at rows \(spanText(taps.taps.map(\.row)))"
                      + ", cols \(spanText(taps.taps.map(\.column)))" + (padded > 0 ? "; \(padded) read \(paddingWord)" : ""), .muted))
        var panels: [MapPanel] = []
        if taps.rows <= panelSideLimit, taps.columns <= panelSideLimit {
            let window = Plane(rows: taps.rows, cols: taps.columns, values: taps.taps.map(\.value))
            let weights = Plane(rows: taps.rows, cols: taps.columns, values: first.weights)
            let products = Plane(rows: taps.rows, cols: taps.columns, values: first.products.map { Float($0) })
            panels = [MapPanel("window c\(first.inputChannel)", window, legend: false),
                      MapPanel("weight", weights, scale: ValueScale.fit(weights.values, mode: .symmetric), legend: false),
                      MapPanel("products", products, scale: ValueScale.fit(products.values, mode: .symmetric), legend: false)]
        }
        return Explanation(title, lines: lines, panels: panels)
    }

    // MARK: Max pools

    private func maxExplanation(_ t: MaxTrace, title: String) -> Explanation {
        let taps = t.window
        var lines: [(String, ThemeRole)] = [(windowLine(taps, padding: "padding (−∞, never wins)"), .muted)]
        let w = inputWidth
        if let i = t.winner {
            let tap = taps.taps[i]
            lines.append(("max = \(num(t.value)) at input row \(tap.row), col \(tap.column) → index \(tap.row)·\(w) + \(tap.column) = \(t.index)"
                          + " (what return_indices gives)", .accent))
            if t.nans > 0 {
                lines.append(("NaN in the window: NaN wins, the last NaN in scan order (row by row)", .warning))
            } else if t.ties > 0 {
                lines.append(("\(t.ties) other tap\(t.ties == 1 ? "" : "s") equal\(t.ties == 1 ? "s" : "") it: PyTorch keeps the first in scan order (row by row)", .text))
            } else {
                lines.append(("no other tap equals it", .muted))
            }
        } else {
            lines.append(("no tap beats −∞: output \(num(t.value)), index \(t.index) (the first tap inside the input)", .accent))
        }
        var panels: [MapPanel] = []
        if taps.rows <= panelSideLimit, taps.columns <= panelSideLimit {
            var marks = taps.taps.map { $0.kind == .padding ? CellMark.padding : $0.kind == .overhang ? .overhang : .none }
            if let i = t.winner { marks[i] = .highlight }
            panels = [MapPanel("window", Plane(rows: taps.rows, cols: taps.columns, values: taps.taps.map(\.value)),
                               marks: marks, legend: false)]
        }
        return Explanation(title, lines: binLines() + lines, panels: panels)
    }

    // MARK: Average pools

    private func averageExtplanation(_ t: AverageTrace, title: String) -> Explanation {
        let taps = t.window
        var lines: [(String, ThemeRole)] = [(windowLine(taps, padding: "padding (0)"), .muted)]
        lines.append(("sum of the \(t.cells) input cell\(t.cells == 1 ? "" : "s") = \(num(t.sum))", .text))
        switch t.rule {
        case .override:
            lines.append(("divisor = divisor_override = \(t.divisor), whatever the window holds", .text))
        case .paddedWindow(let r, let c):
            let overhang = taps.count(.overhang) > 0 ? ", not the ceil-mode overhang" : ""
            lines.append(("divisor = \(r)·\(c) = \(t.divisor): count_include_pad=True counts the padding" + overhang, .text))
        case .inputCells(let r, let c):
            lines.append(("divisor = \(r)·\(c) = \(t.divisor): count_include_pad=False counts the input cells only", .text))
        case .bin(let r, let c):
            lines.append(("divisor = \(r)·\(c) = \(t.divisor), the cells of the bin", .text))
        }
        if t.cells == 0 {
            lines.append(("no input cell in the window: output 0", .accent))
        } else {
            lines.append(("\(num(t.sum)) / \(t.divisor) = \(num(t.value)) = output", .accent))
        }
        var panels: [MapPanel] = []
        if taps.rows <= panelSideLimit, taps.columns <= panelSideLimit {
            let marks = taps.taps.map { $0.kind == .padding ? CellMark.padding : $0.kind == .overhang ? .overhang : .none }
            panels = [MapPanel("window", Plane(rows: taps.rows, cols: taps.columns, values: taps.taps.map(\.value)),
                               marks: marks, legend: false)]
        }
        return Explanation(title, lines: binLines() + lines, panels: panels)
    }

    // MARK: Pieces

    /// An adaptive pool's bin bounds with the numbers put in (empty for the fixed-window pools).
    private func binLines() -> [(String, ThemeRole)] {
        guard layer is AdaptiveMaxPool2d || layer is AdaptiveAvgPool2d else { return [] }
        let (outH, outW) = outputPlaneSize
        func axis(_ name: String, _ i: Int, _ inSize: Int, _ outSize: Int) -> String {
            let r = AdaptiveBins.range(i, inputSize: inSize, outputSize: outSize)
            return "\(name) ⌊\(i)·\(inSize)/\(outSize)⌋ = \(r.lowerBound) … ⌈\(i + 1)·\(inSize)/\(outSize)⌉ = \(r.upperBound) (exclusive)"
        }
        let p = position
        return [(axis("rows", p.row, inputHeight, outH) + " · " + axis("cols", p.column, inputWidth, outW), .text)]
    }

    /// Where the taps of a pool window lie and what they read.
    private func windowLine(_ taps: WindowTaps, padding: String) -> String {
        let inside = taps.count(.input), pad = taps.count(.padding), over = taps.count(.overhang)
        var text = "\(taps.rows)×\(taps.columns) window, rows \(spanText(taps.taps.map(\.row))), cols \(spanText(taps.taps.map(\.column)))"
            + ": \(inside) input cell\(inside == 1 ? "" : "s")"
        if pad > 0 { text += ", \(pad) " + padding }
        if over > 0 { text += ", \(over) past the padded input (ceil_mode: read by nobody)" }
        return text
    }

    /// `a…b` for consecutive positions, `a,b,c` (or `a,b…z step s`) for spaced ones.
    private func spanText(_ positions: [Int]) -> String {
        // Distinct positions, sorted (a set: a window may hold thousands of taps).
        let seen = Set(positions).sorted()
        guard let lo = seen.first, let hi = seen.last else { return "-" }
        if seen.count == 1 { return "\(lo)" }
        let step = seen[1] - seen[0]
        let even = zip(seen, seen.dropFirst()).allSatisfy { $1 - $0 == step }
        if even, step == 1 { return "\(lo)…\(hi)" }
        if seen.count <= 4 { return seen.map(String.init).joined(separator: ",") }
        return even ? "\(lo)…\(hi) step \(step)" : seen.map(String.init).joined(separator: ",")
    }

    /// The marks of the explained window over an input plane of `rows × cols` (input taps only).
    func explainedWindowMarks(rows: Int, cols: Int) -> [CellMark]? {
        guard state.explain, let arithmetic = windowArithmetic else { return nil }
        let taps: WindowTaps
        switch arithmetic {
        case .conv(let t): guard let first = t.terms.first else { return nil }; taps = first.window
        case .max(let t): taps = t.window
        case .average(let t): taps = t.window
        }
        var marks = [CellMark](repeating: .none, count: rows * cols)
        for tap in taps.taps where tap.kind == .input && tap.row < rows && tap.column < cols {
            marks[tap.row * cols + tap.column] = .window
        }
        if case .max(let t) = arithmetic, let i = t.winner {
            let tap = t.window.taps[i]
            marks[tap.row * cols + tap.column] = .highlight
        }
        return marks
    }
}
