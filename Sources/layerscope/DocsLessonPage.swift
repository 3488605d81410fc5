// DocsLessonPage: `docs/lessons/<name>.md` (and `docs/zh/lessons/<name>.md`) — one bundled lesson as
// a page: its intro, then each step's caption and goal, and the step's picture under the `render
// --state` command that prints it, with the command that opens the step interactively. DocsText:
// the docs' own words in Chinese.

import BundledLessons
import Scenes

/// The page of one lesson, in one language.
struct DocsLessonPage {
    let lesson: Lesson
    var language: Language = .en

    static func path(for name: String, language: Language) -> String {
        DocsText.folder(language) + "lessons/" + name + ".md"
    }

    /// Every bundled lesson, read and checked, in the course's order.
    static func bundled() throws -> [Lesson] {
        let sources = BundledLessons.all()
        let order = BundledLessons.courseOrder
        let sorted = sources.sorted { a, b in
            (order.firstIndex(of: a.name) ?? order.count, a.name) < (order.firstIndex(of: b.name) ?? order.count, b.name)
        }
        return try sorted.map { source in
            do {
                return try LessonCatalog.load(LessonCatalog.Source(name: source.name, path: source.path, isUsers: false))
            } catch let errors as LessonErrors {
                throw CLIError("docs: lesson \(source.name): " + (errors.problems.first?.description ?? "cannot be read"))
            }
        }
    }

    private func say(_ english: String) -> String { DocsText.say(english, language) }

    func text() throws -> String {
        var out = DocsMarkdown.marker + "\n\n"
        out += "# " + lesson.title.line(language) + "\n\n"
        let other: Language = language == .en ? .zh : .en
        let otherPath = (language == .en ? "../" : "../../") + DocsLessonPage.path(for: lesson.name, language: other)
        out += "[\(say("All layers and lessons"))](../index.md#\(say("lessons-anchor"))) · [\(other == .zh ? "中文" : "English")](\(otherPath))\n\n"
        out += lesson.intro.lines(language).joined(separator: language == .zh ? "" : " ") + "\n\n"
        out += say("Open it in the terminal with") + " `layerscope lesson \(lesson.name)`"
            + (language == .zh ? "（加 `--lang zh` 显示中文）。" : "; PgDn and PgUp step through it, Esc leaves it.") + "\n\n"
        for (i, step) in lesson.steps.enumerated() {
            out += "## " + UIText.lessonStep.text(language, String(i + 1), String(lesson.steps.count)) + "\n\n"
            out += step.caption.lines(language).joined(separator: "\n") + "\n\n"
            if let goal = step.goal {
                out += "**" + UIText.lessonGoal.text(language, "`" + goal.text + "`") + "**"
                if let hint = step.hint { out += " — " + UIText.lessonHint.text(language, hint.line(language)) }
                out += "\n\n"
            }
            if !step.locked.isEmpty {
                out += say("Fixed in this step:") + " " + step.locked.map(DocsMarkdown.code).joined(separator: ", ") + "\n\n"
            }
            out += DocsMarkdown.block("layerscope lesson \(lesson.name) --step \(i + 1)", language: "sh") + "\n"
            if let setup = step.network {
                let arguments = setup.commandArguments(steps: setup.steps)
                out += try DocsLayerPage.picture(DocsRenderCommand(arguments[0], Array(arguments.dropFirst())))
            } else {
                out += try DocsLayerPage.picture(DocsRenderCommand(state: step.stateText))
            }
        }
        return out
    }
}

extension DocsRenderCommand {
    /// A command for a state in the compact form (`render --state '…'`).
    init(state: String, medium: Medium = .asciiText) {
        arguments = ["--state", state] + medium.flags
    }
}

/// The docs' own words in Chinese (the program's are in `UIText` and `ChineseCatalog`).
enum DocsText {
    /// Where a language's pages go inside the docs folder.
    static func folder(_ language: Language) -> String { language == .zh ? "zh/" : "" }

    static func say(_ english: String, _ language: Language) -> String {
        guard language == .zh else { return english == "lessons-anchor" ? "lessons" : english }
        return chinese[english] ?? Workbench.translated(english, to: .zh)
    }

    static let chinese: [String: String] = [
        "What it computes": "计算什么",
        "Parameters": "参数",
        "Shapes": "形状",
        "What surprises learners": "初学者容易意外的地方",
        "Views": "视图",
        "view": "视图",
        "shows": "显示",
        "Pictures": "图",
        "The seed example:": "示例：",
        "Another example:": "另一个示例：",
        "Variation:": "变化：",
        "How one number is made": "一个数是怎么算出来的",
        "`--explain` (`x` in the interactive program) works the selected output out with its numbers; `--position ROW,COL` and `--channel` choose it.":
            "`--explain`（交互程序中按 `x`）把所选输出元素的计算过程连同数字一起列出；用 `--position ROW,COL` 和 `--channel` 选择它。",
        "No parameters.": "没有参数。",
        "required": "必填",
        "deprecated": "已弃用",
        "parameter": "参数",
        "default": "默认值",
        "accepts": "接受",
        "editor steps in": "编辑器步进范围",
        "meaning": "含义",
        "All layers and lessons": "所有层和课程",
        "lessons-anchor": "课程",
        "Open it in the terminal with": "在终端中打开：",
        "Fixed in this step:": "本步固定的参数：",
        "Convolution": "卷积",
        "Pooling": "池化",
        "Non-linear activations": "非线性激活",
        "Softmax": "Softmax",
        "Normalization": "归一化",
        "Linear": "线性",
        "Dropout": "Dropout",
        "Loss": "损失",
    ]
}
