// ConvScene: Conv2d's views — output feature maps, the input channels, one output channel's kernel
// weights (diverging, centred on 0), the receptive field of one output position over the padded
// input (padding and dilation holes visible), and which input channels each group of outputs sees.

import CellRender
import LayerKit

/// Conv2d's picture.
struct ConvPicture: ScenePicture {
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

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        guard let conv = scene.layer as? Conv2d else { return }
        scene.drawConv(conv, view, &canvas, body)
    }
}

extension Scene {
    func convArithmetic(_ conv: Conv2d) -> [String] {
        guard let p = try? conv.sidePadding, let (ho, wo) = try? conv.outputSize(height: inputHeight, width: inputWidth) else { return [] }
        func axis(_ name: String, _ size: Int, _ a: Int, _ b: Int, _ k: Int, _ s: Int, _ d: Int, _ out: Int) -> String {
            let pad = a == b ? "2·\(a)" : "\(a) + \(b)"
            return "\(name) = ⌊(\(size) + \(pad) − \(d)·(\(k)−1) − 1)/\(s)⌋ + 1 = \(out)"
        }
        return [axis("H_out", inputHeight, p.top, p.bottom, conv.kernelSize.height, conv.stride.height, conv.dilation.height, ho)
                + "   " + axis("W_out", inputWidth, p.left, p.right, conv.kernelSize.width, conv.stride.width, conv.dilation.width, wo)]
    }

    func drawConv(_ conv: Conv2d, _ view: ConvPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        let inPerGroup = conv.inChannels / Swift.max(1, conv.groups)
        let outPerGroup = conv.outChannels / Swift.max(1, conv.groups)
        let c = channel
        switch view {
        case .input:
            drawChannelRow(&canvas, body, tensor: input, title: "input channel")
        case .kernel:
            let oc = Swift.min(c, conv.outChannels - 1)
            let planes = (0..<inPerGroup).map { Plane(conv.weight, batch: oc, channel: $0) }
            let all = planes.flatMap(\.values)
            let scale = ValueScale.fit(all, mode: .symmetric)
            let group = oc / Swift.max(1, outPerGroup)
            let bias = conv.bias.map { " · bias[\(oc)] = " + NumberFormat.compact(Double($0.storage[oc]), significant: 4) } ?? " · no bias"
            let rest = canvas.captions([("weight[\(oc)] \(shapeList([inPerGroup, conv.kernelSize.height, conv.kernelSize.width])) reads input channels "
                        + "\(group * inPerGroup)…\(group * inPerGroup + inPerGroup - 1)" + bias
                        + " · init U(±1/√fan_in)", .text)], in: body)
            drawPlanes(&canvas, rest, planes: planes, titles: (0..<inPerGroup).map { "in \(group * inPerGroup + $0)" },
                       scale: scale, labels: true)
        case .receptive:
            drawReceptive(conv, &canvas, body, inPerGroup: inPerGroup, outPerGroup: outPerGroup)
        case .groups:
            var lines: [(String, ThemeRole)] = [("groups=\(conv.groups): each output channel sees \(inPerGroup) of \(conv.inChannels) input channels", .text),
                                                ("weight \(shapeList(conv.weight.shape)) = (out_channels, in_channels/groups, kH, kW)", .muted)]
            for g in 0..<conv.groups {
                let outs = "\(g * outPerGroup)…\(g * outPerGroup + outPerGroup - 1)"
                let ins = "\(g * inPerGroup)…\(g * inPerGroup + inPerGroup - 1)"
                lines.append(("group \(g): outputs \(outs) ← inputs \(ins)", .text))
            }
            let (text, rest) = body.splitTop(Swift.min(lines.count, body.height / 2 + 1))
            canvas.lines(lines, in: text)
            drawGroupMatrix(conv, &canvas, rest)
        case .output:
            let halves = body.split(.horizontal, [.fill(1), .fill(1)], gap: 2)
            let ic = (Swift.min(c, conv.outChannels - 1) / Swift.max(1, outPerGroup)) * inPerGroup
            canvas.map("input c\(ic)", Plane(input, channel: ic), in: halves[0])
            canvas.map("output c\(Swift.min(c, conv.outChannels - 1))", Plane(result.output, channel: Swift.min(c, conv.outChannels - 1)),
                       in: halves[1])
        }
    }

    /// Several planes side by side (as many as fit), with a shared scale when given.
    func drawPlanes(_ canvas: inout Canvas, _ body: Rect, planes: [Plane], titles: [String],
                    scale: ValueScale?, labels: Bool = false) {
        guard let first = planes.first else { return }
        let natural = first.cols * (labels && first.rows * first.cols <= 64 ? 7 : 2)
        let each = Swift.max(6, Swift.min(natural, body.width))
        let fit = Swift.max(1, (body.width + 2) / (each + 2))
        let shown = Swift.min(planes.count, fit)
        let parts = Rect(x: body.x, y: body.y, width: Swift.min(body.width, shown * (each + 2)), height: body.height)
            .split(.horizontal, Array(repeating: .fill(1), count: shown), gap: 2)
        for i in 0..<shown {
            canvas.map(titles[i], planes[i], in: parts[i], scale: scale, labels: labels, legend: i == 0)
        }
        if shown < planes.count, let last = parts.last {
            canvas.line("+\(planes.count - shown) more (c to step)", in: Rect(x: last.x, y: body.maxY - 1, width: last.width, height: 1), role: .muted)
        }
    }

