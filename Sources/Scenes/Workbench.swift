// Workbench: the interactive program's model — which pane has the focus, the layer and parameter
// selected, the user's (possibly invalid) choices, the last picture that worked, the prompt, the
// message — and what every command does to it. Pure: the terminal adapter feeds it decoded events
// and draws what WorkbenchScreen makes of it.

import CellRender
import LayerKit

/// The state of the interactive program, and its reactions to commands.
public struct Workbench: Sendable {
    /// The three panes, in Tab order.
    public enum Pane: String, Sendable, CaseIterable {
        case layers, parameters, scene
    }

    /// A line for the status bar.
    public struct Message: Sendable, Equatable {
        public var text: String
        public var isError: Bool

        public init(_ text: String, isError: Bool = false) {
            self.text = text
            self.isError = isError
        }
    }

    /// What an open prompt is for.
    public enum PromptPurpose: Sendable, Hashable {
        /// `:` — a PyTorch constructor expression.
        case expression
        /// Enter on a parameter — a Python value for it.
        case value(String)
        /// `o` — the path of a `.npy` file.
        case file
    }

    /// An open prompt.
    public struct Prompt: Sendable, Equatable {
        public var purpose: PromptPurpose
        public var label: String
        public var editor: LineEditor
    }

    /// The layers in the order of PyTorch's documentation sections.
    public static let layers: [LayerSchema] = LayerGroup.allCases.flatMap { group in
        Catalog.schemas.filter { $0.group == group }
    }

    public private(set) var focus: Pane = .layers
    /// The selected layer, an index into `Workbench.layers`.
    public private(set) var layerIndex = 0
    /// The selected parameter, an index into the draft's parameters.
    public private(set) var parameterIndex = 0
    /// Which part of a pair parameter ←/→ step.
    public private(set) var component: PairComponent = .both
    /// What the user has chosen, valid or not: the header shows its expression.
    public private(set) var draft: SceneState
    /// The last scene that could be built; it stays on screen while the draft is invalid.
    public private(set) var scene: Scene?
    /// Why the draft makes no scene (PyTorch's rule), or nil when the scene shows the draft.
    public private(set) var problem: String?
    /// The parameter the problem names, when it names one.
    public private(set) var problemParameter: String?
    /// The status bar's message (the problem, when there is one, takes precedence on screen).
    public private(set) var message: Message?
    public private(set) var prompt: Prompt?
    /// The help overlay, and how far it is scrolled.
    public private(set) var showsHelp = false
    public private(set) var helpScroll = 0
    /// Set by `quit`; the run loop ends.
    public private(set) var wantsQuit = false
    /// The themes `T` cycles through (loaded as they are reached), and the current one.
    public private(set) var themes: ThemeCycle
    /// Build scenes through `request` (the interactive session runs them off its UI thread)
    /// instead of at once.
    public var evaluatesInBackground = false
    /// The scene waiting to be built in the background, if any.
    public private(set) var request: SceneRequest?
    /// Esc asked to stop the build in progress.
    public private(set) var cancelRequested = false
    private var nextRequestID = 0
    /// Earlier prompt entries, per purpose kind, oldest first.
    private var histories: [String: [String]] = [:]
    /// Which of the layer's examples is loaded.
    private var exampleIndex = 0
    /// Reads a `.npy` file (the front end supplies it; the model does no I/O of its own).
    private let loadTensor: @Sendable (String) throws -> Tensor

    /// A workbench on the first layer's seed example.
    ///
    /// - Parameters:
    ///   - themes: the themes `T` cycles through; the first is used first.
    ///   - expression: a constructor to start with instead of the first layer.
    ///   - loadTensor: reads a `.npy` file for `o`.
    public init(themes: ThemeCycle = [.builtinDefault], expression: String? = nil,
                loadTensor: @escaping @Sendable (String) throws -> Tensor = { _ in
                    throw SceneError("input: files cannot be opened here")
                }) throws {
        try self.init(themes: themes, state: expression.map { SceneState(arguments: try Catalog.arguments(parsing: $0)) },
                      loadTensor: loadTensor)
    }

