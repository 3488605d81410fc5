// Lessons: reading and checking a lesson file (each rule a teacher can break is one line FILE:LINE:
// key: rule), goals against scenes, and a lesson run in the workbench — steps, locks, hidden
// parameters, the band, the goal reached, Esc leaving with the scene kept, and the L list.

import CellRender
import LayerKit
import Scenes
import Testing

/// A small lesson: a Conv2d step with a goal on the output shape, a stride goal, a ReLU step.
let demoLesson = """
    title.en = "Demo"
    title.zh = "演示"
    intro.en = ["A demo lesson."]
    intro.zh = ["演示课程。"]

    [[step]]
    state = "nn.Conv2d(1, 1, 3) | shape=1,1,7,7 | input=impulse"
    caption.en = ["A 3x3 kernel over a 7x7 input gives a 5x5 output."]
    caption.zh = ["3x3 的卷积核作用在 7x7 的输入上，得到 5x5 的输出。"]
    lock = ["in_channels", "out_channels", "kernel_size"]
    hide = ["device", "dtype"]
    goal = "output_shape == (1, 1, 7, 7)"
    hint.en = "Raise padding."
    hint.zh = "增大 padding。"

    [[step]]
    state = "nn.Conv2d(1, 1, 3, padding=1) | shape=1,1,7,7"
    caption.en = ["Now halve the output."]
    caption.zh = ["现在把输出减半。"]
    goal = "stride == 2 and padding == 1"
    hint.en = "Raise stride."
    hint.zh = "增大 stride。"

    [[step]]
    state = "nn.ReLU() | eval"
    caption.en = ["ReLU keeps the positive part.", "Line two."]
    caption.zh = ["ReLU 保留正的部分。", "第二行。"]

    """

/// `demoLesson` with `old` replaced by `new` (the first time it occurs).
private func variant(_ old: String, _ new: String) -> String {
    guard let range = demoLesson.range(of: old) else { Issue.record("no '\(old)' in the demo"); return demoLesson }
    return demoLesson.replacingCharacters(in: range, with: new)
}

