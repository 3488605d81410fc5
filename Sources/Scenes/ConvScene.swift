// ConvScene: Conv2d's views — output feature maps, the input channels, one output channel's kernel
// weights (diverging, centred on 0), the receptive field of one output position over the padded
// input (padding and dilation holes visible), and which input channels each group of outputs sees.

import CellRender
import LayerKit

/// Conv2d's picture.
struct ConvPicture: ScenePicture {
    static var windowView: View? { .receptive }
    enum View: String, PictureView {
        case output, input, kernel, receptive, groups

        var summary: String {
            switch self {
            case .output: return "output feature maps"
            case .input: return "input channels"
            case .kernel: return "weights of one output channel"
            case .receptive: return "the input window one output reads"
            case .groups: return "which input channels each output sees"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [Conv2d.self]

    static let examples = [
        Preset("nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))",
               "non-square kernel, stride, padding and dilation per axis"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] {
        [1, (layer as? Conv2d)?.inChannels ?? 1, 10, 10]
    }

    static var defaultPattern: InputPattern { .digit }

    static func formula(_ scene: Scene) -> [String] {
        guard let conv = scene.layer as? Conv2d else { return [] }
        return scene.convArithmetic(conv)
    }

    /// `c` steps through the output channels in every view but `input`.
    static func channelCount(_ view: View, in scene: Scene) -> Int {
        view == .input ? Scene.channelCount(of: scene.input) : Scene.channelCount(of: scene.result.output)
    }

    static func inputAxis(sizedBy parameter: String, rank: Int) -> Int? {
        guard parameter == "in_channels" else { return nil }
        return rank == 4 ? 1 : rank == 3 ? 0 : nil
    }

    static func explanation(of scene: Scene) -> Explanation? { scene.windowExplanation() }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        guard let conv = scene.layer as? Conv2d else { return }
        scene.drawConv(conv, view, &canvas, body)
    }
}

extension Scene {
    func convArithmetic(_ conv: Conv2d) -> [String] {
        guard let h = try? conv.heightAxis(inputHeight), let w = try? conv.widthAxis(inputWidth) else { return [] }
        return [h.formula("H_out") + "   " + w.formula("W_out")]
    }

    func drawConv(_ conv: Conv2d, _ view: ConvPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        let inPerGroup = conv.inChannels / Swift.max(1, conv.groups)
        let outPerGroup = conv.outChannels / Swift.max(1, conv.groups)
        let oc = Swift.min(channel, conv.outChannels - 1)
        let group = oc / Swift.max(1, outPerGroup)
        let firstIn = group * inPerGroup
        switch view {
        case .input:
            let n = Scene.channelCount(of: input)
            let rest = canvas.captions([("the input's channels (item 0), one colour scale for all · the output sums over them", .muted)], in: body)
            drawPlaneGrid(&canvas, rest, count: n, first: channel, scale: nil) {
                var panel = MapPanel("input c\($0)", Plane(input, channel: $0), labels: false)
                panel.shortTitle = "c\($0)"
                return panel
            }
        case .kernel:
            let planes = (0..<inPerGroup).map { Plane(conv.weight, batch: oc, channel: $0) }
            let scale = ValueScale.fit(planes.flatMap(\.values), mode: .symmetric)
            let bias = conv.bias.map { " · bias[\(oc)] = " + NumberFormat.compact(Double($0.storage[oc]), significant: 4) } ?? " · no bias"
            let rest = canvas.captions([
                ("weight[\(oc)] \(shapeList([inPerGroup, conv.kernelSize.height, conv.kernelSize.width])) reads input channels "
                 + "\(firstIn)…\(firstIn + inPerGroup - 1)" + bias, .text),
                ("one colour scale for all of them, centred on 0 · init U(±1/√(fan_in)), fan_in = \(inPerGroup * conv.kernelSize.height * conv.kernelSize.width)", .muted),
            ], in: body)
            drawPlaneGrid(&canvas, rest, count: inPerGroup, first: 0, scale: scale) {
                var panel = MapPanel("weight[\(oc), \($0)] ← in \(firstIn + $0)", planes[$0], scale: scale)
                panel.shortTitle = "in \(firstIn + $0)"
                return panel
            }
        case .receptive:
            drawReceptive(conv, &canvas, body, inChannel: firstIn, inPerGroup: inPerGroup)
        case .groups:
            var lines: [(String, ThemeRole)] = [("groups=\(conv.groups): each output channel sees \(inPerGroup) of \(conv.inChannels) input channels", .text),
                                                ("weight \(shapeList(conv.weight.shape)) = (out_channels, in_channels/groups, kH, kW)", .muted)]
            for g in 0..<Swift.min(conv.groups, 8) {
                let outs = "\(g * outPerGroup)…\(g * outPerGroup + outPerGroup - 1)"
                let ins = "\(g * inPerGroup)…\(g * inPerGroup + inPerGroup - 1)"
                lines.append(("group \(g): outputs \(outs) ← inputs \(ins)", .text))
            }
            if conv.groups > 8 { lines.append(("… \(conv.groups - 8) more groups", .muted)) }
            let rest = canvas.captions(lines, in: body, keeping: Swift.min(body.height / 2, 8))
            drawGroupMatrix(conv, &canvas, rest)
        case .output:
            // The kernel beside the output when there is room for three panels.
            var extra: [MapPanel] = []
            if body.width >= 100, inPerGroup > 0 {
                let kernel = Plane(conv.weight, batch: oc, channel: 0)
                extra = [MapPanel("weight[\(oc), 0]", kernel, scale: ValueScale.fit(kernel.values, mode: .symmetric))]
            }
            var main = [MapPanel("input c\(firstIn)", Plane(input, channel: firstIn)),
                        MapPanel("output c\(oc)", Plane(result.output, channel: oc))] + extra
            if let marks = explainedWindowMarks(rows: main[0].plane.rows, cols: main[0].plane.cols) {
                // The element the drill-down explains: its window in the input, itself in the output.
                main[0].marks = marks
                var out = [CellMark](repeating: .none, count: main[1].plane.values.count)
                if out.indices.contains(position.row * main[1].plane.cols + position.column) {
                    out[position.row * main[1].plane.cols + position.column] = .highlight
                }
                main[1].marks = out
            }
            drawWithMoreOutputs(&canvas, body, main: main, outputs: conv.outChannels, shown: oc)
        }
    }

    /// `main` side by side at the top of `body`, and below, while rows are left, the next output
    /// channels at the same cell scale: more feature maps on a larger screen, none drawn larger.
    func drawWithMoreOutputs(_ canvas: inout Canvas, _ body: Rect, main: [MapPanel], outputs: Int, shown: Int) {
        let outPlane = Plane(result.output, channel: shown)
        guard let scale = canvas.scale(of: main, in: body, arrangement: .row), scale.step == 1, outputs > 1,
              outPlane.rows > 0, outPlane.cols > 0 else {
            canvas.panels(main, in: body, scope: state.colorScope)
            return
        }
        let inputSize = scale.size(rows: main[0].plane.rows, cols: main[0].plane.cols)
        let mainHeight = 1 + Swift.max(inputSize.height, scale.size(rows: outPlane.rows, cols: outPlane.cols).height) + 2
        let outSize = scale.size(rows: outPlane.rows, cols: outPlane.cols)
        let slotWidth = Swift.max(outSize.width, 16), rowHeight = 1 + outSize.height + 1
        let perRow = Swift.max(1, (body.width + 2) / (slotWidth + 2))
        let rows = (body.height - mainHeight - 1) / rowHeight
        guard rows >= 1 else {
            canvas.panels(main, in: body, scope: state.colorScope)
            return
        }
        let (top, rest) = body.splitTop(mainHeight)
        canvas.panels(main, in: top, scope: state.colorScope, arrangement: .row)
        let count = Swift.min(outputs - 1, rows * perRow)
        var panels: [MapPanel] = []
        var slots: [Rect] = []
        for k in 0..<count {
            let c = (shown + 1 + k) % outputs
            panels.append(MapPanel("output c\(c)", Plane(result.output, channel: c), legend: false))
            slots.append(Rect(x: rest.x + (k % perRow) * (slotWidth + 2), y: rest.y + 1 + (k / perRow) * rowHeight,
                              width: slotWidth, height: rowHeight - 1))
        }
        canvas.panels(panels, slots: slots, scope: state.colorScope)
        if count < outputs - 1 {
            canvas.line("+\(outputs - 1 - count) more output channels (c to step)", in: rest.splitBottom(1).bottom, role: .muted)
        }
    }

    /// Planes `first`, `first + 1`, … (wrapping around `count`) in a grid: as many as fit with one
    /// cell per value or more, at one cell scale; says how many more there are.
    func drawPlaneGrid(_ canvas: inout Canvas, _ body: Rect, count: Int, first: Int, scale: ValueScale?,
                       panel: (Int) -> MapPanel) {
        guard count > 0, !body.isEmpty else { return }
        let (area, foot) = body.splitBottom(body.height > 8 ? 2 : body.height > 4 ? 1 : 0)
        var all = (0..<Swift.min(count, 48)).map { panel((first + $0).wrapped(into: count)) }
        for i in all.indices { all[i].legend = false }
        var shown = 1
        for k in stride(from: all.count, through: 1, by: -1) {
            // Every panel at least one square cell per value and wide enough for a short title.
            if let s = canvas.scale(of: Array(all.prefix(k)), in: area), s.step == 1, s.cellWidth >= 2,
               s.size(rows: all[0].plane.rows, cols: all[0].plane.cols).width >= 6 { shown = k; break }
        }
        let panels = Array(all.prefix(shown))
        canvas.panels(panels, in: area, scope: .shared)
        // One legend for the whole grid (its panels share one scale), and what is not shown.
        let values = panels.flatMap(\.plane.values)
        let shared = scale ?? ValueScale.fit(values, mode: .auto)
        let more = shown < count ? "  showing \(shown) of \(count) · +\(count - shown) more (c to step)" : ""
        let (legendArea, moreArea) = foot.splitTop(1)
        Legend(scale: shared, counting: values, scope: "shared").draw(into: &canvas.grid, area: legendArea, options: canvas.options)
        canvas.line(more.trimmingBlanks, in: moreArea.isEmpty ? legendArea : moreArea, role: .warning)
    }

    private func drawReceptive(_ conv: Conv2d, _ canvas: inout Canvas, _ body: Rect, inChannel ic: Int, inPerGroup: Int) {
        let oc = Swift.min(channel, conv.outChannels - 1)
        guard let pads = try? conv.sidePadding, let rows = try? conv.heightAxis(inputHeight),
              let cols = try? conv.widthAxis(inputWidth) else { return }
        let (outH, outW) = outputPlaneSize
        guard result.output.count > 0, outH > 0, outW > 0 else {
            canvas.line("the output \(Scene.shapeText(result.output.shape)) has no elements: no window to show", in: body, role: .muted)
            return
        }
        let orow = position.row, ocol = position.column
        let plane = Plane(input, channel: ic)
        let ph = plane.rows + pads.top + pads.bottom, pw = plane.cols + pads.left + pads.right
        guard ph > 0, pw > 0, fitsPicture(&canvas, body, rows: ph, cols: pw, what: "the padded input") else { return }
        let paddedInput = try? Conv2d.pad(Tensor(shape: [1, 1, plane.rows, plane.cols], storage: plane.values), pads, mode: conv.paddingMode)
        let values = paddedInput?.storage ?? [Float](repeating: 0, count: ph * pw)
        var marks = [CellMark](repeating: .none, count: ph * pw)
        for r in 0..<ph {
            for c in 0..<pw where r < pads.top || r >= pads.top + plane.rows || c < pads.left || c >= pads.left + plane.cols {
                // 'zeros' padding is not data; the other modes copy input values, shown as values.
                if conv.paddingMode == .zeros { marks[r * pw + c] = .padding }
            }
        }
        for kr in 0..<conv.kernelSize.height {
            for kc in 0..<conv.kernelSize.width {
                let pr = rows.inputPosition(output: orow, tap: kr) + pads.top
                let pc = cols.inputPosition(output: ocol, tap: kc) + pads.left
                if pr >= 0, pr < ph, pc >= 0, pc < pw { marks[pr * pw + pc] = .window }
            }
        }
        let v = Plane(result.output, channel: oc).values[safe: orow * outW + ocol] ?? .nan
        let paddingWord = conv.paddingMode == .zeros ? "zero padding" : "padding (\(conv.paddingMode.rawValue), copies of input values)"
        let rest = canvas.captions([
            ("output[\(oc), \(orow), \(ocol)] = \(NumberFormat.compact(Double(v), significant: 5)) reads a \(conv.kernelSize.height)×\(conv.kernelSize.width) window "
             + "(dilation \(conv.dilation.height),\(conv.dilation.width)) starting at input row \(rows.inputPosition(output: orow, tap: 0)), col \(cols.inputPosition(output: ocol, tap: 0))", .text),
            ("[] kernel taps · " + paddingWord
             + (conv.dilation.height > 1 || conv.dilation.width > 1 ? " · gaps between taps are dilation holes" : "")
             + (inPerGroup > 1 ? " · the sum runs over input channels \(ic)…\(ic + inPerGroup - 1); one is shown" : ""), .muted),
        ], in: body, keeping: Swift.min(ph + 4, body.height - 2))
        var outMarks = [CellMark](repeating: .none, count: outH * outW)
        outMarks[orow * outW + ocol] = .highlight
        // Never sampled: a large input is clipped around the window, the output around the position.
        var padded = MapPanel("padded input c\(ic)", Plane(rows: ph, cols: pw, values: values), marks: marks)
        padded.focus = OutputPosition(row: rows.inputPosition(output: orow, tap: conv.kernelSize.height / 2) + pads.top,
                                      column: cols.inputPosition(output: ocol, tap: conv.kernelSize.width / 2) + pads.left)
        var out = MapPanel("output c\(oc)", Plane(result.output, channel: oc), marks: outMarks)
        out = revealed(out)
        out.focus = OutputPosition(row: orow, column: ocol)
        canvas.panels([padded, out], in: rest, scope: state.colorScope, sampling: false)
    }

    private func drawGroupMatrix(_ conv: Conv2d, _ canvas: inout Canvas, _ area: Rect) {
        // out channels down, in channels across: a filled cell where the output reads the input.
        let inPerGroup = conv.inChannels / Swift.max(1, conv.groups)
        let outPerGroup = conv.outChannels / Swift.max(1, conv.groups)
        guard [conv.outChannels, conv.inChannels].elementCount <= Scene.pictureCellLimit else { return }
        var values = [Float](repeating: 0, count: conv.outChannels * conv.inChannels)
        for o in 0..<conv.outChannels {
            let g = o / Swift.max(1, outPerGroup)
            for i in (g * inPerGroup)..<((g + 1) * inPerGroup) { values[o * conv.inChannels + i] = 1 }
        }
        canvas.map("connections: outputs ↓ × inputs →", Plane(rows: conv.outChannels, cols: conv.inChannels, values: values),
                   in: area, scale: ValueScale(lower: 0, upper: 1), legend: false)
    }
}