    /// A workbench showing `state` (nil: the first layer's seed example).
    public init(themes: ThemeCycle = [.builtinDefault], state: SceneState?,
                loadTensor: @escaping @Sendable (String) throws -> Tensor = { _ in
                    throw SceneError("input: files cannot be opened here")
                }) throws {
        self.themes = themes
        self.loadTensor = loadTensor
        draft = try Workbench.examples(for: Workbench.layers[0])[0].state()
        if let state {
            load(state, selecting: state.arguments.schema)
        } else {
            rebuild()
        }
    }

    // MARK: Reading

    /// The theme in use.
    public var theme: Theme { themes.current }

    /// The layer the draft is of.
    public var schema: LayerSchema { draft.arguments.schema }

    /// The live constructor expression (of the draft: what the user is building).
    public var expression: String { draft.arguments.expression }

    /// The examples offered for a layer: its seed example first, then the variations.
    public static func examples(for schema: LayerSchema) -> [Preset] {
        examplesByLayer[schema.name] ?? [Preset("nn.\(schema.name)()", "")]
    }

    /// Every preset by its layer's name, parsed once.
    private static let examplesByLayer: [String: [Preset]] = Dictionary(
        uniqueKeysWithValues: Catalog.schemas.map { ($0.name, PictureRegistry.examples(of: $0)) }.filter { !$0.1.isEmpty })

    /// Shows `message` in the status line (until the next change replaces it).
    public mutating func show(_ message: Message) {
        self.message = message
    }

    // MARK: Events

    /// Applies a key: to the prompt when one is open, to the help when it is shown, else its command.
    public mutating func handle(_ key: Key) {
        if prompt != nil {
            handlePrompt(key)
            return
        }
        if showsHelp {
            switch key {
            case .up, .character("k"): helpScroll = Swift.max(0, helpScroll - 1)
            case .down, .character("j"):
                helpScroll = Swift.min(helpScroll + 1, WorkbenchScreen.helpLineCount)
            case .pageUp: helpScroll = Swift.max(0, helpScroll - 10)
            case .pageDown, .character(" "):
                helpScroll = Swift.min(helpScroll + 10, WorkbenchScreen.helpLineCount)
            case .home: helpScroll = 0
            case .character("q"), .escape, .character("?"), .function(1), .enter:
                showsHelp = false
            case .control("c"): wantsQuit = true
            default: break
            }
            return
        }
        if isComputing, key == .escape {
            cancelRequested = true  // the status line says "cancelling…" until the build ends
            return
        }
        guard let command = KeyMap.command(for: key) else {
            if case .character(let c) = key, !c.isWhitespace {
                message = Message("'\(c)' does nothing here; ? lists the keys")
            }
            return
        }
        perform(command)
    }

    /// Applies a mouse action at a screen cell, given the screen it was made on.
    public mutating func handle(_ mouse: MouseEvent, on layout: WorkbenchLayout) {
        guard prompt == nil, !showsHelp, !layout.tooSmall else { return }
        let point = (x: mouse.x, y: mouse.y)
        if layout.layers.contains(point) {
            focus = .layers
            if mouse.action == .press, let index = layout.layerRow(atY: mouse.y, selected: layerIndex) {
                selectLayer(index)
            } else if mouse.action == .wheelUp {
                perform(.moveUp)
            } else if mouse.action == .wheelDown {
                perform(.moveDown)
            }
        } else if layout.parameters.contains(point) {
            focus = .parameters
            if let index = layout.parameterRow(atY: mouse.y, selected: parameterIndex, count: schema.params.count) {
                if index != parameterIndex { component = .both }
                parameterIndex = index
                if mouse.action == .wheelUp { perform(.increase) }
                if mouse.action == .wheelDown { perform(.decrease) }
            }
        } else if layout.scene.contains(point) {
            focus = .scene
            if mouse.action == .wheelUp { perform(.previousChannel) }
            if mouse.action == .wheelDown { perform(.nextChannel) }
            // A click on a view's tab shows that view.
            let inner = layout.scene.inset(1)
            if mouse.action == .press, let scene, inner.contains(point),
               let name = scene.view(atX: mouse.x - inner.x, y: mouse.y - inner.y, width: inner.width,
                                     height: inner.height, options: RenderOptions(ascii: layout.ascii),
                                     expressionLine: problem != nil), name != scene.view.name {
                var next = draft
                next.view = name
                apply(next)
            }
        }
    }

