// SceneEditor: the part of the interactive program that edits a scene — the layer and parameter
// selected, the user's (possibly invalid) choices, the last scene that could be built and why the
// draft makes none, the examples, and the builds handed to a background thread. It knows nothing
// of panes, prompts, help or themes: Workbench wraps it in those, and turns what it says into the
// status line.

import CellRender
import LayerKit

/// A line for the status bar.
public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The draft scene, the last valid one, and every change a user can make to them.
///
/// A change that alters the draft counts in `revision` (the status line's old message is then out
/// of date); what a change has to say comes back as a `StatusMessage`.
public struct SceneEditor: Sendable {
    /// The selected layer, an index into `Workbench.layers`.
    public private(set) var layerIndex = 0
    /// The selected parameter, an index into the draft's parameters.
    public private(set) var parameterIndex = 0
    /// Which part of a pair parameter a step changes.
    public private(set) var component: PairComponent = .both
    /// What the user has chosen, valid or not: the header shows its expression.
    public private(set) var draft: SceneState
    /// The last scene that could be built; it stays on screen while the draft is invalid.
    public private(set) var scene: Scene?
    /// Why the draft makes no scene (PyTorch's rule), or nil when the scene shows the draft.
    public private(set) var problem: String?
    /// The parameter the problem names, when it names one.
    public private(set) var problemParameter: String?
    /// How many times the draft has changed.
    public private(set) var revision = 0
    /// Build scenes through `request` (the interactive session runs them off its UI thread)
    /// instead of at once.
    public var evaluatesInBackground = false
    /// The scene waiting to be built in the background, if any.
    public private(set) var request: SceneRequest?
    /// The build in progress was asked to stop.
    public private(set) var cancelRequested = false
    private var nextRequestID = 0
    /// Which of the layer's examples is loaded.
    private var exampleIndex = 0
    /// Reads a `.npy` file (the front end supplies it; the model does no I/O of its own).
    private let loadTensor: @Sendable (String) throws -> Tensor

    /// An editor showing `state` (nil: the first layer's seed example).
    ///
    /// - Parameter loadTensor: reads a `.npy` file for `openInput(_:)`.
    public init(state: SceneState? = nil,
                loadTensor: @escaping @Sendable (String) throws -> Tensor = { _ in
                    throw SceneError("input: files cannot be opened here")
                }) throws {
        self.loadTensor = loadTensor
        draft = try Workbench.examples(for: Workbench.layers[0])[0].state()
        if let state {
            load(state, selecting: state.arguments.schema)
        } else {
            rebuild()
        }
    }

    // MARK: Reading

    /// The layer the draft is of.
    public var schema: LayerSchema { draft.arguments.schema }

    /// The live constructor expression (of the draft: what the user is building).
    public var expression: String { draft.arguments.expression }

    /// The selected parameter's spec.
    public var selectedParameter: ParamSpec? {
        schema.params.indices.contains(parameterIndex) ? schema.params[parameterIndex] : nil
    }

    /// Whether a scene is being computed.
    public var isComputing: Bool { request != nil }

    // MARK: Selection

    /// Selects layer `index` of `Workbench.layers` and loads its seed example.
    public mutating func selectLayer(_ index: Int) -> StatusMessage? {
        let count = Workbench.layers.count
        layerIndex = (index % count + count) % count
        exampleIndex = 0
        let examples = Workbench.examples(for: Workbench.layers[layerIndex])
        return loadExample(examples[0], number: 0, of: examples.count)
    }

    /// Selects the layer `offset` rows from the selected one, round the list.
    public mutating func moveLayer(by offset: Int) -> StatusMessage? {
        selectLayer(layerIndex + offset)
    }

    /// Selects parameter `index` (a step then changes both parts of a pair again, if it is another).
    public mutating func selectParameter(_ index: Int) {
        guard schema.params.indices.contains(index) else { return }
        if index != parameterIndex { component = .both }
        parameterIndex = index
    }

    /// Selects the parameter `offset` rows from the selected one, round the list.
    public mutating func moveParameter(by offset: Int) {
        let n = schema.params.count
        guard n > 0 else { return }
        parameterIndex = ((parameterIndex + offset) % n + n) % n
        component = .both
    }

