// CurveScenes: the views of the element-wise activations (the curve f(x) and its derivative over an
// adjustable range with the input's values marked and the kinks labelled; input and output maps),
// Softmax (logits and probabilities as bars along dim, with their sum) and the losses (input vs
// target, the loss per element, the loss as one prediction sweeps, the input gradient, and for
// CrossEntropyLoss the class probabilities, targets, smoothing, weights and ignored items).

import CellRender
import LayerKit

/// The element-wise activations' picture.
struct ActivationPicture: ScenePicture {
    enum View: String, PictureView {
        case curve, maps

        var summary: String {
            switch self {
            case .curve: return "f(x) and f′(x)"
            case .maps: return "input and output"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [Sigmoid.self, Tanh.self, ReLU.self, LeakyReLU.self, ReLU6.self,
                                                GELU.self, SELU.self]

    static let examples = [
        Preset("nn.Sigmoid()", shape: [2], "squashes into (0, 1)"),
        Preset("nn.Tanh()", shape: [2], "squashes into (−1, 1)"),
        Preset("nn.ReLU()", shape: [2], "max(0, x)"),
        Preset("nn.LeakyReLU(0.1)", shape: [2], "a small slope for negative inputs"),
        Preset("nn.ReLU6()", shape: [2], "ReLU capped at 6"),
        Preset("nn.GELU()", shape: [2], "x·Φ(x), smooth near 0"),
        Preset("nn.SELU()", shape: [2], "self-normalising: scaled ELU"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { [4, 8] }

    /// ReLU6's cap at 6 in view; ±4 for the others, where their shapes are.
    static func defaultXRange(for type: any Layer.Type) -> Double {
        ObjectIdentifier(type) == ObjectIdentifier(ReLU6.self) ? 8 : 4
    }

    static func formula(_ scene: Scene) -> [String] {
        switch scene.layer {
        case is Sigmoid: return ["σ(x) = 1 / (1 + e^(−x)) · σ′(x) = σ(x)·(1 − σ(x))"]
        case is Tanh: return ["tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) · tanh′(x) = 1 − tanh²(x)"]
        case is ReLU: return ["ReLU(x) = max(0, x) · PyTorch takes ReLU′(0) = 0"]
        case let l as LeakyReLU: return ["LeakyReLU(x) = x if x > 0 else \(NumberFormat.compact(l.negativeSlope, significant: 4))·x (negative_slope)"]
        case is ReLU6: return ["ReLU6(x) = min(max(0, x), 6)"]
        case let g as GELU:
            return [g.approximate == "tanh" ? "GELU(x) ≈ 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (approximate='tanh')"
                                            : "GELU(x) = x·Φ(x), Φ the standard normal CDF (approximate='none')"]
        case is SELU: return ["SELU(x) = 1.0507·x if x > 0 else 1.0507·1.6733·(e^x − 1)"]
        default: return []
        }
    }

    /// f(x) and f′(x) at the selected element (the one (row, column) picks in channel `c`).
    static func explanation(of scene: Scene) -> Explanation? {
        guard let f = scene.layer as? any ElementwiseActivation else { return nil }
        let plane = Plane(scene.input, channel: scene.channel), out = Plane(scene.result.output, channel: scene.channel)
        let p = scene.position
        guard let x = plane.values[safe: p.row * plane.cols + p.column],
              let y = out.values[safe: p.row * out.cols + p.column] else { return nil }
        let fx = NumberFormat.compact(Double(y), significant: 6)
        let slope = NumberFormat.compact(f.derivative(scalar: Double(x)), significant: 6)
        return Explanation("output\(scene.elementIndex) = \(fx)", lines: [
            ("x = input\(scene.elementIndex) = \(NumberFormat.compact(Double(x), significant: 6))", .text),
            ("f(x) = \(fx)   f′(x) = \(slope) (the gradient PyTorch's backward gives this element)", .text),
        ] + formula(scene).map { ($0, .muted) })
    }

    /// The activations `+` adds to the curve view, in catalog order, each with its defaults.
    static func comparable(besides layer: any Layer) -> [String] {
        layerTypes.filter { ObjectIdentifier($0) != ObjectIdentifier(type(of: layer)) }.map { "nn.\($0.schema.name)()" }
    }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        guard let f = scene.layer as? any ElementwiseActivation else { return }
        scene.drawActivation(f, view, &canvas, body)
    }
}

/// Softmax's picture.
struct SoftmaxPicture: ScenePicture {
    enum View: String, PictureView {
        case bars, maps

        var summary: String {
            switch self {
            case .bars: return "logits and probabilities along dim"
            case .maps: return "input and output"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [Softmax.self]

    static let examples = [Preset("nn.Softmax(dim=1)", shape: [2, 3], "each row sums to 1")]

    static func defaultShape(for layer: any Layer) -> [Int] { [2, 3] }

    static func formula(_ scene: Scene) -> [String] {
        guard let s = scene.layer as? Softmax else { return [] }
        let dim = (try? s.resolvedDim(rank: scene.input.rank)).map(String.init) ?? "?"
        return ["softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) along dim=\(dim)" + (s.dim == nil ? " (dim=None: PyTorch's legacy choice)" : "")]
    }

    /// `bars`: `c` steps through the distributions along dim; `maps`: the channels.
    static func channelCount(_ view: View, in scene: Scene) -> Int {
        guard view == .bars, let s = scene.layer as? Softmax, let dim = try? s.resolvedDim(rank: scene.input.rank),
              !scene.input.shape.isEmpty else { return Scene.channelCount(of: scene.input) }
        return scene.input.count / Swift.max(1, scene.input.shape[dim])
    }

    static func stepNoun(_ view: View) -> String { view == .bars ? "distribution" : "channel" }
    static func explanation(of scene: Scene) -> Explanation? {
        scene.view.name == View.bars.rawValue ? scene.softmaxExplained()?.explanation : nil
    }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        scene.drawSoftmax(view, &canvas, body)
    }
}

/// The views the losses draw with shared code.
enum LossView {
    case classes, elements, curve, gradient
}

/// CrossEntropyLoss's picture.
struct CrossEntropyPicture: ScenePicture {
    enum View: String, PictureView {
        case classes, elements, curve, gradient

        var summary: String {
            switch self {
            case .classes: return "probabilities and targets per item"
            case .elements: return "loss per item"
            case .curve: return "the loss as one logit sweeps"
            case .gradient: return "∂loss/∂input"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [CrossEntropyLoss.self]

    static let examples = [
        Preset("nn.CrossEntropyLoss()", shape: [3, 5], "class-index targets"),
        Preset("nn.CrossEntropyLoss()", shape: [3, 5], target: .probabilities, "class-probability targets"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { [3, 5] }

    static func formula(_ scene: Scene) -> [String] {
        guard let loss = scene.layer as? CrossEntropyLoss else { return [] }
        var parts = ["loss = −Σ_c w_c·q_c·log softmax(x)_c", "reduction='\(loss.reduction)'"]
        if loss.labelSmoothing > 0 { parts.append("label_smoothing=\(NumberFormat.compact(loss.labelSmoothing, significant: 3))") }
        if loss.ignoreIndex != -100 { parts.append("ignore_index=\(loss.ignoreIndex)") }
        return [parts.joined(separator: " · ")]
    }

    /// `classes`: `c` steps through the items; `curve`: through the logits item 0's curve sweeps.
    static func channelCount(_ view: View, in scene: Scene) -> Int {
        guard scene.input.rank == 2 else { return 1 }
        switch view {
        case .classes: return scene.input.shape[0]
        case .curve: return scene.input.shape[1]
        default: return 1
        }
    }

    static func stepNoun(_ view: View) -> String { view == .curve ? "logit" : "item" }
    static func explanation(of scene: Scene) -> Explanation? { scene.crossEntropyExplained()?.explanation }

    /// Class indices drawn uniformly, or with `.probabilities` `randn(N, C).softmax(dim=1)`.
    static func target(for layer: any Layer, input: Tensor, kind: TargetKind, seed: UInt64) throws -> LossTarget? {
        var rng = RandomSource(seed: seed &+ 0x7a67)
        try MemoryBudget.reserve(elements: input.count, of: 8, for: "the target", subject: "target")
        let classAxis = input.rank == 1 ? 0 : 1
        let classes = input.rank == 0 ? 1 : input.shape[classAxis]
        if kind == .probabilities {
            return .values(softmax(try rng.normalTensor(shape: input.shape), axis: classAxis))
        }
        var shape = input.shape
        if !shape.isEmpty { shape.remove(at: classAxis) }
        let storage = (0..<shape.elementCount).map { _ in Int64(rng.next() % UInt64(Swift.max(1, classes))) }
        return .classes(IndexTensor(shape: shape, storage: storage), dtype: "Long")
    }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        switch view {
        case .classes: scene.drawLoss(.classes, &canvas, body)
        case .elements: scene.drawLoss(.elements, &canvas, body)
        case .curve: scene.drawLoss(.curve, &canvas, body)
        case .gradient: scene.drawLoss(.gradient, &canvas, body)
        }
    }
}

/// L1Loss's and MSELoss's picture.
struct RegressionLossPicture: ScenePicture {
    enum View: String, PictureView {
        case elements, curve, gradient

        var summary: String {
            switch self {
            case .elements: return "input, target and loss per element"
            case .curve: return "the loss as one prediction sweeps"
            case .gradient: return "∂loss/∂input"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [L1Loss.self, MSELoss.self]

    static let examples = [
        Preset("nn.L1Loss()", shape: [3, 5], "mean absolute error and its gradient"),
        Preset("nn.MSELoss()", shape: [3, 5], "mean squared error and its gradient"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { [3, 5] }

    static func formula(_ scene: Scene) -> [String] {
        if let loss = scene.layer as? L1Loss { return ["loss = |x − y| per element · reduction='\(loss.reduction)'"] }
        if let loss = scene.layer as? MSELoss { return ["loss = (x − y)² per element · reduction='\(loss.reduction)'"] }
        return []
    }

    static func explanation(of scene: Scene) -> Explanation? { scene.regressionLossExplained()?.explanation }

    /// `curve`: `c` steps through the elements it sweeps.
    static func channelCount(_ view: View, in scene: Scene) -> Int { view == .curve ? scene.input.count : 1 }
    static func stepNoun(_ view: View) -> String { view == .curve ? "element" : "channel" }

    /// A seeded `randn` target of the input's shape.
    static func target(for layer: any Layer, input: Tensor, kind: TargetKind, seed: UInt64) throws -> LossTarget? {
        var rng = RandomSource(seed: seed &+ 0x7a67)
        try MemoryBudget.reserve(elements: input.count, of: 8, for: "the target", subject: "target")
        return .values(try rng.normalTensor(shape: input.shape))
    }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        switch view {
        case .elements: scene.drawLoss(.elements, &canvas, body)
        case .curve: scene.drawLoss(.curve, &canvas, body)
        case .gradient: scene.drawLoss(.gradient, &canvas, body)
        }
    }
}

extension Scene {
    /// A small line plot of one series against its index.
    func drawSeries(_ canvas: inout Canvas, _ area: Rect, title: String, values: [Float]) {
        let rest = canvas.captions([(title, .title)], in: area)
        let points = values.enumerated().map { (x: Double($0.offset), y: Double($0.element)) }
        LinePlot(series: [LinePlot.Series(name: title, points: points)],
                 markers: points.map { LinePlot.Marker(x: $0.x, y: $0.y, label: nil) })
            .draw(into: &canvas.grid, area: rest, options: canvas.options)
    }

    // MARK: Activations

    func drawActivation(_ f: any ElementwiseActivation, _ view: ActivationPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        if view == .maps { return drawInputOutput(&canvas, body) }
        let half = Swift.max(0.5, state.xRange)
        let samples = Swift.max(2, body.width * 2)
        let xs = (0..<samples).map { -half + 2 * half * Double($0) / Double(samples - 1) }
        let curve = LinePlot.Series(name: "f(x)", points: xs.map { (x: $0, y: f(scalar: $0)) })
        // The plot draws names and labels as given: spell them for the options (`f'(x)` under --ascii).
        let slope = LinePlot.Series(name: canvas.text("f′(x)"), points: xs.map { (x: $0, y: f.derivative(scalar: $0)) })
        var markers: [LinePlot.Marker] = []
        for (x, y) in zip(input.storage, result.output.storage).prefix(64) where Double(x).magnitude <= half {
            markers.append(LinePlot.Marker(x: Double(x), y: Double(y), label: nil))
        }
        for landmark in f.landmarks where landmark.x.magnitude <= half {
            // On a narrow plot the label keeps its first part: a whole clause rather than a cut one.
            let label = body.width < 100 ? String(landmark.label.split(separator: "(").first ?? "").trimmingBlanks : landmark.label
            markers.append(LinePlot.Marker(x: landmark.x, y: f(scalar: landmark.x), label: canvas.text(label)))
        }
        let shown = markers.filter { $0.label == nil }.count
        // Compared activations: their curves on the same axes (their slopes left out, for clarity).
        let others = state.compare.compactMap { expression -> LinePlot.Series? in
            guard let computation = try? Computation(expression: expression),
                  let g = computation.layer as? any ElementwiseActivation else { return nil }
            return LinePlot.Series(name: canvas.text(computation.layer.expression), points: xs.map { (x: $0, y: g(scalar: $0)) })
        }
        var captions: [(String, ThemeRole)] = [("x in [−\(NumberFormat.compact(half, significant: 3)), \(NumberFormat.compact(half, significant: 3))] · "
                    + "\(shown) input value\(shown == 1 ? "" : "s") marked · kinks labelled", .muted)]
        captions.append((others.isEmpty ? "+ adds another activation's curve · < > narrow or widen x"
                                         : "\(others.count + 1) activations on one plot · + adds, − removes · < > narrow or widen x", .muted))
        let rest = canvas.captions(captions, in: body)
        var main = curve
        main.name = others.isEmpty ? "f(x)" : canvas.text(layer.expression)
        var plot = LinePlot(series: others.isEmpty ? [main, slope] : others + [main], markers: markers)  // this layer on top
        plot.xRange = -half...half
        plot.draw(into: &canvas.grid, area: rest, options: canvas.options)
    }

    // MARK: Softmax

    func drawSoftmax(_ view: SoftmaxPicture.View, _ canvas: inout Canvas, _ body: Rect) {
        guard view == .bars, let s = layer as? Softmax, let dim = try? s.resolvedDim(rank: input.rank) else {
            return drawInputOutput(&canvas, body)
        }
        // Rows along `dim`: each fixed position of the other axes is one distribution.
        let shape = input.shape
        let n = shape.isEmpty ? 1 : shape[dim]
        let inner = shape.isEmpty ? 1 : shape[(dim + 1)...].elementCount
        let groups = input.count / Swift.max(1, n)
        guard groups > 0, n > 0 else { return canvas.line("empty input", in: body, role: .muted) }
        let perRow = n + 2  // a title, a bar each, a blank row
        let shownGroups = Swift.min(groups, Swift.max(1, body.height / perRow))
        let first = Swift.min(((state.channel % groups) + groups) % groups, groups - shownGroups)
        // The bars take what they need; below them, when there is room, the whole input and output.
        let barsHeight = Swift.min(body.height, shownGroups * perRow)
        let (barsArea, mapsArea) = body.splitTop(barsHeight)
        let parts = barsArea.split(.vertical, Array(repeating: .fill(1), count: shownGroups))
        if mapsArea.height >= 6 {
            drawInputOutput(&canvas, mapsArea, inputTitle: "x (logits)", outputTitle: "softmax(x)")
        }
        for (k, g) in (first..<(first + shownGroups)).enumerated() {
            let o = g / inner, i = g % inner
            let idx = (0..<n).map { o * n * inner + $0 * inner + i }
            let logits = idx.map { input.storage[$0] }, probs = idx.map { result.output.storage[$0] }
            let sum = probs.reduce(Float(0), +)
            let (title, bars) = parts[k].splitTop(1)
            canvas.line("distribution \(g) of \(groups) along dim=\(dim): Σ p = \(NumberFormat.fixed(Double(sum), decimals: 4))", in: title,
                        role: abs(sum - 1) < 1e-4 ? .ok : .warning)
            let halves = bars.split(.horizontal, [.fill(1), .fill(1)], gap: 2)
            BarChart(bars: logits.enumerated().map { BarChart.Bar(label: "x\($0.offset)", value: Double($0.element)) })
                .draw(into: &canvas.grid, area: halves[0], options: canvas.options)
            BarChart(bars: probs.enumerated().map { BarChart.Bar(label: "p\($0.offset)", value: Double($0.element)) }, range: 0...1)
                .draw(into: &canvas.grid, area: halves[1], options: canvas.options)
        }
    }

    // MARK: Losses

    func drawLoss(_ view: LossView, _ canvas: inout Canvas, _ body: Rect) {
        guard let target else { return }
        let reduction = state.arguments.string("reduction")
        let value = result.output.rank == 0 ? NumberFormat.compact(Double(result.output.storage.first ?? .nan), significant: 6) : nil
        let rest = canvas.captions([("loss (reduction='\(reduction)') = " + (value ?? "\(shapeList(result.output.shape)) per item"), .accent)], in: body)
        switch view {
        case .gradient:
            var panels = [MapPanel("input", Plane(input))]
            if let g = result.gradInput {
                panels.append(MapPanel("∂loss/∂input", Plane(g), scale: ValueScale.fit(g.storage, mode: .symmetric)))
            }
            canvas.panels(panels, in: rest, scope: state.colorScope)
        case .curve:
            drawLossCurve(&canvas, rest)
        case .classes:
            drawClasses(&canvas, rest)
        case .elements:
            let perElement = elementLosses()
            let targetPanel: MapPanel
            switch target {
            case .values(let t): targetPanel = MapPanel("target", Plane(t))
            case .classes(let t, _):
                targetPanel = MapPanel("target class", Plane(rows: 1, cols: t.count, values: t.storage.map { Float($0) }),
                                       scale: ValueScale(lower: 0, upper: Double(Swift.max(1, input.rank >= 2 ? input.shape[1] - 1 : 1))))
            }
            canvas.panels([MapPanel("input", Plane(input)), targetPanel, MapPanel("loss, reduction='none'", Plane(perElement))],
                          in: rest, scope: state.colorScope)
        }
    }

    /// The loss with reduction='none' (per element or per item).
    func elementLosses() -> Tensor {
        guard let args = try? state.arguments.setting("reduction", to: .string("none")),
              let target,
              let computation = try? Computation(arguments: args, seed: state.seed),
              let loss = computation.layer as? any Loss else { return result.output }
        var warnings: [String] = []
        return (try? loss.forward(input, target: target, warnings: &warnings)) ?? result.output
    }

    /// The input element a loss curve sweeps: for CrossEntropyLoss item 0's target logit (the
    /// largest target probability's), moved on by `c`; for the others, input[0] moved on by `c`.
    var sweptElement: (index: Int, name: String) {
        guard input.count > 0 else { return (0, "input[0]") }
        if layer is CrossEntropyLoss, input.rank == 2, let target {
            let classes = input.shape[1]
            var targetClass = 0
            switch target {
            case .classes(let t, _): targetClass = Int(t.storage.first ?? 0)
            case .values(let t):
                let row = Array(t.storage.prefix(classes))
                targetClass = row.indices.max { row[$0] < row[$1] } ?? 0
            }
            let k = (targetClass + channel).wrapped(into: Swift.max(1, classes))
            return (k, "input[0, \(k)]" + (k == targetClass.wrapped(into: Swift.max(1, classes)) ? " (item 0's target logit)" : ""))
        }
        let k = channel.wrapped(into: input.count)
        return (k, "input.flatten()[\(k)]")
    }

    /// The other regression loss drawn beside this one (MSE beside L1, L1 beside MSE).
    private var companionLoss: (name: String, loss: any Loss)? {
        let reduction = state.arguments.string("reduction")
        let other = layer is L1Loss ? "MSELoss" : layer is MSELoss ? "L1Loss" : nil
        guard let other, let computation = try? Computation(expression: "nn.\(other)(reduction='\(reduction)')"),
              let loss = computation.layer as? any Loss else { return nil }
        return (other, loss)
    }

    /// The loss summed over its output as input element `element` sweeps `samples` evenly spaced
    /// values around its own, `state.xRange` either side; the rest of the input stays.
    func lossSweep(_ f: any Loss, element index: Int, samples: Int) -> [(x: Double, y: Double)] {
        guard let target, index < input.count, samples >= 2 else { return [] }
        let x0 = Double(input.storage[index])
        let half = Swift.max(0.5, state.xRange)
        var points: [(x: Double, y: Double)] = []
        var warnings: [String] = []
        for k in 0..<samples {
            let x = x0 - half + 2 * half * Double(k) / Double(samples - 1)
            var probe = input
            probe.storage[index] = Float(x)
            if let out = try? f.forward(probe, target: target, warnings: &warnings) {
                points.append((x, Double(out.storage.reduce(Float(0), +))))
            }
        }
        return points
    }

    private func drawLossCurve(_ canvas: inout Canvas, _ area: Rect) {
        guard target != nil, let loss = layer as? any Loss, input.count > 0 else { return }
        let (index, name) = sweptElement
        let x0 = Double(input.storage[index])
        let companion = companionLoss
        // Each sample runs the loss over the whole input while the picture is drawn: keep that to a
        // few million element evaluations, with fewer samples for a large input.
        let samples = Swift.min(Swift.max(2, area.width), Scene.sweepBudget / (input.count * (companion == nil ? 1 : 2)))
        guard samples >= 2 else {
            canvas.line("the input has \(input.count) elements: too many to sweep one while drawing", in: area, role: .muted)
            return
        }
        func sweep(_ f: any Loss) -> [(x: Double, y: Double)] { lossSweep(f, element: index, samples: samples) }
        var series = [LinePlot.Series(name: "nn.\(self.name)", points: sweep(loss))]
        if let companion { series.append(LinePlot.Series(name: "nn.\(companion.name)", points: sweep(companion.loss))) }
        let rest = canvas.captions([
            ("\(name) sweeps around its value \(NumberFormat.compact(x0, significant: 4)); the rest stays; ● is the current loss"
             + (companion == nil ? "" : " · nn.\(companion!.name) on the same data for comparison"), .muted),
            (!(layer is CrossEntropyLoss) ? "c sweeps another element"
             : name.hasSuffix("(item 0's target logit)") ? "raising the target logit lowers the loss · c sweeps another logit"
             : "raising another class's logit raises the loss · c sweeps another logit", .muted),
        ], in: area)
        let current = Double(result.output.storage.reduce(Float(0), +))
        LinePlot(series: series, markers: [LinePlot.Marker(x: x0, y: current, label: "now")])
            .draw(into: &canvas.grid, area: rest, options: canvas.options)
    }

    private func drawClasses(_ canvas: inout Canvas, _ area: Rect) {
        guard let ce = layer as? CrossEntropyLoss, input.rank == 2, let target else {
            return drawInputOutput(&canvas, area)
        }
        let n = input.shape[0], c = input.shape[1]
        let probs = softmax(input, axis: 1)
        let perItem = elementLosses()
        let weight = ce.weight?.storage
        // The target q: one-hot for class indices, the given distribution for probabilities.
        let probabilityTarget = state.target == .probabilities
        let base = probabilityTarget ? "the target distribution" : "one-hot"
        var notes = [ce.labelSmoothing > 0
            ? "label_smoothing=\(NumberFormat.compact(ce.labelSmoothing, significant: 3)): q = (1 − ε)·\(base) + ε/\(c) on every class"
            : (probabilityTarget ? "label_smoothing=0: q is the target distribution" : "label_smoothing=0: q is the one-hot target")]
        if let weight { notes.append("weight = [" + weight.map { NumberFormat.compact(Double($0), significant: 3) }.joined(separator: ", ") + "]") }
        let rest = canvas.captions([(notes.joined(separator: " · "), .muted)], in: area)
        let perItem_ = c + 2  // a title, a bar per class, a blank row
        let shownItems = Swift.min(n, Swift.max(1, rest.height / perItem_))
        let (itemsArea, mapsArea) = rest.splitTop(Swift.min(rest.height, shownItems * perItem_))
        let parts = itemsArea.split(.vertical, Array(repeating: .fill(1), count: Swift.max(1, shownItems)))
        let first = n > shownItems ? Swift.min(state.channel.wrapped(into: n), n - shownItems) : 0
        // Below, when there is room: every item's logits, probabilities and target distribution.
        var targets = [Float](repeating: 0, count: n * c)
        for (k, item) in (first..<(first + shownItems)).enumerated() {
            let p = (0..<c).map { Double(probs.storage[item * c + $0]) }
            var q = [Double](repeating: 0, count: c)
            var label = ""
            switch target {
            case .classes(let t, _):
                let cls = Int(t.storage[item])
                if cls == ce.ignoreIndex {
                    label = "ignored (ignore_index=\(ce.ignoreIndex))"
                } else if cls >= 0, cls < c {
                    for j in 0..<c { q[j] = ce.labelSmoothing / Double(c) }
                    q[cls] += 1 - ce.labelSmoothing
                    label = "target class \(cls)"
                }
            case .values(let t):
                q = (0..<c).map { Double(t.storage[item * c + $0]) }
                label = "target probabilities"
            }
            let lossText = item < perItem.count ? NumberFormat.compact(Double(perItem.storage[item]), significant: 4) : "-"
            let (title, bars) = parts[k].splitTop(1).top.isEmpty ? (Rect.zero, Rect.zero) : parts[k].splitTop(1)
            canvas.line("item \(item): \(label) · loss \(lossText)", in: title, role: .text)
            let halves = bars.split(.horizontal, [.fill(1), .fill(1)], gap: 2)
            let top = q.max() ?? 0
            BarChart(bars: p.enumerated().map { BarChart.Bar(label: "p\($0.offset)", value: $0.element,
                                                             highlighted: top > 0 && q[$0.offset] == top) }, range: 0...1)
                .draw(into: &canvas.grid, area: halves[0], options: canvas.options)
            BarChart(bars: q.enumerated().map { BarChart.Bar(label: "q\($0.offset)", value: $0.element) }, range: 0...1)
                .draw(into: &canvas.grid, area: halves[1], options: canvas.options)
        }
        guard mapsArea.height >= 6 else { return }
        for item in 0..<n {
            switch target {
            case .classes(let t, _):
                let cls = Int(t.storage[item])
                guard cls != ce.ignoreIndex, cls >= 0, cls < c else { continue }
                for j in 0..<c { targets[item * c + j] = Float(ce.labelSmoothing / Double(c)) }
                targets[item * c + cls] += Float(1 - ce.labelSmoothing)
            case .values(let t):
                for j in 0..<c { targets[item * c + j] = t.storage[item * c + j] }
            }
        }
        let unit = ValueScale(lower: 0, upper: 1)
        canvas.panels([MapPanel("x (logits)", Plane(input)),
                       MapPanel("softmax(x) = p", Plane(rows: n, cols: c, values: probs.storage), scale: unit),
                       MapPanel("target q", Plane(rows: n, cols: c, values: targets), scale: unit)],
                      in: mapsArea, scope: state.colorScope)
    }
}
