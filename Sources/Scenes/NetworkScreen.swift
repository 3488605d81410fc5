// NetworkScreen: a network learning, as one picture — the pipeline strip (every stage's name,
// output shape, weight and gradient norms and a thumbnail of its output for the selected test
// example), the loss curves (each step's batch loss and the test loss) with the accuracies, the
// selected stage up close (its kernels or weights and all its output maps), and the decision
// boundary with the test points (2-D data) or the confusion matrix (classes). The interactive
// program draws it while training runs; `render --train-steps` prints it.

import CellRender
import LayerKit

/// What the user chose to look at in a network run (not part of the run itself).
public struct NetworkView: Sendable, Equatable {
    /// The panes beside the loss curves when the screen is too narrow for all of them.
    public enum Pane: String, Sendable, CaseIterable {
        case stage, result
    }

    /// The selected stage (its output is shown up close).
    public var stage: Int = 0
    /// The test example whose feature maps are shown.
    public var sample: Int = 0
    /// On a narrow screen, the pane shown beside the curves (nil: the boundary for points in the
    /// plane, the stage otherwise).
    public var pane: Pane?
    /// Training runs (the interactive program's play state, for the header).
    public var playing = false
    /// The output element whose receptive field is drawn (clamped into the stage's output);
    /// nil: the centre.
    public var position: OutputPosition?

    /// The pane shown beside the curves on a narrow screen for `run`.
    public func shownPane(for run: NetworkRun) -> Pane {
        pane ?? (run.isPlanar ? .result : .stage)
    }

    public init(stage: Int = 0, sample: Int = 0, pane: Pane? = nil, playing: Bool = false) {
        self.stage = stage
        self.sample = sample
        self.pane = pane
        self.playing = playing
    }
}

/// Draws a network run.
public enum NetworkScreen {
    /// From this width on, the stage and the result (boundary or confusion) are both shown.
    public static let wideWidth = 110

    /// The whole picture at `width × height`.
    public static func render(_ run: NetworkRun, view: NetworkView, width: Int, height: Int,
                              options: RenderOptions, language: Language = .en) -> CellGrid {
        var canvas = Canvas(width: width, height: height, options: options)
        canvas.language = language
        draw(run, view: view, into: &canvas, area: canvas.grid.bounds)
        canvas.enforceASCII()
        return canvas.grid
    }

    static func draw(_ run: NetworkRun, view: NetworkView, into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let model = run.model
        let stage = view.stage.wrapped(into: Swift.max(1, model.stages.count))
        let example = run.testExample(view.sample)
        var evaluating = model
        var context = ForwardContext(training: false)
        let trace = try? evaluating.forward(example.input, context: &context)

        var header: [(String, ThemeRole)] = [(model.expression, .title)]
        let setup = run.setup
        header.append(("\(setup.data) (\(run.dataset.train.count) train, \(run.dataset.test.count) test) · \(setup.loss) · "
            + "\(setup.optim) · batch \(NetworkSetup.batchSize) · seed \(setup.seed)", .muted))
        var progress = "step \(run.step) · epoch \(run.epoch)"
        if let rate = run.stepsPerSecond { progress += " · " + NumberFormat.compact(rate, significant: 3) + " steps/s" }
        progress += view.playing ? " · ▶ training" : " · paused"
        header.append((progress, .accent))
        let (top, strip, below) = layout(area)
        canvas.lines(header, in: top)
        if let trace { drawStrip(&canvas, model: model, trace: trace, run: run, selected: stage, in: strip) }
        guard below.height >= 4 else { return }
        // The selected stage's shape arithmetic, and what the norms mean.
        let (info, middle) = below.splitTop(1)
        if let trace {
            let name = model.stages.indices.contains(stage) ? model.stages[stage].expression : "-"
            let from = NetworkPicture.sampleShape(trace.inputs[stage].shape)
            let to = NetworkPicture.sampleShape(trace.results[stage].output.shape)
            canvas.line("[\(stage)] \(name): \(from) → \(to) · ‖W‖ weight norm, ‖∇W‖ gradient norm of the last step",
                        in: info, role: .text)
        }
        let wide = middle.width >= wideWidth
        let resultPane = run.isPlanar || run.latestTest?.evaluation.confusion != nil
        let curvesWidth = wide ? middle.width * 3 / 10 : middle.width / 2
        let (curves, right) = middle.splitLeft(curvesWidth)
        drawCurves(&canvas, run: run, in: curves.inset(right: 1))
        if wide && resultPane {
            let (stageArea, resultArea) = right.splitLeft(right.width * 4 / 7)
            if let trace { drawStage(&canvas, model: model, trace: trace, stage: stage, example: example, view: view, in: stageArea.inset(right: 1)) }
            drawResult(&canvas, run: run, model: model, in: resultArea)
        } else if view.shownPane(for: run) == .result && resultPane {
            drawResult(&canvas, run: run, model: model, in: right)
        } else if let trace {
            drawStage(&canvas, model: model, trace: trace, stage: stage, example: example, view: view, in: right)
        }
    }