    /// For a pair parameter, the next part a step changes: both, then the height, then the width.
    public mutating func nextComponent() -> StatusMessage {
        guard let spec = selectedParameter, ParamStepper.hasComponents(spec.kind) else {
            return StatusMessage("Space chooses which part of a pair parameter ←/→ step")
        }
        component = component.next
        return StatusMessage("\(spec.name): ←/→ now step \(component == .both ? "both parts" : "the \(component.label) only")")
    }

    // MARK: Parameters

    /// Steps the selected parameter by `direction` (−1 down, +1 up), as `ParamStepper` does.
    public mutating func stepParameter(by direction: Int) -> StatusMessage? {
        guard let spec = selectedParameter else { return nil }
        let value = draft.arguments[spec.name]
        switch ParamStepper.step(value, of: spec, direction: direction, component: component, arguments: draft.arguments) {
        case .value(let next): return setParameter(spec, to: next)
        case .stuck(let why): return StatusMessage(why)
        }
    }

    /// Sets the selected parameter back to its default.
    public mutating func resetParameter() -> StatusMessage? {
        guard let spec = selectedParameter else { return nil }
        guard let value = spec.defaultValue else {
            return StatusMessage("\(spec.name) is required: it has no default")
        }
        return setParameter(spec, to: value)
    }

    /// Sets the parameter `name` to a typed Python value.
    public mutating func setParameter(_ name: String, typed text: String) -> StatusMessage? {
        guard let spec = schema.param(name) else { return nil }
        do {
            let call = try ConstructorCall(parsing: "nn.Value(" + text + ")")
            guard call.positional.count == 1, call.keywords.isEmpty else {
                return StatusMessage("\(name): type one Python value, e.g. \(draft.arguments[name].pythonRepr)", isError: true)
            }
            return setParameter(spec, to: call.positional[0])
        } catch let error as ExpressionError {
            return StatusMessage("\(name): \(error.message)", isError: true)
        } catch {
            return StatusMessage(SceneEditor.describe(error), isError: true)
        }
    }

    private mutating func setParameter(_ spec: ParamSpec, to value: ParamValue) -> StatusMessage? {
        do {
            var next = draft
            next.arguments = try draft.arguments.setting(spec.name, to: value)
            apply(next, afterParameterChange: true)
            return nil
        } catch {
            return StatusMessage(SceneEditor.describe(error), isError: true)
        }
    }

    // MARK: Loading

    /// Loads a typed constructor expression, keeping the seed and the mode.
    ///
    /// Returns whether a PyTorch rule the expression breaks selected the parameter it names (the
    /// parameters then want the focus); in the background that is known only when `finish` ends
    /// the build. Throws when the text is no constructor of a known layer.
    public mutating func load(expression text: String) throws -> Bool {
        let arguments = try Catalog.arguments(parsing: text)
        var state = SceneState(arguments: arguments)
        state.seed = draft.seed
        state.training = draft.training
        // The same layer, or one of its documentation group (another pool, another activation,
        // another loss), takes the same input: keep the input, its shape and what is selected.
        let old = draft.arguments.schema
        if old.name == arguments.schema.name || old.group == arguments.schema.group {
            state.input = draft.input
            state.shape = draft.shape.map { Workbench.shape($0, following: draft.arguments, to: arguments) }
            state.values = draft.values
            state.targetValues = old.name == arguments.schema.name ? draft.targetValues : nil
            state.target = draft.target
            state.channel = draft.channel
            state.position = draft.position
            state.steps = draft.steps
            state.colorScope = draft.colorScope
            state.explain = draft.explain
            if let view = draft.view, PictureRegistry.views(of: arguments.schema).contains(where: { $0.name == view }) {
                state.view = view
            }
            if old.name == arguments.schema.name {
                state.xRange = draft.xRange
                state.compare = draft.compare
            }
        } else if problem == nil, let shape = draft.shape, shape.count == 4,
                  SceneEditor.imageGroups.contains(old.group), SceneEditor.imageGroups.contains(arguments.schema.group) {
            // Another layer that takes an (N, C, H, W) image keeps the image the user set up, when it
            // was shown (its channels following the new layer's in_channels or num_features).
            state.input = draft.input
            state.values = draft.values
            state.shape = Workbench.shape(shape, following: draft.arguments, to: arguments)
        }
        return load(state, selecting: arguments.schema, selectingProblem: true)
    }