    /// Does what `command` asks in the focused pane.
    public mutating func perform(_ command: Command) {
        switch command {
        case .focusNext, .focusPrevious:
            let panes = Pane.allCases
            let i = panes.firstIndex(of: focus)! + (command == .focusNext ? 1 : panes.count - 1)
            focus = panes[i % panes.count]
        case .moveUp, .moveDown:
            let dir = command == .moveUp ? -1 : 1
            switch focus {
            case .layers:
                selectLayer(((layerIndex + dir) % Workbench.layers.count + Workbench.layers.count) % Workbench.layers.count)
            case .parameters:
                let n = schema.params.count
                guard n > 0 else { return }
                parameterIndex = ((parameterIndex + dir) % n + n) % n
                component = .both
            case .scene:
                perform(dir < 0 ? .previousChannel : .nextChannel)
            }
        case .decrease, .increase:
            let dir = command == .decrease ? -1 : 1
            switch focus {
            case .layers:
                if dir > 0 { focus = .parameters }
            case .parameters:
                stepParameter(dir)
            case .scene:
                var next = draft
                next.position = scene?.position(steppedBy: dir) ?? next.position
                apply(next)
            }
        case .nextComponent:
            guard focus == .parameters, let spec = selectedParameter, ParamStepper.hasComponents(spec.kind) else {
                message = Message("Space chooses which part of a pair parameter ←/→ step")
                return
            }
            component = component.next
            message = Message("\(spec.name): ←/→ now step \(component == .both ? "both parts" : "the \(component.label) only")")
        case .edit:
            switch focus {
            case .layers: focus = .parameters
            case .parameters:
                guard let spec = selectedParameter else { return }
                openPrompt(.value(spec.name), label: spec.name + "=", text: draft.arguments[spec.name].pythonRepr)
            case .scene: perform(.nextView)
            }
        case .resetParameter:
            guard focus == .parameters, let spec = selectedParameter else {
                message = Message("d resets the selected parameter (Tab to the parameters first)")
                return
            }
            guard let value = spec.defaultValue else {
                message = Message("\(spec.name) is required: it has no default")
                return
            }
            setParameter(spec, to: value)
        case .openPrompt:
            openPrompt(.expression, label: ":", text: "")
        case .openFile:
            openPrompt(.file, label: "open .npy: ", text: "")
        case .nextView, .previousView:
            guard let scene else { return }
            let views = scene.views.map(\.name)
            let current = views.firstIndex(of: scene.view.name) ?? 0
            let dir = command == .nextView ? 1 : views.count - 1
            var next = draft
            next.view = views[(current + dir) % views.count]
            apply(next)
        case .nextChannel, .previousChannel:
            var next = draft
            next.channel += command == .nextChannel ? 1 : -1
            if let scene {
                let n = scene.channelCount
                next.channel = next.channel.wrapped(into: n)
            }
            apply(next)
        case .nextInput:
            var next = draft
            let patterns = InputPattern.allCases
            if case .pattern(let p) = draft.input, let i = patterns.firstIndex(of: p) {
                next.input = .pattern(patterns[(i + 1) % patterns.count])
            } else {
                next.input = .pattern(patterns[0])
                next.shape = nil
            }
            apply(next)
            message = Message("input: \(next.input.name)")
        case .nextExample:
            let examples = Workbench.examples(for: schema)
            exampleIndex = (exampleIndex + 1) % examples.count
            loadExample(examples[exampleIndex], number: exampleIndex, of: examples.count)
        case .toggleTraining:
            var next = draft
            next.training.toggle()
            apply(next)
            message = Message(next.training ? "module.train()" : "module.eval()")
        case .reseed:
            var next = draft
            next.seed &+= 1
            apply(next)
            message = Message("seed \(next.seed): new weights, random input and dropout mask")
        case .step:
            var next = draft
            next.steps += 1
            apply(next)
            message = Message("\(next.steps) forward passes")
        case .nextTheme:
            let problem = themes.advance()  // a theme that cannot be used is skipped, and said why
            message = Message((problem.map { $0 + "; " } ?? "") + "theme: \(theme.name)", isError: problem != nil)
        case .toggleHelp:
            showsHelp.toggle()
            helpScroll = 0
        case .cancel:
            showsHelp = false
            message = nil
        case .quit:
            wantsQuit = true
        }
    }

