// Scene: a SceneState evaluated — the layer built, the input made, the forward pass (and the input
// gradient where LayerKit has one) run — and drawn: `Scene × size × options → CellGrid`. This one
// function is what the TUI shows and what `layerscope render` prints.

import CellRender
import LayerKit

/// One view of a scene: a name to select it by and a title to show.
public struct SceneView: Sendable, Hashable {
    public var name: String
    public var summary: String

    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}

/// An evaluated scene.
public struct Scene: Sendable {
    public internal(set) var state: SceneState
    /// The layer as built (initial parameters, before any forward pass).
    public let initialLayer: any Layer
    /// The layer after the forward passes (updated buffers).
    public let layer: any Layer
    public let input: Tensor
    /// The loss target (losses only).
    public let target: LossTarget?
    public let result: Computation.Result
    /// The views this layer offers, the first being the default.
    public let views: [SceneView]
    /// The view shown.
    public internal(set) var view: SceneView
    /// How this layer's family is pictured (looked up once, from the registry).
    let picture: any ScenePicture.Type

    /// Builds and runs the layer. Throws the layer's error (`LayerError`, `ExpressionError`) for
    /// invalid parameters or inputs, or a `SceneError` for an unknown view or a bad shape.
    ///
    /// `reusing`: an earlier scene whose input pattern, shape and seed match is not drawn again —
    /// a parameter step on a large input then costs only the layer. The values are the same either
    /// way: a pattern depends on nothing else.
    public init(_ state: SceneState, reusing previous: Scene? = nil) throws {
        self.state = state
        var computation = try Computation(arguments: state.arguments, seed: state.seed)
        let schema = state.arguments.schema
        for (key, value) in state.weights.sorted(by: { $0.key < $1.key }) {
            if case .float(let current)? = computation.layer.state(key), current.shape == value.shape {
                try computation.setState(key, .float(value))
            }
        }
        if let kernel = state.kernel {
            try Scene.applyKernel(kernel, channel: state.kernelChannel, to: &computation)
        }
        initialLayer = computation.layer
        guard let picture = Pictures.picture(for: type(of: initialLayer)) else {
            throw SceneError("nn.\(schema.name) has no picture")
        }
        self.picture = picture
        let shape = state.shape ?? picture.defaultShape(for: initialLayer)
        if let bad = shape.first(where: { $0 < 0 }) {
            throw SceneError("shape: sizes must be non-negative, got \(bad)")
        }
        var input: Tensor
        switch state.input {
        case .pattern(let p):
            if let previous, previous.state.input == state.input, previous.state.seed == state.seed,
               previous.input.shape == shape, previous.state.values == nil {
                input = previous.input
            } else {
                try MemoryBudget.reserve(elements: shape.elementCount, of: 4,
                                         for: "an input of shape \(Scene.shapeText(shape))", subject: "shape")
                input = try p.tensor(shape: shape, seed: state.seed)
            }
        case .tensor(let t, _): input = t
        }
        if let values = state.values { input = try Scene.typedInput(values, shape: input.shape) }
        self.input = input
        var target = try picture.target(for: initialLayer, input: input, kind: state.target, seed: state.seed)
        if let typed = state.targetValues {
            guard let current = target else { throw SceneError("target: nn.\(schema.name) is not a loss and takes no target") }
            target = try Scene.typedTarget(typed, replacing: current)
        }
        self.target = target
        let differentiable = initialLayer is any DifferentiableModule || initialLayer is any Loss
        let inplace = state.arguments.schema.param("inplace") != nil && state.arguments.bool("inplace")
        result = try computation.run(input: input, target: target, training: state.training,
                                     steps: state.steps, wantGradient: differentiable && !inplace)
        layer = computation.layer
        views = picture.views
        view = try Scene.view(named: state.view, in: views, of: schema)
    }

    /// The view called `name` among `views` (the first when `name` is nil), or a `SceneError`
    /// listing them.
    static func view(named name: String?, in views: [SceneView], of schema: LayerSchema) throws -> SceneView {
        guard let name else { return views[0] }
        guard let match = views.first(where: { $0.name == name }) else {
            throw SceneError("view: '\(name)' is not a view of nn.\(schema.name); its views are "
                             + views.map(\.name).joined(separator: ", "))
        }
        return match
    }

    /// The layer's class name.
    public var name: String { state.arguments.schema.name }

