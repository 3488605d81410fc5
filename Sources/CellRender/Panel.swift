// Panel: a bordered box around a part of the screen, with a title in the top border, a hint in the
// bottom border and a focused look; it returns the inner area for the content.

/// A border with an optional title and footer.
///
/// Focus shows as the `.focus` style; without colour it also shows in the glyphs (heavy lines, or
/// `=` and `#` in ASCII), so that it survives a monochrome terminal.
public struct Panel: Sendable, Hashable {
    /// Text in the top border, left-aligned after one border glyph (cut with `…` / `~`).
    public var title: String?
    /// Text in the bottom border, right-aligned before one border glyph (a key hint, a status).
    public var footer: String?
    /// Whether this panel has the keyboard focus.
    public var focused: Bool

    /// A panel; all parts optional.
    public init(title: String? = nil, footer: String? = nil, focused: Bool = false) {
        self.title = title
        self.footer = footer
        self.focused = focused
    }

    /// Heavy box-drawing lines, for a focused panel without colour.
    public static let heavyBox = BoxGlyphs(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓",
                                           bottomLeft: "┗", bottomRight: "┛", teeDown: "┳", teeUp: "┻",
                                           teeRight: "┣", teeLeft: "┫", cross: "╋")
    /// ASCII lines for a focused panel without colour.
    public static let asciiFocusBox = BoxGlyphs(horizontal: "=", vertical: "|", topLeft: "#", topRight: "#",
                                                bottomLeft: "#", bottomRight: "#", teeDown: "#", teeUp: "#",
                                                teeRight: "#", teeLeft: "#", cross: "#")

    /// The glyphs this panel's border uses under `options`.
    public func boxGlyphs(_ options: RenderOptions) -> BoxGlyphs {
        guard focused, !options.color else { return options.box }
        return options.ascii ? Panel.asciiFocusBox : Panel.heavyBox
    }

    /// Draws the border (and title and footer where they fit) and returns the area inside it.
    ///
    /// Areas less than 2 cells in either direction get a plain line (what fits) and an empty inner
    /// rectangle; a 2×2 area is just the four corners.
    @discardableResult
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) -> Rect {
        let empty = Rect(x: area.x, y: area.y, width: 0, height: 0)
        guard !area.isEmpty else { return empty }
        let box = boxGlyphs(options)
        let line = options.style(focused ? .focus : .border)
        if area.height == 1 {
            grid.put(String(repeating: box.horizontal, count: area.width), x: area.x, y: area.y, style: line, clip: area)
            putTitle(into: &grid, area: area, options: options)
            return empty
        }
        if area.width == 1 {
            for y in area.y..<area.maxY { grid.put(box.vertical, x: area.x, y: y, style: line, clip: area) }
            return empty
        }
        let inner = String(repeating: box.horizontal, count: area.width - 2)
        grid.put(box.topLeft + inner + box.topRight, x: area.x, y: area.y, style: line, clip: area)
        grid.put(box.bottomLeft + inner + box.bottomRight, x: area.x, y: area.maxY - 1, style: line, clip: area)
        for y in (area.y + 1)..<(area.maxY - 1) {
            grid.put(box.vertical, x: area.x, y: y, style: line, clip: area)
            grid.put(box.vertical, x: area.maxX - 1, y: y, style: line, clip: area)
        }
        putTitle(into: &grid, area: area, options: options)
        putFooter(into: &grid, area: area, options: options)
        return area.inset(1)
    }

    /// ` Title ` from the third column, leaving at least one border glyph before the right corner.
    private func putTitle(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard let title, !title.isEmpty else { return }
        let room = area.width - 4 - 2  // corner + glyph, two spaces, glyph + corner
        guard room >= 1 else { return }
        let shown = TextWidth.truncate(title, to: room, ascii: options.ascii)
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        grid.put(" " + shown + " ", x: area.x + 2, y: area.y, style: options.style(.title), clip: row)
    }

    /// ` hint ` ending one border glyph before the bottom-right corner.
    private func putFooter(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard let footer, !footer.isEmpty else { return }
        let room = area.width - 6
        guard room >= 1 else { return }
        let shown = " " + TextWidth.truncate(footer, to: room, ascii: options.ascii) + " "
        let row = Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1)
        grid.put(shown, x: area.maxX - 2 - TextWidth.of(shown), y: row.y, style: options.style(.muted), clip: row)
    }
}
