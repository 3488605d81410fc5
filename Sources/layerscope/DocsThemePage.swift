// DocsThemePage: `docs/themes.html` — the same picture in each bundled theme, in colour, on a dark
// and on a light backdrop: the swatch Markdown cannot show. Each picture is the HTML that the render
// command written above it prints.

import BundledThemes
import CellRender

/// The colour page of the bundled themes.
enum DocsThemePage {
    /// The page's path inside the docs folder.
    static let path = "themes.html"

    /// The scene every theme draws: a convolution's input (sequential map) and output (diverging).
    static func command(theme: String) -> DocsRenderCommand {
        DocsRenderCommand("nn.Conv2d(1, 2, 3)", ["--view", "output", "--theme", theme], medium: .colourHTML)
    }

    /// The HTML of the page.
    static func text() throws -> String {
        var out = DocsHTML.start(title: "LayerScope themes in colour", css: """
            body { background: #808080; color: #000000; font-family: sans-serif; }
            .backdrops { display: flex; flex-wrap: wrap; gap: 1em; }
            .dark { background: #101010; color: #d0d0d0; padding: 0.5em; }
            .light { background: #ffffff; color: #202020; padding: 0.5em; }
            pre.layerscope { margin: 0; }
            """)
        out += """
            <h1>LayerScope themes in colour</h1>
            <p>Each bundled theme draws the same picture, on a dark and on a light terminal; each is made for one of them, or for any. The theme format is described in <a href="themes.md">themes.md</a>.</p>

            """
        for file in BundledThemes.all() {
            let theme = try ThemeLoader.load(text: file.text, path: "themes/\(file.name).toml")
            let command = command(theme: file.name)
            let picture = try command.output()
            out += "<h2>\(TextOutput.escapeHTML(file.name))</h2>\n"
            out += "<p>\(TextOutput.escapeHTML(theme.summary)). Made for "
                + "\(TextOutput.escapeHTML(Themes.backgroundPhrase(theme.background))).</p>\n"
            out += "<p><code>\(TextOutput.escapeHTML(command.commandLine))</code></p>\n"
            out += "<div class=\"backdrops\">\n<div class=\"dark\">\n" + picture + "</div>\n"
            out += "<div class=\"light\">\n" + picture + "</div>\n</div>\n"
        }
        return out + DocsHTML.end
    }
}
