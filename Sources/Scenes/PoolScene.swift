// PoolScene: MaxPool2d's and AvgPool2d's views — one window over the padded input (taps, padding,
// dilation holes, ceil-mode overhang), input and output, where each maximum came from (indices),
// and the divisor of each average (count_include_pad, ceil_mode overhang, divisor_override) — and
// the adaptive pools' bins.

import CellRender
import LayerKit

/// What MaxPool2d's and AvgPool2d's pictures share: the input, the formula and the drawing.
protocol WindowPoolPicture: ScenePicture where View: WindowPoolView {}

/// A view of a fixed-window pool, drawn by the shared code.
protocol WindowPoolView: PictureView {
    var drawn: PoolView { get }
}

extension WindowPoolPicture {
    static var windowView: View? { View(rawValue: "window") }
    static func defaultShape(for layer: any Layer) -> [Int] { [1, 2, 10, 10] }
    static var defaultPattern: InputPattern { .image }
    static func formula(_ scene: Scene) -> [String] { scene.poolFormula() }
    static func explanation(of scene: Scene) -> Explanation? { scene.windowExplanation() }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        scene.drawPool(view.drawn, &canvas, body)
    }
}

/// MaxPool2d's picture.
struct MaxPoolPicture: WindowPoolPicture {
    enum View: String, WindowPoolView {
        case window, output, indices, compare

        var summary: String {
            switch self {
            case .window: return "one window over the padded input"
            case .output: return "input and output"
            case .indices: return "where each maximum came from"
            case .compare: return "max and average pooling side by side"
            }
        }