    /// Shows `state` (a network's stage, with its weights and input).
    mutating func open(_ state: SceneState) {
        _ = load(state, selecting: state.arguments.schema)
    }

    /// The groups whose layers all take an (N, C, H, W) image (an activation takes any shape).
    static let imageGroups: Set<LayerGroup> = [.convolution, .pooling, .normalization, .dropout, .activation]

    /// The layer's next ready-made example.
    public mutating func nextExample() -> StatusMessage? {
        let examples = Workbench.examples(for: schema)
        exampleIndex = (exampleIndex + 1) % examples.count
        return loadExample(examples[exampleIndex], number: exampleIndex, of: examples.count)
    }

    private mutating func loadExample(_ preset: Preset, number: Int, of count: Int) -> StatusMessage? {
        do {
            var state = try preset.state()
            state.seed = draft.seed
            load(state, selecting: state.arguments.schema)
            if count > 1, problem == nil {
                return StatusMessage("example \(number + 1)/\(count): \(preset.summary) (e for the next)")
            }
            return nil
        } catch {
            return StatusMessage(SceneEditor.describe(error), isError: true)
        }
    }

    /// Shows `state` (a lesson's step), selecting its layer in the list.
    public mutating func show(_ state: SceneState) {
        load(state, selecting: state.arguments.schema)
    }

    /// Makes `state` the draft of a (possibly different) layer, selecting it in the list.
    @discardableResult
    private mutating func load(_ state: SceneState, selecting schema: LayerSchema, selectingProblem: Bool = false) -> Bool {
        if let i = Workbench.layers.firstIndex(where: { $0.name == schema.name }), i != layerIndex {
            layerIndex = i
            exampleIndex = 0
        }
        if draft.arguments.schema.name != schema.name { parameterIndex = 0 }
        parameterIndex = Swift.min(parameterIndex, Swift.max(0, schema.params.count - 1))
        component = .both
        draft = state
        return rebuild(selectingProblem: selectingProblem)
    }

    // MARK: Input

    /// `shape N,C,H,W` gives the input pattern a shape of the user's; an empty `text` goes back to
    /// the example's or the layer's own.
    public mutating func setShape(_ text: String) -> StatusMessage? {
        var next = draft
        if text.isEmpty {
            next.shape = Workbench.examples(for: schema).first { (try? $0.state().arguments) == draft.arguments }?.shape
        } else {
            do {
                next.shape = try SceneState.parseShape(text, option: "shape")
            } catch {
                return StatusMessage(SceneEditor.describe(error), isError: true)
            }
        }
        if case .tensor = next.input { next.input = .pattern(Scene.defaultPattern(for: schema)) }
        next.values = nil
        next.targetValues = nil
        apply(next)
        if problem == nil, let scene { return StatusMessage("input shape \(Scene.shapeText(scene.input.shape))") }
        return nil
    }

    /// `:values …` (the input), `:target …` (a loss's target) or `:kernel NAME` (the selected
    /// output channel of a Conv2d); an empty argument goes back to the pattern, the seeded target or
    /// the default initialisation.
    public mutating func setTyped(_ what: String, _ text: String) -> StatusMessage? {
        var next = draft
        do {
            switch what {
            case "values":
                next.values = text.isEmpty ? nil : try SceneState.parseValues(text, option: "values")
            case "target":
                next.targetValues = text.isEmpty ? nil : try SceneState.parseValues(text, option: "target")
            default:
                next.kernel = text.isEmpty ? nil : try KernelPreset.parse(text, option: "kernel")
                next.kernelChannel = draft.channel
            }
        } catch {
            return StatusMessage(SceneEditor.describe(error), isError: true)
        }
        apply(next)
        guard problem == nil else { return nil }
        switch what {
        case "values": return StatusMessage(next.values.map { "input: \($0.count) typed values" } ?? "input: the pattern again")
        case "target": return StatusMessage(next.targetValues.map { "target: \($0.count) typed values" } ?? "target: the seeded one again")
        default:
            return StatusMessage(next.kernel.map { "weight[\(next.kernelChannel)] = \($0.rawValue), bias 0 (:kernel random restores it)" }
                                 ?? "weights: the default initialisation")
        }
    }