    // MARK: The strip

    /// `8×16×16`: a sample's shape.
    static func compactShape(_ shape: [Int]) -> String {
        shape.dropFirst().map(String.init).joined(separator: "×")
    }

    /// The norm as few characters: `2.31`, `4.1e-03`, `inf`.
    static func norm(_ value: Float?) -> String {
        guard let value else { return "" }
        guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
        return NumberFormat.compact(Double(value), significant: 3)
    }

    private static func drawStrip(_ canvas: inout Canvas, model: Sequential, trace: Sequential.Trace, run: NetworkRun,
                                  selected: Int, in area: Rect) {
        guard area.height >= 2 else { return }
        let count = model.stages.count + 1
        let (first, shown, cellWidth) = stripCells(stages: model.stages.count, selected: selected, width: area.width)
        let weights = run.weightNorms, gradients = run.gradientNorms
        for slot in 0..<shown {
            let cell = first + slot
            let x = area.x + slot * (cellWidth + 1)
            let box = Rect(x: x, y: area.y, width: cellWidth, height: area.height)
            let isInput = cell == 0
            let index = cell - 1
            let output = isInput ? trace.inputs.first ?? run.testExample(0).input : trace.results[index].output
            let title = isInput ? "input" : "[\(index)] " + type(of: model.stages[index]).schema.name
            let chosen = !isInput && index == selected
            canvas.line(chosen ? "▸" + title : title, in: box, role: chosen ? .selection : .title)
            canvas.line(compactShape(output.shape), in: box.inset(top: 1), role: .muted)
            var used = 2
            if !isInput, area.height >= 6 {
                if let w = weights[index] {
                    canvas.line("‖W‖ " + norm(w), in: box.inset(top: 2), role: .text)
                    let g = gradients[index]
                    let role: ThemeRole = g.map { !$0.isFinite || $0 > 1e3 } == true ? .warning : .text
                    canvas.line("‖∇W‖ " + (g == nil ? "-" : norm(g)), in: box.inset(top: 3), role: role)
                }
                used = 4
            }
            // Between cells, the arrow of the data's way.
            if slot < shown - 1 { canvas.put(canvas.options.ascii ? ">" : "→", x: box.maxX, y: area.y + 1, role: .muted, clip: area) }
            let picture = box.inset(top: used)
            guard picture.height >= 1, picture.width >= 2 else { continue }
            var panel = MapPanel("", NetworkPicture.plane(output), labels: false, legend: false)
            panel.shortTitle = ""
            drawThumbnail(&canvas, panel.plane, in: picture)
        }
        if first > 0 { canvas.put("◂", x: area.x, y: area.y + 1, role: .accent, clip: area) }
        if first + shown < count { canvas.put("▸", x: area.maxX - 1, y: area.y + 1, role: .accent, clip: area) }
    }

    /// The strip's cells (the input, then every stage): the first shown, how many, and their width
    /// — at least 10 columns each, a window around the selected stage when they do not all fit.
    static func stripCells(stages: Int, selected: Int, width: Int) -> (first: Int, shown: Int, width: Int) {
        let count = stages + 1
        let fitting = Swift.max(1, (width + 1) / 11)
        let shown = Swift.min(count, fitting)
        let first = Swift.min(Swift.max(0, selected + 1 - shown / 2), count - shown)
        return (first, shown, (width + 1) / shown - 1)
    }