    // MARK: Parameters

    /// The selected parameter's spec.
    public var selectedParameter: ParamSpec? {
        schema.params.indices.contains(parameterIndex) ? schema.params[parameterIndex] : nil
    }

    private mutating func stepParameter(_ dir: Int) {
        guard let spec = selectedParameter else { return }
        let value = draft.arguments[spec.name]
        switch ParamStepper.step(value, of: spec, direction: dir, component: component, arguments: draft.arguments) {
        case .value(let next): setParameter(spec, to: next)
        case .stuck(let why): message = Message(why)
        }
    }

    private mutating func setParameter(_ spec: ParamSpec, to value: ParamValue) {
        do {
            var next = draft
            next.arguments = try draft.arguments.setting(spec.name, to: value)
            apply(next, afterParameterChange: true)
        } catch {
            message = Message(Workbench.describe(error), isError: true)
        }
    }

    // MARK: Loading

    private mutating func selectLayer(_ index: Int) {
        layerIndex = index
        exampleIndex = 0
        let examples = Workbench.examples(for: Workbench.layers[index])
        loadExample(examples[0], number: 0, of: examples.count)
    }

    private mutating func loadExample(_ preset: Preset, number: Int, of count: Int) {
        do {
            var state = try preset.state()
            state.seed = draft.seed
            load(state, selecting: state.arguments.schema)
            if count > 1, problem == nil {
                message = Message("example \(number + 1)/\(count): \(preset.summary) (e for the next)")
            }
        } catch {
            message = Message(Workbench.describe(error), isError: true)
        }
    }

