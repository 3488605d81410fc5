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
    static func explanation(of scene: Scene) -> Explanation? { scene.batchNormExplained()?.explanation }

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
    static func explanation(of scene: Scene) -> Explanation? {
        scene.view.name == View.vectors.rawValue ? scene.linearExplained()?.explanation : nil
    }

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
    static func explanation(of scene: Scene) -> Explanation? { scene.dropoutExplained()?.explanation }

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
            let c = channel
            let passes = "after \(state.steps) training pass\(state.steps == 1 ? "" : "es")"
            let rest = canvas.captions([("train normalises with this batch's statistics; eval with the running ones " + passes
                                         + " (n adds one, t switches)", .muted)], in: body)
            drawInputOutput(&canvas, rest, outputTitle: state.training ? "train output" : "eval output",
                            extra: other.map { [MapPanel("\(state.training ? "eval" : "train") output c\(c)", Plane($0.result.output, channel: c))] } ?? [])
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
            ("   c  mean(x)  var(x) →  mean(y)  var(y)  run_mean run_var  weight    bias", .title),
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
        let note = (state.training ? "train: normalised with the batch's biased variance; running_var gets the unbiased one · "
                                   : "eval: normalised with the running statistics · ") + tracked
        let noteLines = wrapWords(canvas.text(note), width: body.width)
        let (table, foot) = body.splitBottom(Swift.min(noteLines.count, Swift.max(0, body.height - 2)))
        canvas.lines(lines, in: table)
        canvas.lines(noteLines.map { ($0, .muted) }, in: foot)
    }

    private func drawRunning(_ bn: BatchNorm2d, _ canvas: inout Canvas, _ body: Rect) {
        guard bn.trackRunningStats else {
            canvas.line("track_running_stats=False: no running statistics; batch statistics are used in train and eval", in: body, role: .muted)
            return
        }
        // Replay the training passes one by one from the initial layer to record the history.
        let steps = Swift.max(0, Swift.min(state.steps, 200))
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
        let current = { (values: [Float]) in values.last.map { NumberFormat.compact(Double($0), significant: 4) } ?? "?" }
        let rest = canvas.captions([
            ("channel \(c) after \(steps) training pass\(steps == 1 ? "" : "es") on the same batch: running_mean = \(current(means)), running_var = \(current(vars))", .text),
            ("this batch: mean \(batchMean), var \(batchVar) (unbiased) — the running values move toward them", .text),
            ("they start at 0 and 1 · each pass: running = (1 − momentum)·running + momentum·batch · n adds a pass", .muted),
        ], in: body)
        let halves = rest.split(.horizontal, [.fill(1), .fill(1)], gap: 2)
        drawSeries(&canvas, halves[0], title: "running_mean[\(c)] by step", values: means)
        drawSeries(&canvas, halves[1], title: "running_var[\(c)] by step", values: vars)
    }

    // MARK: Linear

    func drawLinear(_ linear: Linear, _ view: LinearPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        let w = Plane(rows: linear.outFeatures, cols: linear.inFeatures, values: linear.weight.storage)
        let wScale = ValueScale.fit(w.values, mode: .symmetric)
        if view == .weights {
            let rest = canvas.captions([("weight (out_features=\(linear.outFeatures), in_features=\(linear.inFeatures)) · init U(±1/√\(linear.inFeatures)) = ±"
                        + NumberFormat.compact(1 / Double(linear.inFeatures).squareRoot(), significant: 3), .muted)], in: body)
            var panels = [MapPanel("W", w, scale: wScale)]
            if let b = linear.bias {
                panels.append(MapPanel("b", Plane(rows: linear.outFeatures, cols: 1, values: b.storage), scale: wScale))
            }
            canvas.panels(panels, in: rest, scope: state.colorScope, arrangement: .row)
            return
        }
        let rows = input.rank >= 2 ? input.count / Swift.max(1, linear.inFeatures) : 1
        let r = channel.wrapped(into: Swift.max(1, rows))
        let x = Array(input.storage[Swift.min(input.count, r * linear.inFeatures)..<Swift.min(input.count, (r + 1) * linear.inFeatures)])
        let y = Array(result.output.storage[Swift.min(result.output.count, r * linear.outFeatures)..<Swift.min(result.output.count, (r + 1) * linear.outFeatures)])
        let y0 = y.first.map { NumberFormat.compact(Double($0), significant: 5) } ?? "?"
        let rest = canvas.captions([("row \(r) of \(rows) (c to step): y = x·Wᵀ + b, x (\(linear.inFeatures)) → y (\(linear.outFeatures))", .text),
                      ("y[0] = Σ x[i]·W[0, i]" + (linear.bias == nil ? "" : " + b[0]") + " = \(y0)", .muted)], in: body)
        // x above W (x[i] meets column i), y beside W (y[j] comes from row j): one cell scale.
        let xPanel = MapPanel("x (row \(r))", row(x)), wPanel = MapPanel("W", w, scale: wScale, labels: false)
        let yPanel = MapPanel("y", Plane(rows: y.count, cols: 1, values: y))
        // x's slot: a title, its row of cells (taller when the cells are), a legend of up to 2 rows.
        let zoom = Swift.max(1, Swift.min(rest.height / Swift.max(1, w.rows + 6), rest.width / Swift.max(1, 2 * w.cols + 20)))
        let (xTop, bottom) = rest.splitTop(Swift.min(rest.height / 3, 3 + zoom))
        let parts = bottom.split(.horizontal, [.fill(1), .fixed(Swift.min(18, bottom.width / 3))], gap: 2)
        let xSlot = Rect(x: parts[0].x, y: xTop.y, width: parts[0].width, height: xTop.height)
        // y right beside W's cells, whatever their size.
        let scale = canvas.scale(of: [xPanel, wPanel, yPanel], slots: [xSlot, parts[0], parts[1]])
        let wWidth = Swift.min(parts[0].width, scale.size(rows: w.rows, cols: w.cols).width)
        let ySlot = Rect(x: parts[0].x + wWidth + 2, y: parts[1].y, width: parts[1].width, height: parts[1].height)
        canvas.panels([xPanel, wPanel, yPanel], slots: [xSlot, parts[0], ySlot], scope: state.colorScope)
    }

    // MARK: Dropout

    func drawDropout(_ view: DropoutPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        let p = (layer as? Dropout)?.p ?? (layer as? Dropout2d)?.p ?? 0
        guard state.training else {
            let rest = canvas.captions([("eval(): dropout is the identity — output equals input, nothing dropped, nothing scaled", .ok)], in: body)
            return drawInputOutput(&canvas, rest)
        }
        let mask = result.mask?.storage ?? []
        let keptCount = mask.filter { $0 != 0 }.count
        let rate = mask.isEmpty ? 0 : Double(mask.count - keptCount) / Double(mask.count)
        let factor = p < 1 ? 1 / (1 - p) : 0
        let perChannel = layer is Dropout2d
        var captions: [(String, ThemeRole)] = [
            ("dropped \(mask.count - keptCount) of \(mask.count) " + (perChannel ? "channels" : "elements")
             + " = \(NumberFormat.fixed(rate * 100, decimals: 1))% (p = \(NumberFormat.fixed(p * 100, decimals: 1))%) · survivors × 1/(1−p) = \(NumberFormat.compact(factor, significant: 4))", .text),
        ]
        // Whether each element of the plane shown was kept.
        let inPlane = Plane(input, channel: channel), outPlane = Plane(result.output, channel: channel)
        let kept: [Bool]
        if perChannel, let m = result.mask {
            // One decision per (item, channel): item 0's channels, the one shown decides its plane.
            let channels = Swift.min(m.count, m.rank >= 2 ? m.shape[1] : m.count)
            let decisions = (0..<channels).map { m.storage[$0] != 0 }
            captions.append(("item 0, channel by channel: " + MaskView.summary(decisions) + " · channel \(channel) is "
                             + ((decisions[safe: channel] ?? true) ? "kept" : "dropped"), .text))
            kept = [Bool](repeating: decisions[safe: channel] ?? true, count: inPlane.values.count)
        } else {
            kept = (result.mask.map { Plane($0, channel: channel).values } ?? []).map { $0 != 0 }
        }
        captions.append(("× marks a dropped element (its output is 0) · the kept ones are scaled, not just kept · r draws a new mask", .muted))
        let rest = canvas.captions(captions, in: body)
        let dropped = kept.map { $0 ? CellMark.none : .dropped }
        let output = MapPanel("output c\(channel)", outPlane, marks: dropped.count == outPlane.values.count ? dropped : [])
        if view == .output {
            canvas.panels([MapPanel("input c\(channel)", inPlane), output], in: rest, scope: state.colorScope)
            return
        }
        // The computation step by step, at one cell scale: input, mask, input·mask, output = input·mask/(1−p).
        // A mask is never sampled: a large one is clipped and scrolls with ←/→.
        let masked = zip(inPlane.values, kept).map { $1 ? $0 : 0 }
        let maskPanel = MapPanel("mask c\(channel)", Plane(rows: inPlane.rows, cols: inPlane.cols, values: kept.map { $0 ? 1 : 0 }),
                                 kept: kept.count == inPlane.values.count ? kept : nil)
        let product = MapPanel("input·mask", Plane(rows: inPlane.rows, cols: inPlane.cols, values: masked),
                               marks: dropped.count == inPlane.values.count ? dropped : [])
        var scaled = output
        scaled.title = "output = input·mask × \(NumberFormat.compact(factor, significant: 4))"
        scaled.shortTitle = "output"
        canvas.panels([MapPanel("input c\(channel)", inPlane), maskPanel, product, scaled],
                      in: rest, scope: state.colorScope, sampling: false, origin: state.position)
    }
}
