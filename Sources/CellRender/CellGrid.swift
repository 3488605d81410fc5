// CellGrid: the picture — a width × height array of cells, row-major and contiguous — and the
// primitive drawing operations every widget is built from. Everything clips to the grid (and to an
// optional clip rectangle), so no widget can write outside its area, whatever its size.

/// A rectangle of character cells.
public struct CellGrid: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells: `cells[y * width + x]`.
    public private(set) var cells: [Cell]

    /// A grid of `width` × `height` cells, each `fill` (negative sizes are taken as 0).
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = Swift.max(0, width)
        self.height = Swift.max(0, height)
        self.cells = [Cell](repeating: fill, count: self.width * self.height)
    }

    /// A grid drawn from lines of text (one glyph per column; for tests and fixtures).
    public init(lines: [String], style: Style = .plain) {
        let w = lines.map { TextWidth.of($0) }.max() ?? 0
        self.init(width: w, height: lines.count)
        for (y, line) in lines.enumerated() { put(line, x: 0, y: y, style: style) }
    }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; reading outside gives a blank, writing outside does nothing.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Sets every cell of `rect` (clipped) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let row = y * width
            // A wide glyph straddling either edge loses its half outside the rectangle too.
            if cells[row + r.x].isContinuation { clearWide(at: r.x, y) }
            if TextWidth.of(cells[row + r.maxX - 1].glyph) == 2 { clearWide(at: r.maxX - 1, y) }
            for x in r.x..<r.maxX { cells[row + x] = cell }
        }
    }

    /// Changes the style of every cell of `rect` (clipped), keeping the glyphs.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { change(&cells[y * width + x].style) }
        }
    }

    /// Writes `text` from column `x` of row `y`, clipped to `clip` (default: the whole grid).
    ///
    /// Wide glyphs take two cells; one that would straddle the clip edge is replaced by a space.
    /// Control characters are skipped. Returns the column after the last glyph written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        var cx = x
        guard y >= area.y, y < area.maxY else { return x + TextWidth.of(text) }
        for ch in text {
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            if cx >= area.maxX { break }
            if cx >= area.x {
                if w == 2 && cx + 1 >= area.maxX {
                    self[cx, y] = Cell(" ", style: style)
                } else {
                    clearWide(at: cx, y)
                    self[cx, y] = Cell(String(ch), style: style)
                    if w == 2 {
                        clearWide(at: cx + 1, y)
                        self[cx + 1, y] = Cell("", style: style)
                    }
                }
            }
            cx += w
        }
        return cx
    }

    /// Writes `text` centred in `rect`'s first row (cut with `…` when too long).
    public mutating func putCentered(_ text: String, in rect: Rect, style: Style = .plain) {
        guard !rect.isEmpty else { return }
        let shown = TextWidth.truncate(text, to: rect.width)
        let w = TextWidth.of(shown)
        put(shown, x: rect.x + (rect.width - w) / 2, y: rect.y, style: style, clip: rect)
    }

    /// Copies `other` with its top-left corner at (`x`, `y`), clipped to this grid.
    public mutating func blit(_ other: CellGrid, x: Int, y: Int) {
        fill(Rect(x: x, y: y, width: other.width, height: other.height).intersection(bounds), with: .blank)
        for oy in 0..<other.height {
            for ox in 0..<other.width { self[x + ox, y + oy] = other.cells[oy * other.width + ox] }
        }
    }

    /// The glyphs of each row, continuation cells skipped (what a terminal shows, without colour).
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { line += cells[y * width + x].glyph }
            return line
        }
    }

    /// Overwriting half of a wide glyph blanks its other half, so no orphan half is left.
    private mutating func clearWide(at x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let cell = cells[y * width + x]
        if cell.isContinuation, x > 0 {
            cells[y * width + x - 1].glyph = " "
        } else if TextWidth.of(cell.glyph) == 2, x + 1 < width {
            cells[y * width + x + 1].glyph = " "
        }
        cells[y * width + x].glyph = " "
    }
}