private func problems(_ text: String) -> [String] {
    do {
        _ = try Lesson.read(text: text, file: "demo.toml", name: "demo")
        return []
    } catch let errors as LessonErrors {
        return errors.problems.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

@Suite struct LessonFileTests {
    @Test func aGoodLessonReadsWithEveryPart() throws {
        let lesson = try Lesson.read(text: demoLesson, file: "demo.toml", name: "demo")
        #expect(lesson.title.line(.en) == "Demo" && lesson.title.line(.zh) == "演示")
        #expect(lesson.steps.count == 3)
        let first = lesson.steps[0]
        #expect(first.state.shape == [1, 1, 7, 7] && first.state.input == .pattern(.impulse))
        #expect(first.locked == ["in_channels", "out_channels", "kernel_size"] && first.hidden == ["device", "dtype"])
        #expect(first.goal?.text == "output_shape == (1, 1, 7, 7)")
        #expect(first.hint?.line(.zh) == "增大 padding。")
        #expect(lesson.steps[2].caption.lines(.en).count == 2)
        #expect(lesson.steps[2].state.training == false)
    }

    @Test(arguments: [
        ("title.en = \"Demo\"", "title.en = \"Demo\"\ncolour = 1", "demo.toml:2: colour: not a lesson key; a lesson has title, intro, step"),
        ("| shape=1,1,7,7 | input=impulse", "| shape=1,1,x", "demo.toml:7: step[1].state: shape: expected 1 to 6 non-negative sizes"),
        ("nn.Conv2d(1, 1, 3, padding=1)", "nn.Conv2d(1, 1, 3, padding=-1)", "demo.toml:17: step[2].state: padding: negative padding is not supported"),
        ("\"stride == 2 and padding == 1\"", "\"strides == 2\"", "demo.toml:20: step[2].goal: 'strides' is neither a parameter of nn.Conv2d"),
        ("\"output_shape == (1, 1, 7, 7)\"", "\"output_shape == (1, 1, 5, 5)\"", "demo.toml:12: step[1].goal: 'output_shape == (1, 1, 5, 5)' is already true"),
        ("goal = \"stride == 2 and padding == 1\"", "lock = [\"stride\"]\ngoal = \"stride == 2 and padding == 1\"",
         "demo.toml:21: step[2].goal: names stride, which the step locks or hides"),
        ("lock = [\"in_channels\", \"out_channels\", \"kernel_size\"]", "lock = [\"kernel\"]",
         "demo.toml:10: step[1].lock: 'kernel' is not a parameter of nn.Conv2d"),
        ("caption.zh = [\"现在把输出减半。\"]", "", "demo.toml:18: step[2].caption.zh: missing"),
        ("caption.en = [\"Now halve the output.\"]", "caption.en = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\"]",
         "demo.toml:18: step[2].caption.en: has 7 lines; at most 6"),
        ("caption.zh = [\"现在把输出减半。\"]", "caption.zh = [\"" + String(repeating: "宽", count: 39) + "\"]",
         "demo.toml:19: step[2].caption.zh: a line is 78 columns wide; at most 76"),
        ("hint.en = \"Raise stride.\"\nhint.zh = \"增大 stride。\"", "", "demo.toml:20: step[2].hint: a goal needs a hint"),
        ("goal = \"stride == 2 and padding == 1\"", "goal = \"stride >= 'x'\"", "demo.toml:20: step[2].goal: 'stride >= 'x'': >= compares numbers only"),
        ("stride = 2", "", ""),
        ("[[step]]\nstate = \"nn.ReLU() | eval\"", "[[stop]]\nstate = \"nn.ReLU() | eval\"", "demo.toml:24: stop: not a lesson key"),
        ("state = \"nn.ReLU() | eval\"", "state = \"nn.ReLU() | eval\"\nspeed = 2", "demo.toml:26: step[3].speed: not a step key"),
        ("intro.en = [\"A demo lesson.\"]", "intro.en = 3", "demo.toml:3: intro.en: expected a string or a list of lines"),
        ("title.en = \"Demo\"", "title.en = \"Demo", "demo.toml:1: toml: unterminated string"),
    ])
    func eachBrokenRuleIsOneLineWithFileLineAndKey(old: String, new: String, expected: String) {
        guard !expected.isEmpty else { return }
        let found = problems(variant(old, new))
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
        #expect(found.allSatisfy { !$0.contains("\n") })
    }

    @Test func aLessonNeedsThreeToTenSteps() {
        let two = demoLesson.components(separatedBy: "[[step]]").prefix(3).joined(separator: "[[step]]")
        #expect(problems(two).contains { $0.hasPrefix("demo.toml:6: step: a lesson has 3 to 10 steps ([[step]]); this one has 2") })
    }
}

@Suite struct LessonGoalTests {
    private func scene(_ compact: String) throws -> Scene {
        try Scene(try SceneState(compact: compact, option: nil))
    }

    @Test func goalsCompareShapesParametersModesAndValues() throws {
        let conv = try scene("nn.Conv2d(1, 1, 3, stride=2, padding=1) | shape=1,1,7,7 | eval")
        let schema = conv.state.arguments.schema
        func met(_ text: String) throws -> Bool { try LessonGoal(parsing: text, schema: schema).isMet(by: conv) }
        #expect(try met("output_shape == (1, 1, 4, 4)"))
        #expect(try !met("output_shape == (1, 1, 7, 7)"))
        #expect(try met("stride == 2 and padding == 1"))  // a pair equals one repeated int
        #expect(try met("stride == (2, 2)"))
        #expect(try !met("stride == 2 and padding == 0"))
        #expect(try met("mode == eval"))
        #expect(try met("input_shape != (1, 1, 8, 8)"))
        #expect(try met("dilation <= 1"))
        let selected = try #require(conv.selectedOutput)
        #expect(selected == conv.result.output.storage[0])
        #expect(try met("selected == \(selected)"))
        let loss = try scene("nn.MSELoss()")
        let value = Double(loss.result.output.storage[0])
        #expect(try LessonGoal(parsing: "loss > \(value - 0.01) and loss < \(value + 0.01)", schema: loss.state.arguments.schema).isMet(by: loss))
    }

    @Test func aGoalThatCannotBeReadSaysWhy() throws {
        let schema = try SceneState(expression: "nn.ReLU()").arguments.schema
        let cases = [
            ("inplace", "'inplace' is not NAME OP VALUE"),
            ("inplace == ", "'inplace ==' is not NAME OP VALUE"),
            ("stride == 2", "'stride' is neither a parameter of nn.ReLU (inplace) nor one of output_shape"),
            ("output_shape == (1, 2", "'(1, 2' is not a value"),
            ("inplace == True and", "an empty term"),
        ]
        for (text, message) in cases {
            let error = #expect(throws: SceneError.self) { try LessonGoal(parsing: text, schema: schema) }
            #expect(error?.description.hasPrefix(message) == true, "\(text): \(error?.description ?? "")")
        }
    }
}

@Suite struct LessonRunTests {
    private func workbench(language: Language = .en) throws -> Workbench {
        var workbench = try Workbench(state: nil)
        workbench.language = language
        workbench.start(try Lesson.read(text: demoLesson, file: "demo.toml", name: "demo"))
        return workbench
    }

    private func screen(_ workbench: Workbench, _ width: Int = 80, _ height: Int = 24, ascii: Bool = true) -> [String] {
        WorkbenchScreen.render(workbench, width: width, height: height, color: false, ascii: ascii).grid.lines
    }

    @Test func theBandShowsTheStepCaptionAndGoalAndTheGoalIsCheckedAsTheStudentWorks() throws {
        var workbench = try workbench()
        var lines = screen(workbench, ascii: false)
        #expect(lines[1].contains("Demo · step 1/3") && lines[1].contains("PgDn/> next"))
        #expect(lines[2].contains("A 3x3 kernel over a 7x7 input gives a 5x5 output."))
        #expect(lines[3].contains("goal: output_shape == (1, 1, 7, 7)") && lines[4].contains("hint: Raise padding."))
        // The layer list gives way to the parameters; hidden ones are not drawn.
        #expect(!lines.joined().contains("Layers") && lines.joined().contains("Parameters"))
        #expect(!lines.joined().contains("dtype") && lines.joined().contains("padding_mode"))
        #expect(workbench.focus == .parameters && workbench.goalMet == false)
        // The student steps padding up: the goal is reached, and the band says so.
        while workbench.selectedParameter?.name != "padding" { workbench.handle(.down) }
        workbench.handle(.right)
        #expect(workbench.goalMet == true)
        lines = screen(workbench, ascii: false)
        #expect(lines[3].contains("✓ goal reached: output_shape == (1, 1, 7, 7)") && lines[4].contains("PgDn (or >) for the next step"))
    }

    @Test func aLockedParameterCannotBeChangedAndSaysWhy() throws {
        var workbench = try workbench()
        while workbench.selectedParameter?.name != "kernel_size" { workbench.handle(.up) }
        let before = workbench.draft
        workbench.handle(.right)
        #expect(workbench.draft == before)
        #expect(workbench.message?.text == "kernel_size is fixed in this step of the lesson (Esc leaves the lesson to change it)")
        // A typed expression of another layer is refused too while anything is locked.
        workbench.handle(.character(":"))
        for c in "nn.ReLU()" { workbench.handle(.character(c)) }
        workbench.handle(.enter)
        #expect(workbench.draft.arguments.schema.name == "Conv2d")
        // Hidden parameters are skipped by ↑/↓.
        var seen: Set<String> = []
        for _ in 0..<20 { workbench.handle(.down); seen.insert(workbench.selectedParameter?.name ?? "") }
        #expect(!seen.contains("dtype") && !seen.contains("device") && seen.contains("padding_mode"))
    }

    @Test func stepsGoOnAndBackAndEscLeavesKeepingTheScene() throws {
        var workbench = try workbench()
        workbench.handle(.pageDown)
        #expect(workbench.lessonProgress?.step == 1 && workbench.draft.arguments["padding"] == .int(1))
        workbench.handle(.character(">"))
        #expect(workbench.lessonProgress?.step == 2 && workbench.draft.arguments.schema.name == "ReLU")
        #expect(workbench.draft.training == false)
        workbench.handle(.character(">"))
        #expect(workbench.lessonProgress?.step == 2 && workbench.message?.text.hasPrefix("this is the lesson's last step") == true)
        workbench.handle(.pageUp)
        #expect(workbench.lessonProgress?.step == 1)
        workbench.handle(.right)  // stride 1 → 2 (stride is the goal's first parameter, so it is selected)
        #expect(workbench.selectedParameter?.name == "stride" && workbench.goalMet == true)
        let kept = workbench.draft
        workbench.handle(.escape)
        #expect(workbench.lessonProgress == nil && workbench.draft == kept)
        #expect(screen(workbench).joined().contains("Layers"))
        // Outside a lesson > and < set a curve's x-range again.
        #expect(workbench.message?.text.hasPrefix("left the lesson") == true)
    }

    @Test func lListsTheLessonsAndEnterOpensOne() throws {
        var workbench = try Workbench(state: nil)
        let title = LocalizedLines(english: ["Demo"], chinese: ["演示"])
        workbench.lessons = [
            LessonEntry(name: "demo", title: title) { try Lesson.read(text: demoLesson, file: "demo.toml", name: "demo") },
            LessonEntry(name: "broken", title: title) { try Lesson.read(text: "x = 1", file: "broken.toml", name: "broken") },
        ]
        workbench.handle(.character("L"))
        #expect(workbench.lessonMenu == 0)
        #expect(screen(workbench).contains { $0.contains("Lessons") } && screen(workbench).contains { $0.contains("> Demo") })
        workbench.handle(.down)
        workbench.handle(.enter)
        #expect(workbench.lessonProgress == nil && workbench.message?.isError == true)
        #expect(workbench.message?.text.hasPrefix("broken.toml:1: x: not a lesson key") == true)
        workbench.handle(.character("L"))
        workbench.handle(.enter)
        #expect(workbench.lessonProgress?.lesson.name == "demo" && workbench.lessonMenu == nil)
    }

    @Test func theChineseLessonFitsAndNoWideCharacterIsSplit() throws {
        for (width, height) in [(80, 24), (120, 40)] {
            let workbench = try workbench(language: .zh)
            let lines = screen(workbench, width, height, ascii: false)
            #expect(lines[1].contains("演示 · 第 1/3 步"))
            #expect(lines[2].contains("3x3 的卷积核作用在 7x7 的输入上，得到 5x5 的输出。"))
            #expect(lines[3].contains("目标：output_shape == (1, 1, 7, 7)") && lines[4].contains("提示：增大 padding。"))
            #expect(lines.allSatisfy { TextWidth.of($0) == width }, "a row is not \(width) columns")
        }
    }
}