    /// The live constructor expression.
    public var expression: String { state.arguments.expression }

    /// How many channels (or rows, items, distributions) the channel selector steps through in
    /// this view.
    public var channelCount: Int {
        Swift.max(1, picture.channelCount(viewNamed: view.name, in: self))
    }

    /// The channel shown, wrapped into range.
    public var channel: Int {
        state.channel.wrapped(into: channelCount)
    }

    /// Draws the scene into a grid of exactly `width` × `height` cells.
    ///
    /// `expressionLine: false` leaves out the first line (the constructor and the layer's name), for
    /// a front end that shows the expression itself.
    public func render(width: Int, height: Int, options: RenderOptions, expressionLine: Bool = true,
                       language: Language = .en) -> CellGrid {
        draw(width: width, height: height, options: options, expressionLine: expressionLine, language: language).grid
    }

    /// `render`, keeping the canvas: what tests read the maps' geometry from.
    func draw(width: Int, height: Int, options: RenderOptions, expressionLine: Bool = true,
              language: Language = .en) -> Canvas {
        let language = options.ascii ? Language.en : language  // Chinese needs more than ASCII
        var said = options
        if language == .zh { said.words = PictureText.widgetWords }
        var canvas = Canvas(width: width, height: height, options: said)
        canvas.language = language
        let full = canvas.grid.bounds
        guard !full.isEmpty else { return canvas }
        var rest = full
        let headerLines = header(width: width, canvas: canvas)
        for (i, item) in headerLines.enumerated() where rest.height > 0 && (expressionLine || i > 0) {
            let (row, below) = rest.splitTop(1)
            if i == 0 {
                let group = Workbench.say(state.arguments.schema.group.rawValue, in: language, isError: false)
                let right = " " + name + (group == name ? "" : " · " + group)
                let rw = TextWidth.of(canvas.text(right))
                let fits = TextWidth.of(canvas.text(item.0)) + rw + 1 <= row.width
                canvas.line(item.0, in: row, role: item.1)
                if fits { canvas.line(right, in: row.splitRight(rw).right, role: .muted) }
            } else {
                canvas.line(item.0, in: row, role: item.1)
            }
            rest = below
        }
        let (tabs, body0) = rest.splitTop(1)
        drawTabs(&canvas, tabs)
        let notes = footer()
        let (body, foot) = body0.splitBottom(Swift.min(notes.count, Swift.max(0, body0.height - 4)))
        canvas.lines(notes, in: foot)
        // The drill-down, when asked for, under the view.
        let (view, drill) = body.splitBottom(explanationRows(in: body, canvas: canvas))
        drawBody(&canvas, view)
        if !drill.isEmpty, let explanation { canvas.draw(explanation, in: drill, scope: state.colorScope) }
        canvas.enforceASCII()
        return canvas
    }

    /// Expression, shapes, mode, shape arithmetic.
    private func header(_ language: Language) -> [(String, ThemeRole)] {
        var lines: [(String, ThemeRole)] = [(expression, .accent)]
        func word(_ key: UIText) -> String { key.text(language) }
        var shapes = "\(word(.sceneInput)) \(Scene.shapeText(input.shape)) "
            + (state.values == nil ? state.input.name : word(.sceneTyped))
        if let target { shapes += " · \(word(.sceneTarget)) \(Scene.shapeText(target.shape))" }
        shapes += " → \(word(.sceneOutput)) \(Scene.shapeText(result.output.shape))"
        let mode = word(state.training ? .headerTrain : .headerEval)
        lines.append((shapes + " · \(mode) · \(word(.headerSeed)) \(state.seed)", .text))
        if let kernel = state.kernel, let conv = layer as? Conv2d {
            lines.append(("weight[\(state.kernelChannel.wrapped(into: Swift.max(1, conv.outChannels)))] = \(kernel.rawValue), bias 0 "
                          + "(set by :kernel, not the default initialisation)", .warning))
        }
        if state.targetValues != nil { lines.append(("the target is typed (:target)", .warning)) }
        lines += arithmetic().map { ($0, .muted) }
        return lines
    }

