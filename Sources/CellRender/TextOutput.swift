// TextOutput: a finished `CellGrid` as text — plain glyphs, glyphs with ANSI SGR escape sequences
// at a given colour depth, or an HTML `<pre>` block. This is the headless path: everything that is
// not drawn by curses (renders to a file, to a pipe, into documentation) comes out of here.
//
// Every format shows each row exactly `grid.width` columns wide. Continuation cells (the right
// half of a wide glyph) are skipped because the wide glyph before them already covers them; a cell
// that could not be shown in its columns (a stray continuation, a wide glyph without its right half,
// a zero-width or control glyph) is shown as a space, so the column count never drifts.

/// The text formats a grid can be written in.
public enum TextFormat: Sendable, Hashable {
    /// Glyphs only.
    case plain
    /// Glyphs with SGR escape sequences, colours reduced to `depth` (`.none` gives plain text).
    case ansi(depth: ColorDepth)
    /// A self-contained `<pre class="layerscope">` block with inline-styled `<span>` runs.
    case html
}

/// Writes grids as text.
public enum TextOutput {
    /// The grid in `format`; an empty grid (no rows) gives "".
    public static func render(_ grid: CellGrid, as format: TextFormat) -> String {
        switch format {
        case .plain: return plain(grid)
        case .ansi(let depth): return ansi(grid, depth: depth)
        case .html: return html(grid)
        }
    }

    /// One line per row, each exactly `grid.width` columns (trailing spaces kept), each ending in "\n".
    public static func plain(_ grid: CellGrid) -> String {
        var out = ""
        for row in rows(of: grid) {
            for run in row { out += run.glyph }
            out += "\n"
        }
        return out
    }

    /// The plain text with SGR sequences wherever the style changes; every line that set a style
    /// ends with a reset (`ESC[0m`) before its "\n", so no colour reaches the next line.
    ///
    /// Colours are reduced with `Color.reduced(to:)`: 16 colours as 30–37/90–97 (background
    /// 40–47/100–107), 256 colours as `38;5;n`, truecolor as `38;2;r;g;b`; the default colour is
    /// 39/49. Attributes: bold 1, dim 2, italic 3, underline 4, reverse 7. A change that only adds
    /// attributes or changes colours writes just those; a change that removes an attribute starts
    /// with 0 and writes the whole new style. Depth `.none` writes the plain text.
    public static func ansi(_ grid: CellGrid, depth: ColorDepth) -> String {
        guard depth != .none else { return plain(grid) }
        var out = ""
        for row in rows(of: grid) {
            var current = Style.plain
            for run in row {
                let style = reduce(run.style, to: depth)
                if style != current {
                    out += "\u{1B}[" + sgrParameters(from: current, to: style).joined(separator: ";") + "m"
                    current = style
                }
                out += run.glyph
            }
            if current != .plain { out += "\u{1B}[0m" }
            out += "\n"
        }
        return out
    }

    /// A `<pre class="layerscope">` block, one line per row, with a `<span style="…">` per run of
    /// equally styled cells (unstyled runs are bare text); `& < > "` are escaped.
    ///
    /// Colours are written as `#rrggbb` (`Color.rgbComponents`); the default colour writes no
    /// property. Bold is `font-weight:bold`, dim `opacity:0.6`, italic `font-style:italic`,
    /// underline `text-decoration:underline`; reverse swaps the two colours, a default one becoming
    /// the page's own (`Canvas` / `CanvasText`).
    public static func html(_ grid: CellGrid) -> String {
        let lines = rows(of: grid)
        guard !lines.isEmpty else { return "" }
        var out = "<pre class=\"layerscope\">"
        for (index, row) in lines.enumerated() {
            if index > 0 { out += "\n" }
            var runStyle = Style.plain
            var runText = ""
            func flush() {
                guard !runText.isEmpty else { return }
                let css = cssProperties(runStyle)
                out += css.isEmpty ? runText : "<span style=\"" + css + "\">" + runText + "</span>"
                runText = ""
            }
            for cell in row {
                if cell.style != runStyle {
                    flush()
                    runStyle = cell.style
                }
                runText += escapeHTML(cell.glyph)
            }
            flush()
        }
        return out + "\n</pre>\n"
    }

