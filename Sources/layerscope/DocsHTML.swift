// DocsHTML: the frame of the generated HTML pages (the colour pictures Markdown cannot show) — the
// generated-file marker, the head with its style sheet, and the end.

/// The start and end of a generated HTML page.
enum DocsHTML {
    /// Everything up to and with `<body>`: the marker, the title, the style rules shared by every
    /// page (pictures in monospace, lines close together) and the page's own `css`.
    static func start(title: String, css: String) -> String {
        DocsMarkdown.marker + "\n" + """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(title)</title>
            <style>
            pre.layerscope { font-family: monospace; line-height: 1.15; }
            \(css)
            </style>
            </head>
            <body>

            """
    }

    /// What closes a page.
    static let end = "</body>\n</html>\n"
}
