// Workbench: the interactive program's model — a SceneEditor wrapped in everything around the
// picture: which pane has the focus, the prompt and its histories, the help overlay, the themes,
// the status line's message, zoom and quitting — and what every key, command and click does. Pure:
// the terminal adapter feeds it decoded events and draws what WorkbenchScreen makes of it.

import CellRender
import LayerKit

/// The state of the interactive program, and its reactions to commands.
public struct Workbench: Sendable {
    /// The three panes, in Tab order.
    public enum Pane: String, Sendable, CaseIterable {
        case layers, parameters, scene
    }

    /// A line for the status bar.
    public typealias Message = StatusMessage

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

    /// The scene being edited: the draft, the last valid scene, the selection, the builds.
    public internal(set) var editor: SceneEditor
    public internal(set) var focus: Pane = .layers
    /// The status bar's message (the problem, when there is one, takes precedence on screen).
    public internal(set) var message: Message?
    public private(set) var prompt: Prompt?
    /// The help overlay, and how far it is scrolled.
    public internal(set) var showsHelp = false
    public private(set) var helpScroll = 0
    /// The scene alone fills the terminal (`z`); the side panes and the header are hidden.
    public internal(set) var zoomed = false
    /// Set by `quit`; the run loop ends.
    public internal(set) var wantsQuit = false
    /// The command line `y` shows (a box over the screen until a key is pressed).
    public private(set) var shared: String?
    /// Text for the terminal's clipboard (OSC 52), taken by the session once it has sent it.
    public private(set) var clipboard: String?
    /// An animation is playing (the session ticks it `speed` times a second).
    public internal(set) var playing = false
    /// Steps a second while playing.
    public private(set) var speed = 6
    /// The themes `T` cycles through (loaded as they are reached), and the current one.
    public private(set) var themes: ThemeCycle
    /// Earlier prompt entries, per purpose kind, oldest first.
    private var histories: [String: [String]] = [:]
    /// The language of everything the program says (lesson captions included).
    public var language: Language = .en
    /// The lessons `L` lists.
    public var lessons: [LessonEntry] = []
    /// The lesson running, and its step.
    public internal(set) var lessonProgress: LessonProgress?
    /// The `L` list is open, with this lesson selected.
    public internal(set) var lessonMenu: Int?
    /// A student's link to the teacher's room (`layerscope follow`), and the teacher's latest state.
    public internal(set) var follow: FollowStatus?
    public internal(set) var teacher: RoomMessage?
    /// The room this program leads (`--lead`), and how many students follow it.
    public internal(set) var lead: (room: String, students: Int)?
    /// The network view, when it is open (`N`, `:nn.Sequential(...)`).
    public internal(set) var network: NetworkBench? {
        didSet { if let setup = network?.run.setup { lastNetwork = setup } }
    }
    /// The last network shown (`N` from the layers opens it again).
    var lastNetwork: NetworkSetup?

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
        editor = try SceneEditor(state: state, loadTensor: loadTensor)
    }

    // MARK: Reading

    /// The theme in use.
    public var theme: Theme { themes.current }

    /// Shows `message` in the status line (until the next change replaces it).
    public mutating func show(_ message: Message) {
        self.message = message
    }

    /// One line for any error: a layer's PyTorch message, a syntax error with its column, a scene error.
    public static func describe(_ error: any Error) -> String {
        SceneEditor.describe(error)
    }

    // MARK: The editor's state, for reading

    /// The selected layer, an index into `Workbench.layers`.
    public var layerIndex: Int { editor.layerIndex }
    /// The selected parameter, an index into the draft's parameters.
    public var parameterIndex: Int { editor.parameterIndex }
    /// Which part of a pair parameter ←/→ step.
    public var component: PairComponent { editor.component }
    /// What the user has chosen, valid or not.
    public var draft: SceneState { editor.draft }
    /// The last scene that could be built.
    public var scene: Scene? { editor.scene }
    /// Why the draft makes no scene, or nil when the scene shows the draft.
    public var problem: String? { editor.problem }
    /// The parameter the problem names, when it names one.
    public var problemParameter: String? { editor.problemParameter }
    /// The layer the draft is of.
    public var schema: LayerSchema { editor.schema }
    /// The live constructor expression of the draft.
    public var expression: String { editor.expression }
    /// The selected parameter's spec.
    public var selectedParameter: ParamSpec? { editor.selectedParameter }
    /// The scene waiting to be built in the background, if any.
    public var request: SceneRequest? { editor.request }
    /// Whether a scene is being computed (the status line says so; Esc cancels it).
    public var isComputing: Bool { editor.isComputing }
    /// Esc asked to stop the build in progress.
    public var cancelRequested: Bool { editor.cancelRequested }
    /// Build scenes through `request` (the interactive session runs them off its UI thread).
    public var evaluatesInBackground: Bool {
        get { editor.evaluatesInBackground }
        set { editor.evaluatesInBackground = newValue }
    }

    // MARK: Events

    /// Applies a key: to the prompt when one is open, to the help when it is shown, else its command.
    /// Following a room, a key that changes what is shown makes the student explore on their own.
    public mutating func handle(_ key: Key) {
        let before = draft, step = lessonProgress?.step
        if follow != nil, prompt == nil, shared == nil, lessonMenu == nil, !showsHelp, key == .character("f") {
            toggleFollowing()
            return
        }
        handleKey(key)
        stopFollowingAfterChange(from: before, step: step)
    }

    private mutating func handleKey(_ key: Key) {
        if prompt != nil {
            handlePrompt(key)
            return
        }
        if shared != nil {
            shared = nil  // any key closes the command line's box
            if key == .control("c") { wantsQuit = true }
            return
        }
        if lessonMenu != nil {
            handleLessonMenu(key)
            return
        }
        if showsHelp {
            switch key {
            case .up, .character("k"): helpScroll = Swift.max(0, helpScroll - 1)
            case .down, .character("j"):
                helpScroll = Swift.min(helpScroll + 1, KeyMap.helpLineCount)
            case .pageUp: helpScroll = Swift.max(0, helpScroll - 10)
            case .pageDown, .character(" "):
                helpScroll = Swift.min(helpScroll + 10, KeyMap.helpLineCount)
            case .home: helpScroll = 0
            case .character("q"), .escape, .character("?"), .function(1), .enter:
                showsHelp = false
            case .control("c"): wantsQuit = true
            default: break
            }
            return
        }
        if isComputing, key == .escape {
            editor.cancelComputation()  // the status line says "cancelling…" until the build ends
            return
        }
        if network?.openStage != nil, key == .escape {
            closeStage()
            return
        }
        if lessonProgress != nil {
            // In a lesson PgDn/PgUp and > < walk the steps (outside one, > < set a curve's x-range),
            // and Esc leaves the lesson, keeping the scene.
            switch key {
            case .pageDown, .character(">"): moveStep(by: 1); return
            case .pageUp, .character("<"): moveStep(by: -1); return
            case .escape: leaveLesson(); return
            default: break
            }
        }
        if showsNetwork {
            if handleNetworkKey(key) { return }
            // The keys that mean the same everywhere; the layer scene's own do nothing here.
            let common: Set<Command> = [.openPrompt, .share, .nextTheme, .toggleHelp, .quit, .cancel, .lessons, .toggleFollow]
            guard let command = KeyMap.command(for: key), common.contains(command) else {
                if case .character(let c) = key, !c.isWhitespace {
                    message = Message("'\(c)' does nothing in the network view; ? lists the keys")
                }
                return
            }
            perform(command)
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

    /// Applies a mouse action to what the screen drew where it happened (`WorkbenchScreen.target`
    /// finds it; nil: nothing that answers the mouse).
    public mutating func handle(_ action: MouseEvent.Action, on target: MouseTarget?) {
        let before = draft, step = lessonProgress?.step
        handleMouse(action, on: target)
        stopFollowingAfterChange(from: before, step: step)
    }

    private mutating func handleMouse(_ action: MouseEvent.Action, on target: MouseTarget?) {
        guard prompt == nil, !showsHelp, let target else { return }
        if showsNetwork {
            // The strip: a click selects a stage, the wheel steps through them.
            guard case .networkStage(let stage) = target, let count = network?.run.model.stages.count, count > 0 else { return }
            switch action {
            case .press: if let stage { network?.view.stage = stage; message = nil }
            case .wheelUp: handleKey(.left)
            case .wheelDown: handleKey(.right)
            }
            return
        }
        switch target {
        case .layers(let row):
            focus = .layers
            switch action {
            case .press: if let row { edit { $0.selectLayer(row) } }
            case .wheelUp: perform(.moveUp)
            case .wheelDown: perform(.moveDown)
            }
        case .parameters(let row):
            focus = .parameters
            guard let row else { return }
            editor.selectParameter(row)
            if action == .wheelUp { perform(.increase) }
            if action == .wheelDown { perform(.decrease) }
        case .scene(let tab):
            focus = .scene
            switch action {
            case .press: if let tab { edit { $0.showView(tab); return nil } }
            case .wheelUp: perform(.previousChannel)
            case .wheelDown: perform(.nextChannel)
            }
        case .sceneOutput(let channel, let position):
            focus = .scene
            switch action {
            case .press:
                edit { $0.select(channel: channel, position: position) }
            case .wheelUp: perform(.previousChannel)
            case .wheelDown: perform(.nextChannel)
            }
        case .networkStage: return
        }
    }

    /// Does what `command` asks in the focused pane.
    public mutating func perform(_ command: Command) {
        switch command {
        case .focusNext, .focusPrevious:
            // In a lesson the layer list is not shown: Tab goes between the parameters and the scene.
            let panes = lessonProgress == nil ? Pane.allCases : [.parameters, .scene]
            let i = (panes.firstIndex(of: focus) ?? 0) + (command == .focusNext ? 1 : panes.count - 1)
            focus = panes[i % panes.count]
        case .moveUp, .moveDown:
            let dir = command == .moveUp ? -1 : 1
            switch focus {
            case .layers: edit { $0.moveLayer(by: dir) }
            case .parameters: moveShownParameter(by: dir)
            case .scene: perform(dir < 0 ? .previousChannel : .nextChannel)
            }
        case .decrease, .increase:
            let dir = command == .decrease ? -1 : 1
            switch focus {
            case .layers: if dir > 0 { focus = .parameters }
            case .parameters: edit { $0.stepParameter(by: dir) }
            case .scene:
                // On an activation's curve `+`/`−` add and remove compared curves; elsewhere they move the position.
                edit { editor in
                    if let note = editor.stepComparison(by: dir) { return note }
                    editor.movePosition(by: dir)
                    return nil
                }
            }
        case .nextComponent:
            guard focus == .parameters else {
                message = Message("Space chooses which part of a pair parameter ←/→ step")
                return
            }
            message = editor.nextComponent()
        case .edit:
            switch focus {
            case .layers: focus = .parameters
            case .parameters:
                guard let spec = selectedParameter else { return }
                openPrompt(.value(spec.name), label: spec.name + "=", text: draft.arguments[spec.name].pythonRepr)
            case .scene: perform(.nextView)
            }
        case .resetParameter:
            guard focus == .parameters, selectedParameter != nil else {
                message = Message("d resets the selected parameter (Tab to the parameters first)")
                return
            }
            edit { $0.resetParameter() }
        case .openPrompt:
            openPrompt(.expression, label: ":", text: "")
        case .openFile:
            openPrompt(.file, label: "open .npy: ", text: "")
        case .nextView, .previousView:
            edit { $0.stepView(by: command == .nextView ? 1 : -1); return nil }
        case .nextChannel, .previousChannel:
            edit { $0.stepChannel(by: command == .nextChannel ? 1 : -1); return nil }
        case .nextInput: edit { $0.nextInput() }
        case .nextExample: edit { $0.nextExample() }
        case .toggleTraining: edit { $0.toggleTraining() }
        case .reseed: edit { $0.reseed() }
        case .step: edit { $0.step() }
        case .nextTheme:
            let problem = themes.advance()  // a theme that cannot be used is skipped, and said why
            message = Message((problem.map { $0 + "; " } ?? "") + "theme: \(theme.name)", isError: problem != nil)
        case .toggleZoom:
            zoomed.toggle()
        case .toggleColorScope:
            edit { $0.toggleColorScope() }
        case .toggleExplain:
            edit { $0.toggleExplain() }
        case .share where showsNetwork:
            guard let run = network?.run else { return }
            let line = run.setup.commandLine(steps: run.step)
            shared = line
            clipboard = line
        case .network:
            if network != nil {
                closeNetwork()
            } else {
                reopenNetwork()
            }
        case .share:
            let line = editor.draft.commandLine
            shared = line
            clipboard = line
        case .togglePlay:
            if playing {
                playing = false
                message = Message("paused · p plays on, . steps")
            } else {
                if !editor.isAnimating {
                    var problem: Message?
                    edit { editor in problem = editor.startAnimation(); return problem }
                    guard problem == nil else { return }
                }
                playing = true
                message = Message("playing at \(speed) steps a second · p pauses, [ ] speed")
            }
        case .stepAnimation:
            playing = false
            if !editor.isAnimating {
                edit { $0.startAnimation() }
            } else if !editor.animationStep() {
                message = Message("the end: every output computed · p plays again")
            }
        case .slower, .faster:
            let speeds = Workbench.speeds
            let i = speeds.firstIndex(of: speed) ?? 2
            speed = speeds[Swift.min(speeds.count - 1, Swift.max(0, i + (command == .faster ? 1 : -1)))]
            message = Message("\(speed) steps a second")
        case .narrowRange, .widenRange:
            edit { $0.setRange(nil, step: command == .narrowRange ? -1 : 1) }
        case .toggleHelp:
            showsHelp.toggle()
            helpScroll = 0
        case .toggleFollow:
            toggleFollowing()
        case .lessons:
            let current = lessonProgress.flatMap { progress in lessons.firstIndex { $0.name == progress.lesson.name } }
            lessonMenu = current ?? 0
        case .cancel:
            showsHelp = false
            message = nil
        case .quit:
            wantsQuit = true
        }
    }

    /// Makes a change to the editor: a change of the draft clears the message, and what the
    /// change says (if anything) becomes the message.
    private mutating func edit(_ change: (inout SceneEditor) throws -> Message?) rethrows {
        let revision = editor.revision
        let before = editor
        let note = try change(&editor)
        if let locked = lockedChange(from: before.draft) {
            // A lesson step locks this parameter (or, with anything locked, the layer): undone.
            editor = before
            message = Message(text(.lessonLocked).replacingFirst("%@", with: locked), isError: true)
            return
        }
        if editor.revision != revision { message = nil }
        if let note { message = note }
    }

    /// The session sent `clipboard` to the terminal.
    public mutating func clipboardTaken() { clipboard = nil }

    // MARK: Animation

    /// The speeds `[` and `]` step through, in steps a second.
    public static let speeds = [2, 3, 4, 6, 8, 12, 16, 20, 30]

    /// One tick of a playing animation (the session calls it `speed` times a second); stops at the end.
    public mutating func tick() {
        guard playing else { return }
        if showsNetwork {
            if !evaluatesInBackground { tickNetwork() }
            return
        }
        if !editor.animationStep() {
            playing = false
            message = Message("the end: every output computed · p plays again")
        }
    }

    // MARK: Computing in the background

    /// Hands back the build of request number `id` (a superseded one is ignored). A rule broken by
    /// a typed expression selects its parameter, and the parameters get the focus.
    public mutating func finish(_ id: Int, with result: Result<Scene, any Error>) {
        if editor.finish(id, with: result) { focus = .parameters }
    }

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
        case .expression where text == "range" || text.hasPrefix("range "):
            edit { $0.setRange(String(text.dropFirst("range".count)).trimmingBlanks) }
        case .expression where ["values", "target", "kernel"].contains(where: { text == $0 || text.hasPrefix($0 + " ") }):
            // `:values 2, 1, 0.1`, `:target 0, 3`, `:kernel sobel-x`: typed numbers and filters.
            let word = String(text.prefix { $0 != " " })
            let rest = String(text.dropFirst(word.count)).trimmingBlanks
            edit { $0.setTyped(word, rest) }
        case .expression where text == "shape" || text.hasPrefix("shape "):
            // `:shape N,C,H,W` sizes the input pattern; `:shape` alone goes back to the example's.
            edit { $0.setShape(String(text.dropFirst("shape".count)).trimmingBlanks) }
        case .expression where showsNetwork && submitNetworkCommand(text):
            return
        case .expression where (try? ConstructorCall.sequentialStages(parsing: text)) != nil:
            do {
                let data = network.flatMap { bench -> String? in
                    // The same data set when the new network takes the same examples.
                    var rng = RandomSource(seed: 0)
                    let shape = (try? Sequential(parsing: text, rng: &rng))?.defaultInputShape(batch: 1)
                    return shape == [1] + bench.run.dataset.test.inputs.shape.dropFirst() ? bench.run.setup.data : nil
                }
                try openNetwork(try NetworkSetup(expression: text, data: data, seed: network?.run.setup.seed ?? draft.seed))
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        case .expression:
            if showsNetwork { closeNetwork() }
            do {
                var selectedProblem = false
                try edit { editor in
                    selectedProblem = try editor.load(expression: text)
                    return nil
                }
                if focus == .layers || selectedProblem { focus = .parameters }
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        case .value(let name):
            edit { $0.setParameter(name, typed: text) }
        case .file:
            edit { $0.openInput(text) }
        }
    }
}

/// What a mouse action lands on, as the screen drew it (`WorkbenchScreen.target` resolves a cell).
public enum MouseTarget: Sendable, Hashable {
    /// The layer list, and the layer drawn on that row, if any.
    case layers(Int?)
    /// The parameter editor, and the parameter drawn on that row, if any.
    case parameters(Int?)
    /// The scene, and the view whose tab is there, if any.
    case scene(tab: String?)
    /// An output element drawn in the scene: its channel and position.
    case sceneOutput(channel: Int, position: OutputPosition)
    /// The network view, and the stage whose cell of the strip is there, if any.
    case networkStage(Int?)
}
