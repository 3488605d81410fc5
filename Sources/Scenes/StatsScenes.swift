// StatsScenes: the views of the layers that are about statistics and matrices — BatchNorm2d
// (per-channel mean and variance before and after, running statistics over training steps, train
// vs eval output), Linear (y = x·Wᵀ + b for one row, the weight matrix) and the dropout layers
// (the mask, the 1/(1−p) scaling, the observed drop rate).

import CellRender
import LayerKit

/// BatchNorm2d's picture.
struct BatchNormPicture: ScenePicture {
    enum View: String, PictureView {
        case stats, running, output

        var summary: String {
            switch self {
            case .stats: return "per-channel mean and variance"
            case .running: return "running statistics over steps"
            case .output: return "train and eval output"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [BatchNorm2d.self]

    static let examples = [
        Preset("nn.BatchNorm2d(100)", "per-channel normalisation with learnable γ, β"),
        Preset("nn.BatchNorm2d(100, affine=False)", "without learnable affine parameters"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] {
        [4, (layer as? BatchNorm2d)?.numFeatures ?? 1, 6, 6]
    }

    static func formula(_ scene: Scene) -> [String] { scene.batchNormFormula() }

    static func channelCount(_ view: View, in scene: Scene) -> Int { Scene.channelCount(of: scene.result.output) }

    static func inputAxis(sizedBy parameter: String, rank: Int) -> Int? {
        parameter == "num_features" && rank >= 2 ? 1 : nil
    }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        guard let bn = scene.layer as? BatchNorm2d else { return }
        scene.drawBatchNorm(bn, view, &canvas, body)
    }
}

/// Linear's picture.
struct LinearPicture: ScenePicture {
    enum View: String, PictureView {
        case vectors, weights

        var summary: String {
            switch self {
            case .vectors: return "y = x·Wᵀ + b for one row"
            case .weights: return "the weight matrix"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [Linear.self]

    static let examples = [
        Preset("nn.Linear(20, 30)", shape: [128, 20], "output (128, 30), weight (30, 20), bias (30)"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { [4, (layer as? Linear)?.inFeatures ?? 1] }

    static func formula(_ scene: Scene) -> [String] {
        guard let linear = scene.layer as? Linear else { return [] }
        return ["y = x·Wᵀ + b: (…, \(linear.inFeatures)) → (…, \(linear.outFeatures)); W \(scene.shapeList(linear.weight.shape))"
                + (linear.bias.map { ", b \(scene.shapeList($0.shape))" } ?? ", no bias")]
    }

    /// `vectors`: `c` steps through the input's rows; `weights`: nothing to step.
    static func channelCount(_ view: View, in scene: Scene) -> Int {
        guard view == .vectors, let linear = scene.layer as? Linear else { return 1 }
        return scene.input.rank >= 2 ? scene.input.count / Swift.max(1, linear.inFeatures) : 1
    }

    static func stepNoun(_ view: View) -> String { "row" }

    static func inputAxis(sizedBy parameter: String, rank: Int) -> Int? {
        parameter == "in_features" && rank >= 1 ? rank - 1 : nil
    }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        guard let linear = scene.layer as? Linear else { return }
        scene.drawLinear(linear, view, &canvas, body)
    }
}

/// Dropout's and Dropout2d's picture.
struct DropoutPicture: ScenePicture {
    enum View: String, PictureView {
        case mask, output

        var summary: String {
            switch self {
            case .mask: return "kept and dropped, and the scaling"
            case .output: return "input and output"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [Dropout.self, Dropout2d.self]

    static let examples = [
        Preset("nn.Dropout(p=0.2)", shape: [4, 6], "zeros appear and survivors are scaled by 1/(1−p)"),
        Preset("nn.Dropout2d(p=0.5)", shape: [2, 6, 4, 4], "whole channels zeroed"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { layer is Dropout2d ? [2, 6, 4, 4] : [4, 6] }
    static var defaultPattern: InputPattern { .gradient }
    static func formula(_ scene: Scene) -> [String] { scene.dropoutFormula() }

    /// `c` steps through the channels (for a 2-D input, nothing: the whole mask shows).
    static func channelCount(_ view: View, in scene: Scene) -> Int { Scene.channelCount(of: scene.result.output) }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        scene.drawDropout(view, &canvas, body)
    }
}

extension Scene {
    func batchNormFormula() -> [String] {
        guard let bn = layer as? BatchNorm2d else { return [] }
        let momentum = bn.momentum.map { "momentum=\(NumberFormat.compact($0, significant: 4))" } ?? "momentum=None (cumulative average)"
        return ["y = (x − E[x]) / √(Var[x] + ε) · γ + β per channel · ε=\(NumberFormat.compact(bn.eps, significant: 3)) · \(momentum)"
                + (bn.affine ? "" : " · affine=False (no γ, β)") + (bn.trackRunningStats ? "" : " · track_running_stats=False")]
    }

    func dropoutFormula() -> [String] {
        if let d = layer as? Dropout {
            return ["train: y = x·mask/(1−p), mask ~ Bernoulli(1−p) per element, p=\(NumberFormat.compact(d.p, significant: 4)) · eval: y = x"]
        }
        guard let d = layer as? Dropout2d else { return [] }
        return ["train: whole channels zeroed, survivors ×1/(1−p), p=\(NumberFormat.compact(d.p, significant: 4)) · eval: y = x"
                + (input.rank == 3 ? " · 3-D input is taken as (N, C, L)" : "")]
    }

    // MARK: BatchNorm2d

    func drawBatchNorm(_ bn: BatchNorm2d, _ view: BatchNormPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        switch view {
        case .running: drawRunning(bn, &canvas, body)
        case .output:
            var eval = state
            eval.training = !state.training
            eval.view = BatchNormPicture.View.stats.rawValue
            let other = try? Scene(eval)
            let halves = body.split(.horizontal, [.fill(1), .fill(1), .fill(1)], gap: 2)
            let c = channel
            canvas.map("input c\(c)", Plane(input, channel: c), in: halves[0])
            canvas.map("\(state.training ? "train" : "eval") output c\(c)", Plane(result.output, channel: c), in: halves[1])
            if let other {
                canvas.map("\(state.training ? "eval" : "train") output c\(c)", Plane(other.result.output, channel: c), in: halves[2])
            }
        case .stats:
            drawChannelStats(bn, &canvas, body)
        }
    }

    private func drawChannelStats(_ bn: BatchNorm2d, _ canvas: inout Canvas, _ body: Rect) {
        guard let before = try? ChannelStatistics(of: input), let after = try? ChannelStatistics(of: result.output),
              before.mean.count >= bn.numFeatures, after.mean.count >= bn.numFeatures,
              before.variance.count >= bn.numFeatures, after.variance.count >= bn.numFeatures else {
            canvas.line("no statistics for an empty input", in: body, role: .muted)
            return
        }
        func cell(_ v: Double?) -> String {
            let text = v.map { Swift.abs($0) < 5e-7 ? "0" : NumberFormat.compact($0, significant: 3) } ?? "-"
            return TextWidth.pad(text, to: 8, alignRight: true)
        }
        var lines: [(String, ThemeRole)] = [
            ("   c  mean(x)  var(x) →  mean(y)  var(y)  run_mean run_var       γ       β", .title),
        ]
        let rm = bn.runningMean?.storage, rv = bn.runningVar?.storage
        let n = bn.numFeatures
        let shown = Swift.max(0, body.height - 3)
        let start = n > shown ? Swift.min(channel, Swift.max(0, n - shown)) : 0
        for c in start..<Swift.min(n, start + shown) {
            var s = TextWidth.pad("\(c)", to: 4, alignRight: true)
            s += " " + cell(before.mean[c]) + cell(before.variance[c]) + " →"
            s += " " + cell(after.mean[c]) + cell(after.variance[c])
            s += "  " + cell(rm.map { Double($0[c]) }) + cell(rv.map { Double($0[c]) })
            s += cell(bn.weight.map { Double($0.storage[c]) }) + cell(bn.bias.map { Double($0.storage[c]) })
            lines.append((s, c == channel ? .accent : .text))
        }
        if n > shown { lines.append(("channels \(start)…\(Swift.min(n, start + shown) - 1) of \(n) (c to step)", .muted)) }
        let tracked = bn.numBatchesTracked.map { "num_batches_tracked=\($0)" } ?? "no running statistics"
        lines.append(((state.training ? "train: normalised with the batch's biased variance; running_var gets the unbiased one · "
                                      : "eval: normalised with the running statistics · ") + tracked, .muted))
        canvas.lines(lines, in: body)
    }

    private func drawRunning(_ bn: BatchNorm2d, _ canvas: inout Canvas, _ body: Rect) {
        guard bn.trackRunningStats else {
            canvas.line("track_running_stats=False: no running statistics; batch statistics are used in train and eval", in: body, role: .muted)
            return
        }
        // Replay the steps one by one from the initial layer to record the history.
        let steps = Swift.max(1, Swift.min(state.steps, 200))
        var replay = try? Computation(arguments: state.arguments, seed: state.seed)
        var means: [Float] = [], vars: [Float] = []
        let c = channel
        func record() {
            if let m = replay?.layer.state("running_mean"), case .float(let t) = m, let v = t.storage[safe: c] { means.append(v) }
            if let v = replay?.layer.state("running_var"), case .float(let t) = v, let v = t.storage[safe: c] { vars.append(v) }
        }
        record()
        for _ in 0..<steps {
            _ = try? replay?.run(input: input, training: true)
            record()
        }
        let stats = try? ChannelStatistics(of: input)
        let batchMean = stats?.mean[safe: c].map { NumberFormat.compact($0, significant: 4) } ?? "?"
        let batchVar = stats?.unbiasedVariance[safe: c].map { NumberFormat.compact($0, significant: 4) } ?? "?"
        let rest = canvas.captions([("channel \(c) after \(steps) training step\(steps == 1 ? "" : "s") on the same batch: running_mean → \(batchMean), running_var → \(batchVar) (unbiased)", .text),
                      ("starts at mean 0, var 1 · each step: running = (1 − momentum)·running + momentum·batch (n to add a step)", .muted)], in: body)
        let halves = rest.split(.horizontal, [.fill(1), .fill(1)], gap: 2)
        drawSeries(&canvas, halves[0], title: "running_mean[\(c)] by step", values: means)
        drawSeries(&canvas, halves[1], title: "running_var[\(c)] by step", values: vars)
    }

    // MARK: Linear

    func drawLinear(_ linear: Linear, _ view: LinearPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        let w = Plane(rows: linear.outFeatures, cols: linear.inFeatures, values: linear.weight.storage)
        if view == .weights {
            let rest = canvas.captions([("weight (out_features=\(linear.outFeatures), in_features=\(linear.inFeatures)) · init U(±1/√\(linear.inFeatures)) = ±"
                        + NumberFormat.compact(1 / Double(linear.inFeatures).squareRoot(), significant: 3), .muted)], in: body)
            let parts = rest.split(.horizontal, [.fill(4), .fixed(Swift.min(14, rest.width / 4))], gap: 2)
            canvas.map("W", w, in: parts[0], scale: ValueScale.fit(w.values, mode: .symmetric), labels: true)
            if let b = linear.bias {
                canvas.map("b", Plane(rows: linear.outFeatures, cols: 1, values: b.storage), in: parts[1],
                           scale: ValueScale.fit(b.storage, mode: .symmetric), labels: true)
            }
            return
        }
        let rows = input.rank >= 2 ? input.count / Swift.max(1, linear.inFeatures) : 1
        let r = rows > 0 ? ((state.channel % rows) + rows) % rows : 0
        let x = Array(input.storage[Swift.min(input.count, r * linear.inFeatures)..<Swift.min(input.count, (r + 1) * linear.inFeatures)])
        let y = Array(result.output.storage[Swift.min(result.output.count, r * linear.outFeatures)..<Swift.min(result.output.count, (r + 1) * linear.outFeatures)])
        let y0 = y.first.map { NumberFormat.compact(Double($0), significant: 5) } ?? "?"
        let rest = canvas.captions([("row \(r) of \(rows) (c to step): y = x·Wᵀ + b, x (\(linear.inFeatures)) → y (\(linear.outFeatures))", .text),
                      ("y[0] = Σ x[i]·W[0, i]" + (linear.bias == nil ? "" : " + b[0]") + " = \(y0)", .muted)], in: body)
        let parts = rest.split(.vertical, [.fixed(3), .fill(1), .fixed(3)], gap: 0)
        canvas.map("x (row \(r))", row(x), in: parts[0], labels: true)
        canvas.map("W", w, in: parts[1], scale: ValueScale.fit(w.values, mode: .symmetric))
        canvas.map("y (row \(r))", row(y), in: parts[2], labels: true)
    }

    // MARK: Dropout

    func drawDropout(_ view: DropoutPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        let p = (layer as? Dropout)?.p ?? (layer as? Dropout2d)?.p ?? 0
        guard state.training else {
            let rest = canvas.captions([("eval(): dropout is the identity — output equals input, nothing dropped, nothing scaled", .ok)], in: body)
            return drawInputOutput(&canvas, rest, sharedScale: true)
        }
        let mask = result.mask?.storage ?? []
        let kept = mask.filter { $0 != 0 }.count
        let rate = mask.isEmpty ? 0 : Double(mask.count - kept) / Double(mask.count)
        let scale = p < 1 ? 1 / (1 - p) : 0
        let rest = canvas.captions([("dropped \(mask.count - kept) of \(mask.count) " + (layer is Dropout2d ? "channels" : "elements")
                       + " = \(NumberFormat.fixed(rate * 100, decimals: 1))% (p = \(NumberFormat.fixed(p * 100, decimals: 1))%) · survivors × 1/(1−p) = \(NumberFormat.compact(scale, significant: 4))", .text),
                      ("r draws a new mask · the other values change too: they are scaled, not just kept", .muted)], in: body)
        if view == .output { return drawInputOutput(&canvas, rest, sharedScale: true) }
        let parts = rest.split(.horizontal, [.fill(1), .fill(1), .fill(1)], gap: 2)
        let (maskTitle, maskArea) = parts[0].splitTop(1)
        if layer is Dropout2d, let m = result.mask {
            // One decision per (item, channel): the channels of the item shown.
            let channels = Swift.min(m.count, m.rank >= 2 ? m.shape[1] : m.count)
            let kept = (0..<channels).map { m.storage[$0] != 0 }
            canvas.line("item 0: " + MaskView.summary(kept), in: maskTitle, role: .title)
            MaskView.drawChannels(kept, into: &canvas.grid, area: maskArea, options: canvas.options)
        } else if let m = result.mask {
            let plane = Plane(m, channel: channel)
            let kept = plane.values.map { $0 != 0 }
            canvas.line("mask: " + MaskView.summary(kept), in: maskTitle, role: .title)
            MaskView(kept: kept, rows: plane.rows, cols: plane.cols).draw(into: &canvas.grid, area: maskArea, options: canvas.options)
        }
        let inPlane = Plane(input, channel: channel), outPlane = Plane(result.output, channel: channel)
        let shared = ValueScale.fit(inPlane.values, mode: .auto).union(ValueScale.fit(outPlane.values, mode: .auto))
        canvas.map("input c\(channel)", inPlane, in: parts[1], scale: shared, labels: true)
        canvas.map("output c\(channel)", outPlane, in: parts[2], scale: shared, labels: true)
    }
}