    /// Uses the tensor in the `.npy` file at `path` as the input.
    public mutating func openInput(_ path: String) -> StatusMessage? {
        do {
            let tensor = try loadTensor(path)
            var next = draft
            next.input = .tensor(tensor, name: String(path.split(separator: "/").last ?? Substring(path)))
            next.shape = tensor.shape
            apply(next)
            return problem == nil ? StatusMessage("input: \(path) \(tensor.shape)") : nil
        } catch {
            return StatusMessage(SceneEditor.describe(error), isError: true)
        }
    }

    /// The next built-in input pattern (from a file's tensor: the first, in the layer's own shape).
    public mutating func nextInput() -> StatusMessage {
        var next = draft
        next.values = nil
        let patterns = InputPattern.allCases
        if case .pattern(let p) = draft.input, let i = patterns.firstIndex(of: p) {
            next.input = .pattern(patterns[(i + 1) % patterns.count])
        } else {
            next.input = .pattern(patterns[0])
            next.shape = nil
        }
        apply(next)
        return StatusMessage("input: \(next.input.name)")
    }

    // MARK: What the scene shows

    /// The view `offset` tabs from the one shown, round the tabs.
    public mutating func stepView(by offset: Int) {
        // The draft's layer's views (a scene of another layer may still be on screen while the
        // draft's is computed, or when the draft breaks a rule).
        let views = PictureRegistry.views(of: draft.arguments.schema).map(\.name)
        guard !views.isEmpty else { return }
        let shown = draft.view ?? (scene?.state.arguments.schema.name == schema.name ? scene?.view.name : nil)
        let current = shown.flatMap { views.firstIndex(of: $0) } ?? 0
        var next = draft
        next.view = views[((current + offset) % views.count + views.count) % views.count]
        apply(next)
    }

    /// Shows the view named `name`.
    public mutating func showView(_ name: String) {
        guard name != scene?.view.name else { return }
        var next = draft
        next.view = name
        apply(next)
    }

    /// The channel (or item) `offset` from the one shown, round the scene's channels.
    public mutating func stepChannel(by offset: Int) {
        var next = draft
        next.channel += offset
        if let scene {
            next.channel = next.channel.wrapped(into: scene.channelCount)
        }
        apply(next)
    }

    /// The output position `offset` from the one a window view explains.
    /// Selects the output element at `position` of `channel` (a click on an output map).
    public mutating func select(channel: Int, position: OutputPosition) -> StatusMessage? {
        var next = draft
        next.channel = channel
        next.position = position
        apply(next)
        return StatusMessage("output (\(position.row), \(position.column)) of channel \(channel)" + (draft.explain ? "" : " · x shows how it is made"))
    }

    public mutating func movePosition(by offset: Int) {
        var next = draft
        next.position = scene?.position(steppedBy: offset) ?? next.position
        apply(next)
    }

    // MARK: Running the layer

    /// `module.train()` ↔ `module.eval()`.
    public mutating func toggleTraining() -> StatusMessage {
        var next = draft
        next.training.toggle()
        apply(next)
        return StatusMessage(next.training ? "module.train()" : "module.eval()")
    }

    /// A new seed: new weights, random input and dropout mask.
    public mutating func reseed() -> StatusMessage {
        var next = draft
        next.seed &+= 1
        apply(next)
        return StatusMessage("seed \(next.seed): new weights, random input and dropout mask")
    }

    /// On an activation's curve: `+` adds the next activation's curve, `−` removes the last.
    /// Returns nil when the scene shows no activation curve (the key then does its usual step).
    public mutating func stepComparison(by dir: Int) -> StatusMessage? {
        guard let scene, let f = scene.layer as? any ElementwiseActivation, scene.view.name == ActivationPicture.View.curve.rawValue else {
            return nil
        }
        var next = draft
        if dir > 0 {
            guard let add = ActivationPicture.comparable(besides: f).first(where: { !next.compare.contains($0) }) else {
                return StatusMessage("every activation is on the plot; − removes one")
            }
            next.compare.append(add)
        } else {
            guard !next.compare.isEmpty else { return StatusMessage("only nn.\(scene.name) is on the plot; + adds another") }
            next.compare.removeLast()
        }
        apply(next)
        return StatusMessage("on the plot: " + ([scene.expression] + next.compare).joined(separator: ", "))
    }

