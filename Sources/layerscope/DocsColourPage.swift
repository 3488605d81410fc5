// DocsColourPage: `docs/layers/html/<layer>.html` — the seed example's views in colour, beside the
// layer's Markdown page (whose pictures are ASCII without colour). Each picture is the HTML that the
// render command written above it prints.

import CellRender
import LayerKit
import Scenes

/// The colour page of one layer.
struct DocsColourPage {
    /// The layer's catalog entry.
    let schema: LayerSchema

    /// The page's path inside the docs folder: `layers/html/conv2d.html`.
    static func path(for schema: LayerSchema) -> String {
        "layers/html/" + schema.name.lowercased() + ".html"
    }

    /// The page's path as the layer's Markdown page links it.
    static func link(for schema: LayerSchema) -> String {
        "html/" + schema.name.lowercased() + ".html"
    }

    /// The HTML of the page.
    func text() throws -> String {
        let seed = try DocsLayerPage.seedExample(for: schema)
        var out = DocsHTML.start(title: "nn.\(schema.name) in colour", css: """
            body { background: #101010; color: #d0d0d0; font-family: sans-serif; }
            code { color: #a0a0a0; }
            """)
        out += """
            <h1>nn.\(schema.name)</h1>
            <p>\(TextOutput.escapeHTML(seed.summary)). The same views as on <a href="../\(schema.name.lowercased()).md">the layer's page</a>, in the default theme's colours.</p>

            """
        for view in try Scene(seed.state()).views {
            let command = DocsRenderCommand(seed, view: view.name, medium: .colourHTML)
            out += "<h2>\(view.name): \(TextOutput.escapeHTML(view.summary))</h2>\n"
            out += "<p><code>\(TextOutput.escapeHTML(command.commandLine))</code></p>\n"
            out += try command.output()
        }
        return out + DocsHTML.end
    }
}
