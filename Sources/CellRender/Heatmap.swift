// Heatmap: a 2-D slice of numbers as coloured cells — half blocks (two values per text row, colour
// only), or ramp glyphs so that magnitude survives without colour — each value zoomed to a whole
// number of cells (`MapScale`). Cells can be marked so that scenes can show which inputs a kernel
// or a pooling window reads (`[]`, `<>`), and which cells are not values at all (padding, a
// ceil-mode overhang, dropped elements: their own glyphs, never a value's colour).

/// How a heatmap's cell looks apart from its value.
public enum CellMark: UInt8, Sendable, Hashable, CaseIterable {
    case none
    /// A padding cell (not part of the input): its own glyph, never a value's colour.
    case padding
    /// A cell a window reads (kernel tap, pooling window, adaptive bin): `[]` around the value.
    case window
    /// The cell under the cursor, or the position a result came from (argmax): `<>` around the
    /// value, reversed.
    case highlight
    /// The part of a ceil-mode window past the input (read by no one): its own glyph, no value.
    case overhang
    /// An element dropout zeroed: its own glyph, not the colour of a small value.
    case dropped
    /// A value not computed yet (an animation fills the output in): drawn blank.
    case pending

    /// Whether the cell shows its value (false for padding, overhang and dropped elements).
    public var showsValue: Bool {
        switch self {
        case .none, .window, .highlight: return true
        case .padding, .overhang, .dropped, .pending: return false
        }
    }

    /// The glyph that fills a cell that is not a value, or the opening and closing glyphs around a
    /// marked value (`[]`, `<>`); "" for `.none`.
    public func glyphs(ascii: Bool) -> (open: String, close: String) {
        switch self {
        case .none: return ("", "")
        case .padding: return ascii ? (",", ",") : ("·", "·")
        case .overhang: return ascii ? ("o", "o") : ("∘", "∘")
        case .dropped: return ascii ? ("x", "x") : ("×", "×")
        case .pending: return (" ", " ")
        case .window: return ("[", "]")
        case .highlight: return ("<", ">")
        }
    }

    /// The word a legend uses for the mark.
    public var name: String {
        switch self {
        case .none: return "value"
        case .padding: return "padding"
        case .overhang: return "overhang"
        case .dropped: return "dropped"
        case .pending: return "not yet computed"
        case .window: return "window"
        case .highlight: return "selected"
        }
    }

    /// The style of a cell that is not a value: its theme role's, never a value's colour.
    public func fillStyle(options: RenderOptions) -> Style {
        switch self {
        case .padding: return options.style(.padding)
        case .overhang: return options.style(.muted)
        case .dropped: return options.style(.warning)
        case .pending: return options.style(.muted)
        case .none, .window, .highlight: return options.style(.text)
        }
    }

    /// The style of the `[]`/`<>` glyphs around a marked value whose cell has background
    /// `valueColor` (nil: the value has no colour behind it).
    ///
    /// Marks must stay visible on any value colour and theme: the glyphs are bold, and a highlight
    /// is also reversed. Over a value's colour the glyph is black or white, whichever reads on it;
    /// otherwise it takes the theme's window or accent colour.
    public func markStyle(valueColor: Color?, options: RenderOptions) -> Style {
        let attributes: CellAttributes = self == .highlight ? [.bold, .reverse] : .bold
        if options.color, let bg = valueColor {
            let dark = (bg.luminance ?? 0) < 0.5
            return Style(fg: dark ? .rgb(255, 255, 255) : .rgb(0, 0, 0), bg: bg, attributes: attributes)
        }
        if options.color {
            return Style(fg: options.theme.style(self == .window ? .window : .accent).fg, attributes: attributes)
        }
        return Style(attributes: attributes)
    }
}

/// A heatmap of `rows` × `cols` values.
public struct Heatmap: Sendable {
    /// How values become cells.
    public enum Mode: Sendable, Hashable {
        /// Glyph cells, or half blocks when colour is available, the data has no marks nor labels
        /// and half blocks give larger cells.
        case auto
        /// `▄` with the upper value as background and the lower one as foreground (needs colour).
        case halfBlock
        /// One ramp glyph (or coloured cell) per value, repeated over the value's cell.
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
    /// Print each value inside its cell when cells are wide enough (at least 6 columns).
    public var labels: Bool

