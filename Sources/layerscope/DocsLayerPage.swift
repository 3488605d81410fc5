// DocsLayerPage: `docs/layers/<layer>.md` — one layer's page: what it computes, its parameter table
// from the catalog, its output shape, what surprises learners, and the pictures of its seed example
// and variations, each under the render command that prints it.

import LayerKit
import Scenes

/// The page of one layer.
struct DocsLayerPage {
    /// The layer's catalog entry.
    let schema: LayerSchema
    /// The page's language (the Chinese page is `zh/layers/…`; its pictures are the same).
    var language: Language = .en

    /// The page's path inside the docs folder: `layers/conv2d.md` (the class name in lower case),
    /// `zh/layers/conv2d.md` in Chinese.
    static func path(for schema: LayerSchema, language: Language = .en) -> String {
        DocsText.folder(language) + "layers/" + schema.name.lowercased() + ".md"
    }

    /// The text in the page's language.
    private func say(_ english: String) -> String { DocsText.say(english, language) }
    private func translated(_ english: String) -> String { Workbench.translated(english, to: language) }
    /// A hand-written note of the page in its language (English where no Chinese is written yet).
    private func note(_ english: String) -> String {
        language == .zh ? DocsChineseNotes.text[english] ?? english : english
    }

    /// The seed example of `schema` (the first one whose layer it is).
    static func seedExample(for schema: LayerSchema) throws -> Preset {
        guard let preset = try Preset.seedExamples.first(where: { try layerName(of: $0) == schema.name }) else {
            throw CLIError("docs: nn.\(schema.name) has no seed example")
        }
        return preset
    }

    /// The other ready-made examples of `schema`.
    static func otherExamples(for schema: LayerSchema) throws -> [Preset] {
        try Preset.variations.filter { try layerName(of: $0) == schema.name }
    }

    /// The class name of a preset's layer.
    private static func layerName(of preset: Preset) throws -> String {
        try preset.state().arguments.schema.name
    }

    /// The Markdown of the page.
    func text() throws -> String {
        guard let notes = DocsLayerNotes.notes(for: schema.name) else {
            throw CLIError("docs: nn.\(schema.name) has no notes in DocsLayerNotes")
        }
        let seed = try DocsLayerPage.seedExample(for: schema)
        let views = try Scene(seed.state()).views
        var out = DocsMarkdown.marker + "\n\n"
        out += "# nn.\(schema.name)\n\n"
        if language == .zh {
            out += "\(translated(schema.summary))。分组：\(DocsText.say(schema.group.rawValue, .zh))。PyTorch 文档：<\(schema.documentationURL)>。\n\n"
            out += "[所有层](../index.md) · [English](../../\(DocsLayerPage.path(for: schema))) · [课程](../index.md#课程)\n\n"
        } else {
            out += "\(schema.summary). Group: \(schema.group.rawValue). PyTorch's page: <\(schema.documentationURL)>.\n\n"
            out += "[All layers](../index.md) · [commands](../cli.md) · [keys](../keys.md) · [themes](../themes.md) · "
                + "[中文](../\(DocsLayerPage.path(for: schema, language: .zh)))\n\n"
        }
        out += "## \(say("What it computes"))\n\n" + DocsMarkdown.block(notes.computes) + "\n"
        out += "## \(say("Parameters"))\n\n" + parameterTable() + "\n"
        out += "## \(say("Shapes"))\n\n" + DocsMarkdown.block(notes.outputShape) + "\n"
        out += "## \(say("What surprises learners"))\n\n"
        out += notes.surprises.map { "- " + note($0) + "\n" }.joined() + "\n"
        out += "## \(say("Views"))\n\n"
        out += DocsMarkdown.table([say("view"), say("shows")], views.map { [DocsMarkdown.code($0.name), $0.summary] }) + "\n"
        out += "## \(say("Pictures"))\n\n"
        if language == .zh {
            out += "每幅图都正是其上方命令的输出（80×24、ASCII、无颜色）；`layerscope` 以交互方式显示同样的图。\n\n"
        } else {
            out += "Each picture is exactly what the command above it prints (80×24, ASCII, no colour); "
                + "`layerscope` shows the same pictures interactively, and "
                + "[the colour page](\(DocsColourPage.link(for: schema))) shows the seed example's views in colour.\n\n"
        }
        out += "### \(say("The seed example:")) \(seed.summary)\n\n"
        out += try views.map { try DocsLayerPage.picture(DocsRenderCommand(seed, view: $0.name)) }.joined()
        for example in try DocsLayerPage.otherExamples(for: schema) {
            out += "### \(say("Another example:")) \(example.summary)\n\n"
            out += try DocsLayerPage.picture(DocsRenderCommand(example, view: views[0].name))
        }
        for variation in notes.variations {
            out += "### \(say("Variation:")) \(note(variation.title))\n\n\(note(variation.summary))\n\n"
            out += try variation.commands.map(DocsLayerPage.picture).joined()
        }
        // Every layer page shows a drill-down: its own variation, or the seed example's first view that has one.
        if !notes.variations.contains(where: { $0.commands.contains { $0.arguments.contains("--explain") } }) {
            let scene = try Scene(seed.state())
            if let view = try views.first(where: { try scene.selecting(view: $0.name, channel: 0, position: OutputPosition()).explainsItsElement }) {
                out += "### \(say("How one number is made"))\n\n" + say("`--explain` (`x` in the interactive program) works the selected "
                    + "output out with its numbers; `--position ROW,COL` and `--channel` choose it.") + "\n\n"
                var command = DocsRenderCommand(seed, view: view.name)
                command.arguments.insert("--explain", at: 1)
                out += try DocsLayerPage.picture(command)
            }
        }
        return out
    }

    /// One picture: its command in a shell block, then what it prints in a text block.
    static func picture(_ command: DocsRenderCommand) throws -> String {
        DocsMarkdown.block(command.commandLine, language: "sh") + "\n"
            + DocsMarkdown.block(try command.output()) + "\n"
    }

    /// The parameters, generated from the catalog: name, default, accepted values, stepping range
    /// and meaning.
    private func parameterTable() -> String {
        guard !schema.params.isEmpty else { return say("No parameters.") + "\n" }
        let rows = schema.params.map { spec -> [String] in
            var name = DocsMarkdown.code(spec.name)
            if spec.keywordOnly { name += " (keyword-only)" }
            let value = spec.defaultValue.map { DocsMarkdown.code($0.pythonRepr) } ?? say("required")
            var range = ""
            if let r = spec.range {
                let step = r.step == r.step.rounded() ? String(Int(r.step)) : pythonFloatRepr(r.step)
                range = r.summary + (r.step == 1 ? "" : ", step " + step)
            }
            let meaning = translated(spec.summary) + (spec.deprecated ? " (" + say("deprecated") + ")" : "")
            return [name, value, DocsMarkdown.code(spec.kind.summary), range, meaning]
        }
        return DocsMarkdown.table(["parameter", "default", "accepts", "editor steps in", "meaning"].map(say), rows)
    }
}