    /// Makes `state` the draft of a (possibly different) layer, selecting it in the list.
    private mutating func load(_ state: SceneState, selecting schema: LayerSchema, selectingProblem: Bool = false) {
        if let i = Workbench.layers.firstIndex(where: { $0.name == schema.name }), i != layerIndex {
            layerIndex = i
            exampleIndex = 0
        }
        if draft.arguments.schema.name != schema.name { parameterIndex = 0 }
        parameterIndex = Swift.min(parameterIndex, Swift.max(0, schema.params.count - 1))
        component = .both
        draft = state
        rebuild(selectingProblem: selectingProblem)
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
            if same == next, let selected = try? scene.selecting(view: next.view, channel: next.channel, position: next.position) {
                draft = next
                self.scene = selected
                message = nil
                return
            }
        }
        draft = next
        rebuild()
    }

    /// `shape` with the size a layer reads from its arguments (channels, features) changed along with them.
    static func shape(_ shape: [Int], following old: Arguments, to new: Arguments) -> [Int] {
        var shape = shape
        for spec in new.schema.params {
            let name = spec.name
            guard case .int(let size) = new[name], old[name] != new[name],
                  let a = Scene.inputAxis(of: new.schema, sizedBy: name, rank: shape.count),
                  shape.indices.contains(a), shape[a] == old.int(name) else { continue }
            shape[a] = size
        }
        return shape
    }

    /// Builds the scene for the draft; on failure the last scene stays and `problem` says why.
    ///
    /// With `evaluatesInBackground` the build becomes `request`, for the interactive session to run
    /// off its UI thread and hand back through `finish(_:with:)`; the last scene stays meanwhile.
    private mutating func rebuild(selectingProblem: Bool = false) {
        message = nil
        if evaluatesInBackground {
            nextRequestID += 1
            request = SceneRequest(id: nextRequestID, state: draft, previous: scene, selectsProblem: selectingProblem)
            cancelRequested = false
            return
        }
        take(Result { try Scene(draft, reusing: scene) }, selectingProblem: selectingProblem)
    }

    /// Shows a finished build: its scene, or why there is none (the last scene stays).
    private mutating func take(_ result: Result<Scene, any Error>, selectingProblem: Bool) {
        switch result {
        case .success(let built):
            scene = built
            problem = nil
            problemParameter = nil
        case .failure(let error as ComputationCancelled):
            problem = "\(error): the picture shows the last state that finished (change anything to compute again)"
            problemParameter = nil
        case .failure(let error):
            problem = Workbench.describe(error)
            problemParameter = (error as? LayerError).flatMap { schema.param($0.subject)?.name }
            // A rule broken by a typed expression: select the parameter it names, ready to be stepped.
            if selectingProblem, let name = problemParameter,
               let i = schema.params.firstIndex(where: { $0.name == name }) {
                parameterIndex = i
                focus = .parameters
            }
        }
    }

    // MARK: Computing in the background

    /// Hands back the build of `request` number `id` (a superseded one is ignored).
    public mutating func finish(_ id: Int, with result: Result<Scene, any Error>) {
        guard let request, request.id == id else { return }
        self.request = nil
        cancelRequested = false
        take(result, selectingProblem: request.selectsProblem)
    }

    /// Whether a scene is being computed (the status line says so; Esc cancels it).
    public var isComputing: Bool { request != nil }

    // MARK: Prompt

    private mutating func openPrompt(_ purpose: PromptPurpose, label: String, text: String) {
        let history = histories[Workbench.historyKey(purpose)] ?? []
        prompt = Prompt(purpose: purpose, label: label, editor: LineEditor(text: text, history: history))
    }

    private static func historyKey(_ purpose: PromptPurpose) -> String {
        switch purpose {
        case .expression: return "expression"
        case .value(let name): return "value:" + name
        case .file: return "file"
        }
    }

    private mutating func handlePrompt(_ key: Key) {
        // The editor is changed where it is: a copy of the prompt would share the line's storage,
        // and the edit would then copy the whole line on every key of a paste.
        guard let outcome = prompt?.editor.handle(key), let purpose = prompt?.purpose else { return }
        switch outcome {
        case .editing:
            return
        case .cancel:
            prompt = nil
        case .submit(let text):
            prompt = nil
            let entry = text.trimmingBlanks
            guard !entry.isEmpty else { return }
            let key = Workbench.historyKey(purpose)
            var history = histories[key] ?? []
            history.removeAll { $0 == entry }
            history.append(entry)
            histories[key] = Array(history.suffix(100))
            submit(entry, for: purpose)
        }
    }

    private mutating func submit(_ text: String, for purpose: PromptPurpose) {
        switch purpose {
        case .expression where text == "shape" || text.hasPrefix("shape "):
            setShape(String(text.dropFirst("shape".count)).trimmingBlanks)
        case .expression:
            do {
                let arguments = try Catalog.arguments(parsing: text)
                var state = SceneState(arguments: arguments)
                state.seed = draft.seed
                state.training = draft.training
                focus = focus == .layers ? .parameters : focus
                load(state, selecting: arguments.schema, selectingProblem: true)
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        case .value(let name):
            guard let spec = schema.param(name) else { return }
            do {
                let call = try ConstructorCall(parsing: "nn.Value(" + text + ")")
                guard call.positional.count == 1, call.keywords.isEmpty else {
                    message = Message("\(name): type one Python value, e.g. \(draft.arguments[name].pythonRepr)", isError: true)
                    return
                }
                setParameter(spec, to: call.positional[0])
            } catch let error as ExpressionError {
                message = Message("\(name): \(error.message)", isError: true)
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        case .file:
            do {
                let tensor = try loadTensor(text)
                var next = draft
                next.input = .tensor(tensor, name: String(text.split(separator: "/").last ?? Substring(text)))
                next.shape = tensor.shape
                apply(next)
                if problem == nil { message = Message("input: \(text) \(tensor.shape)") }
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        }
    }

    /// `:shape N,C,H,W` gives the input pattern a shape of the user's; `:shape` alone goes back to
    /// the example's or the layer's own.
    private mutating func setShape(_ text: String) {
        var next = draft
        if text.isEmpty {
            next.shape = Workbench.examples(for: schema).first { (try? $0.state().arguments) == draft.arguments }?.shape
        } else {
            do {
                next.shape = try SceneState.parseShape(text, option: "shape")
            } catch {
                message = Message(Workbench.describe(error), isError: true)
                return
            }
        }
        if case .tensor = next.input { next.input = .pattern(Scene.defaultPattern(for: schema)) }
        apply(next)
        if problem == nil, let scene { message = Message("input shape \(Scene.shapeText(scene.input.shape))") }
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

/// A scene the workbench wants built: the session runs `build()` on a thread of its own, inside a
/// `Workload` it can cancel, and hands the result to `Workbench.finish(_:with:)`.
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