    /// The width of a cell chosen to hold a number (`-1.25` and a space on each side).
    public static let labelCellWidth = 7
    /// The narrowest cell that shows a number.
    public static let minimumLabelledWidth = 6

    /// A map of `rows` × `cols` values; without `scale`, the values shown (not those of padding,
    /// overhang or dropped cells) are fitted with `ValueScale.fit(mode: .auto)`.
    public init(rows: Int, cols: Int, values: [Float], scale: ValueScale? = nil, mode: Mode = .auto,
                marks: [CellMark] = [], labels: Bool = false) {
        self.rows = Swift.max(0, rows)
        self.cols = Swift.max(0, cols)
        self.values = values
        self.scale = ValueScale(lower: 0, upper: 1)
        self.mode = mode
        self.marks = marks
        self.labels = labels
        // The values of padding, overhang and dropped cells are not shown, so they do not stretch the scale.
        self.scale = scale ?? ValueScale.fit(shownValues, mode: .auto)
    }

    /// The geometry chosen for an area (a `MapLayout`).
    public typealias Layout = MapLayout

    /// The number of values (saturating).
    private var count: Int { MapMath.product(rows, cols) }

    /// Whether half blocks can show this map: colour carries values, Unicode is allowed, and no
    /// cell is marked or labelled (half blocks have no room for either).
    public func canUseHalfBlocks(options: RenderOptions) -> Bool {
        options.colorCarriesValues && !options.ascii && !labels && marks.allSatisfy { $0 == .none }
    }

    /// The cells this map may use under `options` (glyphs when half blocks cannot show it).
    private func effectiveMode(_ options: RenderOptions) -> Mode {
        canUseHalfBlocks(options: options) ? mode : .glyphs
    }

    /// The largest whole zoom that fits `width` × `height` cells under `options`: glyph cells
    /// 2k columns × k rows (at least 7 columns for labels when that fits), half blocks k × k half
    /// rows; every step-th value only when one value per cell does not fit.
    public func layout(width: Int, height: Int, options: RenderOptions) -> Layout {
        let chosen = MapScale.largest(fitting: [(rows, cols, width, height)], mode: effectiveMode(options),
                                      labelWidth: labels ? Heatmap.labelCellWidth : 0)
        return layout(mapScale: chosen, width: width, height: height, options: options)
    }

    /// The layout at a given scale (shared with other maps), from the scroll origin `origin`; what
    /// does not fit is reported as hidden. Half blocks become glyph cells of the same size when
    /// this map cannot use them.
    public func layout(mapScale: MapScale, width: Int, height: Int, options: RenderOptions,
                       origin: (row: Int, col: Int) = (0, 0)) -> Layout {
        let used = mapScale.halfBlock && !canUseHalfBlocks(options: options) ? mapScale.asGlyphs : mapScale
        let labelled = labels && !used.halfBlock && used.cellWidth >= Heatmap.minimumLabelledWidth
            && labelDecimals(width: used.cellWidth - 2) != nil
        return MapLayout(rows: rows, cols: cols, mapScale: used, width: width, height: height,
                         firstRow: origin.row, firstCol: origin.col, labelled: labelled)
    }

    /// The largest scale at which every map fits its area (see `MapScale.largest`): half blocks
    /// only when every map can use them, cells wide enough for numbers when a map has labels.
    public static func commonScale(_ maps: [(map: Heatmap, area: Rect)], options: RenderOptions) -> MapScale {
        let modes = maps.map { $0.map.effectiveMode(options) }
        let mode: Mode = modes.contains(.glyphs) ? .glyphs : (modes.allSatisfy { $0 == .halfBlock } ? .halfBlock : .auto)
        let labelled = maps.contains { $0.map.labels }
        return MapScale.largest(fitting: maps.map { ($0.map.rows, $0.map.cols, $0.area.width, $0.area.height) },
                                mode: mode, labelWidth: labelled ? labelCellWidth : 0)
    }