    /// The three header lines (fewer on a very short screen), the strip (a third of what is
    /// left, 6 to 12 rows) and the rest.
    static func layout(_ area: Rect) -> (header: Rect, strip: Rect, below: Rect) {
        let (header, rest) = area.splitTop(Swift.min(3, Swift.max(1, area.height - 6)))
        let (strip, below) = rest.splitTop(Swift.min(Swift.max(6, rest.height / 3), 12, Swift.max(0, rest.height - 6)))
        return (header, strip, below)
    }

    /// The stage whose strip cell is at (`x`, `y`) when the view fills `area` (nil: the input's
    /// cell, or not the strip).
    public static func stage(atX x: Int, y: Int, in area: Rect, run: NetworkRun, view: NetworkView) -> Int? {
        let strip = layout(area).strip
        guard strip.contains(x, y) else { return nil }
        let stages = run.model.stages.count
        let (first, shown, width) = stripCells(stages: stages, selected: view.stage.wrapped(into: Swift.max(1, stages)), width: strip.width)
        let slot = (x - strip.x) / (width + 1)
        guard slot < shown else { return nil }
        let cell = first + slot
        return cell == 0 ? nil : cell - 1
    }

    /// A map at the largest zoom that fits, on its own scale, without title or legend.
    private static func drawThumbnail(_ canvas: inout Canvas, _ plane: Plane, in area: Rect) {
        guard plane.rows > 0, plane.cols > 0 else { return }
        // A vector is one row, however much room there is.
        let area = plane.rows == 1 ? area.splitTop(1).top : area
        let map = Heatmap(rows: plane.rows, cols: plane.cols, values: plane.values)
        map.draw(into: &canvas.grid, area: area, options: canvas.options)
    }

    // MARK: The curves

    private static func drawCurves(_ canvas: inout Canvas, run: NetworkRun, in area: Rect) {
        guard !area.isEmpty else { return }
        var lines: [(String, ThemeRole)] = []
        let last = run.losses.last
        let test = run.latestTest
        var lossLine = "loss: batch " + (last.map { NumberFormat.compact(Double($0), significant: 4) } ?? "-")
        if let test { lossLine += " · test " + NumberFormat.compact(test.evaluation.loss, significant: 4) + " (step \(test.step))" }
        lines.append((lossLine, .text))
        if let accuracy = test?.evaluation.accuracy {
            var line = "accuracy: test " + percent(accuracy)
            if let train = run.recentAccuracy { line += " · train " + percent(train) + " (last epoch's batches)" }
            lines.append((line, .text))
        }
        // Overflow is a fact to show, not a failure: the first step whose loss is not finite.
        if let bad = run.losses.firstIndex(where: { !$0.isFinite }) {
            let value = run.losses[bad]
            lines.append(("overflow: the loss is \(value.isNaN ? "nan" : value > 0 ? "inf" : "-inf") from step \(bad + 1); "
                          + "the learning rate is too large (r: new start)", .warning))
        } else if let first = run.losses.first, let peak = run.losses.indices.max(by: { run.losses[$0] < run.losses[$1] }),
                  run.losses[peak] > Swift.max(10, 10 * first) {
            lines.append(("exploded: the loss reached " + NumberFormat.compact(Double(run.losses[peak]), significant: 3)
                          + " at step \(peak + 1); the learning rate is too large", .warning))
        }
        let body = canvas.captions(lines, in: area, keeping: 5)
        guard body.height >= 4 else { return }
        let finite = run.losses.prefix { $0.isFinite }
        var series: [LinePlot.Series] = []
        if !finite.isEmpty {
            series.append(.init(name: "batch loss", points: thinned(Array(finite), toAtMost: Swift.max(2, body.width * 2))))
        }
        let tests = run.tests.filter { $0.evaluation.loss.isFinite }
        if !tests.isEmpty {
            series.append(.init(name: "test loss", points: tests.map { (x: Double($0.step), y: $0.evaluation.loss) }))
        }
        guard !series.isEmpty, run.step > 0 else {
            _ = canvas.captions([("the loss curves start at the first step (p plays, . steps)", .muted)], in: body, keeping: 0)
            return
        }
        let plot = LinePlot(series: series, xRange: 0...Double(Swift.max(run.step, 1)), xLabel: "step", yLabel: "loss",
                            referenceX: [], referenceY: [])
        plot.draw(into: &canvas.grid, area: body, options: canvas.options)
    }