    /// Halves (`dir` < 0) or doubles the curve's x-range, or sets it to `half` when given.
    public mutating func setRange(_ text: String?, step dir: Int = 0) -> StatusMessage? {
        var next = draft
        var note = ""
        if let text {
            do {
                let range = try SceneState.parseRange(text)
                next.xRange = range.half
                if !range.symmetric { note = " (curves are drawn symmetric about 0)" }
            } catch {
                return StatusMessage("\(error)", isError: true)
            }
        } else {
            next.xRange = Swift.min(SceneState.largestXRange, Swift.max(0.5, dir < 0 ? next.xRange / 2 : next.xRange * 2))
        }
        apply(next)
        return StatusMessage("x in [−\(NumberFormat.compact(next.xRange, significant: 3)), \(NumberFormat.compact(next.xRange, significant: 3))]" + note)
    }

    // MARK: Animation

    /// Puts the window at the first output of channel 0 in the family's window view, with the
    /// outputs after it not yet computed; a message when the layer has no window.
    public mutating func startAnimation() -> StatusMessage? {
        guard let scene, let windowView = scene.picture.windowViewName else {
            return StatusMessage("nn.\(schema.name) has no window to slide: p plays Conv2d and the pooling layers", isError: true)
        }
        guard scene.result.output.count > 0 else { return StatusMessage("the output has no elements to fill in", isError: true) }
        var next = draft
        next.view = windowView
        next.channel = 0
        next.position = OutputPosition()
        next.revealing = true
        apply(next)
        return nil
    }

    /// Whether an animation is under way (started and not finished).
    public var isAnimating: Bool { draft.revealing }

    /// Moves the window one output on — along the row, then the next row, then the next channel —
    /// and returns false (showing the whole output again) after the last one.
    public mutating func animationStep() -> Bool {
        guard let scene, draft.revealing else { return false }
        let (rows, columns) = scene.outputPlaneSize
        var next = draft
        let here = scene.position
        if here.column + 1 < columns {
            next.position = OutputPosition(row: here.row, column: here.column + 1)
        } else if here.row + 1 < rows {
            next.position = OutputPosition(row: here.row + 1, column: 0)
        } else if scene.channel + 1 < Scene.channelCount(of: scene.result.output) {
            next.channel = scene.channel + 1
            next.position = OutputPosition()
        } else {
            next.revealing = false
            apply(next)
            return false
        }
        apply(next)
        return true
    }

    /// Shows or hides how the selected output element is computed (nothing is rerun).
    public mutating func toggleExplain() -> StatusMessage {
        var next = draft
        next.explain.toggle()
        apply(next)
        guard next.explain else { return StatusMessage("drill-down off") }
        let has = scene.map { $0.explanation != nil } ?? false
        return StatusMessage(has ? "how this number is made: ←/→ choose the output element"
                                 : "this view has no drill-down; the window views do (v)")
    }

    /// Each map on its own colour scale ↔ the view's maps on one shared scale (nothing is rerun).
    public mutating func toggleColorScope() -> StatusMessage {
        var next = draft
        next.colorScope = next.colorScope.next
        apply(next)
        return StatusMessage(next.colorScope == .shared ? "colour scale: shared by the view's maps (one colour, one value)"
                                                        : "colour scale: each map its own")
    }

    /// One more training pass (BatchNorm2d's running statistics move); in eval mode the eval pass
    /// comes after them.
    public mutating func step() -> StatusMessage {
        var next = draft
        next.steps += 1
        apply(next)
        let passes = "\(next.steps) training pass\(next.steps == 1 ? "" : "es")"
        return StatusMessage(next.training ? passes : passes + ", then module.eval()")
    }