    /// The value at (`row`, `col`) (NaN when missing).
    public func value(_ row: Int, _ col: Int) -> Float {
        guard row >= 0, col >= 0 else { return .nan }
        let (i, overflow) = row.multipliedReportingOverflow(by: cols)
        guard !overflow, i <= Int.max - col, i + col < values.count else { return .nan }
        return values[i + col]
    }

    /// The mark at (`row`, `col`).
    public func mark(_ row: Int, _ col: Int) -> CellMark {
        guard row >= 0, col >= 0 else { return .none }
        let (i, overflow) = row.multipliedReportingOverflow(by: cols)
        guard !overflow, i <= Int.max - col, i + col < marks.count else { return .none }
        return marks[i + col]
    }

    /// The marks that occur, in the order a legend lists them (padding, overhang, dropped, window,
    /// selected).
    public var presentMarks: [CellMark] {
        let present = Set(marks.prefix(count))
        return [CellMark.padding, .overhang, .dropped, .window, .highlight].filter { present.contains($0) }
    }

    /// The values of the cells that show one (not padding, overhang or dropped).
    public var shownValues: [Float] {
        let n = Swift.min(count, values.count)
        guard marks.contains(where: { !$0.showsValue }) else { return Array(values.prefix(n)) }
        return (0..<n).compactMap { i in i < marks.count && !marks[i].showsValue ? nil : values[i] }
    }

    /// The colour of a value (NaN/±Inf: nil).
    public func color(_ value: Float, options: RenderOptions) -> Color? {
        guard let t = scale.normalized(value) else { return nil }
        return (scale.isSymmetric ? options.theme.diverging : options.theme.sequential).color(at: t)
    }

    /// Draws the heatmap at the top-left of `area`, at the largest zoom that fits, and returns the
    /// layout used.
    @discardableResult
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) -> Layout {
        let lay = layout(width: area.width, height: area.height, options: options)
        render(lay, into: &grid, area: area, options: options)
        return lay
    }