    /// `91.2%`.
    static func percent(_ value: Double) -> String {
        NumberFormat.fixed(value * 100, decimals: 1) + "%"
    }

    /// At most `limit` points of a per-step series: consecutive steps averaged in equal buckets
    /// (a plot has no more columns than that anyway).
    static func thinned(_ values: [Float], toAtMost limit: Int) -> [(x: Double, y: Double)] {
        guard values.count > limit else { return values.enumerated().map { (Double($0.offset + 1), Double($0.element)) } }
        let bucket = (values.count + limit - 1) / limit
        return stride(from: 0, to: values.count, by: bucket).map { start in
            let slice = values[start..<Swift.min(start + bucket, values.count)]
            let mean = slice.reduce(0.0) { $0 + Double($1) } / Double(slice.count)
            return (Double(start + slice.count), mean)
        }
    }

    // MARK: The selected stage

    private static func drawStage(_ canvas: inout Canvas, model: Sequential, trace: Sequential.Trace, stage: Int,
                                  example: (input: Tensor, label: Int, index: Int), view: NetworkView, in area: Rect) {
        guard !area.isEmpty, model.stages.indices.contains(stage) else { return }
        let layer = model.stages[stage]
        let output = trace.results[stage].output
        var captions: [(String, ThemeRole)] = [
            ("[\(stage)] \(layer.expression) on test example \(example.index) (class \(example.label))", .title),
        ]
        // The receptive field of the output's centre element, traced back to the network's input.
        let centre = output.rank == 4 ? position(view.position, rows: output.shape[2], columns: output.shape[3]) : nil
        let field = centre.flatMap { ReceptiveField(model: model, trace: trace, stage: stage, row: $0.row, column: $0.column) }
        if let field, let input = trace.inputs.first, input.rank == 4 {
            let growth = field.growth.map { "\($0.height)×\($0.width)" }.joined(separator: ", ")
            captions.append(("receptive field of out[c, \(field.row), \(field.column)]: input rows \(field.rows.lowerBound)–\(field.rows.upperBound), "
                + "columns \(field.columns.lowerBound)–\(field.columns.upperBound) (\(field.rows.count)×\(field.columns.count) of "
                + "\(input.shape[2])×\(input.shape[3])); traced back through stages \(stage) to 0: \(growth)", .accent))
        }
        var panels: [MapPanel] = []
        if let conv = layer as? Conv2d {
            // The kernels of the first input channel, one per output channel, centred on 0.
            let weight = conv.weight
            let kh = weight.shape[2], kw = weight.shape[3]
            let perOut = weight.count / Swift.max(1, weight.shape[0])
            let shownKernels = Swift.min(weight.shape[0], 16)
            let bound = weight.storage.reduce(Float(0)) { Swift.max($0, Swift.abs($1.isFinite ? $1 : 0)) }
            let scale = ValueScale(lower: -Double(Swift.max(bound, 1e-6)), upper: Double(Swift.max(bound, 1e-6)), symmetric: true)
            for o in 0..<shownKernels {
                let values = Array(weight.storage[(o * perOut)..<(o * perOut + kh * kw)])
                var panel = MapPanel("w[\(o),0]", Plane(rows: kh, cols: kw, values: values), scale: scale, labels: false, legend: o == 0)
                panel.shortTitle = "\(o)"
                panels.append(panel)
            }
            captions.append(("kernels weight[o, 0], one scale ±" + NumberFormat.compact(Double(bound), significant: 3)
                + (area.height >= 16 ? "; output maps (eval)" : ""), .muted))
        } else if let linear = layer as? Linear {
            captions.append(("weight \(linear.outFeatures)×\(linear.inFeatures) (row o feeds output o)"
                + (area.height >= 16 ? "; output (eval)" : ""), .muted))
            var panel = MapPanel("weight", Plane(linear.weight), labels: false)
            panel.shortTitle = "weight"
            panels.append(panel)
        }
        var body = canvas.captions(captions, in: area, keeping: 4)
        if !panels.isEmpty, body.height < 14 {
            // Little room (80×24): the weights alone; the strip shows the stage's output.
            canvas.panels(Array(panels.prefix(largestPrefix(of: panels, in: body, step: 1, canvas: canvas))), in: body, scope: .local)
            return
        }
        if !panels.isEmpty {
            // The kernels take the rows they need at one value per cell, at most half; fewer
            // kernels rather than sampled ones.
            var rows = 3
            while rows < body.height / 2, (canvas.scale(of: panels, in: body.splitTop(rows).top)?.step ?? 99) > 1 { rows += 1 }
            let (top, rest) = body.splitTop(rows)
            let count = largestPrefix(of: panels, in: top, step: 1, canvas: canvas)
            canvas.panels(Array(panels.prefix(count)), in: top, scope: .local)
            body = rest
        }
        // The stage's output for the example: every channel of a map (up to 16), or the vector.
        var maps: [MapPanel] = []
        if output.rank == 4 {
            // As many channels as fit with no more than one value in two left out each way; beside
            // them the input with the centre's receptive field marked.
            let all = (0..<Swift.min(output.shape[1], 16)).map { c in
                var panel = MapPanel("out[\(c)]", Plane(output, channel: c), labels: false, legend: c == 0)
                panel.shortTitle = "\(c)"
                return panel
            }
            if let field, let input = trace.inputs.first, input.rank == 4 {
                let plane = Plane(input, channel: 0)
                var panel = MapPanel("input, field []", plane, scale: ValueScale.fit(plane.values, mode: .auto), labels: false, legend: false)
                panel.shortTitle = "input"
                panel.marks = (0..<(plane.rows * plane.cols)).map { i in
                    field.rows.contains(i / plane.cols) && field.columns.contains(i % plane.cols) ? .window : .none
                }
                panel.focus = OutputPosition(row: field.rows.lowerBound, column: field.columns.lowerBound)
                // On its own, left: the input's cells would otherwise set the scale of the maps.
                let (left, rest) = body.splitLeft(Swift.min(body.width / 2, 2 * plane.cols + 2))
                if left.width >= 8 {
                    canvas.panels([panel], in: left.inset(right: 1), scope: .local)
                    body = rest
                }
            }
            let count = largestPrefix(of: all, in: body, step: 2, canvas: canvas)
            maps = Array(all.prefix(count))
            let shownChannels = count
            if shownChannels < output.shape[1] {
                let which = shownChannels == 1 ? "output channel 0" : "output channels 0–\(shownChannels - 1)"
                body = canvas.captions([("\(which) of \(output.shape[1]) (one colour scale)", .muted)], in: body, keeping: 3)
            }
        } else {
            var panel = MapPanel("output \(NetworkPicture.sampleShape(output.shape))", NetworkPicture.plane(output))
            panel.shortTitle = "output"
            maps.append(panel)
        }
        canvas.panels(maps, in: body, scope: .shared)
    }