    /// The header lines at a width: arithmetic parts separated by `   ` share a line when they fit.
    private func header(width: Int, canvas: Canvas) -> [(String, ThemeRole)] {
        var out: [(String, ThemeRole)] = []
        for (i, item) in header(canvas.language).enumerated() {
            let parts = item.0.split(separator: "   ").map(String.init)
            if i == 0 || TextWidth.of(canvas.text(item.0)) <= width {
                out.append(item)
            } else if item.1 == .muted, parts.count > 1 {
                // Each part on a line of its own, wrapped when even it is too wide.
                out += parts.flatMap { wrapWords(canvas.text($0), width: width) }.map { ($0, item.1) }
            } else {
                out += wrapWords(canvas.text(item.0), width: width).map { ($0, item.1) }
            }
        }
        return out
    }

    /// The view whose tab `render` draws at (`x`, `y`) for the same size and options, if any: what
    /// a mouse click on the tab row selects.
    public func view(atX x: Int, y: Int, width: Int, height: Int, options: RenderOptions,
                     expressionLine: Bool = true, language: Language = .en) -> String? {
        var canvas = Canvas(width: width, height: height, options: options)
        canvas.language = language
        let tabRow = header(width: width, canvas: canvas).count - (expressionLine ? 0 : 1)
        guard y == tabRow, tabRow < height, x >= 0, x < width else { return nil }
        return tabs(language).first { x >= $0.start && x < $0.end }?.view.name
    }

    /// Each view's tab on the tab row after `view:`: its label (`[name]` when shown, else ` name `)
    /// and its columns, `start..<end` from the row's left edge.
    private func tabs(_ language: Language) -> [(view: SceneView, label: String, start: Int, end: Int)] {
        var start = TextWidth.of(UIText.sceneView.text(language))
        return views.map { v in
            let label = v.name == view.name ? "[\(v.name)]" : " \(v.name) "
            defer { start += TextWidth.of(label) }
            return (v, label, start, start + TextWidth.of(label))
        }
    }

    private func drawTabs(_ canvas: inout Canvas, _ row: Rect) {
        guard !row.isEmpty else { return }
        var x = canvas.put(UIText.sceneView.text(canvas.language), x: row.x, y: row.y, role: .muted, clip: row)
        for tab in tabs(canvas.language) {
            let role: ThemeRole = tab.view.name == view.name ? .selection : .muted
            x = canvas.put(tab.label, x: row.x + tab.start, y: row.y, role: role, clip: row)
        }
        let noun = Workbench.translated(picture.stepNoun(viewNamed: view.name), to: canvas.language)
        let info = channelCount > 1 ? "  \(noun) \(channel)/\(channelCount - 1)" : ""
        let hint = "  " + Workbench.translated(view.summary, to: canvas.language)
        // The channel counter (short when it must be) and the view's summary only when each fits whole.
        let short = channelCount > 1 ? " \(channel)/\(channelCount - 1)" : ""
        if let counter = [info, short].first(where: { TextWidth.of(canvas.text($0)) <= row.maxX - x }) {
            x = canvas.put(counter, x: x, y: row.y, role: .text, clip: row)
        }
        // The view's summary only when it fits whole.
        if TextWidth.of(canvas.text(hint)) <= row.maxX - x {
            canvas.line(hint, in: Rect(x: x, y: row.y, width: row.maxX - x, height: 1), role: .muted)
        }
    }

    /// PyTorch's warnings for this call, and the family's notes.
    private func footer() -> [(String, ThemeRole)] {
        result.warnings.prefix(1).map { ("UserWarning: " + $0, .warning) }
    }

    /// A shape as PyTorch prints a tuple: `(1, 16, 10, 10)`, `(5,)`, `()`.
    static func shapeText(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }

    static func channelCount(of t: Tensor) -> Int {
        switch t.rank {
        case 0, 1: return 1
        case 2: return 1
        case 3: return t.shape[0]
        default: return Swift.max(1, t.shape[1])
        }
    }
}

extension Int {
    /// This index wrapped into `0..<count` (count > 0), counting back from the end when negative;
    /// never overflows, whatever the sizes.
    func wrapped(into count: Int) -> Int {
        let r = self % count
        return r < 0 ? r + count : r
    }
}

extension Scene {
    /// The most cells a view builds for one picture of its own (a padded input, a window overlay):
    /// 16M cells, a few hundred MB at most; beyond it the view says so in a line.
    static let pictureCellLimit = 1 << 24
    /// The most element evaluations a view may spend while it is drawn (a loss curve's sweep).
    static let sweepBudget = 1 << 22
}

/// A mistake in the scene's own settings (view, shape, channel).
public struct SceneError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
