// Lesson: a guided walk through a few scenes — a title and an intro, then 3 to 10 steps, each a state
// (the compact one-line form), a caption of at most 6 lines in English and in Chinese, the parameters
// the student may not touch or see, and optionally a goal with a hint. Read from a TOML file by
// `Lesson.read`, which checks everything a teacher could get wrong and reports each problem as one
// line `FILE:LINE: key: rule`, so that `layerscope lesson --check` and the bundled lessons' test share
// one set of rules.

import CellRender
import LayerKit

/// The languages LayerScope speaks.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// The language a locale names (`zh_CN.UTF-8` → Chinese), from `LC_ALL`, then `LC_MESSAGES`,
    /// then `LANG`, as C's setlocale takes them; English when none names one.
    public static func from(environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}

/// Text written in each language, as lines.
public struct LocalizedLines: Sendable, Equatable {
    public var english: [String]
    public var chinese: [String]

    public init(english: [String], chinese: [String]) {
        self.english = english
        self.chinese = chinese
    }

    public func lines(_ language: Language) -> [String] {
        language == .zh ? chinese : english
    }

    /// The first line in `language`.
    public func line(_ language: Language) -> String { lines(language).first ?? "" }
}

/// One step of a lesson.
public struct LessonStep: Sendable {
    /// The state the step opens on, and the line it was written as.
    public var state: SceneState
    public var stateText: String
    public var caption: LocalizedLines
    /// Parameters the student may not change in this step.
    public var locked: [String]
    /// Parameters the parameter pane does not show in this step.
    public var hidden: [String]
    public var goal: LessonGoal?
    public var hint: LocalizedLines?
    /// A network the step shows instead of a layer (`network = "nn.Sequential(...) | steps=200"`),
    /// its steps taken when the step is opened.
    public var network: NetworkSetup? = nil
}

/// A lesson, as read from its file.
public struct Lesson: Sendable {
    /// The name it is opened by (its file's name without `.toml`).
    public var name: String
    public var title: LocalizedLines
    public var intro: LocalizedLines
    public var steps: [LessonStep]

    /// The most caption lines a step has, per language; the widest line; the fewest and most steps.
    public static let captionLines = 6
    public static let lineWidth = 76
    public static let titleWidth = 40
    public static let introLines = 3
    public static let hintWidth = 70
    public static let stepRange = 3...10
}

/// One thing wrong in a lesson file: `FILE:LINE: key: rule`.
public struct LessonProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var key: String
    public var rule: String

    public var description: String { "\(file.escapingControls):\(line): \(key): \(rule.escapingControls)" }
}