    /// The selected output element of a `rows × columns` output: `position` clamped, or the centre.
    public static func position(_ position: OutputPosition?, rows: Int, columns: Int) -> (row: Int, column: Int) {
        guard let position else { return (rows / 2, columns / 2) }
        let clamped = position.clamped(rows: rows, columns: columns)
        return (clamped.row, clamped.column)
    }

    /// How many of the first `panels` fit in `area` sampled no more than 1 in `step` (at least 1).
    private static func largestPrefix(of panels: [MapPanel], in area: Rect, step: Int, canvas: Canvas) -> Int {
        var count = panels.count
        while count > 1, (canvas.scale(of: Array(panels.prefix(count)), in: area)?.step ?? Int.max) > step { count -= 1 }
        return count
    }

    // MARK: The result: decision boundary or confusion matrix

    private static func drawResult(_ canvas: inout Canvas, run: NetworkRun, model: Sequential, in area: Rect) {
        guard area.width >= 8, area.height >= 4 else { return }
        if run.isPlanar {
            drawBoundary(&canvas, run: run, model: model, in: area)
        } else if let test = run.latestTest, let confusion = test.evaluation.confusion {
            let classes = test.evaluation.classes
            let body = canvas.captions([("confusion matrix of the test set at step \(test.step): row = true class, "
                                         + "column = predicted", .title)], in: area, keeping: 4)
            var panel = MapPanel("confusion", Plane(rows: classes, cols: classes, values: confusion.map(Float.init)))
            panel.shortTitle = "confusion"
            canvas.panels([panel], in: body, scope: .local, sampling: false)
        }
    }

