// DocsReferencePages: the pages that are not about one layer — `index.md` (the layer table),
// `cli.md` (every command's help), `keys.md` (the interactive program's keys) and `themes.md` (the
// theme format and the bundled themes) — each generated from the code it documents.

import ArgumentParser
import BundledThemes
import CellRender
import LayerKit
import Scenes

/// The reference pages of the docs folder.
enum DocsReferencePages {
    /// The width the commands' help is wrapped to, fixed so the page does not depend on a terminal.
    static let helpColumns = 100

    /// The links every reference page starts with.
    static let navigation =
        "[All layers](index.md) · [networks](networks.md) · [commands](cli.md) · [keys](keys.md) · [themes](themes.md)\n\n"

    /// `index.md`: what the docs are, then every layer in catalog order with a link to its page.
    static func index() throws -> String {
        var out = DocsMarkdown.marker + "\n\n# LayerScope documentation\n\n" + navigation
        out += """
            Every page here is written by LayerScope itself: `layerscope docs` generates them from the \
            layer catalog, the scenes, the key map, the command-line parser and the bundled themes, and \
            `layerscope docs --check` (run by `swift test`) fails when a page differs from what it would \
            write. Each picture is shown under the `layerscope render` command that prints it, so you can \
            reproduce it and try your own variations. \
            [ARCHITECTURE.md](ARCHITECTURE.md), [DECISIONS.md](DECISIONS.md), [classroom.md](classroom.md) (a classroom over SSH) and [training.md](training.md) (training a network with `layerscope train`) are written by hand.


            """
        out += "## Layers\n\n"
        let rows = try Catalog.schemas.map { schema -> [String] in
            let seed = try DocsLayerPage.seedExample(for: schema)
            let views = try Scene(seed.state()).views.map(\.name).joined(separator: ", ")
            return ["[nn.\(schema.name)](\(DocsLayerPage.path(for: schema)))", schema.group.rawValue,
                    schema.summary, DocsMarkdown.code(seed.expression), views]
        }
        out += DocsMarkdown.table(["layer", "group", "what it does", "seed example", "views"], rows)
        out += "\n## Networks\n\n"
        out += "[Networks that learn](networks.md): an `nn.Sequential` training on a data set, on screen — "
            + "its stages, the loss curves, the kernels, the decision boundary and the confusion matrix.\n"
        out += "\n## Lessons\n\n"
        out += "Guided walks through the layers, 3 to 10 steps each: `layerscope lesson NAME` opens one "
            + "(`L` lists them inside the program). [中文文档](zh/index.md).\n\n"
        out += DocsMarkdown.table(["lesson", "name", "steps"], try DocsLessonPage.bundled().map { lesson in
            ["[\(lesson.title.line(.en))](\(DocsLessonPage.path(for: lesson.name, language: .en)))",
             DocsMarkdown.code(lesson.name), String(lesson.steps.count)]
        })
        return out
    }

    /// `zh/index.md`: the Chinese pages — every layer and every lesson.
    static func chineseIndex(lessons: [Lesson]) throws -> String {
        var out = DocsMarkdown.marker + "\n\n# LayerScope 中文文档\n\n"
        out += "[English](../index.md)\n\n"
        out += "这里的每一页都由 LayerScope 自己生成（`layerscope docs`），`swift test` 会检查它们是否最新。"
            + "每幅图都附有打印它的 `layerscope render` 命令。用 `layerscope --lang zh`（或 `LANG=zh_CN.UTF-8`）以中文运行程序。\n\n"
        out += "## 层\n\n"
        out += DocsMarkdown.table(["层", "分组", "作用"], Catalog.schemas.map { schema in
            ["[nn.\(schema.name)](\(DocsLayerPage.path(for: schema)))", DocsText.say(schema.group.rawValue, .zh),
             Workbench.translated(schema.summary, to: .zh)]
        })
        out += "\n## 课程\n\n"
        out += "`layerscope lesson 名称 --lang zh` 打开一课（程序中按 `L` 列出所有课程）。\n\n"
        out += DocsMarkdown.table(["课程", "名称", "步数"], lessons.map { lesson in
            ["[\(lesson.title.line(.zh))](lessons/\(lesson.name).md)", DocsMarkdown.code(lesson.name), String(lesson.steps.count)]
        })
        return out
    }