    /// Every channel of `tensor`'s first item in a row, with one scale.
    func drawChannelRow(_ canvas: inout Canvas, _ body: Rect, tensor: Tensor, title: String) {
        let n = Scene.channelCount(of: tensor)
        let start = channel
        let planes = (0..<n).map { Plane(tensor, channel: (start + $0) % n) }
        let scale = ValueScale.fit(tensor.storage, mode: .auto)
        drawPlanes(&canvas, body, planes: planes, titles: (0..<n).map { "\(title) \((start + $0) % n)" }, scale: scale)
    }

    private func drawReceptive(_ conv: Conv2d, _ canvas: inout Canvas, _ body: Rect, inPerGroup: Int, outPerGroup: Int) {
        let oc = Swift.min(channel, conv.outChannels - 1)
        let ic = (oc / Swift.max(1, outPerGroup)) * inPerGroup
        guard let pads = try? conv.sidePadding else { return }
        let outH = result.output.shape[result.output.rank - 2], outW = result.output.shape[result.output.rank - 1]
        guard outH > 0, outW > 0 else { return }
        let orow = position.row, ocol = position.column
        let pos = orow * outW + ocol
        let plane = Plane(input, channel: ic)
        let padded = try? Conv2d.pad(Tensor(shape: [1, 1, plane.rows, plane.cols], storage: plane.values), pads, mode: conv.paddingMode)
        let ph = plane.rows + pads.top + pads.bottom, pw = plane.cols + pads.left + pads.right
        let values = padded?.storage ?? [Float](repeating: 0, count: ph * pw)
        var marks = [CellMark](repeating: .none, count: ph * pw)
        for r in 0..<ph {
            for c in 0..<pw where r < pads.top || r >= pads.top + plane.rows || c < pads.left || c >= pads.left + plane.cols {
                marks[r * pw + c] = .padding
            }
        }
        var taps: [String] = []
        for kr in 0..<conv.kernelSize.height {
            for kc in 0..<conv.kernelSize.width {
                let pr = orow * conv.stride.height + kr * conv.dilation.height
                let pc = ocol * conv.stride.width + kc * conv.dilation.width
                if pr < ph, pc < pw { marks[pr * pw + pc] = .window }
                if taps.count < 1 { taps.append("(\(pr - pads.top), \(pc - pads.left))") }
            }
        }
        let v = result.output.storage.isEmpty ? Float.nan : Plane(result.output, channel: oc).values[pos]
        let rest = canvas.captions([
            ("output[\(oc), \(orow), \(ocol)] = \(NumberFormat.compact(Double(v), significant: 5)) reads a \(conv.kernelSize.height)×\(conv.kernelSize.width) window "
             + "(dilation \(conv.dilation.height),\(conv.dilation.width)) from input row \(orow * conv.stride.height - pads.top), col \(ocol * conv.stride.width - pads.left)", .text),
            ("[] kernel taps · padding (\(conv.paddingMode.rawValue)) · gaps between taps are dilation holes · channels \(ic)…\(ic + inPerGroup - 1) summed", .muted),
        ], in: body)
        let halves = rest.split(.horizontal, [.fill(3), .fill(2)], gap: 2)
        canvas.map("padded input c\(ic)", Plane(rows: ph, cols: pw, values: values), in: halves[0], marks: marks)
        var outMarks = [CellMark](repeating: .none, count: outH * outW)
        outMarks[pos] = .highlight
        canvas.map("output c\(oc)", Plane(result.output, channel: oc), in: halves[1], marks: outMarks)
    }

    private func drawGroupMatrix(_ conv: Conv2d, _ canvas: inout Canvas, _ area: Rect) {
        // out channels down, in channels across: ■ where output reads input.
        let inPerGroup = conv.inChannels / Swift.max(1, conv.groups)
        let outPerGroup = conv.outChannels / Swift.max(1, conv.groups)
        var values = [Float](repeating: 0, count: conv.outChannels * conv.inChannels)
        for o in 0..<conv.outChannels {
            let g = o / Swift.max(1, outPerGroup)
            for i in (g * inPerGroup)..<((g + 1) * inPerGroup) { values[o * conv.inChannels + i] = 1 }
        }
        canvas.map("connections: outputs ↓ × inputs →", Plane(rows: conv.outChannels, cols: conv.inChannels, values: values),
                   in: area, scale: ValueScale(lower: 0, upper: 1), legend: false)
    }
}
