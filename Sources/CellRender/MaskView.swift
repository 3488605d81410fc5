// MaskView: which units Dropout kept and which it zeroed — a grid of kept/dropped elements (at the
// `MapScale` of the heatmaps beside it when given), a one-line count, and per-channel boxes for
// Dropout2d (one keep decision per channel). A dropped element has the glyph and style of a
// heatmap's `.dropped` cell, so the mask and the output show it the same way.

/// A kept/dropped mask drawn as a grid: `█` kept, `×` dropped (ASCII `#` and `x`).
public struct MaskView: Sendable, Hashable {
    /// One flag per element, row-major; true means kept.
    public var kept: [Bool]
    /// Rows of the grid.
    public var rows: Int
    /// Columns of the grid.
    public var cols: Int
    /// Columns each element takes (2 looks square in most fonts).
    public var cellWidth: Int

    /// A mask of `rows` × `cols` flags (missing flags are drawn as nothing, extra ones ignored).
    public init(kept: [Bool], rows: Int, cols: Int, cellWidth: Int = 2) {
        self.kept = kept
        self.rows = rows
        self.cols = cols
        self.cellWidth = cellWidth
    }

    /// The glyph that fills a kept or a dropped element.
    public static func glyph(kept: Bool, ascii: Bool) -> String {
        kept ? (ascii ? "#" : "█") : CellMark.dropped.glyphs(ascii: ascii).open
    }

    /// The text of one element, `width` columns wide.
    public static func element(kept: Bool, width: Int, ascii: Bool) -> String {
        String(repeating: glyph(kept: kept, ascii: ascii), count: Swift.max(1, width))
    }

    /// The style of a kept or dropped element (a dropped one looks like a heatmap's dropped cell).
    public static func style(kept: Bool, options: RenderOptions) -> Style {
        kept ? options.style(.ok) : CellMark.dropped.fillStyle(options: options)
    }

    /// Draws the elements that fit whole inside `area`, `cellWidth` columns by one row each, from
    /// its top-left corner.
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        draw(into: &grid, area: area, options: options, mapScale: MapScale(cellWidth: cellWidth))
    }

    /// Draws the mask at `mapScale` — the scale of the heatmaps beside it (half blocks become glyph
    /// cells of the same size) — from the scroll origin `origin`; returns what is shown and hidden.
    @discardableResult
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions, mapScale: MapScale,
                     origin: (row: Int, col: Int) = (0, 0)) -> MapLayout {
        let lay = MapLayout(rows: rows, cols: cols, mapScale: mapScale.asGlyphs, width: area.width, height: area.height,
                            firstRow: origin.row, firstCol: origin.col)
        let drawn = Rect(x: area.x, y: area.y, width: lay.width, height: lay.height).intersection(grid.bounds)
        guard !drawn.isEmpty else { return lay }
        let w = lay.cellWidth, h = lay.cellHeight
        for y in drawn.y..<drawn.maxY {
            let (index, overflow) = (lay.firstRow + (y - area.y) / h * lay.step).multipliedReportingOverflow(by: cols)
            guard !overflow else { continue }
            for x in drawn.x..<drawn.maxX {
                let c = lay.firstCol + (x - area.x) / w * lay.step
                guard index <= Int.max - c, index + c < kept.count else { continue }
                let k = kept[index + c]
                grid[x, y] = Cell(MaskView.glyph(kept: k, ascii: options.ascii), style: MaskView.style(kept: k, options: options))
            }
        }
        return lay
    }

    /// "kept 19/24 (79%)": how many flags are true. The percentage is rounded, but never shows
    /// 0% when some were kept nor 100% when some were dropped; "kept 0/0" for no flags.
    public static func summary(_ kept: [Bool]) -> String {
        let total = kept.count
        let n = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard total > 0 else { return "kept 0/0" }
        var percent = (n * 100 + total / 2) / total
        if n < total { percent = Swift.min(percent, 99) }
        if n > 0 { percent = Swift.max(percent, 1) }
        return "kept \(n)/\(total) (\(percent)%)"
    }

    /// Draws per-channel keep decisions (Dropout2d): one row per channel, `c0 ██ kept` /
    /// `c1 ·  dropped`, when they all fit in the height; otherwise compact `label box` entries
    /// flowing across rows, as many as fit. `labels` default to `c0`, `c1`, ….
    public static func drawChannels(_ kept: [Bool], labels: [String]? = nil, into grid: inout CellGrid,
                                    area: Rect, options: RenderOptions) {
        guard !area.isEmpty, !kept.isEmpty else { return }
        let names = kept.indices.map { i in labels.flatMap { i < $0.count ? $0[i] : nil } ?? "c\(i)" }
        let labelW = names.map { TextWidth.of($0) }.max() ?? 0
        let ascii = options.ascii
        if kept.count <= area.height {
            for (i, k) in kept.enumerated() {
                let y = area.y + i
                var x = grid.put(TextWidth.pad(names[i], to: labelW), x: area.x, y: y, style: options.style(.text), clip: area)
                x = grid.put(" ", x: x, y: y, clip: area)
                x = grid.put(element(kept: k, width: 2, ascii: ascii), x: x, y: y, style: style(kept: k, options: options), clip: area)
                grid.put(" " + options.say(k ? "kept" : "dropped"), x: x, y: y, style: options.style(k ? .text : .error), clip: area)
            }
            return
        }
        // Compact: "c0██ c1·  c2██", wrapping; an entry that does not fit whole starts a new row.
        var x = area.x, y = area.y
        for (i, k) in kept.enumerated() {
            let entryW = TextWidth.of(names[i]) + 2
            if x > area.x, x + entryW > area.maxX {
                x = area.x
                y += 1
            }
            guard y < area.maxY else { return }
            x = grid.put(names[i], x: x, y: y, style: options.style(.muted), clip: area)
            x = grid.put(element(kept: k, width: 2, ascii: ascii), x: x, y: y, style: style(kept: k, options: options), clip: area)
            x += 1
        }
    }
}