    /// `cli.md`: the help of the root command and of every subcommand, as the parser prints it.
    static func cli() -> String {
        var out = DocsMarkdown.marker + "\n\n# Commands\n\n" + navigation
        out += "Each section is the command's own `--help`, wrapped at \(helpColumns) columns.\n\n"
        out += "## layerscope\n\n" + DocsMarkdown.block(LayerScope.helpMessage(columns: helpColumns)) + "\n"
        for command in LayerScope.configuration.subcommands {
            let name = command.configuration.commandName ?? String(describing: command).lowercased()
            out += "## layerscope \(name)\n\n"
            out += DocsMarkdown.block(LayerScope.helpMessage(for: command, columns: helpColumns)) + "\n"
        }
        return out
    }

    /// `keys.md`: the key map, the prompt's keys and the mouse, from `KeyMap`.
    static func keys() -> String {
        var out = DocsMarkdown.marker + "\n\n# Keys of the interactive program\n\n" + navigation
        out += "`layerscope` (or `layerscope ui`) runs the interactive program; `?` shows these keys in it.\n\n"
        out += "## Everywhere outside a prompt\n\n"
        out += DocsMarkdown.table(["keys", "does"], KeyMap.bindings.map { binding in
            [binding.keys.map { DocsMarkdown.code($0.label()) }.joined(separator: " "), binding.summary]
        })
        out += "\n## In a prompt\n\n"
        out += DocsMarkdown.table(["keys", "does"], KeyMap.promptKeys.map { [DocsMarkdown.code($0.keys), $0.summary] })
        out += "\n## In a lesson\n\n"
        out += DocsMarkdown.table(["keys", "does"], KeyMap.lessonKeys.map { [DocsMarkdown.code($0.keys), $0.summary] })
        out += "\n## In the network view\n\n"
        out += DocsMarkdown.table(["keys", "does"], KeyMap.networkKeys.map { [DocsMarkdown.code($0.keys), $0.summary] })
        out += "\n## Mouse\n\n"
        out += DocsMarkdown.table(["action", "does"], KeyMap.mouseActions.map { [$0.keys, $0.summary] })
        return out
    }

    /// `themes.md`: the format (the header of `default.toml`), then each bundled theme: its summary,
    /// its colour maps and its file.
    static func themes() throws -> String {
        var out = DocsMarkdown.marker + "\n\n# Themes\n\n" + navigation
        out += "`layerscope themes` lists the themes a name can reach; `--theme NAME|PATH` picks one "
            + "for `render` and the interactive program. The bundled themes are below; "
            + "[themes.html](\(DocsThemePage.path)) shows each of them in colour.\n\n"
        let bundled = BundledThemes.all()
        guard let defaultFile = bundled.first(where: { $0.name == "default" }) else {
            throw CLIError("docs: the bundled themes were not found")
        }
        out += "## The format\n\n" + DocsMarkdown.block(formatDescription(defaultFile.text)) + "\n"
        for file in bundled {
            let theme = try ThemeLoader.load(text: file.text, path: "themes/\(file.name).toml")
            out += "## \(file.name)\n\n\(theme.summary).\n\n"
            out += DocsMarkdown.block(Themes.swatches(theme, depth: .none)) + "\n"
            out += DocsMarkdown.block(settings(file.text), language: "toml") + "\n"
        }
        return out
    }

    /// The comment at the top of a theme file without its `# `, from the line that starts
    /// "Format" (the lines before it are about the default theme itself).
    private static func formatDescription(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("#") }
            .map { line in String(line.dropFirst(line.hasPrefix("# ") ? 2 : 1)) }
        let format = lines.drop { !$0.hasPrefix("Format") }
        return (format.isEmpty ? lines[...] : format).joined(separator: "\n")
    }

    /// A theme file without the comment at its top.
    private static func settings(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.drop { $0.hasPrefix("#") || $0.isEmpty }.joined(separator: "\n")
    }
}