    /// Draws the heatmap at `mapScale` from the scroll origin `origin` (what does not fit is left
    /// out, and reported in the layout returned).
    @discardableResult
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions, mapScale: MapScale,
                     origin: (row: Int, col: Int) = (0, 0)) -> Layout {
        let lay = layout(mapScale: mapScale, width: area.width, height: area.height, options: options, origin: origin)
        render(lay, into: &grid, area: area, options: options)
        return lay
    }

    /// Draws `lay`'s cells, visiting only those inside both the area and the grid (a huge zoom or
    /// area costs nothing beyond the cells drawn).
    private func render(_ lay: Layout, into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        let drawn = Rect(x: area.x, y: area.y, width: lay.width, height: lay.height).intersection(grid.bounds)
        guard !drawn.isEmpty else { return }
        let step = lay.step, w = lay.cellWidth, h = lay.cellHeight
        // The shown values whose cells meet `drawn` (indices into the shown grid).
        let firstX = (drawn.x - area.x) / w, lastX = (drawn.maxX - 1 - area.x) / w
        func dataCol(_ i: Int) -> Int { lay.firstCol + i * step }
        func dataRow(_ i: Int) -> Int { lay.firstRow + i * step }
        if lay.halfBlock {
            for ty in drawn.y..<drawn.maxY {
                let upperHalf = 2 * (ty - area.y)
                let upperIndex = upperHalf / h, lowerIndex = (upperHalf + 1) / h
                for tx in drawn.x..<drawn.maxX {
                    let c = dataCol((tx - area.x) / w)
                    let upper = value(dataRow(upperIndex), c)
                    let lower: Float? = lowerIndex < lay.shownRows ? value(dataRow(lowerIndex), c) : nil
                    grid[tx, ty] = halfCell(upper, lower, options)
                }
            }
            return
        }
        let decimals = lay.labelled ? labelDecimals(width: w - 2) : nil
        let firstY = (drawn.y - area.y) / h, lastY = (drawn.maxY - 1 - area.y) / h
        for i in firstY...lastY {
            for j in firstX...lastX {
                let r = dataRow(i), c = dataCol(j)
                let cell = Rect(x: area.x + j * w, y: area.y + i * h, width: w, height: h)
                drawGlyphCell(value(r, c), mark(r, c), into: &grid, cell: cell, clip: drawn, decimals: decimals, options: options)
            }
        }
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

    /// Whether every finite value a cell shows is a whole number below 1e7 in magnitude (and there
    /// is one): such data is printed without decimals.
    public var isIntegral: Bool { Heatmap.isIntegral(shownValues) }

    private static func isIntegral(_ values: [Float]) -> Bool {
        var any = false
        for v in values where v.isFinite {
            guard v == v.rounded(), Swift.abs(v) < 1e7 else { return false }
            any = true
        }
        return any
    }

    /// The decimals for labels `width` columns wide: none for integral data, else the most (at most 3)
    /// with which every finite value shown fits; nil when even none fit.
    private func labelDecimals(width: Int) -> Int? {
        let shown = shownValues
        let finite = shown.filter(\.isFinite)
        let candidates = Heatmap.isIntegral(shown) ? [0] : [3, 2, 1, 0]
        for decimals in candidates {
            if finite.allSatisfy({ NumberFormat.fixed(Double($0), decimals: decimals).count <= width }) { return decimals }
        }
        return nil
    }

    /// One value's cell, `cell` wide and tall, drawn where it meets `clip`. The value shows as the
    /// map's colour (or a ramp glyph repeated over the cell), with its number on the middle row when
    /// `decimals` is given; a window or highlight puts bold `[ ]`/`< >` on the cell's edge columns;
    /// padding, overhang and dropped cells show their own glyph instead of the value.
    private func drawGlyphCell(_ v: Float, _ mark: CellMark, into grid: inout CellGrid, cell: Rect, clip: Rect, decimals: Int?,
                               options: RenderOptions) {
        let part = cell.intersection(clip)
        guard !part.isEmpty else { return }
        if !mark.showsValue {
            let style = mark.fillStyle(options: options)
            let glyph = mark.glyphs(ascii: options.ascii).open
            for y in part.y..<part.maxY {
                for x in part.x..<part.maxX { grid[x, y] = Cell(glyph, style: style) }
            }
            return
        }
        let w = cell.width, middle = cell.y + cell.height / 2
        // The value's look: a fill glyph (a non-finite value shows its glyph in the middle instead).
        var fill = " "
        var special: String? = nil
        var style: Style
        var valueColor: Color? = nil
        if !v.isFinite {
            special = SpecialGlyph.nonFinite(v, ascii: options.ascii)
            style = options.style(.special)
        } else if options.colorCarriesValues, let c = color(v, options: options) {
            let dark = (c.luminance ?? 0) < 0.5
            style = Style(fg: dark ? .rgb(255, 255, 255) : .rgb(0, 0, 0), bg: c)
            valueColor = c
        } else {
            // The glyph carries the value; with a few colours, the map's colour is added to it.
            fill = options.ramp.glyph(scale.normalized(v) ?? 0)
            style = options.color ? (color(v, options: options).map { Style(fg: $0) } ?? options.style(.text))
                                  : options.style(.text)
        }
        // The number, right-aligned between a space on each side, on the middle row.
        var label: [String] = []
        var labelStyle = style
        if let decimals, v.isFinite {
            let text = TextWidth.pad(NumberFormat.fixed(Double(v), decimals: decimals), to: w - 2, alignRight: true)
            label = [" "] + text.map(String.init) + [" "]
            if !options.color { labelStyle = options.style(.text) }
        }
        let edges = mark == .none ? nil : mark.glyphs(ascii: options.ascii)
        let edgeStyle = mark.markStyle(valueColor: valueColor, options: options)
        for y in part.y..<part.maxY {
            for x in part.x..<part.maxX {
                let dx = x - cell.x
                if let edges, dx == 0 || dx == w - 1 {
                    grid[x, y] = Cell(dx == 0 ? edges.open : edges.close, style: edgeStyle)
                } else if y == middle, !label.isEmpty {
                    grid[x, y] = Cell(dx < label.count ? label[dx] : " ", style: labelStyle)
                } else if let special, y == middle, dx == (w - 1) / 2 {
                    grid[x, y] = Cell(special, style: style)
                } else {
                    grid[x, y] = Cell(fill, style: style)
                }
            }
        }
    }
}
