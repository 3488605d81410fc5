// The course end to end, in the real binary: `y` gives a line that opens the same screen in another
// terminal; a Chinese locale turns the program Chinese at 80×24 and 120×40 with no glyph split or
// border pushed; `lesson --check` reports a broken file line by line; every bundled lesson passes
// the check and each of its steps draws at 80×24; the convolution lesson runs start to finish over
// a no-colour ASCII terminal with its goals reached.

import CellRender
import Foundation
@testable import layerscope
import LayerKit
import Scenes
import Testing

/// The screen once it has stopped changing (a capture can catch a redraw half done).
private func settled(_ tmux: TmuxSession) throws -> String {
    var last = try tmux.screen()
    for _ in 0..<50 {
        Thread.sleep(forTimeInterval: 0.2)
        let now = try tmux.screen()
        if now == last { return now }
        last = now
    }
    return last
}

/// The screen without its last row (the status line, which says what the last key did).
private func withoutStatus(_ screen: String) -> String {
    screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2).joined(separator: "\n")
}

@Suite(.serialized) struct LessonEndToEndTests {
    @Test func yGivesALineThatOpensTheSameScreenInAnotherTerminal() throws {
        let first = try TmuxSession(width: 100, height: 30, arguments: ["ui", "nn.MaxPool2d(3, stride=2)"],
                                    environment: ["NO_COLOR": "1"])
        try first.waitFor("Layers")
        // Another input, the scene pane, the next view, eval mode, the next output, the drill-down.
        try first.send("i", "Tab", "Tab", "v", "t", "Right", "x")
        try first.waitFor("eval")
        try first.send("y")
        try first.waitFor("This command opens the same screen")
        let line = try first.clipboard().trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("layerscope ui \"nn.MaxPool2d(3, stride=2)\""))
        #expect(line.contains("--eval") && line.contains("--explain") && line.contains("--position"))
        try first.send("F12")  // closes the box, does nothing else
        try first.waitUntil("the box closed") { !$0.contains("This command opens") }
        let shown = try settled(first)
        let words = shellWords(line)
        let second = try TmuxSession(width: 100, height: 30, arguments: Array(words.dropFirst()), environment: ["NO_COLOR": "1"])
        try second.waitFor("Layers")
        // The focus is not part of the state: the second terminal is tabbed to the scene as the first was.
        try second.send("Tab", "Tab")
        let again = try second.waitUntil("the same screen") { withoutStatus($0) == withoutStatus(shown) }
        #expect(withoutStatus(again) == withoutStatus(shown))
        try first.send("q")
        try second.send("q")
        #expect(first.exitStatus() == 0 && second.exitStatus() == 0)
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func aChineseLocaleShowsChineseWithNoSplitGlyph(width: Int, height: Int) throws {
        let tmux = try TmuxSession(width: width, height: height, environment: ["LANG": "zh_CN.UTF-8", "NO_COLOR": "1"])
        var screens = [try tmux.waitUntil("the first screen") { $0.contains("参数") && $0.contains("↑↓ 选层") }]
        try tmux.send("Tab")
        screens.append(try tmux.waitFor("←→ 调整"))
        try tmux.send("?")
        screens.append(try tmux.waitFor("按键"))
        try tmux.send("Escape", "L")
        screens.append(try tmux.waitFor("课程"))
        for screen in screens {
            for row in screen.split(separator: "\n").map(String.init) {
                #expect(TextWidth.of(row) <= width, "a row wider than the terminal: \(row)")
                if let last = row.last, "│┃┐┘┓┛▲▼".contains(last) {
                    #expect(TextWidth.of(row) == width, "a border pushed or pulled: \(row)")
                }
            }
        }
        #expect(screens[0].contains("┏━ 层 ━") && screens[0].contains("参数") && screens[0].contains("↑↓ 选层"))
        #expect(screens[1].contains("↑↓ 选参数"))
        try tmux.send("Escape", "q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func lessonCheckReportsABrokenFileLineByLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.toml").path
        try """
            title.en = "Broken"
            title.zh = "坏的"
            intro.en = ["x"]
            intro.zh = ["x"]
            colour = "red"

            [[step]]
            state = "nn.Conv2d(1, 1, 3) | shape=1,1,x"
            caption.en = ["a"]
            caption.zh = ["b"]

            [[step]]
            state = "nn.Conv2d(1, 1, 3)"
            caption.en = ["a"]
            caption.zh = ["b"]
            goal = "groupz == 2"
            hint.en = "h"
            hint.zh = "h"

            [[step]]
            state = "nn.ReLU()"
            caption.en = ["a"]
            caption.zh = ["b"]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runLayerScope(["lesson", "--check", file])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains("\(file):5: colour: not a lesson key; a lesson has title, intro, step"))
        #expect(lines.contains { $0.hasPrefix("\(file):8: step[1].state: shape: expected 1 to 6 non-negative sizes") })
        #expect(lines.contains { $0.hasPrefix("\(file):16: step[2].goal: 'groupz' is neither a parameter of nn.Conv2d") })
        let missing = try runLayerScope(["lesson", "no-such-lesson"])
        #expect(missing.status == 2 && missing.stderr.hasPrefix("error: unknown lesson 'no-such-lesson'; the lessons are conv-shapes"))
        let step = try runLayerScope(["lesson", "conv-shapes", "--step", "99"])
        #expect(step.status == 2 && step.stderr.contains("--step: lesson 'conv-shapes' has steps 1 to"))
        // A user's lesson is found by name in the config folder, after an explicit path and before the bundled ones.
        let config = folder.appendingPathComponent("config")
        let lessons = config.appendingPathComponent("layerscope/lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        let bundled = try String(contentsOfFile: try #require(LessonCatalog.all(environment: [:]).first { $0.name == "softmax" }).path, encoding: .utf8)
        try bundled.replacingOccurrences(of: "title.en = \"Softmax\"", with: "title.en = \"My softmax\"")
            .write(to: lessons.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": config.path, "PATH": "/usr/bin:/bin"]
        let list = try runLayerScope(["lesson", "--list"], environment: environment)
        #expect(list.status == 0 && list.stdout.contains("mine") && list.stdout.contains("My softmax"))
        #expect(list.stdout.hasPrefix("conv-shapes"))
        let mine = try runLayerScope(["lesson", "--check", "mine"], environment: environment)
        #expect(mine.status == 0 && mine.stdout.contains("mine.toml: ok, 5 steps"), "\(mine.stderr)")
        let lang = try runLayerScope(["ui", "--lang", "fr"])
        #expect(lang.status == 2 && lang.stderr == "error: --lang: expected en or zh, got 'fr'\n")
    }

    @Test func everyBundledLessonPassesTheCheckAndEveryStepDraws() throws {
        let lessons = try DocsLessonPage.bundled()
        #expect(Set(lessons.map(\.name)).isSuperset(of: ["conv-shapes", "pooling", "adaptive-pooling", "activations",
                                                          "softmax", "batchnorm", "linear", "dropout", "losses"]))
        let names = lessons.map(\.name)
        let check = try runLayerScope(["lesson", "--check"] + names)
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check.stderr)")
        for lesson in lessons {
            for language in Language.allCases {
                var workbench = try Workbench(state: nil)
                workbench.language = language
                workbench.start(lesson)
                for i in lesson.steps.indices {
                    #expect(workbench.lessonProgress?.step == i)
                    #expect(workbench.problem == nil, "\(lesson.name) step \(i + 1): \(workbench.problem ?? "")")
                    let lines = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: language == .en).grid.lines
                    let caption = lesson.steps[i].caption.lines(language)
                    for line in caption { #expect(lines.contains { $0.contains(language == .en ? String(line.prefix(20)) : line) }, "\(lesson.name) step \(i + 1)") }
                    #expect(lines.allSatisfy { TextWidth.of($0) == 80 })
                    workbench.handle(.pageDown)
                }
            }
        }
    }

    /// What reaches each bundled goal: the parameters to type (Enter on the parameter), or `t`.
    static let solutions: [String: [Int: [(String, String)]]] = [
        "conv-shapes": [1: [("padding", "1")], 2: [("stride", "2")], 3: [("dilation", "2")], 4: [("dilation", "2")],
                        5: [("groups", "4")]],
        "pooling": [1: [("stride", "1")], 2: [("ceil_mode", "True")], 3: [("count_include_pad", "False")]],
        "adaptive-pooling": [1: [("output_size", "4")], 3: [("output_size", "(None, 3)")]],
        "activations": [2: [("negative_slope", "0.2")], 5: [("approximate", "'tanh'")]],
        "softmax": [4: [("dim", "0")], 5: [("dim", "-1")]],
        "batchnorm": [3: [("t", "")], 4: [("momentum", "0.3")], 5: [("momentum", "None")], 6: [("track_running_stats", "False")]],
        "linear": [2: [("bias", "False")], 3: [("out_features", "5")]],
        "dropout": [1: [("p", "0.5")], 2: [("t", "")]],
        "losses": [1: [("reduction", "'sum'")], 5: [("label_smoothing", "0.1")]],
    ]

    @Test func everyBundledGoalCanBeReachedAndNoneIsReachedBeforehand() throws {
        for lesson in try DocsLessonPage.bundled() {
            var workbench = try Workbench(state: nil)
            workbench.start(lesson)
            for (i, step) in lesson.steps.enumerated() {
                let solution = LessonEndToEndTests.solutions[lesson.name]?[i + 1]
                #expect((step.goal == nil) == (solution == nil), "\(lesson.name) step \(i + 1): a goal without a solution here, or the reverse")
                if let solution {
                    #expect(workbench.goalMet == false, "\(lesson.name) step \(i + 1): reached before anything was done")
                    for (name, value) in solution {
                        if name == "t" { workbench.handle(.character("t")); continue }
                        while workbench.focus != .parameters { workbench.handle(.tab) }
                        for _ in 0..<20 where workbench.selectedParameter?.name != name { workbench.handle(.down) }
                        #expect(workbench.selectedParameter?.name == name, "\(lesson.name) step \(i + 1): \(name) is not shown")
                        workbench.handle(.enter)
                        workbench.handle(.control("u"))
                        for c in value { workbench.handle(.character(c)) }
                        workbench.handle(.enter)
                    }
                    #expect(workbench.goalMet == true, "\(lesson.name) step \(i + 1): \(step.goal?.text ?? "") not reached; \(workbench.message?.text ?? "")")
                }
                workbench.handle(.pageDown)
            }
        }
    }

    /// The convolution lesson as a student takes it: 80×24, no colour, ASCII, arrows only.
    @Test func theConvolutionLessonRunsStartToFinishWithItsGoals() throws {
        let tmux = try TmuxSession(width: 80, height: 24, arguments: ["lesson", "conv-shapes", "--ascii"],
                                   environment: ["NO_COLOR": "1", "LANG": "C"])
        try tmux.waitFor("step 1/6")
        try tmux.waitFor("goal: output_shape == (1, 1, 7, 7)")
        try tmux.send("Down", "Right")  // stride → padding, padding 1
        try tmux.waitFor("goal reached: output_shape == (1, 1, 7, 7)")
        try tmux.send("PageDown")
        try tmux.waitFor("step 2/6")
        try tmux.send("Right")  // stride 2
        try tmux.waitFor("goal reached: output_shape == (1, 1, 4, 4)")
        try tmux.send(">")
        try tmux.waitFor("step 3/6")
        try tmux.send("Right")  // dilation 2 (the goal's parameter is selected)
        try tmux.waitFor("goal reached: dilation == 2")
        try tmux.send("PageDown")
        try tmux.waitFor("step 4/6")
        try tmux.send("Right")
        try tmux.waitFor("goal reached: dilation == 2 and output_shape == (1, 1, 8, 8)")
        try tmux.send("PageDown")
        try tmux.waitFor("step 5/6")
        try tmux.send("Up", "Up", "Up", "Up", "Up")  // out_channels: a locked parameter cannot change
        try tmux.send("Right")
        try tmux.waitFor("is fixed in this step")
        try tmux.send("Down", "Down", "Down", "Down", "Down", "Right", "Right", "Right")  // groups 2, 3 (refused by PyTorch's rule), 4
        try tmux.waitFor("goal reached: groups == 4")
        try tmux.send("PageDown")
        // The band changes at once; the big seed example's picture follows when it is computed.
        let last = try tmux.waitUntil("step 6 drawn") { $0.contains("step 6/6") && $0.contains("(2, 33, 26, 100)") && !$0.contains("computing") }
        #expect(last.contains("(2, 33, 26, 100)"))
        #expect(!last.contains("goal"))
        for row in last.split(separator: "\n") { #expect(row.unicodeScalars.allSatisfy { $0.isASCII }, "not ASCII: \(row)") }
        try tmux.send("PageUp")
        // Esc first cancels a computation in progress: it leaves the lesson once the step is shown.
        try tmux.waitUntil("step 5 shown") { $0.contains("step 5/6") && !$0.contains("computing") }
        try tmux.send("Escape")
        try tmux.waitFor("left the lesson")
        try tmux.waitFor("Layers")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        #expect(try tmux.terminalProblems() == [])
    }
}

@Suite struct ChineseDocsTests {
    /// Every hand-written note of a layer page has its Chinese, so `docs/zh/layers` is Chinese.
    @Test func everyLayerNoteHasItsChinese() {
        var missing: [String] = []
        for schema in Catalog.schemas {
            guard let notes = DocsLayerNotes.notes(for: schema.name) else { continue }
            let texts = notes.surprises + notes.variations.flatMap { [$0.title, $0.summary] }
            missing += texts.filter { DocsChineseNotes.text[$0] == nil }
        }
        #expect(missing.isEmpty, "no Chinese for: \(missing)")
    }
}
