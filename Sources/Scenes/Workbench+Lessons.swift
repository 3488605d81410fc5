// Workbench+Lessons: a lesson running in the interactive program — its steps (PgDn/PgUp, `>`/`<`),
// the parameters a step locks (a change to one is undone, and said why) or hides, its goal (checked
// against the scene on screen), the `L` list of lessons, and Esc, which leaves the lesson and keeps
// the scene to explore.

import LayerKit

/// A lesson the user can open from the `L` list: its name and title, read without building it.
public struct LessonEntry: Sendable {
    public var name: String
    public var title: LocalizedLines
    /// Reads and checks the whole lesson (when it is opened).
    public var load: @Sendable () throws -> Lesson

    public init(name: String, title: LocalizedLines, load: @escaping @Sendable () throws -> Lesson) {
        self.name = name
        self.title = title
        self.load = load
    }
}

/// Where a running lesson is.
public struct LessonProgress: Sendable {
    public var lesson: Lesson
    /// The step shown, from 0.
    public var step: Int

    public var current: LessonStep { lesson.steps[step] }
}

extension Workbench {
    /// Opens `lesson` at `step` (from 0, clamped into its steps).
    public mutating func start(_ lesson: Lesson, step: Int = 0) {
        guard !lesson.steps.isEmpty else { return }
        lessonProgress = LessonProgress(lesson: lesson, step: Swift.min(Swift.max(0, step), lesson.steps.count - 1))
        showStep()
    }

    /// Goes `offset` steps on (or back); at either end says so.
    mutating func moveStep(by offset: Int) {
        guard var progress = lessonProgress else { return }
        let next = progress.step + offset
        guard progress.lesson.steps.indices.contains(next) else {
            message = Message(text(offset > 0 ? .lessonLastStep : .lessonFirstStep))
            return
        }
        progress.step = next
        lessonProgress = progress
        showStep()
    }

    /// Shows the current step's state, with its first parameter the student may change selected.
    private mutating func showStep() {
        guard let progress = lessonProgress else { return }
        let step = progress.current
        editor.show(step.state)
        playing = false
        zoomed = false
        showsHelp = false
        lessonMenu = nil
        message = nil
        if let setup = step.network {
            // The network after the step's steps, taken by the training thread as the step opens.
            do {
                try openNetwork(setup)
                message = nil
            } catch {
                closeNetwork()
                message = Message(Workbench.describe(error), isError: true)
            }
            return
        }
        if network != nil { closeNetwork() }
        let params = step.state.arguments.schema.params
        let free = params.indices.filter { !step.locked.contains(params[$0].name) && !step.hidden.contains(params[$0].name) }
        let goalParameter = step.goal?.parameters.first.flatMap { name in params.firstIndex { $0.name == name } }
        if let index = goalParameter ?? free.first { editor.selectParameter(index) }
        focus = free.isEmpty ? .scene : .parameters
    }

    /// Leaves the lesson; the scene stays as it is, to explore.
    mutating func leaveLesson() {
        guard lessonProgress != nil else { return }
        lessonProgress = nil
        message = Message(text(.lessonLeft))
    }

    /// The rows of the lesson band under the header: a title row, the caption, the goal and its hint (0 outside
    /// a lesson, and while zoomed).
    public var lessonBandHeight: Int {
        guard let step = lessonProgress?.current, !zoomed else { return 0 }
        return 1 + step.caption.lines(language).count + (step.goal == nil ? 0 : 1) + (step.hint == nil ? 0 : 1)
    }

    /// The indices of the parameters the parameter pane shows (a lesson step may hide some).
    public var shownParameters: [Int] {
        let params = schema.params
        guard let step = lessonProgress?.current, !step.hidden.isEmpty,
              step.state.arguments.schema.name == schema.name else { return Array(params.indices) }
        return params.indices.filter { !step.hidden.contains(params[$0].name) }
    }

    /// Whether the current step's goal is met by the scene on screen: nil without a goal, or while
    /// the scene is not the draft's (being computed, or the draft breaks a rule).
    public var goalMet: Bool? {
        guard let goal = lessonProgress?.current.goal else { return nil }
        guard problem == nil, !isComputing, let scene else { return false }
        return goal.isMet(by: scene)
    }

    /// The parameter of the current step a change from `before` to the draft touched although the
    /// step locks it (a change of layer counts when anything is locked), if any.
    func lockedChange(from before: SceneState) -> String? {
        guard let step = lessonProgress?.current, !step.locked.isEmpty else { return nil }
        let now = editor.draft.arguments, then = before.arguments
        guard now.schema.name == then.schema.name else { return "nn.\(then.schema.name)" }
        return step.locked.first { now[$0] != then[$0] }
    }

    /// Moves the parameter selection `offset` rows among the shown parameters.
    mutating func moveShownParameter(by offset: Int) {
        let shown = shownParameters
        guard !shown.isEmpty else { return }
        let here = shown.firstIndex(of: parameterIndex) ?? 0
        let next = ((here + offset) % shown.count + shown.count) % shown.count
        editor.selectParameter(shown[next])
    }

    // MARK: The lesson list

    /// Keys while the `L` list is open: ↑↓ choose, Enter opens, Esc or L closes.
    mutating func handleLessonMenu(_ key: Key) {
        guard let selected = lessonMenu else { return }
        let count = lessons.count
        switch key {
        case .up, .character("k"): lessonMenu = count == 0 ? 0 : (selected + count - 1) % count
        case .down, .character("j"): lessonMenu = count == 0 ? 0 : (selected + 1) % count
        case .enter:
            guard lessons.indices.contains(selected) else { return }
            do {
                start(try lessons[selected].load())
            } catch {
                lessonMenu = nil
                message = Message(Workbench.describe(error).split(separator: "\n").first.map(String.init) ?? "", isError: true)
            }
        case .escape, .character("L"), .character("q"): lessonMenu = nil
        case .control("c"): wantsQuit = true
        default: break
        }
    }
}