/// Everything wrong in a lesson file, one line each.
public struct LessonErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [LessonProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension Lesson {
    /// The keys a lesson file's top level may hold, and a step's.
    static let lessonKeys = ["title", "intro", "step"]
    static let stepKeys = ["state", "network", "caption", "lock", "hide", "goal", "hint"]

    /// Reads and checks the lesson in `text` (from `file`, which errors name), building every step's
    /// scene to be sure it shows. `loadTensor` reads a step's `.npy` input.
    public static func read(text: String, file: String, name: String,
                            loadTensor: (String) throws -> Tensor = { _ in throw SceneError("input: files cannot be opened here") })
        throws -> Lesson {
        var problems: [LessonProblem] = []
        func problem(_ line: Int, _ key: String, _ rule: String) {
            problems.append(LessonProblem(file: file, line: line, key: key, rule: rule))
        }
        let root: TOMLTable
        do {
            root = try TOMLReader.parse(text)
        } catch let error as TOMLError {
            throw LessonErrors(problems: [LessonProblem(file: file, line: error.position.line, key: "toml", rule: error.message)])
        }
        for entry in root.entries where !lessonKeys.contains(entry.key) {
            problem(entry.keyPosition.line, entry.key, "not a lesson key; a lesson has " + lessonKeys.joined(separator: ", "))
        }
        let title = localized(root.entry("title"), key: "title", maxLines: 1, width: titleWidth, required: true, problem: problem)
        let intro = localized(root.entry("intro"), key: "intro", maxLines: introLines, width: lineWidth, required: true, problem: problem)
        var steps: [LessonStep] = []
        let stepTables = root["step"]?.array ?? []
        if let entry = root.entry("step"), entry.value.array == nil {
            problem(entry.keyPosition.line, "step", "expected [[step]] tables")
        } else if !stepRange.contains(stepTables.count) {
            problem(root.entry("step")?.keyPosition.line ?? 1, "step",
                    "a lesson has \(stepRange.lowerBound) to \(stepRange.upperBound) steps ([[step]]); this one has \(stepTables.count)")
        }
        for (i, value) in stepTables.enumerated() {
            let key = "step[\(i + 1)]"
            guard let table = value.table else { continue }
            if let step = readStep(table, key: key, line: value.position.line, loadTensor: loadTensor, problem: problem) {
                steps.append(step)
            }
        }
        guard problems.isEmpty, let title, let intro else {
            throw LessonErrors(problems: problems.sorted { $0.line < $1.line })
        }
        return Lesson(name: name, title: title, intro: intro, steps: steps)
    }

    private static func readStep(_ table: TOMLTable, key: String, line: Int, loadTensor: (String) throws -> Tensor,
                                 problem: (Int, String, String) -> Void) -> LessonStep? {
        for entry in table.entries where !stepKeys.contains(entry.key) {
            problem(entry.keyPosition.line, "\(key).\(entry.key)", "not a step key; a step has " + stepKeys.joined(separator: ", "))
        }
        let caption = localized(table.entry("caption"), key: "\(key).caption", maxLines: captionLines, width: lineWidth,
                                required: true, missingLine: line, problem: problem)
        let hint = localized(table.entry("hint"), key: "\(key).hint", maxLines: 1, width: hintWidth, required: false, problem: problem)
        if let networkEntry = table.entry("network") {
            return readNetworkStep(table, networkEntry, key: key, caption: caption, hint: hint, problem: problem)
        }
        guard let stateEntry = table.entry("state") else {
            problem(line, "\(key).state", "every step needs a state, such as state = \"nn.Conv2d(1, 1, 3) | shape=1,1,7,7\"")
            return nil
        }
        let stateLine = stateEntry.keyPosition.line
        guard let stateText = stateEntry.value.string else {
            problem(stateLine, "\(key).state", "expected a string, got \(stateEntry.value.kindName)")
            return nil
        }
        let state: SceneState
        let scene: Scene
        do {
            state = try SceneState(compact: stateText, option: nil, loadTensor: loadTensor)
            scene = try Scene(state)
        } catch {
            problem(stateLine, "\(key).state", SceneEditor.describe(error))
            return nil
        }
        let schema = state.arguments.schema
        func names(_ name: String) -> [String] {
            guard let entry = table.entry(name) else { return [] }
            guard let items = entry.value.array?.compactMap(\.string), items.count == entry.value.array?.count else {
                problem(entry.keyPosition.line, "\(key).\(name)", "expected a list of parameter names, such as [\"stride\", \"padding\"]")
                return []
            }
            for item in items where !schema.params.contains(where: { $0.name == item }) {
                problem(entry.keyPosition.line, "\(key).\(name)",
                        "'\(item)' is not a parameter of nn.\(schema.name) (" + schema.params.map(\.name).joined(separator: ", ") + ")")
            }
            return items
        }
        let locked = names("lock"), hidden = names("hide")
        var goal: LessonGoal?
        if let entry = table.entry("goal") {
            let goalLine = entry.keyPosition.line
            if let text = entry.value.string {
                do {
                    let parsed = try LessonGoal(parsing: text, schema: schema)
                    if let fixed = parsed.parameters.first(where: { locked.contains($0) || hidden.contains($0) }) {
                        problem(goalLine, "\(key).goal", "names \(fixed), which the step locks or hides: the student could not reach it")
                    } else if parsed.isMet(by: scene) {
                        problem(goalLine, "\(key).goal", "'\(text)' is already true in the step's state: there is nothing to do")
                    }
                    goal = parsed
                } catch {
                    problem(goalLine, "\(key).goal", SceneEditor.describe(error))
                }
            } else {
                problem(goalLine, "\(key).goal", "expected a string such as \"output_shape == (1, 1, 7, 7)\"")
            }
            if hint == nil, table.entry("hint") == nil {
                problem(goalLine, "\(key).hint", "a goal needs a hint (hint.en and hint.zh) for a student who is stuck")
            }
            if let goal {
                // The goal's row of the band must fit an 80-column terminal, reached or not.
                for language in Language.allCases {
                    let row = UIText.lessonGoalReached.text(language, goal.text)
                    if TextWidth.of(row) > lineWidth {
                        problem(goalLine, "\(key).goal", "'\(row.clipped(to: 30))' is \(TextWidth.of(row)) columns on the band; at most \(lineWidth)")
                    }
                }
            }
        }
        return caption.map { caption in
            LessonStep(state: state, stateText: stateText, caption: caption, locked: locked, hidden: hidden, goal: goal, hint: hint)
        }
    }

    /// A step that shows a network learning: `network = "nn.Sequential(...) | data=… | steps=K"`, no
    /// layer state, lock, hide or goal (they are a layer's).
    private static func readNetworkStep(_ table: TOMLTable, _ entry: TOMLTable.Entry, key: String, caption: LocalizedLines?,
                                        hint: LocalizedLines?, problem: (Int, String, String) -> Void) -> LessonStep? {
        let line = entry.keyPosition.line
        for other in ["state", "lock", "hide", "goal"] where table.entry(other) != nil {
            problem(table.entry(other)!.keyPosition.line, "\(key).\(other)", "a network step has no \(other) (it shows a network, not a layer)")
        }
        guard let text = entry.value.string else {
            problem(line, "\(key).network", "expected a string such as \"nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2)) | steps=200\"")
            return nil
        }
        let setup: NetworkSetup
        do {
            setup = try NetworkSetup(compact: text)
            var start = setup
            start.steps = 0
            _ = try NetworkRun(setup: start)  // the network, its data set and its loss fit together
        } catch {
            problem(line, "\(key).network", SceneEditor.describe(error))
            return nil
        }
        guard let caption, let state = try? Workbench.examples(for: Workbench.layers[0])[0].state() else { return nil }
        var step = LessonStep(state: state, stateText: "", caption: caption, locked: [], hidden: [], goal: nil, hint: hint)
        step.network = setup
        return step
    }

    /// `KEY.en` and `KEY.zh`: each a string (lines split at `\n`) or a list of lines, 1 to
    /// `maxLines` of them, none wider than `width` columns.
    private static func localized(_ entry: TOMLTable.Entry?, key: String, maxLines: Int, width: Int, required: Bool,
                                  missingLine: Int = 1, problem: (Int, String, String) -> Void) -> LocalizedLines? {
        guard let entry else {
            if required { problem(missingLine, key, "needs an English and a Chinese text (\(key).en, \(key).zh)") }
            return nil
        }
        guard let table = entry.value.table else {
            problem(entry.keyPosition.line, key, "needs an English and a Chinese text (\(key).en, \(key).zh), not one \(entry.value.kindName)")
            return nil
        }
        var texts: [Language: [String]] = [:]
        for item in table.entries where !Language.allCases.map(\.rawValue).contains(item.key) {
            problem(item.keyPosition.line, "\(key).\(item.key)", "not a language; write \(key).en and \(key).zh")
        }
        for language in Language.allCases {
            let name = "\(key).\(language.rawValue)"
            guard let text = table.entry(language.rawValue) else {
                problem(entry.keyPosition.line, name, "missing: every text is written in English (en) and Chinese (zh)")
                continue
            }
            let line = text.keyPosition.line
            var lines: [String]
            if let string = text.value.string {
                lines = string.pieces(separatedBy: "\n")
            } else if let array = text.value.array, array.allSatisfy({ $0.string != nil }) {
                lines = array.compactMap(\.string)
            } else {
                problem(line, name, "expected a string or a list of lines")
                continue
            }
            lines = lines.map { $0.trimmingBlanks }
            while lines.last?.isEmpty == true { lines.removeLast() }
            guard !lines.isEmpty else {
                problem(line, name, "is empty")
                continue
            }
            guard lines.count <= maxLines else {
                problem(line, name, "has \(lines.count) lines; at most \(maxLines)")
                continue
            }
            if let wide = lines.first(where: { TextWidth.of($0) > width }) {
                problem(line, name, "a line is \(TextWidth.of(wide)) columns wide; at most \(width) (a CJK character is 2): '\(wide.clipped(to: 30))'")
                continue
            }
            if let control = lines.first(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
                problem(line, name, "holds a control character: '\(control.escapingControls.clipped(to: 30))'")
                continue
            }
            texts[language] = lines
        }
        guard let english = texts[.en], let chinese = texts[.zh] else { return nil }
        return LocalizedLines(english: english, chinese: chinese)
    }
}