    /// The network's answer over the square the data lies in, one value per cell (P(class 1) for
    /// two classes, the predicted class otherwise), with the test points as their class digits.
    private static func drawBoundary(_ canvas: inout Canvas, run: NetworkRun, model: Sequential, in area: Rect) {
        let range = run.planeRange
        let classes = run.dataset.classCount
        let what = classes == 2 ? "P(class 1), 0 → 1" : "the predicted class"
        let shown = NumberFormat.compact(range, significant: 3)
        let body = canvas.captions([("decision boundary: \(what) over [-\(shown), \(shown)]², +y up; "
                                     + "digits: the test points' true classes", .title)], in: area, keeping: 4)
        // Square-looking: a cell is about twice as tall as wide.
        let rows = Swift.min(body.height, body.width / 2), cols = Swift.min(body.width, rows * 2)
        guard rows >= 2, cols >= 2 else { return }
        var grid = [Float]()
        grid.reserveCapacity(2 * rows * cols)
        for row in 0..<rows {
            let y = range - 2 * range * (Double(row) + 0.5) / Double(rows)
            for column in 0..<cols {
                grid += [Float(-range + 2 * range * (Double(column) + 0.5) / Double(cols)), Float(y)]
            }
        }
        var evaluating = model
        var context = ForwardContext(training: false)
        guard let output = try? evaluating.forward(Tensor(shape: [rows * cols, 2], storage: grid), context: &context).output,
              output.rank == 2, output.shape[1] == classes else { return }
        var values = [Float](repeating: 0, count: rows * cols)
        for n in 0..<(rows * cols) {
            if classes == 2 {
                let a = output.storage[2 * n], b = output.storage[2 * n + 1]
                values[n] = Float(1 / (1 + exp(Double(a - b))))  // softmax(row)[1]
            } else {
                values[n] = Float(Trainer.argmax(output, row: n))
            }
        }
        let scale = ValueScale(lower: 0, upper: Double(classes == 2 ? 1 : classes - 1))
        let map = Heatmap(rows: rows, cols: cols, values: values, scale: scale, mode: .glyphs)
        let place = Rect(x: body.x, y: body.y, width: cols, height: rows)
        map.draw(into: &canvas.grid, area: place, options: canvas.options, mapScale: MapScale(cellWidth: 1, cellHeight: 1))
        // The test points on top, as their class digits, bold over the cell's colour.
        let inputs = run.dataset.test.inputs.storage, labels = run.dataset.test.labels.storage
        for n in 0..<run.dataset.test.count {
            let x = Double(inputs[2 * n]), y = Double(inputs[2 * n + 1])
            let column = Int(((x + range) / (2 * range) * Double(cols)).rounded(.down))
            let row = Int(((range - y) / (2 * range) * Double(rows)).rounded(.down))
            guard (0..<cols).contains(column), (0..<rows).contains(row) else { continue }
            var style = canvas.grid[place.x + column, place.y + row].style
            style.attributes.insert(.bold)
            if let bg = style.bg.rgbComponents {
                // Black on a light cell, white on a dark one.
                let light = 0.299 * Double(bg.r) + 0.587 * Double(bg.g) + 0.114 * Double(bg.b) > 128
                style.fg = light ? .rgb(0, 0, 0) : .rgb(255, 255, 255)
            }
            canvas.grid.put(String(labels[n]), x: place.x + column, y: place.y + row, style: style, clip: place)
        }
        // Beside the square: what the shades mean.
        let key = Rect(x: place.maxX + 1, y: body.y, width: Swift.max(0, body.maxX - place.maxX - 1), height: body.height)
        if key.width >= 8 {
            canvas.lines([("test set", .muted), ("accuracy", .muted),
                          (run.latestTest?.evaluation.accuracy.map(percent) ?? "-", .accent)], in: key)
        }
    }
}