        var drawn: PoolView {
            switch self {
            case .window: return .window
            case .output: return .output
            case .indices: return .indices
            case .compare: return .compare
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [MaxPool2d.self]

    static let examples = [
        Preset("nn.MaxPool2d((3, 2), stride=(2, 1))", shape: [1, 16, 50, 32], "non-square window → (·, 16, 24, 31)"),
        Preset("nn.MaxPool2d(3, stride=2)", shape: [1, 16, 50, 32], "square window"),
    ]
}

/// AvgPool2d's picture.
struct AvgPoolPicture: WindowPoolPicture {
    enum View: String, WindowPoolView {
        case window, output, divisor, compare

        var summary: String {
            switch self {
            case .window: return "one window over the padded input"
            case .output: return "input and output"
            case .divisor: return "what each output is divided by"
            case .compare: return "max and average pooling side by side"
            }
        }

        var drawn: PoolView {
            switch self {
            case .window: return .window
            case .output: return .output
            case .divisor: return .divisor
            case .compare: return .compare
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [AvgPool2d.self]

    static let examples = [
        Preset("nn.AvgPool2d((3, 2), stride=(2, 1))", shape: [1, 16, 50, 32], "the same window, averaging"),
        Preset("nn.AvgPool2d(3, stride=2)", shape: [1, 16, 50, 32], "square window, averaging"),
    ]
}

/// AdaptiveMaxPool2d's and AdaptiveAvgPool2d's picture.
struct AdaptivePoolPicture: ScenePicture {
    static var windowView: View? { .bins }
    enum View: String, PictureView {
        case bins, output

        var summary: String {
            switch self {
            case .bins: return "the input bin of one output"
            case .output: return "input and output"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [AdaptiveMaxPool2d.self, AdaptiveAvgPool2d.self]

    static let examples = [
        Preset("nn.AdaptiveMaxPool2d((None, 7))", shape: [1, 64, 10, 9], "None keeps the input's height → (1, 64, 10, 7)"),
        Preset("nn.AdaptiveAvgPool2d((5, 7))", shape: [1, 64, 8, 9], "a fixed 5×7 output from any input"),
        Preset("nn.AdaptiveMaxPool2d((5, 7))", shape: [1, 64, 8, 9], "fixed output 5×7"),
        Preset("nn.AdaptiveMaxPool2d(7)", shape: [1, 64, 10, 9], "square output"),
        Preset("nn.AdaptiveAvgPool2d(7)", shape: [1, 64, 10, 9], "square output, averaging"),
        Preset("nn.AdaptiveAvgPool2d((None, 7))", shape: [1, 64, 10, 9], "None keeps the height, averaging"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { [1, 2, 10, 9] }
    static var defaultPattern: InputPattern { .image }
    static func formula(_ scene: Scene) -> [String] { scene.adaptiveArithmetic() }
    static func explanation(of scene: Scene) -> Explanation? { scene.windowExplanation() }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        scene.drawAdaptive(view, &canvas, body)
    }
}

/// The views the two fixed-window pools draw with shared code.
enum PoolView {
    case window, output, indices, divisor, compare
}

extension Scene {
    /// The pooling arithmetic of a MaxPool2d or AvgPool2d.
    func poolFormula() -> [String] {
        guard let (h, w) = poolAxes else { return [] }
        return poolArithmetic(h: h, w: w)
    }

    func poolArithmetic(h: PoolAxis, w: PoolAxis) -> [String] {
        [h.formula("H_out") + "   " + w.formula("W_out")]
    }

    private var poolAxes: (PoolAxis, PoolAxis)? {
        if let m = layer as? MaxPool2d { return (m.heightAxis(inputHeight), m.widthAxis(inputWidth)) }
        if let a = layer as? AvgPool2d { return (a.heightAxis(inputHeight), a.widthAxis(inputWidth)) }
        return nil
    }

    func drawPool(_ view: PoolView, _ canvas: inout Canvas, _ body: Rect) {
        guard let (ha, wa) = poolAxes else { return }
        let outH = result.output.shape[result.output.rank - 2], outW = result.output.shape[result.output.rank - 1]
        if view != .output, !explainsSomeOutput(&canvas, body) { return }
        switch view {
        case .output:
            drawInputOutput(&canvas, body)
        case .indices:
            guard let indices = result.indices else { return }
            let plane = Plane(input, channel: channel)
            var marks = [CellMark](repeating: .none, count: plane.rows * plane.cols)
            let per = outH * outW
            let items = Scene.channelCount(of: result.output)
            let base = (input.rank == 4 ? 0 : 0) + channel * per
            var counts = [Int: Int]()
            if base + per <= indices.count, items > 0 {
                for k in 0..<per {
                    let i = Int(indices.storage[base + k])
                    if i >= 0, i < marks.count { marks[i] = .highlight; counts[i, default: 0] += 1 }
                }
            }
            let shared = counts.values.filter { $0 > 1 }.count
            let rest = canvas.captions([("<> marks each argmax (return_indices gives row·W + col); \(counts.count) distinct positions"
                        + (shared > 0 ? ", \(shared) chosen by overlapping windows" : ""), .muted)], in: body,
                                       keeping: Swift.min(plane.rows + 4, body.height - 2))
            let idx = Array(indices.storage[Swift.min(base, indices.count)..<Swift.min(base + per, indices.count)]).map { Float($0) }
            // The indices are numbers to read, not values to compare: a panel of their own, labelled.
            let halves = rest.split(.horizontal, [.fill(Swift.max(1, plane.cols)), .fill(Swift.max(1, outW))], gap: 2)
            canvas.panels([MapPanel("input c\(channel)", plane, marks: marks)], in: halves[0], scope: .local, sampling: false)
            canvas.panels([MapPanel("indices c\(channel)", Plane(rows: outH, cols: outW, values: idx), legend: false)],
                          in: halves[1], scope: .local)
        case .divisor:
            guard let avg = layer as? AvgPool2d, outH > 0, outW > 0 else { return }
            var divisors = [Float](repeating: 0, count: outH * outW)
            for r in 0..<outH {
                for c in 0..<outW {
                    divisors[r * outW + c] = Float(avg.window(row: r, column: c, inputHeight: inputHeight, inputWidth: inputWidth).divisor)
                }
            }
            let rule = avg.divisorOverride.map { "divisor_override=\($0) divides every window" }
                ?? (avg.countIncludePad ? "count_include_pad=True: padding counts, the ceil-mode overhang does not"
                                        : "count_include_pad=False: only input cells count")
            let rest = canvas.captions([("output = sum of the window / divisor · " + rule, .text),
                          ("kernel \(avg.kernelSize.height)×\(avg.kernelSize.width) = \(avg.kernelSize.height * avg.kernelSize.width) cells; smaller divisors are windows cut by the edge", .muted)], in: body)
            canvas.panels([MapPanel("divisor per output", Plane(rows: outH, cols: outW, values: divisors)),
                           MapPanel("output c\(channel)", Plane(result.output, channel: channel))],
                          in: rest, scope: .local)
        case .compare:
            drawPoolComparison(&canvas, body)
        case .window:
            drawPoolWindow(&canvas, body, ha: ha, wa: wa, outH: outH, outW: outW)
        }
    }

    private func drawPoolWindow(_ canvas: inout Canvas, _ body: Rect, ha: PoolAxis, wa: PoolAxis, outH: Int, outW: Int) {
        guard outH > 0, outW > 0 else { return }
        let orow = position.row, ocol = position.column
        let pos = orow * outW + ocol
        let plane = Plane(input, channel: channel)
        // The drawn extent: the padded input, plus any ceil-mode overhang of the last windows.
        func extent(_ a: PoolAxis, _ outSize: Int) -> (before: Int, after: Int) {
            let lastEnd = a.windowStart(outSize - 1) + a.dilation * (a.kernelSize - 1) + 1
            return (a.padding, Swift.max(a.padding, lastEnd - a.inputSize))
        }
        let (top, bottom) = extent(ha, outH), (left, right) = extent(wa, outW)
        let paddedRows = plane.rows.addingReportingOverflow(top &+ bottom)
        let paddedCols = plane.cols.addingReportingOverflow(left &+ right)
        guard !paddedRows.overflow, !paddedCols.overflow, top &+ bottom >= 0, left &+ right >= 0,
              fitsPicture(&canvas, body, rows: paddedRows.partialValue, cols: paddedCols.partialValue,
                          what: "the padded input") else { return }
        let ph = paddedRows.partialValue, pw = paddedCols.partialValue
        let low = plane.values.filter(\.isFinite).min() ?? 0
        var values = [Float](repeating: low, count: ph * pw)
        // Outside the input: padding within `padding` of it, ceil-mode overhang beyond.
        var marks = [CellMark](repeating: .padding, count: ph * pw)
        let padBottom = top + plane.rows + ha.padding, padRight = left + plane.cols + wa.padding
        for r in 0..<ph {
            for c in 0..<pw where r >= padBottom || c >= padRight { marks[r * pw + c] = .overhang }
        }
        for r in 0..<plane.rows {
            for c in 0..<plane.cols {
                values[(r + top) * pw + c + left] = plane.values[r * plane.cols + c]
                marks[(r + top) * pw + c + left] = .none
            }
        }
        // Taps move down and right from the window's start (≥ 0 in the padded picture): stop at the edge.
        for kr in 0..<ha.kernelSize {
            let r = ha.windowStart(orow) + kr * ha.dilation + top
            if r >= ph { break }
            for kc in 0..<wa.kernelSize {
                let c = wa.windowStart(ocol) + kc * wa.dilation + left
                if c >= pw { break }
                if r >= 0, c >= 0, marks[r * pw + c] != .overhang { marks[r * pw + c] = .window }
            }
        }
        var outMarks = [CellMark](repeating: .none, count: outH * outW)
        outMarks[pos] = .highlight
        let v = Plane(result.output, channel: channel).values
        let value = pos < v.count ? NumberFormat.compact(Double(v[pos]), significant: 5) : "?"
        let isMax = layer is MaxPool2d
        var captions: [(String, ThemeRole)] = [
            ("output[\(channel), \(orow), \(ocol)] = \(value) = \(isMax ? "max" : "mean") of the [] window starting at row \(ha.windowStart(orow)), col \(wa.windowStart(ocol))", .text),
        ]
        var detail = "stride \(ha.stride),\(wa.stride) · padding \(ha.padding),\(wa.padding)"
        if isMax { detail += " · dilation \(ha.dilation),\(wa.dilation) · padding counts as −∞ (it never wins)" }
        captions.append((detail, .muted))
        if ha.ceilMode || wa.ceilMode {
            captions.append(("ceil_mode=True: a last window may overhang the padded input (∘ cells); it is kept only when it starts inside the input or its left padding", .muted))
        }
        // Captions give way before the window's picture would have to be sampled.
        let rest = canvas.captions(captions, in: body, keeping: Swift.min(ph + 4, body.height - 2))
        // A window is never sampled: a large input is clipped around it (and the output around the
        // selected position), and the titles count what is hidden.
        var padded = MapPanel("padded input c\(channel)", Plane(rows: ph, cols: pw, values: values), marks: marks)
        padded.focus = OutputPosition(row: ha.windowStart(orow) + top + ha.dilation * (ha.kernelSize - 1) / 2,
                                      column: wa.windowStart(ocol) + left + wa.dilation * (wa.kernelSize - 1) / 2)
        var out = MapPanel("output c\(channel)", Plane(result.output, channel: channel), marks: outMarks)
        out = revealed(out)
        out.focus = OutputPosition(row: orow, column: ocol)
        canvas.panels([padded, out], in: rest, scope: state.colorScope, sampling: false)
    }

    /// The same input and window through MaxPool2d and AvgPool2d, on one colour scale.
    private func drawPoolComparison(_ canvas: inout Canvas, _ body: Rect) {
        let args = state.arguments
        let shared = ["kernel_size", "stride", "padding", "ceil_mode"].map { "\($0)=\(args[$0].pythonRepr)" }.joined(separator: ", ")
        let isMax = layer is MaxPool2d
        let otherExpression = isMax ? "nn.AvgPool2d(\(shared))" : "nn.MaxPool2d(\(shared))"
        var notes: [(String, ThemeRole)] = [("the same window through both, one colour scale for all three: " + otherExpression, .muted)]
        if isMax, args["dilation"] != .int(1) {
            notes.insert(("AvgPool2d has no dilation: its windows are solid (dilation=\(args["dilation"].pythonRepr) applies to the max only)", .warning), at: 0)
        }
        if !isMax { notes.append(("max keeps the strongest value of each window; the average blurs it", .muted)) }
        guard var other = try? Computation(expression: otherExpression),
              let otherOutput = try? other.run(input: input, training: state.training).output else {
            canvas.line("the other pooling cannot run on this input", in: body, role: .muted)
            return
        }
        let rest = canvas.captions(notes, in: body)
        let maxOut = isMax ? result.output : otherOutput, avgOut = isMax ? otherOutput : result.output
        let inPlane = Plane(input, channel: channel)
        let planes = [Plane(maxOut, channel: channel), Plane(avgOut, channel: channel)]
        let scale = ([inPlane] + planes).map { ValueScale.fit($0.values, mode: .auto) }.dropFirst().reduce(ValueScale.fit(inPlane.values, mode: .auto)) { $0.union($1) }
        canvas.panels([MapPanel("input c\(channel)", inPlane, scale: scale),
                       MapPanel("output max c\(channel)", planes[0], scale: scale),
                       MapPanel("output avg c\(channel)", planes[1], scale: scale)], in: rest, scope: .shared)
    }

    // MARK: Adaptive pools

    private var adaptiveOutput: (Int, Int) {
        let o = result.output
        return (o.rank >= 2 ? o.shape[o.rank - 2] : 1, o.rank >= 1 ? o.shape[o.rank - 1] : 1)
    }

    func adaptiveArithmetic() -> [String] {
        let (oh, ow) = adaptiveOutput
        return ["bin i covers ⌊i·\(inputHeight)/\(oh)⌋ … ⌈(i+1)·\(inputHeight)/\(oh)⌉ rows and ⌊j·\(inputWidth)/\(ow)⌋ … ⌈(j+1)·\(inputWidth)/\(ow)⌉ columns (bins may overlap)"]
    }

    func drawAdaptive(_ view: AdaptivePoolPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        if view == .output { return drawInputOutput(&canvas, body) }
        guard explainsSomeOutput(&canvas, body) else { return }
        let (oh, ow) = adaptiveOutput
        guard oh > 0, ow > 0 else { return }
        let orow = position.row, ocol = position.column
        let pos = orow * ow + ocol
        let rows = AdaptiveBins.range(orow, inputSize: inputHeight, outputSize: oh)
        let cols = AdaptiveBins.range(ocol, inputSize: inputWidth, outputSize: ow)
        let plane = Plane(input, channel: channel)
        var marks = [CellMark](repeating: .none, count: plane.rows * plane.cols)
        for r in rows { for c in cols where r < plane.rows && c < plane.cols { marks[r * plane.cols + c] = .window } }
        var outMarks = [CellMark](repeating: .none, count: oh * ow)
        outMarks[pos] = .highlight
        // The first bins only: the line shows at most 200 characters of them.
        let starts = (0..<Swift.min(oh, 100)).map { AdaptiveBins.range($0, inputSize: inputHeight, outputSize: oh) }
        let colStarts = (0..<Swift.min(ow, 100)).map { AdaptiveBins.range($0, inputSize: inputWidth, outputSize: ow) }
        func ranges(_ rs: [Range<Int>]) -> String {
            TextWidth.truncate(rs.map { "\($0.lowerBound)-\($0.upperBound - 1)" }.joined(separator: " "), to: 200)
        }
        let rest = canvas.captions([("output[\(channel), \(orow), \(ocol)] pools rows \(rows.lowerBound)…\(rows.upperBound - 1), cols \(cols.lowerBound)…\(cols.upperBound - 1) ([] marks the bin)", .text),
                      ("row bins: " + ranges(starts), .muted), ("col bins: " + ranges(colStarts), .muted)], in: body,
                                   keeping: Swift.min(plane.rows + 4, body.height - 2))
        var bin = MapPanel("input c\(channel)", plane, marks: marks)
        bin.focus = OutputPosition(row: (rows.lowerBound + rows.upperBound) / 2, column: (cols.lowerBound + cols.upperBound) / 2)
        var out = MapPanel("output c\(channel)", Plane(result.output, channel: channel), marks: outMarks)
        out = revealed(out)
        out.focus = OutputPosition(row: orow, column: ocol)
        canvas.panels([bin, out], in: rest, scope: state.colorScope, sampling: false)
    }

    // MARK: Limits

    /// Whether the output has an element to explain; if not, says so in `body`.
    func explainsSomeOutput(_ canvas: inout Canvas, _ body: Rect) -> Bool {
        guard result.output.count == 0 else { return true }
        canvas.line("the output \(Scene.shapeText(result.output.shape)) has no elements: no window to show",
                    in: body, role: .muted)
        return false
    }

    /// Whether a picture of `rows × cols` cells may be built (at most `Scene.pictureCellLimit`);
    /// if not, says so in `body`.
    func fitsPicture(_ canvas: inout Canvas, _ body: Rect, rows: Int, cols: Int, what: String) -> Bool {
        guard [rows, cols].elementCount > Scene.pictureCellLimit else { return true }
        canvas.line("\(what) is \(rows)×\(cols): too large to draw (at most \(Scene.pictureCellLimit) cells)",
                    in: body, role: .muted)
        return false
    }
}