    // MARK: Rows

    /// What one row shows: a glyph and its style per visible cell, continuation cells dropped.
    private struct Shown {
        var glyph: String
        var style: Style
    }

    /// The grid's rows as shown cells whose widths add up to exactly `grid.width`.
    private static func rows(of grid: CellGrid) -> [[Shown]] {
        let width = grid.width
        return (0..<grid.height).map { y in
            var row: [Shown] = []
            row.reserveCapacity(width)
            var x = 0
            while x < width {
                let cell = grid.cells[y * width + x]
                let columns = cell.isContinuation ? 0 : TextWidth.of(cell.glyph)
                if columns == 2, x + 1 < width, grid.cells[y * width + x + 1].isContinuation {
                    row.append(Shown(glyph: cell.glyph, style: cell.style))
                    x += 2
                } else {
                    row.append(Shown(glyph: columns == 1 ? cell.glyph : " ", style: cell.style))
                    x += 1
                }
            }
            return row
        }
    }

    // MARK: ANSI

    /// The style as `depth` shows it.
    private static func reduce(_ style: Style, to depth: ColorDepth) -> Style {
        Style(fg: style.fg.reduced(to: depth), bg: style.bg.reduced(to: depth), attributes: style.attributes)
    }

    /// The SGR attribute codes, in ascending order.
    private static let attributeCodes: [(CellAttributes, String)] = [
        (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7"),
    ]

    /// The SGR parameters that turn style `old` into style `new` (which differ).
    private static func sgrParameters(from old: Style, to new: Style) -> [String] {
        if !old.attributes.isSubset(of: new.attributes) {
            // SGR has no portable way to drop one attribute: reset, then write the whole style.
            var parameters = ["0"]
            parameters += attributeCodes.filter { new.attributes.contains($0.0) }.map(\.1)
            if new.fg != .default { parameters.append(colorCode(new.fg, background: false)) }
            if new.bg != .default { parameters.append(colorCode(new.bg, background: true)) }
            return parameters
        }
        let added = new.attributes.subtracting(old.attributes)
        var parameters = attributeCodes.filter { added.contains($0.0) }.map(\.1)
        if new.fg != old.fg { parameters.append(colorCode(new.fg, background: false)) }
        if new.bg != old.bg { parameters.append(colorCode(new.bg, background: true)) }
        return parameters
    }

    /// The SGR parameter(s) selecting `color` as foreground or background.
    private static func colorCode(_ color: Color, background: Bool) -> String {
        switch color {
        case .default:
            return background ? "49" : "39"
        case .ansi(let i):
            let n = Int(i) & 15
            let base = n < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
            return String(base + n % 8)
        case .indexed(let n):
            return (background ? "48;5;" : "38;5;") + String(n)
        case .rgb(let r, let g, let b):
            return (background ? "48;2;" : "38;2;") + "\(r);\(g);\(b)"
        }
    }

    // MARK: HTML

    /// The inline CSS of a style ("" for the plain style).
    private static func cssProperties(_ style: Style) -> String {
        func hex(_ color: Color) -> String? {
            color.rgbComponents.map { Color.rgb($0.r, $0.g, $0.b).name }
        }
        var fg = hex(style.fg)
        var bg = hex(style.bg)
        if style.attributes.contains(.reverse) {
            (fg, bg) = (bg ?? "Canvas", fg ?? "CanvasText")
        }
        var properties: [String] = []
        if let fg { properties.append("color:" + fg) }
        if let bg { properties.append("background:" + bg) }
        if style.attributes.contains(.bold) { properties.append("font-weight:bold") }
        if style.attributes.contains(.italic) { properties.append("font-style:italic") }
        if style.attributes.contains(.dim) { properties.append("opacity:0.6") }
        if style.attributes.contains(.underline) { properties.append("text-decoration:underline") }
        return properties.joined(separator: ";")
    }

    /// `text` with `& < > "` replaced by entities (also for the HTML pages `layerscope docs` writes).
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