    /// Takes `next` as the draft and tries to show it.
    ///
    /// `afterParameterChange`: a parameter changed. When it sizes the layer's input (Conv2d's
    /// `in_channels`, BatchNorm2d's `num_features`, Linear's `in_features`) and the input is a
    /// pattern of a fixed shape (an example's), that axis of the shape follows. (Without a fixed
    /// shape the layer's default shape follows by itself; a file's tensor is left as it is.)
    private mutating func apply(_ next: SceneState, afterParameterChange: Bool = false) {
        var next = next
        if afterParameterChange, let shape = next.shape, case .pattern = next.input {
            next.shape = Workbench.shape(shape, following: draft.arguments, to: next.arguments)
        }
        // Another view, channel or position of a scene that shows the draft: no need to rerun the layer.
        if problem == nil, let scene {
            var same = scene.state
            same.view = next.view
            same.channel = next.channel
            same.position = next.position
            same.colorScope = next.colorScope
            same.explain = next.explain
            same.revealing = next.revealing
            if same == next, var selected = try? scene.selecting(view: next.view, channel: next.channel, position: next.position) {
                selected.state.colorScope = next.colorScope
                selected.state.explain = next.explain
                selected.state.revealing = next.revealing
                draft = next
                self.scene = selected
                revision += 1
                return
            }
        }
        draft = next
        rebuild()
    }

    /// Builds the scene for the draft; on failure the last scene stays and `problem` says why.
    /// Returns whether the problem selected its parameter.
    ///
    /// With `evaluatesInBackground` the build becomes `request`, for the interactive session to run
    /// off its UI thread and hand back through `finish(_:with:)`; the last scene stays meanwhile.
    @discardableResult
    private mutating func rebuild(selectingProblem: Bool = false) -> Bool {
        revision += 1
        if evaluatesInBackground {
            nextRequestID += 1
            request = SceneRequest(id: nextRequestID, state: draft, previous: scene, selectsProblem: selectingProblem)
            cancelRequested = false
            return false
        }
        return take(Result { try Scene(draft, reusing: scene) }, selectingProblem: selectingProblem)
    }

    /// Shows a finished build: its scene, or why there is none (the last scene stays). Returns
    /// whether the problem selected its parameter.
    private mutating func take(_ result: Result<Scene, any Error>, selectingProblem: Bool) -> Bool {
        switch result {
        case .success(let built):
            scene = built
            problem = nil
            problemParameter = nil
        case .failure(let error as ComputationCancelled):
            problem = "\(error): the picture shows the last state that finished (change anything to compute again)"
            problemParameter = nil
        case .failure(let error):
            problem = SceneEditor.describe(error)
            problemParameter = (error as? LayerError).flatMap { schema.param($0.subject)?.name }
            // A rule broken by a typed expression: select the parameter it names, ready to be stepped.
            if selectingProblem, let name = problemParameter,
               let i = schema.params.firstIndex(where: { $0.name == name }) {
                parameterIndex = i
                return true
            }
        }
        return false
    }

    // MARK: Computing in the background

    /// Hands back the build of `request` number `id` (a superseded one is ignored). Returns whether
    /// the problem it ended with selected its parameter.
    @discardableResult
    public mutating func finish(_ id: Int, with result: Result<Scene, any Error>) -> Bool {
        guard let request, request.id == id else { return false }
        self.request = nil
        cancelRequested = false
        return take(result, selectingProblem: request.selectsProblem)
    }

    /// Asks the build in progress to stop (the session cancels its workload).
    public mutating func cancelComputation() {
        guard isComputing else { return }
        cancelRequested = true
    }

    /// One line for any error: a layer's PyTorch message, a syntax error with its column, a scene error.
    public static func describe(_ error: any Error) -> String {
        let text: String
        switch error {
        case let e as LayerError: text = e.description
        case let e as ExpressionError: text = e.description
        case let e as SceneError: text = e.description
        default: text = "\(error)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A scene the editor wants built: the session runs `build()` on a thread of its own, inside a
/// `Workload` it can cancel, and hands the result to `finish(_:with:)`.
public struct SceneRequest: Sendable {
    public let id: Int
    public let state: SceneState
    /// The scene on screen, whose input pattern the build may reuse.
    public let previous: Scene?
    /// A typed expression: a broken rule selects the parameter it names.
    let selectsProblem: Bool

    /// Builds the scene (call it inside a `Workload` to bound and cancel it).
    public func build() throws -> Scene {
        try Scene(state, reusing: previous)
    }
}
