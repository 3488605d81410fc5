// Heatmap: a 2-D slice of numbers as coloured cells — half blocks (two values per cell, colour only),
// or one glyph per value from a shade/ASCII ramp so that magnitude survives without colour. Cells can
// be marked (padding, the taps of a window, a highlighted position) so that scenes can show which
// inputs a kernel or a pooling window reads.

/// How a heatmap's cell looks apart from its value.
public enum CellMark: UInt8, Sendable, Hashable {
    case none
    /// A padding cell (not part of the input).
    case padding
    /// A cell a window reads (kernel tap, pooling window, adaptive bin).
    case window
    /// The cell under the cursor, or the position a result came from (argmax).
    case highlight
}

/// A heatmap of `rows` × `cols` values.
public struct Heatmap: Sendable {
    /// How values become cells.
    public enum Mode: Sendable, Hashable {
        /// Half blocks when colour is available, the data has no marks and does not fit otherwise;
        /// glyphs otherwise.
        case auto
        /// `▄` with the upper value as background and the lower one as foreground (needs colour).
        case halfBlock
        /// One ramp glyph (or coloured cell) per value, `cellWidth` columns wide.
        case glyphs
    }

    public var rows: Int
    public var cols: Int
    /// Row-major values, `rows * cols` of them (missing values count as NaN).
    public var values: [Float]
    public var scale: ValueScale
    public var mode: Mode
    /// Per-cell marks, row-major like `values` (empty: no marks).
    public var marks: [CellMark]
    /// Columns per value in glyph mode (nil: 2 when it fits — square cells — else 1; wider when
    /// `labels` asks for room).
    public var cellWidth: Int?
    /// Print each value inside its cell when cells are wide enough (`cellWidth` ≥ 5).
    public var labels: Bool

    public init(rows: Int, cols: Int, values: [Float], scale: ValueScale? = nil, mode: Mode = .auto,
                marks: [CellMark] = [], cellWidth: Int? = nil, labels: Bool = false) {
        self.rows = Swift.max(0, rows)
        self.cols = Swift.max(0, cols)
        self.values = values
        self.scale = scale ?? ValueScale.fit(values.prefix(Swift.max(0, rows) * Swift.max(0, cols)), mode: .auto)
        self.mode = mode
        self.marks = marks
        self.cellWidth = cellWidth
        self.labels = labels
    }

    /// The geometry chosen for an area.
    public struct Layout: Sendable, Hashable {
        /// Whether half blocks are used (two value rows per text row).
        public var halfBlock: Bool
        /// Columns per value.
        public var cellWidth: Int
        /// Every `step`-th row and column is shown (1 when everything fits).
        public var step: Int
        /// Values shown across and down.
        public var shownCols: Int
        public var shownRows: Int
        /// The cells the heatmap covers.
        public var width: Int
        public var height: Int
    }

    /// The geometry that fits `width` × `height` cells under `options`.
    public func layout(width: Int, height: Int, options: RenderOptions) -> Layout {
        let empty = Layout(halfBlock: false, cellWidth: 1, step: 1, shownCols: 0, shownRows: 0, width: 0, height: 0)
        guard rows > 0, cols > 0, width > 0, height > 0 else { return empty }
        let canHalf = options.colorCarriesValues && !options.ascii && marks.allSatisfy { $0 == .none } && !labels
        func glyphLayout(_ cw: Int) -> Layout? {
            guard cols * cw <= width, rows <= height else { return nil }
            return Layout(halfBlock: false, cellWidth: cw, step: 1, shownCols: cols, shownRows: rows,
                          width: cols * cw, height: rows)
        }
        if mode != .halfBlock || !canHalf {
            if let cw = cellWidth, let fit = glyphLayout(cw) { return fit }
            if labels, let fit = glyphLayout(Swift.max(7, cellWidth ?? 0)) { return fit }
            if let fit = glyphLayout(2) { return fit }
            if mode == .glyphs || !canHalf {
                if let fit = glyphLayout(1) { return fit }
                return sampled(width: width, height: height, halfBlock: false)
            }
        }
        // Half blocks: one column and half a row per value.
        if cols <= width, (rows + 1) / 2 <= height {
            return Layout(halfBlock: true, cellWidth: 1, step: 1, shownCols: cols, shownRows: rows,
                          width: cols, height: (rows + 1) / 2)
        }
        return sampled(width: width, height: height, halfBlock: true)
    }

    /// Every `step`-th value, for data larger than the area.
    private func sampled(width: Int, height: Int, halfBlock: Bool) -> Layout {
        let rowCapacity = halfBlock ? height * 2 : height
        var step = 1
        while (cols + step - 1) / step > width || (rows + step - 1) / step > rowCapacity { step += 1 }
        let shownCols = (cols + step - 1) / step, shownRows = (rows + step - 1) / step
        return Layout(halfBlock: halfBlock, cellWidth: 1, step: step, shownCols: shownCols, shownRows: shownRows,
                      width: shownCols, height: halfBlock ? (shownRows + 1) / 2 : shownRows)
    }

    /// The value at (`row`, `col`) (NaN when missing).
    public func value(_ row: Int, _ col: Int) -> Float {
        let i = row * cols + col
        return i < values.count ? values[i] : .nan
    }

    /// The mark at (`row`, `col`).
    public func mark(_ row: Int, _ col: Int) -> CellMark {
        let i = row * cols + col
        return i < marks.count ? marks[i] : .none
    }

    /// The colour of a value (NaN/±Inf: nil).
    public func color(_ value: Float, options: RenderOptions) -> Color? {
        guard let t = scale.normalized(value) else { return nil }
        return (scale.isSymmetric ? options.theme.diverging : options.theme.sequential).color(at: t)
    }

    /// Draws the heatmap at the top-left of `area` and returns the layout used.
    @discardableResult
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) -> Layout {
        let lay = layout(width: area.width, height: area.height, options: options)
        guard lay.width > 0 else { return lay }
        if lay.halfBlock {
            for ty in 0..<lay.height {
                for tx in 0..<lay.shownCols {
                    let c = tx * lay.step
                    let upper = value(2 * ty * lay.step, c)
                    let lowerRow = (2 * ty + 1) * lay.step
                    let lower: Float? = (2 * ty + 1) < lay.shownRows ? value(lowerRow, c) : nil
                    grid[area.x + tx, area.y + ty] = halfCell(upper, lower, options)
                }
            }
            return lay
        }
        let decimals = labels && lay.cellWidth >= 5 ? labelDecimals(width: lay.cellWidth - 2) : nil
        for ty in 0..<lay.shownRows {
            for tx in 0..<lay.shownCols {
                let r = ty * lay.step, c = tx * lay.step
                drawGlyphCell(value(r, c), mark(r, c), into: &grid, x: area.x + tx * lay.cellWidth,
                              y: area.y + ty, width: lay.cellWidth, decimals: decimals, options: options)
            }
        }
        return lay
    }

    private func halfCell(_ upper: Float, _ lower: Float?, _ options: RenderOptions) -> Cell {
        let special = options.style(.special)
        guard let top = color(upper, options: options) else {
            return Cell(SpecialGlyph.nonFinite(upper, ascii: options.ascii), style: special)
        }
        guard let lower else { return Cell("▀", style: Style(fg: top)) }
        guard let bottom = color(lower, options: options) else {
            return Cell(SpecialGlyph.nonFinite(lower, ascii: options.ascii), style: special.bg(top))
        }
        return Cell("▄", style: Style(fg: bottom, bg: top))
    }

    /// The most decimals (at most 3) with which every finite value's label fits in `width` columns.
    private func labelDecimals(width: Int) -> Int? {
        let finite = values.prefix(rows * cols).filter(\.isFinite)
        for decimals in stride(from: 3, through: 0, by: -1) {
            if finite.allSatisfy({ NumberFormat.fixed(Double($0), decimals: decimals).count <= width }) { return decimals }
        }
        return nil
    }

    /// One value as `width` cells (more when a label overflows): writes the cells directly, without
    /// building a glyph array, unless the value carries a label (only small planes have them).
    private func drawGlyphCell(_ v: Float, _ mark: CellMark, into grid: inout CellGrid, x: Int, y: Int,
                               width: Int, decimals: Int?, options: RenderOptions) {
        // Every column shows `fill`, except the first, which shows `first` when given.
        var fill: String
        var first: String? = nil
        var style: Style
        if !v.isFinite {
            fill = " "
            first = SpecialGlyph.nonFinite(v, ascii: options.ascii)
            style = options.style(.special)
        } else if options.colorCarriesValues, let c = color(v, options: options) {
            fill = " "
            let dark = (c.luminance ?? 0) < 0.5
            style = Style(fg: dark ? .rgb(255, 255, 255) : .rgb(0, 0, 0), bg: c)
        } else {
            // The glyph carries the value; with a few colours, the map's colour is added to it.
            fill = options.ramp.glyph(scale.normalized(v) ?? 0)
            style = options.color ? (color(v, options: options).map { Style(fg: $0) } ?? options.style(.text))
                                  : options.style(.text)
        }
        var label: [String]? = nil
        if let decimals, v.isFinite {
            let text = TextWidth.pad(NumberFormat.fixed(Double(v), decimals: decimals), to: width - 2, alignRight: true)
            label = [" "] + text.map(String.init) + [" "]
            if !options.color { style = options.style(.text) }
        }
        let count = label?.count ?? width
        func glyph(_ i: Int) -> String { label?[i] ?? (i == 0 ? first ?? fill : fill) }
        switch mark {
        case .none:
            for i in 0..<count { grid[x + i, y] = Cell(glyph(i), style: style) }
        case .padding:
            let dot = options.ascii ? "." : "·"
            style = options.color ? style.fg(options.theme.style(.padding).fg) : options.style(.padding)
            if labels && width >= 5 {
                for i in 0..<width { grid[x + i, y] = Cell(i == width / 2 ? dot : " ", style: style) }
            } else {
                for i in 0..<count { grid[x + i, y] = Cell(dot, style: style) }
            }
        case .window, .highlight:
            let role: ThemeRole = mark == .window ? .window : .accent
            style = options.color ? style.fg(options.theme.style(role).fg).with(.bold) : options.style(role)
            if width == 1 {
                grid[x, y] = Cell(mark == .window ? "#" : "@", style: style)
            } else {
                let (open, close) = mark == .window ? ("[", "]") : ("<", ">")
                for i in 0..<count {
                    grid[x + i, y] = Cell(i == 0 ? open : (i == width - 1 ? close : glyph(i)), style: style)
                }
            }
        }
    }
}
